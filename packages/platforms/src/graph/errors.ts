import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, retryAfterFromHeaders } from '../http/index.js';
import { type GraphErrorEnvelope, graphErrorEnvelopeSchema, instagramOAuthErrorSchema } from './wire.js';

/** Knobs for the Graph error mapping (⚠ waits Meta does not publish). */
export interface GraphErrorOptions {
  /** ⚠ Wait when a throttling error carries no usage header. Default 1 hour. */
  defaultRateLimitWaitMs?: number;
  /** ⚠ Wait after code 368 (a temporary block for policy reasons). Default 1 hour. */
  temporaryBlockWaitMs?: number;
}

/** What to do about one Graph error code, before headers are read. */
export type GraphErrorAction =
  | 'reconnect'
  | 'missing_permission'
  | 'rate_limited_app'
  | 'rate_limited'
  | 'publishing_quota'
  | 'temporary_block'
  | 'transient'
  | 'rejected';

/** Token dead: the user must log in again. */
const TOKEN_SUBCODES = new Set([458, 459, 460, 463, 464, 467]);
/**
 * Throttling codes whose wait is in the usage headers; 80001–80014 are the business use case
 * limits (80002 Instagram, 80001 Pages…) ⚠ from Meta's rate-limiting page, not the error table.
 */
const THROTTLE_CODES = new Set([17, 32, 341, 613, ...Array.from({ length: 14 }, (_, i) => 80_001 + i)]);
/** Permanent content problems: 506 duplicate post, 100 invalid parameter, 1609005 link scrape failed. */
const REJECT_CODES = new Set([100, 506, 1609005]);
/**
 * Instagram's codes -1 and -2 (subcodes 2207001 server error, 2207003 download timeout, 2207020
 * media expired, 2207032 container creation failed, 2207053 unknown upload error): Meta's error
 * reference says "try again" or "generate a new container and try again". Every publish attempt
 * builds fresh containers, so a retry is what fixes them.
 */
const INSTAGRAM_RETRY_CODES = new Set([-1, -2]);
/** Instagram 9 / 2207042: the account's Content Publishing quota for the rolling 24 hours is used up. */
const INSTAGRAM_QUOTA_SUBCODE = 2_207_042;
/** Instagram 4 / 2207051: the publishing action is suspected to be spam (not an app rate limit). */
const INSTAGRAM_SPAM_SUBCODE = 2_207_051;
/**
 * Video API upload-phase subcodes Meta says to retry: 1363037 (wrong start offset; the answer's
 * `error_data` names the right one), 1363033 (partial chunk), 1363030 (timeout), 1363019.
 */
const VIDEO_RETRY_SUBCODES = new Set([1_363_037, 1_363_033, 1_363_030, 1_363_019]);

const isSet = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/**
 * The action for a Graph error code and subcode, or undefined when the code says nothing
 * (the HTTP status decides then).
 *
 * @example
 * ```ts
 * graphErrorAction(190, 463) // 'reconnect'
 * graphErrorAction(4) // 'rate_limited_app'
 * graphErrorAction(-1, 2207053) // 'transient'
 * ```
 */
export function graphErrorAction(
  code: number | null | undefined,
  subcode?: number | null,
  isTransient?: boolean | null,
): GraphErrorAction | undefined {
  if (code === 190 || code === 102 || (isSet(subcode) && TOKEN_SUBCODES.has(subcode))) return 'reconnect';
  if (subcode === INSTAGRAM_QUOTA_SUBCODE) return 'publishing_quota';
  if (subcode === INSTAGRAM_SPAM_SUBCODE) return 'rejected';
  if (isSet(subcode) && VIDEO_RETRY_SUBCODES.has(subcode)) return 'transient';
  if (code === 4) return 'rate_limited_app';
  if (isSet(code) && THROTTLE_CODES.has(code)) return 'rate_limited';
  if (code === 368) return 'temporary_block';
  if (code === 1 || code === 2 || isTransient === true) return 'transient';
  if (isSet(code) && INSTAGRAM_RETRY_CODES.has(code)) return 'transient';
  // Threads answers a missing permission as code 100 with subcode 10 ⚠ (observed, not in a table).
  if (code === 100 && subcode === 10) return 'missing_permission';
  if (isSet(code) && REJECT_CODES.has(code)) return 'rejected';
  if (code === 10 || (isSet(code) && code >= 200 && code <= 299)) return 'missing_permission';
  return undefined;
}

/**
 * The longest `estimated_time_to_regain_access` (minutes) in the `X-Business-Use-Case-Usage` or
 * `X-App-Usage` headers, in milliseconds; undefined when neither names a wait.
 *
 * @example
 * ```ts
 * usageHeaderWait(new Headers({ 'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":5}]}' })) // 300000
 * ```
 */
export function usageHeaderWait(headers: Headers): number | undefined {
  let minutes: number | undefined;
  for (const name of ['x-business-use-case-usage', 'x-app-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const found = findWaits(JSON.parse(raw) as unknown);
      for (const value of found) if (value > 0) minutes = Math.max(minutes ?? 0, value);
    } catch {
      // A malformed header is no reason to lose the error itself.
    }
  }
  return minutes === undefined ? undefined : Math.round(minutes * 60_000);
}

function findWaits(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(findWaits);
  if (typeof value !== 'object' || value === null) return [];
  const waits: number[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'estimated_time_to_regain_access' && typeof inner === 'number') waits.push(inner);
    else waits.push(...findWaits(inner));
  }
  return waits;
}

/** The error object of a Graph envelope, if the body is one. */
export function graphErrorOf(data: unknown): GraphErrorEnvelope['error'] | undefined {
  const parsed = graphErrorEnvelopeSchema.safeParse(data);
  if (parsed.success) return parsed.data.error;
  const instagram = instagramOAuthErrorSchema.safeParse(data);
  if (instagram.success && (instagram.data.error_message || instagram.data.error_type)) {
    return {
      message: instagram.data.error_message,
      type: instagram.data.error_type,
      code: instagram.data.code,
    };
  }
  return undefined;
}

function fieldOf(code: number | null | undefined, message: string): string | undefined {
  if (code === 506 || code === 1609005) return 'text';
  if (/caption|message|text/i.test(message)) return 'text';
  if (/image|video|media|photo|url/i.test(message)) return 'media';
  return undefined;
}

/**
 * Maps a Graph API error answer (Facebook, Instagram, Threads) to the platform error family, by
 * code and subcode first and HTTP status second:
 *
 * | code / subcode | error |
 * | --- | --- |
 * | 190, 102; subcodes 458, 459, 460, 463, 464, 467 | NeedsReconnectError |
 * | 10, 200–299, 100/10 (permission missing) | NeedsReconnectError (reconnect granting the scope) |
 * | 4 | RateLimitedError, scope `app` |
 * | 17, 32, 341, 613, 80001–80014 | RateLimitedError, scope `account` |
 * | 9/2207042 (Instagram publishing quota) | RateLimitedError, scope `account` |
 * | 368 (temporary block) | RateLimitedError with a long wait |
 * | 1, 2, −1, −2, `is_transient`; video subcodes 1363037, 1363033, 1363030, 1363019 | TransientError |
 * | 100, 506, 1609005; 4/2207051 (suspected spam) | ContentRejectedError |
 *
 * Waits come from `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage` / `X-App-Usage`,
 * then `Retry-After`, then the configured default.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'facebook', mutating: true, mapError: (f) => mapGraphError('facebook', f) }, run);
 * ```
 */
export function mapGraphError(
  platform: string,
  failure: HttpFailure,
  options: GraphErrorOptions = {},
): PlatformError {
  const { status, data, headers } = failure;
  const error = graphErrorOf(data);
  const message =
    [error?.message, error?.error_user_msg].filter((m): m is string => !!m).join(' — ') || `HTTP ${status}`;
  const code = error?.code;
  const subcode = error?.error_subcode;
  const init = {
    platform,
    status,
    responseBody: data,
    message: `HTTP ${status}: ${message}`,
    ...(code !== null && code !== undefined
      ? { platformCode: subcode ? `${code}/${subcode}` : String(code) }
      : {}),
  };
  const wait = () =>
    usageHeaderWait(headers) ?? retryAfterFromHeaders(headers) ?? options.defaultRateLimitWaitMs ?? 3_600_000;
  switch (graphErrorAction(code, subcode, error?.is_transient)) {
    case 'reconnect':
      return new NeedsReconnectError(init);
    case 'missing_permission':
      return new NeedsReconnectError({
        ...init,
        message: `${init.message} (a permission is missing: reconnect the account and grant it)`,
      });
    case 'rate_limited_app':
      return new RateLimitedError({ ...init, scope: 'app', retryAfterMs: wait() });
    case 'rate_limited':
      return new RateLimitedError({ ...init, scope: 'account', retryAfterMs: wait() });
    case 'publishing_quota':
      return new RateLimitedError({
        ...init,
        scope: 'account',
        retryAfterMs: wait(),
        message: `${init.message} (the account's publishing quota for the last 24 hours is used up)`,
      });
    case 'temporary_block':
      return new RateLimitedError({
        ...init,
        scope: 'account',
        retryAfterMs: options.temporaryBlockWaitMs ?? 3_600_000,
      });
    case 'transient':
      return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers) });
    case 'rejected':
      return new ContentRejectedError({
        ...init,
        field: fieldOf(code, message),
        platformMessage: error?.error_user_msg ?? error?.message ?? undefined,
      });
    case undefined:
      break;
  }
  if (status === 429) return new RateLimitedError({ ...init, retryAfterMs: wait() });
  if (status === 401) return new NeedsReconnectError(init);
  if (status >= 500 || status === 408)
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers) });
  return new ContentRejectedError({
    ...init,
    field: fieldOf(code, message),
    platformMessage: error?.error_user_msg ?? error?.message ?? undefined,
  });
}

/**
 * Token endpoint failures: a refused code or token means the user must connect again; throttling
 * and 5xx stay retryable.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'threads', mutating: false, mapError: (f) => mapGraphOAuthError('threads', f) }, run);
 * ```
 */
export function mapGraphOAuthError(
  platform: string,
  failure: HttpFailure,
  options: GraphErrorOptions = {},
): PlatformError {
  const mapped = mapGraphError(platform, failure, options);
  if (RateLimitedError.isInstance(mapped) || TransientError.isInstance(mapped)) return mapped;
  if (NeedsReconnectError.isInstance(mapped)) return mapped;
  return new NeedsReconnectError({
    platform,
    status: failure.status,
    responseBody: failure.data,
    ...(mapped.platformCode ? { platformCode: mapped.platformCode } : {}),
    message: `token request refused (${mapped.message.replace(`${platform}: `, '')})`,
  });
}
