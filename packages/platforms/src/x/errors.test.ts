import {
  ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { mapXError, mapXOAuthError, xErrorInfo } from './errors.js';

const NOW = 1_750_000_000_000;
const failure = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  headers: new Headers(headers),
});
const blank = (status: number, title: string, detail = title) => ({
  type: 'about:blank',
  title,
  detail,
  status,
});

describe('mapXError', () => {
  it('401 → NeedsReconnectError', () => {
    expect(NeedsReconnectError.isInstance(mapXError(failure(401, blank(401, 'Unauthorized'))))).toBe(true);
  });

  it('429 → account-scoped RateLimitedError waiting until x-rate-limit-reset', () => {
    const error = mapXError(
      failure(429, blank(429, 'Too Many Requests'), { 'x-rate-limit-reset': String(NOW / 1000 + 300) }),
      {},
      NOW,
    );
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).scope).toBe('account');
    expect((error as RateLimitedError).retryAfterMs).toBe(300_000);
  });

  it('429 with the app daily cap used up → app scope, waiting for the app reset', () => {
    const error = mapXError(
      failure(429, blank(429, 'Too Many Requests'), {
        'x-rate-limit-reset': String(NOW / 1000 + 60),
        'x-app-limit-24hour-remaining': '0',
        'x-app-limit-24hour-reset': String(NOW / 1000 + 3600),
      }),
      {},
      NOW,
    ) as RateLimitedError;
    expect(error.scope).toBe('app');
    expect(error.retryAfterMs).toBe(3_600_000);
  });

  it('429 with the user daily cap used up → account scope, waiting for the user reset, not the window', () => {
    const error = mapXError(
      failure(429, blank(429, 'Too Many Requests'), {
        'x-rate-limit-remaining': '97',
        'x-rate-limit-reset': String(NOW / 1000 + 600),
        'x-user-limit-24hour-limit': '17',
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': String(NOW / 1000 + 20 * 3600),
      }),
      {},
      NOW,
    ) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.scope).toBe('account');
    expect(error.retryAfterMs).toBe(20 * 3_600_000);
    expect(error.message).toContain('daily cap');
  });

  it('402 credits depleted → a ConfigurationError with a billing message: not rejected content, not a wait', () => {
    const error = mapXError(
      failure(
        402,
        {
          type: 'https://api.twitter.com/2/problems/credits',
          title: 'CreditsDepleted',
          detail: 'Your enrolled account does not have any credits to fulfill this request.',
          status: 402,
        },
        { 'x-rate-limit-reset': String(NOW / 1000 + 60) },
      ),
      {},
      NOW,
    );
    expect(ContentRejectedError.isInstance(error)).toBe(false);
    expect(NeedsReconnectError.isInstance(error)).toBe(false);
    expect(RateLimitedError.isInstance(error)).toBe(false);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/402 CreditsDepleted.*credits are used up.*Developer Console/);
    expect((error as ConfigurationError).setting).toMatch(/pay-per-use credits/);
  });

  it('429 usage-capped problem → app scope', () => {
    const error = mapXError(
      failure(429, {
        type: 'https://api.twitter.com/2/problems/usage-capped',
        title: 'Usage cap exceeded: Monthly product cap',
        detail: 'Usage cap exceeded: Monthly product cap',
        period: 'Monthly',
        scope: 'Product',
      }),
      { defaultRateLimitWaitMs: 1234 },
      NOW,
    ) as RateLimitedError;
    expect(error.scope).toBe('app');
    expect(error.platformCode).toBe('usage-capped');
    expect(error.retryAfterMs).toBe(1234);
  });

  it('429 without any reset header waits the configured default', () => {
    const error = mapXError(failure(429, blank(429, 'Too Many Requests')), { defaultRateLimitWaitMs: 5000 });
    expect((error as RateLimitedError).retryAfterMs).toBe(5000);
  });

  it.each([500, 502, 503, 504])('%i → TransientError', (status) => {
    expect(TransientError.isInstance(mapXError(failure(status, blank(status, 'Server Error'))))).toBe(true);
  });

  it('403 duplicate content → ContentRejectedError on text with X’s words', () => {
    const error = mapXError(
      failure(403, blank(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.')),
    ) as ContentRejectedError;
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect(error.field).toBe('text');
    expect(error.platformMessage).toContain('duplicate content');
  });

  it('400 invalid-request names the parameter', () => {
    const error = mapXError(
      failure(400, {
        type: 'https://api.twitter.com/2/problems/invalid-request',
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        errors: [{ parameters: { 'media.media_ids': ['1'] }, message: 'Your media IDs are invalid.' }],
      }),
    ) as ContentRejectedError;
    expect(error.field).toBe('media');
    expect(error.platformCode).toBe('invalid-request');
    expect(error.platformMessage).toContain('Your media IDs are invalid.');
  });

  it('reads the older {errors:[{code,message}]} and {code,message} shapes', () => {
    expect(xErrorInfo({ errors: [{ code: 187, message: 'Status is a duplicate.' }] })).toMatchObject({
      code: '187',
      message: 'Status is a duplicate.',
    });
    expect(xErrorInfo({ code: 324, message: 'Bad media' })).toMatchObject({
      code: '324',
      message: 'Bad media',
    });
    const error = mapXError(failure(403, { errors: [{ code: 187, message: 'Status is a duplicate.' }] }));
    expect((error as ContentRejectedError).platformMessage).toBe('Status is a duplicate.');
  });

  it('403 unsupported-authentication → NeedsReconnectError', () => {
    const error = mapXError(
      failure(403, {
        type: 'https://api.twitter.com/2/problems/unsupported-authentication',
        title: 'Unsupported Authentication',
        detail: 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.',
        status: 403,
      }),
    );
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });

  it('bare 403 Forbidden (a token without the endpoint’s scope) → NeedsReconnectError naming the scopes', () => {
    const error = mapXError(failure(403, blank(403, 'Forbidden')));
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(error.message).toContain('media.write');
    // A 403 with X's own words stays a rejection of the content.
    const duplicate = mapXError(
      failure(403, blank(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.')),
    );
    expect(ContentRejectedError.isInstance(duplicate)).toBe(true);
  });

  it('keeps platform, status and the response body', () => {
    const error = mapXError(failure(400, blank(400, 'Bad Request', 'nope'))) as ContentRejectedError;
    expect(error.platform).toBe('x');
    expect(error.status).toBe(400);
    expect(error.responseBody).toContain('nope');
  });
});

describe('mapXOAuthError', () => {
  it('a refused grant → NeedsReconnectError; 5xx stays transient', () => {
    const refused = mapXOAuthError(
      failure(400, {
        error: 'invalid_request',
        error_description: 'Value passed for the token was invalid.',
      }),
    );
    expect(NeedsReconnectError.isInstance(refused)).toBe(true);
    expect((refused as NeedsReconnectError).platformCode).toBe('invalid_request');
    expect(TransientError.isInstance(mapXOAuthError(failure(503, 'down')))).toBe(true);
  });
});
