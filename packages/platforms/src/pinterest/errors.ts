import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, httpErrorInit, retryAfterFromHeaders } from '../http/index.js';
import {
  PINTEREST_ALT_TEXT_MAX,
  PINTEREST_DESCRIPTION_MAX,
  PINTEREST_LINK_MAX,
  PINTEREST_TITLE_MAX,
} from './limits.js';
import { pinterestErrorSchema, pinterestOAuthErrorSchema } from './wire.js';

const PLATFORM = 'pinterest';

/** Knobs for the error mapping. */
export interface PinterestErrorOptions {
  /**
   * ⚠ Wait after a 429 that names no time. Pinterest documents per-minute limits for writes but
   * no rate-limit headers, so `Retry-After` and `x-ratelimit-reset` are read when present and
   * this is used otherwise. Default 60 s.
   */
  defaultRateLimitWaitMs?: number;
}

/** What a Pinterest error body says. */
export interface PinterestErrorInfo {
  /** Pinterest's integer `code` (as a string), or the OAuth `error`. */
  code: string | undefined;
  message: string | undefined;
}

/**
 * Reads Pinterest's error envelope `{code, message}`, the OAuth `{error, error_description}`,
 * or plain text.
 *
 * @example
 * ```ts
 * pinterestErrorInfo({ code: 2, message: 'Board not found.' }) // { code: '2', message: 'Board not found.' }
 * ```
 */
export function pinterestErrorInfo(data: unknown): PinterestErrorInfo {
  const envelope = pinterestErrorSchema.safeParse(data);
  if (envelope.success) return { code: String(envelope.data.code), message: envelope.data.message };
  const oauth = pinterestOAuthErrorSchema.safeParse(data);
  if (oauth.success)
    return { code: oauth.data.error, message: oauth.data.error_description ?? oauth.data.error };
  return {
    code: undefined,
    message: typeof data === 'string' && data ? data.slice(0, 300) : undefined,
  };
}

/** Wire field names in a message → the RelayPost field and its limit (most specific first). */
const FIELDS: ReadonlyArray<{ pattern: RegExp; field: string; limit?: number }> = [
  { pattern: /\bboard_section(_id)?\b|\bsection\b/i, field: 'options.boardSectionId' },
  { pattern: /\bboard(_id)?\b/i, field: 'options.boardId' },
  { pattern: /\balt_text\b|\balt text\b/i, field: 'media.0.altText', limit: PINTEREST_ALT_TEXT_MAX },
  { pattern: /\bcover_image/i, field: 'options.coverImageUrl' },
  { pattern: /\bdominant_color\b/i, field: 'options.dominantColor' },
  { pattern: /\btitle\b/i, field: 'options.title', limit: PINTEREST_TITLE_MAX },
  { pattern: /\bdescription\b/i, field: 'text', limit: PINTEREST_DESCRIPTION_MAX },
  { pattern: /\blink\b/i, field: 'options.link', limit: PINTEREST_LINK_MAX },
  { pattern: /\bmedia|\bimage|\bvideo|\burl\b|\bitems\b/i, field: 'media' },
];

/** The RelayPost field a refusal names, found from the wire field names in the message. */
export function pinterestFieldOf(message: string | undefined): { field: string; limit?: number } | undefined {
  if (!message) return undefined;
  const found = FIELDS.find(({ pattern }) => pattern.test(message));
  return found ? { field: found.field, ...(found.limit ? { limit: found.limit } : {}) } : undefined;
}

/**
 * Maps a Pinterest error answer to the platform error family: 401 → reconnect; 403 about scopes →
 * reconnect (the grant lacks a permission); 429 → rate limited (wait from `Retry-After` or
 * `x-ratelimit-reset`, else the configured default); 5xx and 408 → transient; other 4xx →
 * content rejected, naming the field the message mentions.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'pinterest', mutating: true, mapError: (f) => mapPinterestError(f) }, run);
 * ```
 */
export function mapPinterestError(
  failure: HttpFailure,
  options: PinterestErrorOptions = {},
  now = Date.now(),
): PlatformError {
  const { status, data, headers } = failure;
  const info = pinterestErrorInfo(data);
  const init = httpErrorInit(PLATFORM, failure, info);
  if (status === 401) return new NeedsReconnectError(init);
  if (status === 403 && /scope|authoriz|authentic/i.test(info.message ?? ''))
    return new NeedsReconnectError(init);
  if (status === 429) {
    return new RateLimitedError({
      ...init,
      scope: 'account',
      retryAfterMs: retryAfterFromHeaders(headers, now) ?? options.defaultRateLimitWaitMs ?? 60_000,
    });
  }
  if (status >= 500 || status === 408)
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers, now) });
  const named = pinterestFieldOf(info.message);
  return new ContentRejectedError({
    ...init,
    field: named?.field,
    limit: named?.limit,
    platformMessage: info.message,
  });
}

/**
 * Token endpoint failures: a refused code or refresh token means the user must connect again;
 * 5xx and 429 stay retryable.
 *
 * @example
 * ```ts
 * mapPinterestOAuthError({ status: 400, data: { code: 1, message: 'Invalid refresh token' }, headers }) // NeedsReconnectError
 * ```
 */
export function mapPinterestOAuthError(
  failure: HttpFailure,
  options: PinterestErrorOptions = {},
): PlatformError {
  if (failure.status >= 500 || failure.status === 429) return mapPinterestError(failure, options);
  const info = pinterestErrorInfo(failure.data);
  return new NeedsReconnectError({
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    platformCode: info.code,
    message: `token request refused (${info.code ?? failure.status})${info.message ? `: ${info.message}` : ''}`,
  });
}
