import { ContentRejectedError, NeedsReconnectError, RateLimitedError, TransientError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import {
  mapRedditApiErrors,
  mapRedditError,
  mapRedditOAuthError,
  ratelimitWaitFromMessage,
  redditBudget,
  redditErrorsOf,
  redditFieldOf,
} from './errors.js';

const failure = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  headers: new Headers(headers),
});

describe('ratelimitWaitFromMessage', () => {
  it('reads the waits Reddit writes in RATELIMIT messages', () => {
    expect(ratelimitWaitFromMessage('you are doing that too much. try again in 9 minutes.')).toBe(540_000);
    expect(
      ratelimitWaitFromMessage(
        "Looks like you've been doing that a lot. Take a break for 5 minutes before trying again.",
      ),
    ).toBe(300_000);
    expect(ratelimitWaitFromMessage('try again in 1 minute and 30 seconds')).toBe(90_000);
    expect(ratelimitWaitFromMessage('try again in 45 seconds.')).toBe(45_000);
    expect(ratelimitWaitFromMessage('take a break for 1 hour')).toBe(3_600_000);
    expect(ratelimitWaitFromMessage('slow down')).toBeUndefined();
    expect(ratelimitWaitFromMessage(null)).toBeUndefined();
  });
});

describe('redditBudget', () => {
  it('reads X-Ratelimit-Used/Remaining/Reset', () => {
    expect(
      redditBudget(
        new Headers({
          'x-ratelimit-used': '3',
          'x-ratelimit-remaining': '597.0',
          'x-ratelimit-reset': '412',
        }),
      ),
    ).toEqual({ used: 3, remaining: 597, resetMs: 412_000 });
    expect(redditBudget(new Headers({ 'x-ratelimit-remaining': '1.0' }))).toBeUndefined();
  });
});

describe('mapRedditApiErrors (errors inside a 200)', () => {
  it('RATELIMIT → account-scoped RateLimitedError for the wait the message names', () => {
    const error = mapRedditApiErrors(
      [
        [
          'RATELIMIT',
          "Looks like you've been doing that a lot. Take a break for 7 minutes before trying again.",
          'ratelimit',
        ],
      ],
      'self',
    ) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(420_000);
    expect(error.scope).toBe('account');
    expect(error.platformCode).toBe('RATELIMIT');
  });

  it('RATELIMIT without a time waits the default', () => {
    const error = mapRedditApiErrors([['RATELIMIT', 'slow down', null]], 'self', {
      defaultRateLimitWaitMs: 1234,
    });
    expect((error as RateLimitedError).retryAfterMs).toBe(1234);
  });

  it('USER_REQUIRED → NeedsReconnectError', () => {
    expect(
      NeedsReconnectError.isInstance(
        mapRedditApiErrors([['USER_REQUIRED', 'Please log in to do that.', null]], 'self'),
      ),
    ).toBe(true);
  });

  it('refusals name the field', () => {
    const cases: Array<
      [[string, string, string | null], 'self' | 'link' | 'image', string | undefined, number | undefined]
    > = [
      [['SUBREDDIT_NOEXIST', "that subreddit doesn't exist", 'sr'], 'self', 'options.subreddit', undefined],
      [['NO_SELFS', "This community doesn't allow text posts.", 'sr'], 'self', 'options.kind', undefined],
      [['NO_LINKS', 'This community only allows text posts.', 'sr'], 'link', 'options.kind', undefined],
      [['TOO_LONG', 'this is too long (max: 300)', 'title'], 'self', 'options.title', 300],
      [['TOO_LONG', 'this is too long', 'text'], 'self', 'text', 40_000],
      [['BAD_URL', 'you should check that url', 'url'], 'link', 'options.url', undefined],
      [['BAD_URL', 'you should check that url', 'url'], 'image', 'media', undefined],
      [['ALREADY_SUB', 'that link has already been submitted', 'url'], 'link', 'options.url', undefined],
      [
        ['SUBMIT_VALIDATION_FLAIR_REQUIRED', 'Your post must contain post flair.', 'flair'],
        'self',
        'options.flairId',
        undefined,
      ],
      [['NO_TEXT', 'we need something here', 'title'], 'self', 'options.title', undefined],
      [['SOMETHING_NEW', 'a new rule', null], 'self', undefined, undefined],
    ];
    for (const [triple, kind, field, limit] of cases) {
      const error = mapRedditApiErrors([triple], kind) as ContentRejectedError;
      expect(ContentRejectedError.isInstance(error), triple[0]).toBe(true);
      expect(error.field, triple[0]).toBe(field);
      expect(error.limit, triple[0]).toBe(limit);
      expect(error.platformCode).toBe(triple[0]);
      expect(error.platformMessage).toBe(triple[1]);
      expect(redditFieldOf(triple, kind).field).toBe(field);
    }
  });

  it('keeps every error in the message', () => {
    const error = mapRedditApiErrors(
      [
        ['NO_TEXT', 'we need something here', 'title'],
        ['BAD_URL', 'you should check that url', 'url'],
      ],
      'link',
    );
    expect(error.message).toContain('NO_TEXT');
    expect(error.message).toContain('BAD_URL');
  });
});

describe('mapRedditError (HTTP errors)', () => {
  it('401 → NeedsReconnectError', () => {
    expect(
      NeedsReconnectError.isInstance(mapRedditError(failure(401, { message: 'Unauthorized', error: 401 }))),
    ).toBe(true);
  });

  it('403 insufficient_scope → NeedsReconnectError; other 403 → ContentRejectedError', () => {
    const scope = mapRedditError(
      failure(
        403,
        { message: 'Forbidden', error: 403 },
        { 'www-authenticate': 'Bearer realm="reddit", error="insufficient_scope"' },
      ),
    );
    expect(NeedsReconnectError.isInstance(scope)).toBe(true);
    const banned = mapRedditError(failure(403, { message: 'Forbidden', error: 403, reason: 'banned' }));
    expect(ContentRejectedError.isInstance(banned)).toBe(true);
    expect(banned.platformCode).toBe('banned');
  });

  it('429 → RateLimitedError until X-Ratelimit-Reset, app-scoped by default', () => {
    const error = mapRedditError(
      failure(
        429,
        { message: 'Too Many Requests', error: 429 },
        { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '42', 'x-ratelimit-used': '600' },
      ),
    ) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(42_000);
    expect(error.scope).toBe('app');
    const account = mapRedditError(failure(429, {}, { 'retry-after': '7' }), {
      rateLimitScope: 'account',
    }) as RateLimitedError;
    expect(account.retryAfterMs).toBe(7000);
    expect(account.scope).toBe('account');
    expect(
      (mapRedditError(failure(429, {}), { defaultRateLimitWaitMs: 99 }) as RateLimitedError).retryAfterMs,
    ).toBe(99);
  });

  it('a refusal with no budget left → RateLimitedError', () => {
    const error = mapRedditError(
      failure(400, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '10' }),
    );
    expect(RateLimitedError.isInstance(error)).toBe(true);
  });

  it('5xx (even HTML) → TransientError', () => {
    for (const status of [500, 502, 503, 504])
      expect(TransientError.isInstance(mapRedditError(failure(status, '<html>busy</html>')))).toBe(true);
  });

  it('a json.errors body on a 4xx maps like the in-200 errors', () => {
    const error = mapRedditError(
      failure(400, { json: { errors: [['BAD_SR_NAME', 'bad name', 'sr']] } }),
      {},
      'self',
    );
    expect((error as ContentRejectedError).field).toBe('options.subreddit');
    expect(redditErrorsOf({ json: { errors: [['A', 'b', null], 'junk'] } })).toEqual([['A', 'b', null]]);
  });
});

describe('mapRedditOAuthError', () => {
  it('a refused grant or client → NeedsReconnectError; 5xx and 429 stay retryable', () => {
    const grant = mapRedditOAuthError(failure(400, { error: 'invalid_grant' }));
    expect(NeedsReconnectError.isInstance(grant)).toBe(true);
    expect(grant.platformCode).toBe('invalid_grant');
    expect(
      NeedsReconnectError.isInstance(
        mapRedditOAuthError(failure(401, { message: 'Unauthorized', error: 401 })),
      ),
    ).toBe(true);
    expect(TransientError.isInstance(mapRedditOAuthError(failure(502, '')))).toBe(true);
    expect(RateLimitedError.isInstance(mapRedditOAuthError(failure(429, {})))).toBe(true);
  });
});
