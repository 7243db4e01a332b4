import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { defaultHttpError, type HttpFailure, retryAfterFromHeaders } from '../http/index.js';
import { msUntilPacificMidnight } from './quota-reset.js';
import { googleOAuthErrorSchema, youTubeErrorSchema } from './wire.js';

const PLATFORM = 'youtube';

/** How long to wait after a short-term rate limit when Google sends no Retry-After. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Knobs for error mapping whose values Google does not publish. */
export interface YouTubeErrorOptions {
  /**
   * Wait after `uploadLimitExceeded` (the channel uploaded too much): Google does not say when the
   * limit lifts. ⚠ Default 24 h.
   */
  uploadLimitWaitMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** The API error fields of interest: the first `reason` and the message. */
export function youTubeReason(data: unknown): { reason: string | undefined; message: string | undefined } {
  const parsed = youTubeErrorSchema.safeParse(data);
  if (!parsed.success) return { reason: undefined, message: typeof data === 'string' ? data : undefined };
  const first = parsed.data.error.errors?.[0];
  return {
    reason: first?.reason ?? undefined,
    message: parsed.data.error.message ?? first?.message ?? undefined,
  };
}

/** Which content field a `reason` points at, for `ContentRejectedError.field`. */
const REASON_FIELDS: Record<string, string> = {
  invalidTitle: 'options.title',
  invalidDescription: 'text',
  invalidTags: 'options.tags',
  invalidCategoryId: 'options.categoryId',
  invalidPublishAt: 'options.publishAt',
  invalidVideoMetadata: 'options',
  mediaBodyRequired: 'media',
  invalidFilename: 'media',
  defaultLanguageNotSet: 'options',
};

/**
 * Maps a Data API error answer to the error family:
 * 401 / `authError` / `insufficientPermissions` → reconnect; `quotaExceeded` → rate limited until
 * midnight Pacific (the project's daily quota, so scope `app`); `uploadLimitExceeded` → rate limited
 * for a long wait (per channel); `rateLimitExceeded` / 429 → rate limited (Retry-After); 5xx → transient;
 * other 4xx → content rejected, naming the field where the reason says.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'youtube', mutating: true, mapError: youTubeErrorMapper(opts) }, run)
 * ```
 */
export function mapYouTubeError(failure: HttpFailure, options: YouTubeErrorOptions): PlatformError {
  const { status, data, headers } = failure;
  const { reason, message } = youTubeReason(data);
  const init = {
    platform: PLATFORM,
    status,
    responseBody: data,
    message: `HTTP ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`,
    ...(reason ? { platformCode: reason } : {}),
  };
  const now = options.now?.() ?? Date.now();
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    return new RateLimitedError({ ...init, retryAfterMs: msUntilPacificMidnight(now), scope: 'app' });
  }
  if (reason === 'uploadLimitExceeded') {
    return new RateLimitedError({
      ...init,
      retryAfterMs: retryAfterFromHeaders(headers, now) ?? options.uploadLimitWaitMs,
    });
  }
  if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || status === 429) {
    return new RateLimitedError({
      ...init,
      retryAfterMs: retryAfterFromHeaders(headers, now) ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    });
  }
  if (
    status === 401 ||
    reason === 'authError' ||
    reason === 'insufficientPermissions' ||
    reason === 'forbidden'
  ) {
    return new NeedsReconnectError(init);
  }
  if (status >= 500 || reason === 'backendError') {
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers, now) });
  }
  if (status >= 400 && status < 500) {
    return new ContentRejectedError({
      ...init,
      field: reason ? REASON_FIELDS[reason] : undefined,
      platformMessage: message,
    });
  }
  return defaultHttpError(PLATFORM, failure);
}

/**
 * Maps a Google token endpoint failure: `invalid_grant` (refresh token revoked or expired, code
 * reused, wrong PKCE verifier) and client errors → reconnect; 5xx → transient.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'youtube', mutating: false, mapError: mapGoogleTokenError }, run)
 * ```
 */
export function mapGoogleTokenError(failure: HttpFailure): PlatformError {
  const parsed = googleOAuthErrorSchema.safeParse(failure.data);
  const code = parsed.success ? parsed.data.error : undefined;
  const init = {
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    message: `token endpoint: HTTP ${failure.status}${code ? ` ${code}` : ''}`,
    ...(code ? { platformCode: code } : {}),
  };
  if (failure.status >= 500) return new TransientError(init);
  if (failure.status === 429)
    return new RateLimitedError({ ...init, retryAfterMs: retryAfterFromHeaders(failure.headers) });
  return new NeedsReconnectError(init);
}
