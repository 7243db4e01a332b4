import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ContentRejectedError,
  NeedsReconnectError,
  NotFoundError,
  PlatformError,
  RateLimitedError,
  RelayPostError,
  TransientError,
  UnknownOutcomeError,
  ValidationError,
} from '../index.js';
import { platformErrorFromJSON } from './platform-errors.js';

describe('error family', () => {
  it('recognises errors by marker, also for copies that are not instances', () => {
    const error = new RateLimitedError({
      platform: 'x',
      message: 'slow down',
      retryAfterMs: 5000,
      scope: 'app',
    });
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(PlatformError.isInstance(error)).toBe(true);
    expect(RelayPostError.isInstance(error)).toBe(true);
    expect(TransientError.isInstance(error)).toBe(false);
    // A structurally copied object (as from another package copy) keeps the symbol marker.
    const copy = Object.create(null) as Record<symbol, unknown>;
    for (const symbol of Object.getOwnPropertySymbols(error))
      copy[symbol] = (error as unknown as Record<symbol, unknown>)[symbol];
    expect(RateLimitedError.isInstance(copy)).toBe(true);
    expect(RateLimitedError.isInstance(new Error('x'))).toBe(false);
    expect(RateLimitedError.isInstance(null)).toBe(false);
  });

  it('says whether to retry', () => {
    expect(new TransientError({ platform: 'x', message: 'm' }).retryable).toBe(true);
    expect(new RateLimitedError({ platform: 'x', message: 'm' }).retryable).toBe(true);
    expect(new NeedsReconnectError({ platform: 'x', message: 'm' }).retryable).toBe(false);
    expect(new ContentRejectedError({ platform: 'x', message: 'm' }).retryable).toBe(false);
    expect(new UnknownOutcomeError({ platform: 'x', message: 'm' }).retryable).toBe(false);
  });

  it('redacts and truncates the response body', () => {
    const error = new TransientError({
      platform: 'x',
      message: 'failed with Bearer abcdefghijklmnop',
      status: 503,
      responseBody: { access_token: 'tok-123456789', detail: 'y'.repeat(5000) },
    });
    expect(error.message).not.toContain('abcdefghijklmnop');
    expect(error.responseBody).not.toContain('tok-123456789');
    expect(error.responseBody!.length).toBeLessThanOrEqual(2049);
    expect(error.status).toBe(503);
  });

  it('survives a JSON round trip with its kind and details', () => {
    const original = new ContentRejectedError({
      platform: 'bluesky',
      message: 'too long',
      status: 400,
      field: 'text',
      limit: 300,
      platformMessage: 'Record/text must not be longer than 300 graphemes',
    });
    const restored = platformErrorFromJSON(JSON.parse(JSON.stringify(original)));
    expect(ContentRejectedError.isInstance(restored)).toBe(true);
    expect(restored.message).toBe(original.message);
    expect((restored as ContentRejectedError).field).toBe('text');
    const limited = platformErrorFromJSON(
      new RateLimitedError({ platform: 'x', message: 'm', retryAfterMs: 9, scope: 'app' }).toJSON(),
    );
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 9, scope: 'app' });
  });

  it('names every bad field in a validation error', () => {
    const error = new ValidationError(
      [
        { path: 'text', message: 'is too long', limit: 300, actual: 412 },
        { path: 'media.0.mimeType', message: 'not accepted', limit: ['image/png'], actual: 'image/bmp' },
      ],
      'post',
    );
    expect(error.message).toBe(
      'Invalid post: text: is too long (limit 300, actual 412); media.0.mimeType: not accepted (limit image/png, actual image/bmp)',
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('validation');
  });

  it('has not-found and conflict errors with codes', () => {
    expect(new NotFoundError('post', 'p1')).toMatchObject({ code: 'not_found', entity: 'post', id: 'p1' });
    expect(NotFoundError.isInstance(new NotFoundError('post', 'p1'))).toBe(true);
    expect(ConflictError.isInstance(new ConflictError('stale'))).toBe(true);
  });
});
