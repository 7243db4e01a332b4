import type { FakeResponse } from '../../testing/fake-server.js';

/**
 * LinkedIn's error answers as the fake sends them: `{message, serviceErrorCode, status}` (plus
 * `code` on versioned APIs, and `errorDetails.inputErrors` naming the field on validation errors).
 */
export function liError(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FakeResponse {
  return { status, headers, body: { message, status, ...extra } };
}

/** 401 for a missing, unknown, expired or revoked token. */
export function unauthorized(reason: 'missing' | 'unknown' | 'expired' | 'revoked'): FakeResponse {
  if (reason === 'expired')
    return liError(401, 'The token used in the request has expired', {
      serviceErrorCode: 65601,
      code: 'EXPIRED_ACCESS_TOKEN',
    });
  if (reason === 'revoked')
    return liError(401, 'The token used in the request has been revoked by the user', {
      serviceErrorCode: 65602,
      code: 'REVOKED_ACCESS_TOKEN',
    });
  return liError(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
}

/** 403 when the token lacks a scope or the member a role. */
export const accessDenied = (resource: string) =>
  liError(403, `Not enough permissions to access: ${resource}`, {
    serviceErrorCode: 100,
    code: 'ACCESS_DENIED',
  });

export const notFound = (what: string) =>
  liError(404, `Not Found: ${what}`, { serviceErrorCode: 0, code: 'NOT_FOUND' });

/** 400 for a request LinkedIn cannot read at all. */
export const badRequest = (message: string) =>
  liError(400, message, { serviceErrorCode: 100, code: 'BAD_REQUEST' });

/** 422 naming the field (`/commentary`, `/content/multiImage/images`...). */
export function invalidField(
  fieldPath: string,
  description: string,
  code = 'INVALID_VALUE_FOR_FIELD',
): FakeResponse {
  return liError(422, `ERROR :: ${fieldPath} :: ${description}`, {
    serviceErrorCode: 100,
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    errorDetails: { inputErrors: [{ description, input: { inputPath: { fieldPath } }, code }] },
  });
}

/** 429 when a daily limit is used up: LinkedIn sends no Retry-After. */
export function throttled(
  scope: 'MEMBER' | 'APPLICATION',
  headers: Record<string, string> = {},
): FakeResponse {
  return liError(
    429,
    `Resource level throttle ${scope} DAY limit for calls to this resource is reached.`,
    {},
    headers,
  );
}

/**
 * ⚠ 429 for short-lived throttling (LinkedIn's infrastructure protection, "Too many requests"):
 * no Retry-After, and no daily limit named. The body's code is the fake's guess.
 */
export const tooManyRequests = () =>
  liError(429, 'Too many requests', { serviceErrorCode: 101, code: 'TOO_MANY_REQUESTS' });

/** OAuth token-endpoint error (RFC 6749 §5.2). */
export function oauthError(error: string, description: string, status = 400): FakeResponse {
  return { status, body: { error, error_description: description } };
}
