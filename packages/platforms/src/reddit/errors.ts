import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, retryAfterFromHeaders } from '../http/index.js';
import { REDDIT_FLAIR_TEXT_MAX, REDDIT_TEXT_MAX, REDDIT_TITLE_MAX } from './limits.js';
import type { RedditPostKind } from './options.js';
import {
  type RedditErrorTriple,
  redditErrorTripleSchema,
  redditHttpErrorSchema,
  redditOAuthErrorSchema,
} from './wire.js';

const PLATFORM = 'reddit';

/** Knobs for the error mapping (⚠ facts known from third parties only). */
export interface RedditErrorOptions {
  /** Wait when a rate limit names no time. Default 60 s. */
  defaultRateLimitWaitMs?: number;
  /**
   * ⚠ Who the `X-Ratelimit-*` budget belongs to. Reddit documents 100 queries per minute per OAuth
   * client, so the default is `app` (every account waits); a `RATELIMIT` answer to a submit is
   * always the account's own posting limit.
   */
  rateLimitScope?: 'app' | 'account';
}

/** Reddit's request budget, from the `X-Ratelimit-Used/Remaining/Reset` headers. */
export interface RedditBudget {
  used: number | undefined;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Reads `X-Ratelimit-Remaining` (a float, e.g. `598.0`), `-Used` and `-Reset` (seconds until the
 * window ends). Undefined when the answer carries none.
 *
 * @example
 * ```ts
 * redditBudget(new Headers({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '42' })) // { remaining: 0, resetMs: 42000, used: undefined }
 * ```
 */
export function redditBudget(headers: Headers): RedditBudget | undefined {
  const remaining = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN);
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  const used = Number(headers.get('x-ratelimit-used') ?? Number.NaN);
  return {
    used: Number.isFinite(used) ? used : undefined,
    remaining,
    resetMs: Math.max(0, Math.round(reset * 1000)),
  };
}

const UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000 };

/**
 * The wait a `RATELIMIT` message names, e.g. "Take a break for 5 minutes before trying again" or
 * "try again in 1 minute and 30 seconds". ⚠ The wording is Reddit's and not part of the API.
 *
 * @example
 * ```ts
 * ratelimitWaitFromMessage('you are doing that too much. try again in 9 minutes.') // 540000
 * ```
 */
export function ratelimitWaitFromMessage(message: string | null | undefined): number | undefined {
  let total = 0;
  let found = false;
  for (const match of (message ?? '').matchAll(/(\d+)\s*(millisecond|second|minute|hour)s?\b/gi)) {
    total += Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 0);
    found = true;
  }
  return found ? total : undefined;
}

/** Reddit's wire field names → RelayPost paths. */
const WIRE_FIELDS: Record<string, string> = {
  sr: 'options.subreddit',
  title: 'options.title',
  text: 'text',
  kind: 'options.kind',
  flair: 'options.flairId',
  flair_id: 'options.flairId',
  flair_text: 'options.flairText',
};

/** The field (and limit) a `[CODE, message, field]` triple is about. */
export function redditFieldOf(
  [code, message, wireField]: RedditErrorTriple,
  kind: RedditPostKind | undefined,
): { field: string | undefined; limit: number | undefined } {
  const stated = Number(/\(max:\s*(\d+)\)/i.exec(message ?? '')?.[1] ?? Number.NaN);
  const byCode: Record<string, string> = {
    NO_SELFS: 'options.kind',
    NO_LINKS: 'options.kind',
    NO_IMAGES: 'options.kind',
    INVALID_POST_TYPE: 'options.kind',
    ALREADY_SUB: 'options.url',
    SUBREDDIT_NOEXIST: 'options.subreddit',
    SUBREDDIT_NOTALLOWED: 'options.subreddit',
    SUBREDDIT_REQUIRED: 'options.subreddit',
    BAD_SR_NAME: 'options.subreddit',
    SUBMIT_VALIDATION_FLAIR_REQUIRED: 'options.flairId',
  };
  let field = byCode[code] ?? (wireField ? WIRE_FIELDS[wireField] : undefined);
  if (!field && wireField === 'url') field = kind === 'image' ? 'media' : 'options.url';
  if (field === 'options.url' && kind === 'image') field = 'media';
  const limits: Record<string, number> = {
    'options.title': REDDIT_TITLE_MAX,
    text: REDDIT_TEXT_MAX,
    'options.flairText': REDDIT_FLAIR_TEXT_MAX,
  };
  const limit = Number.isFinite(stated) ? stated : code === 'TOO_LONG' && field ? limits[field] : undefined;
  return { field, limit };
}

/**
 * Maps the errors Reddit sends inside a 200 (`json.errors: [[CODE, message, field]]`): `RATELIMIT`
 * → rate limited for the wait the message names; `USER_REQUIRED` → reconnect; everything else
 * (`SUBREDDIT_NOEXIST`, `NO_SELFS`, `NO_LINKS`, `TOO_LONG`, `BAD_URL`, `ALREADY_SUB`...) → content
 * rejected naming the field.
 *
 * @example
 * ```ts
 * mapRedditApiErrors([['SUBREDDIT_NOEXIST', "that subreddit doesn't exist", 'sr']], 'self') // ContentRejectedError, field options.subreddit
 * ```
 */
export function mapRedditApiErrors(
  errors: readonly RedditErrorTriple[],
  kind: RedditPostKind | undefined,
  options: RedditErrorOptions = {},
  status = 200,
): PlatformError {
  const first = errors[0] ?? ['UNKNOWN', 'Reddit refused the request', null];
  const [code, message] = first;
  const all = errors.map(([c, m, f]) => `${c}: ${m ?? ''}${f ? ` (${f})` : ''}`).join('; ');
  const init = {
    platform: PLATFORM,
    status,
    responseBody: { json: { errors } },
    platformCode: code,
    message: all,
  };
  if (code === 'RATELIMIT') {
    return new RateLimitedError({
      ...init,
      scope: 'account',
      retryAfterMs: ratelimitWaitFromMessage(message) ?? options.defaultRateLimitWaitMs ?? 60_000,
    });
  }
  if (code === 'USER_REQUIRED' || code === 'INVALID_TOKEN') return new NeedsReconnectError(init);
  const { field, limit } = redditFieldOf(first, kind);
  return new ContentRejectedError({ ...init, field, limit, platformMessage: message ?? code });
}

/** The `json.errors` of a body, when it has any. */
export function redditErrorsOf(data: unknown): RedditErrorTriple[] {
  const errors = (data as { json?: { errors?: unknown } } | null | undefined)?.json?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => {
    const parsed = redditErrorTripleSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Maps a Reddit HTTP error answer: 401 → reconnect; 403 `insufficient_scope` → reconnect (the
 * grant lacks a scope); 429, or any refusal with `X-Ratelimit-Remaining` at 0 → rate limited
 * until `X-Ratelimit-Reset`; 5xx and 408 → transient; a `json.errors` body → as
 * {@link mapRedditApiErrors}; other 4xx → content rejected.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'reddit', mutating: true, mapError: (f) => mapRedditError(f) }, run);
 * ```
 */
export function mapRedditError(
  failure: HttpFailure,
  options: RedditErrorOptions = {},
  kind?: RedditPostKind,
  now = Date.now(),
): PlatformError {
  const { status, data, headers } = failure;
  const body = redditHttpErrorSchema.safeParse(data);
  const text = body.success
    ? [body.data.message, body.data.reason, body.data.explanation].filter(Boolean).join(': ')
    : typeof data === 'string'
      ? data.slice(0, 300)
      : '';
  const init = {
    platform: PLATFORM,
    status,
    responseBody: data,
    platformCode: body.success && body.data.reason ? body.data.reason : undefined,
    message: `HTTP ${status}${text ? `: ${text}` : ''}`,
  };
  const budget = redditBudget(headers);
  if (status === 401) return new NeedsReconnectError(init);
  const challenge = headers.get('www-authenticate') ?? '';
  if (status === 403 && /insufficient_scope/.test(`${challenge} ${text}`))
    return new NeedsReconnectError(init);
  if (status === 429 || (status < 500 && budget !== undefined && budget.remaining < 1)) {
    return new RateLimitedError({
      ...init,
      scope: options.rateLimitScope ?? 'app',
      retryAfterMs:
        budget?.resetMs ?? retryAfterFromHeaders(headers, now) ?? options.defaultRateLimitWaitMs ?? 60_000,
    });
  }
  if (status >= 500 || status === 408)
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers, now) });
  const errors = redditErrorsOf(data);
  if (errors.length > 0) return mapRedditApiErrors(errors, kind, options, status);
  return new ContentRejectedError({ ...init, platformMessage: text || undefined });
}

/**
 * Token endpoint failures: a refused code or refresh token (`invalid_grant`), or bad client
 * credentials (401), mean the user must connect again; 5xx and 429 stay retryable.
 *
 * @example
 * ```ts
 * mapRedditOAuthError({ status: 400, data: { error: 'invalid_grant' }, headers }) // NeedsReconnectError
 * ```
 */
export function mapRedditOAuthError(failure: HttpFailure, options: RedditErrorOptions = {}): PlatformError {
  if (failure.status >= 500 || failure.status === 429) return mapRedditError(failure, options);
  const parsed = redditOAuthErrorSchema.safeParse(failure.data);
  const code = parsed.success ? String(parsed.data.error) : undefined;
  const detail = parsed.success ? (parsed.data.error_description ?? parsed.data.message) : undefined;
  return new NeedsReconnectError({
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    platformCode: code,
    message: `token request refused (${code ?? failure.status})${detail ? `: ${detail}` : ''}`,
  });
}
