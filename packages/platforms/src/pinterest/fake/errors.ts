import type { FakeResponse } from '../../testing/fake-server.js';

/**
 * Pinterest's error envelope `{code:int, message}` (`Error` / `Pinterest.Lib.Error` in the
 * OpenAPI document).
 *
 * ⚠ The integer codes below are the fake's own choice: Pinterest does not publish a code table,
 * and the adapter branches on the HTTP status, reading `code` and `message` only for the error's
 * details and the field it names.
 */
export function pinterestError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: { code, message } };
}

export const invalidParameters = (message: string) =>
  pinterestError(400, 1, `Invalid parameters: ${message}`);

export const unauthenticated = () => pinterestError(401, 2, 'Authentication failed.');

export const notPermitted = (message = 'You are not permitted to access that resource.') =>
  pinterestError(403, 29, message);

export const notFound = (what: string) => pinterestError(404, 3, `${what} not found.`);

/**
 * 429 with ⚠ `x-ratelimit-*` headers (`reset` in seconds from now). Pinterest documents its limits
 * per category but not the headers it sends; the adapter reads `Retry-After` and
 * `x-ratelimit-reset` when present.
 */
export function rateLimited(resetSeconds: number, limit = 100): FakeResponse {
  return pinterestError(429, 8, 'You have exceeded your rate limit. Try again later.', {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(resetSeconds),
  });
}

/** A storage-side (S3-style POST form) refusal, in its XML form. */
export function storageError(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
