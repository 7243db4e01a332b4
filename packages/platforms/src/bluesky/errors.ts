import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, retryAfterFromHeaders } from '../http/index.js';
import { xrpcErrorSchema } from './wire.js';

const PLATFORM = 'bluesky';

/** XRPC error names that mean the session is dead (after one refresh attempt, where allowed). */
const RECONNECT_ERRORS = new Set([
  'ExpiredToken',
  'InvalidToken',
  'AuthenticationRequired',
  'AuthMissing',
  'AccountTakedown',
  'AccountDeactivated',
]);

/** Error names where the media was refused. */
const MEDIA_ERRORS = new Set(['BlobTooLarge', 'InvalidMimeType', 'InvalidSize']);

/**
 * How long a 429 asks us to wait: `Retry-After`, else the PDS's `RateLimit-Reset` (epoch
 * seconds, as `@atproto/xrpc-server` sets it).
 *
 * @example
 * ```ts
 * blueskyRetryAfter(new Headers({ 'ratelimit-reset': String(Date.now() / 1000 + 60) })) // ≈ 60000
 * ```
 */
export function blueskyRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const standard = headers.get('retry-after') === null ? undefined : retryAfterFromHeaders(headers, now);
  if (standard !== undefined) return standard;
  const reset = Number(headers.get('ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(0, Math.round(reset * 1000 - now));
}

/**
 * Maps an XRPC error answer (`{error, message}`) to the platform error family.
 *
 * @example
 * ```ts
 * mapBlueskyError({ status: 400, data: { error: 'ExpiredToken' }, headers: new Headers() }) // NeedsReconnectError
 * ```
 */
export function mapBlueskyError(failure: HttpFailure): PlatformError {
  const parsed = xrpcErrorSchema.safeParse(failure.data);
  const name = parsed.success ? (parsed.data.error ?? undefined) : undefined;
  const said = parsed.success ? (parsed.data.message ?? undefined) : undefined;
  const init = {
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    platformCode: name,
    message: `${name ?? `HTTP ${failure.status}`}${said ? `: ${said}` : ''}`,
  };
  if (failure.status === 429 || name === 'RateLimitExceeded') {
    return new RateLimitedError({ ...init, retryAfterMs: blueskyRetryAfter(failure.headers) });
  }
  if (failure.status === 401 || (name !== undefined && RECONNECT_ERRORS.has(name))) {
    return new NeedsReconnectError(init);
  }
  if (failure.status >= 500 || failure.status === 408) {
    return new TransientError({ ...init, retryAfterMs: blueskyRetryAfter(failure.headers) });
  }
  if (failure.status === 413 || (name !== undefined && MEDIA_ERRORS.has(name))) {
    return new ContentRejectedError({
      ...init,
      field: 'media',
      limit: name === 'BlobTooLarge' || failure.status === 413 ? 2_000_000 : undefined,
      platformMessage: said,
    });
  }
  return new ContentRejectedError({ ...init, platformMessage: said });
}

/** Whether a mapped error is the PDS saying the access token has expired (refreshable). */
export function isExpiredToken(error: unknown): boolean {
  return NeedsReconnectError.isInstance(error) && error.platformCode === 'ExpiredToken';
}
