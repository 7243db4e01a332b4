import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { defaultHttpError, type HttpFailure, retryAfterFromHeaders } from '../http/index.js';
import { tikTokErrorSchema, tikTokOAuthErrorSchema } from './wire.js';

const PLATFORM = 'tiktok';

/** Waits TikTok does not publish. ⚠ Both configurable. */
export interface TikTokErrorOptions {
  /** After `rate_limit_exceeded` without Retry-After (limits are per minute per token). Default 60 s. */
  rateLimitWaitMs: number;
  /** After `spam_risk_too_many_posts` and other daily caps. Default 24 h. */
  postingCapWaitMs: number;
}

const RECONNECT = new Set([
  'access_token_invalid',
  'scope_not_authorized',
  'scope_permission_missed',
  'token_not_authorized_for_specified_deadline',
]);
const POSTING_CAPS = new Set([
  'spam_risk_too_many_posts',
  'spam_risk_too_many_pending_share',
  'reached_active_user_cap',
]);
const FIELDS: Record<string, string> = {
  privacy_level_option_mismatch: 'options.privacyLevel',
  invalid_file_upload: 'media',
  url_ownership_unverified: 'media',
  video_pull_failed: 'media',
  photo_pull_failed: 'media',
  unaudited_client_can_only_post_to_private_accounts: 'options.privacyLevel',
};

/** The `error` object of a TikTok answer, if it carries one that is not `ok`. */
export function tikTokErrorOf(
  body: unknown,
): { code: string; message: string | undefined; logId: string | undefined } | undefined {
  const parsed = tikTokErrorSchema.safeParse((body as { error?: unknown } | null | undefined)?.error);
  if (!parsed.success || parsed.data.code === 'ok') return undefined;
  return {
    code: parsed.data.code,
    message: parsed.data.message ?? undefined,
    logId: parsed.data.log_id ?? undefined,
  };
}

/**
 * Maps a TikTok `{error:{code,message,log_id}}` answer to the error family: token and scope
 * codes → reconnect; `rate_limit_exceeded` → rate limited; daily posting caps (spam risk) →
 * rate limited with a long wait; `invalid_params` and other content codes → rejected, naming the
 * field where known; `internal_error` / 5xx → transient. Unknown codes fall back on the HTTP status.
 *
 * @example
 * ```ts
 * mapTikTokError({ status: 429, data: { error: { code: 'rate_limit_exceeded' } }, headers }, opts)
 * ```
 */
export function mapTikTokError(failure: HttpFailure, options: TikTokErrorOptions): PlatformError {
  const { status, data, headers } = failure;
  const error = tikTokErrorOf(data);
  const code = error?.code;
  const init = {
    platform: PLATFORM,
    status,
    responseBody: data,
    message: `HTTP ${status}${code ? ` ${code}` : ''}${error?.message ? `: ${error.message}` : ''}`,
    ...(code ? { platformCode: code } : {}),
  };
  if (code && RECONNECT.has(code)) return new NeedsReconnectError(init);
  if (code === 'rate_limit_exceeded') {
    return new RateLimitedError({
      ...init,
      retryAfterMs: retryAfterFromHeaders(headers) ?? options.rateLimitWaitMs,
    });
  }
  if (code && POSTING_CAPS.has(code)) {
    return new RateLimitedError({
      ...init,
      retryAfterMs: retryAfterFromHeaders(headers) ?? options.postingCapWaitMs,
    });
  }
  if (code === 'internal_error' || status >= 500)
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers) });
  if (code && code !== 'ok' && status < 500 && status !== 401 && status !== 429) {
    return new ContentRejectedError({ ...init, field: FIELDS[code], platformMessage: error?.message });
  }
  return defaultHttpError(PLATFORM, failure);
}

/**
 * Maps a token endpoint failure (`{error, error_description, log_id}`, sometimes with HTTP 200):
 * `invalid_grant` and client errors → reconnect; 5xx → transient.
 */
export function mapTikTokOAuthError(status: number, data: unknown): PlatformError {
  const parsed = tikTokOAuthErrorSchema.safeParse(data);
  const code = parsed.success ? parsed.data.error : undefined;
  const init = {
    platform: PLATFORM,
    status,
    responseBody: data,
    message: `token endpoint: HTTP ${status}${code ? ` ${code}` : ''}`,
    ...(code ? { platformCode: code } : {}),
  };
  if (status >= 500) return new TransientError(init);
  if (status === 429) return new RateLimitedError(init);
  return new NeedsReconnectError(init);
}
