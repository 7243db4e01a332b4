import type { FakeResponse } from '../../testing/fake-server.js';

/** A Data API error answer in Google's envelope. */
export function googleError(
  status: number,
  reason: string,
  message: string,
  domain = 'youtube.api',
): FakeResponse {
  return {
    status,
    body: { error: { code: status, message, errors: [{ message, domain, reason }] } },
  };
}

/** The 401 Google sends for a missing, expired or revoked access token. */
export function authError(): FakeResponse {
  return {
    status: 401,
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    body: {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
        errors: [
          {
            message: 'Invalid Credentials',
            domain: 'global',
            reason: 'authError',
            location: 'Authorization',
            locationType: 'header',
          },
        ],
        status: 'UNAUTHENTICATED',
      },
    },
  };
}
