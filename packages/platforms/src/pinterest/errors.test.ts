import { ContentRejectedError, NeedsReconnectError, RateLimitedError, TransientError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { mapPinterestError, mapPinterestOAuthError, pinterestErrorInfo, pinterestFieldOf } from './errors.js';

const NOW = 1_750_000_000_000;
const failure = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  headers: new Headers(headers),
});

describe('pinterestErrorInfo', () => {
  it('reads {code, message}, OAuth errors and text', () => {
    expect(pinterestErrorInfo({ code: 3, message: 'Board not found.' })).toEqual({
      code: '3',
      message: 'Board not found.',
    });
    expect(pinterestErrorInfo({ error: 'invalid_grant', error_description: 'expired' })).toEqual({
      code: 'invalid_grant',
      message: 'expired',
    });
    expect(pinterestErrorInfo('<html>Bad gateway</html>').message).toBe('<html>Bad gateway</html>');
    expect(pinterestErrorInfo(undefined)).toEqual({ code: undefined, message: undefined });
  });
});

describe('mapPinterestError', () => {
  it('401 → NeedsReconnectError', () => {
    const error = mapPinterestError(failure(401, { code: 2, message: 'Authentication failed.' }));
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(error.platformCode).toBe('2');
  });

  it('403 naming scopes → NeedsReconnectError; other 403 → ContentRejectedError', () => {
    const scopes = mapPinterestError(
      failure(403, { code: 29, message: 'Missing required scopes: pins:write' }),
    );
    expect(NeedsReconnectError.isInstance(scopes)).toBe(true);
    const other = mapPinterestError(failure(403, { code: 29, message: 'You cannot pin to this board.' }));
    expect(ContentRejectedError.isInstance(other)).toBe(true);
    expect((other as ContentRejectedError).field).toBe('options.boardId');
  });

  it('429 waits for Retry-After', () => {
    const error = mapPinterestError(
      failure(429, { code: 8, message: 'Rate limit' }, { 'retry-after': '30' }),
      {},
      NOW,
    );
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
  });

  it('429 waits for x-ratelimit-reset (seconds from now, or an epoch)', () => {
    const relative = mapPinterestError(
      failure(429, {}, { 'x-ratelimit-reset': '42' }),
      {},
      NOW,
    ) as RateLimitedError;
    expect(relative.retryAfterMs).toBe(42_000);
    const epoch = mapPinterestError(
      failure(429, {}, { 'x-ratelimit-reset': String(NOW / 1000 + 90) }),
      {},
      NOW,
    ) as RateLimitedError;
    expect(epoch.retryAfterMs).toBe(90_000);
  });

  it('429 without headers waits the configured default', () => {
    const error = mapPinterestError(
      failure(429, {}),
      { defaultRateLimitWaitMs: 1234 },
      NOW,
    ) as RateLimitedError;
    expect(error.retryAfterMs).toBe(1234);
    expect((mapPinterestError(failure(429, {}), {}, NOW) as RateLimitedError).retryAfterMs).toBe(60_000);
  });

  it('5xx and 408 → TransientError', () => {
    for (const status of [500, 502, 503, 504, 408])
      expect(TransientError.isInstance(mapPinterestError(failure(status, {})))).toBe(true);
  });

  it('400 → ContentRejectedError naming the field and its limit', () => {
    const cases: Array<[string, string, number | undefined]> = [
      ['Invalid parameters: title must be at most 100 characters', 'options.title', 100],
      ['Invalid parameters: description: too long', 'text', 800],
      ['Invalid parameters: link must be an http(s) URL', 'options.link', 2048],
      ['Invalid parameters: alt_text must be at most 500 characters', 'media.0.altText', 500],
      [
        'Invalid parameters: board_section_id 1 is not a section of board 2',
        'options.boardSectionId',
        undefined,
      ],
      ['Invalid parameters: board_id abc is not a valid id', 'options.boardId', undefined],
      ['Invalid parameters: media_source.url: the image could not be downloaded', 'media', undefined],
      ['Invalid parameters: dominant_color must be a hex colour', 'options.dominantColor', undefined],
    ];
    for (const [message, field, limit] of cases) {
      const error = mapPinterestError(failure(400, { code: 1, message })) as ContentRejectedError;
      expect(ContentRejectedError.isInstance(error), message).toBe(true);
      expect(error.field, message).toBe(field);
      expect(error.limit, message).toBe(limit);
      expect(error.platformMessage).toBe(message);
      expect(error.retryable).toBe(false);
    }
  });

  it('a message naming no known field leaves the field open', () => {
    expect(pinterestFieldOf('Something went wrong')).toBeUndefined();
    const error = mapPinterestError(failure(409, { code: 7, message: 'Conflict' })) as ContentRejectedError;
    expect(error.field).toBeUndefined();
  });
});

describe('mapPinterestOAuthError', () => {
  it('a refused grant → NeedsReconnectError; 5xx and 429 stay retryable', () => {
    expect(
      NeedsReconnectError.isInstance(
        mapPinterestOAuthError(failure(400, { code: 1, message: 'Invalid refresh token.' })),
      ),
    ).toBe(true);
    expect(NeedsReconnectError.isInstance(mapPinterestOAuthError(failure(401, {})))).toBe(true);
    expect(TransientError.isInstance(mapPinterestOAuthError(failure(503, {})))).toBe(true);
    expect(RateLimitedError.isInstance(mapPinterestOAuthError(failure(429, {})))).toBe(true);
  });
});
