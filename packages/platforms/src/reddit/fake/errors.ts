import type { FakeResponse } from '../../testing/fake-server.js';

/** An HTTP-level refusal in Reddit's shape: `{message, error:<status>}`. */
export function httpError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): FakeResponse {
  return { status, headers, body: { message, error: status, ...extra } };
}

/** 401 for a missing, unknown, expired or revoked token. */
export const unauthorized = () =>
  httpError(401, 'Unauthorized', { 'www-authenticate': 'Bearer realm="reddit", error="invalid_token"' });

/** 403 when the grant lacks a scope the endpoint needs. */
export const insufficientScope = () =>
  httpError(403, 'Forbidden', { 'www-authenticate': 'Bearer realm="reddit", error="insufficient_scope"' });

/** A refusal inside a 200, as `api_type=json` endpoints send it: `json.errors: [[CODE, message, field]]`. */
export function apiErrors(errors: Array<[string, string, string | null]>): FakeResponse {
  return { status: 200, body: { json: { errors } } };
}

/** An error from the token endpoint: ⚠ Reddit answers refused grants with HTTP 200 and `{error}`. */
export const oauthError = (error: string, status = 200): FakeResponse => ({ status, body: { error } });

/** A storage-side (S3-style POST form) refusal, in its XML form. */
export function storageError(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
