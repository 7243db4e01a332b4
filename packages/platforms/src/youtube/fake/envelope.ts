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

/**
 * The 403 Google sends for a valid token that lacks every scope the method accepts, naming the
 * scopes in `WWW-Authenticate` as Google does.
 */
export function insufficientScopes(method: string, acceptable: readonly string[]): FakeResponse {
  return {
    status: 403,
    headers: {
      'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${acceptable.join(' ')}"`,
    },
    body: {
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            domain: 'googleapis.com',
            metadata: { service: 'youtube.googleapis.com', method },
          },
        ],
      },
    },
  };
}

/** The 403 of a used-up daily quota (the project's, reset at midnight Pacific time). */
export function quotaExceeded(): FakeResponse {
  return googleError(
    403,
    'quotaExceeded',
    'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
    'youtube.quota',
  );
}
