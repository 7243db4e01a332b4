import type { FakeResponse } from '../../testing/fake-server.js';

const PROBLEMS = 'https://api.twitter.com/2/problems/';

/**
 * An RFC 7807 problem as X sends it (`application/problem+json`). `type` is `about:blank` for
 * plain HTTP failures, or one of X's problem URIs (`invalid-request`, `usage-capped`...).
 */
export function problem(
  status: number,
  title: string,
  detail: string,
  type = 'about:blank',
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: { title, detail, type: type === 'about:blank' ? type : `${PROBLEMS}${type}`, status, ...extra },
  };
}

export const unauthorized = () => problem(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (detail: string) => problem(403, 'Forbidden', detail);

/** 400 `invalid-request`, naming the offending parameter. */
export function invalidRequest(parameter: string, message: string): FakeResponse {
  return problem(
    400,
    'Invalid Request',
    'One or more parameters to your request was invalid.',
    'invalid-request',
    {
      errors: [{ parameters: { [parameter]: [] }, message }],
    },
  );
}

export function notFound(
  parameter: string,
  value: string,
  resourceType: 'tweet' | 'media' | 'user',
): FakeResponse {
  return problem(
    404,
    'Not Found Error',
    `Could not find ${resourceType} with ${parameter}: [${value}].`,
    'resource-not-found',
    { parameter, value, resource_id: value, resource_type: resourceType },
  );
}

/** OAuth token-endpoint error (RFC 6749 §5.2). */
export function oauthError(error: string, description: string, status = 400): FakeResponse {
  return { status, body: { error, error_description: description } };
}
