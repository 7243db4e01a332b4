import {
  ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, httpErrorInit, retryAfterFromHeaders } from '../http/index.js';
import { type XProblem, xLegacyErrorSchema, xOAuthErrorSchema, xProblemSchema } from './wire.js';

const PLATFORM = 'x';
const X_SCOPE_HINT = 'posts need tweet.read, tweet.write and users.read; media needs media.write';
const PROBLEM_BASE = 'https://api.twitter.com/2/problems/';

/** Knobs for the error mapping (⚠ facts known from third parties only). */
export interface XErrorOptions {
  /**
   * ⚠ Prefix of the per-app daily cap headers (`<prefix>-limit/-remaining/-reset`). When
   * `-remaining` is `0` on a 429, the whole app is capped (scope `app`). Default `x-app-limit-24hour`.
   */
  appLimitHeaderPrefix?: string;
  /**
   * ⚠ Prefix of the per-user daily cap headers. When `-remaining` is `0` on a 429, this account
   * is capped until `-reset` (scope `account`), not for X's usual 15 minutes. Default
   * `x-user-limit-24hour`.
   */
  userLimitHeaderPrefix?: string;
  /** ⚠ Wait when a 429 names no reset time. Default 15 minutes (X's usual window). */
  defaultRateLimitWaitMs?: number;
}

/** What an X error body says, whatever envelope it came in. */
export interface XErrorInfo {
  /** The problem type's last segment (`usage-capped`), `about:blank`, or an error code. */
  code: string | undefined;
  message: string | undefined;
  /** Request parameters an `invalid-request` problem names. */
  parameters: string[];
  problem: XProblem | undefined;
}

/**
 * Reads any of X's error envelopes: problem+json, `{errors:[...]}`, `{code, message}` and the
 * OAuth `{error, error_description}`.
 *
 * @example
 * ```ts
 * xErrorInfo({ type: 'about:blank', title: 'Forbidden', detail: 'duplicate content' }).message // 'duplicate content'
 * ```
 */
export function xErrorInfo(data: unknown): XErrorInfo {
  const problem = xProblemSchema.safeParse(data);
  if (problem.success) {
    const p = problem.data;
    const messages = (p.errors ?? []).map((e) => e.message).filter((m): m is string => !!m);
    const parameters = (p.errors ?? []).flatMap((e) => Object.keys(e.parameters ?? {}));
    return {
      code: p.type.startsWith(PROBLEM_BASE) ? p.type.slice(PROBLEM_BASE.length) : p.type,
      message: [p.detail ?? p.title, ...messages].join(' — '),
      parameters,
      problem: p,
    };
  }
  const legacy = xLegacyErrorSchema.safeParse(data);
  if (legacy.success) {
    const first = 'errors' in legacy.data ? legacy.data.errors[0] : legacy.data;
    return {
      code: first?.code === undefined || first.code === null ? undefined : String(first.code),
      message: first?.message ?? undefined,
      parameters: [],
      problem: undefined,
    };
  }
  const oauth = xOAuthErrorSchema.safeParse(data);
  if (oauth.success) {
    return {
      code: oauth.data.error,
      message: oauth.data.error_description ?? oauth.data.error,
      parameters: [],
      problem: undefined,
    };
  }
  return {
    code: undefined,
    message: typeof data === 'string' && data ? data.slice(0, 300) : undefined,
    parameters: [],
    problem: undefined,
  };
}

/** The field a rejection names, from the request parameters or the message. */
function fieldOf(info: XErrorInfo): string | undefined {
  const parameter = info.parameters[0];
  if (parameter) {
    if (parameter.startsWith('media')) return 'media';
    if (parameter === 'text') return 'text';
    return `options.${parameter}`;
  }
  if (/duplicate|too long|text/i.test(info.message ?? '')) return 'text';
  if (/media/i.test(info.message ?? '')) return 'media';
  return undefined;
}

/** The wait from an epoch-seconds reset header. */
function resetWait(headers: Headers, name: string, now: number): number | undefined {
  const reset = Number(headers.get(name));
  return headers.get(name) !== null && Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : undefined;
}

/**
 * Maps an X error answer to the platform error family: 401 → reconnect; 402 (pay-per-use credits
 * used up) → a `ConfigurationError` that says what to do: a billing matter, neither the content's
 * fault nor fixed by reconnecting or waiting (credits come back only when someone buys them), so
 * the target fails at once instead of publishing hours late; 429 → rate
 * limited: scope `app` when the app's daily cap or a usage cap is hit, scope `account` until
 * `x-user-limit-24hour-reset` when the user's daily cap is, else `account` until
 * `x-rate-limit-reset`; 5xx → transient; a bare 403 `Forbidden` (a token without the endpoint's
 * scope) → reconnect; other 4xx → content rejected with X's words.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'x', mutating: true, mapError: (f) => mapXError(f) }, () => http.post(url).json());
 * ```
 */
export function mapXError(
  failure: HttpFailure,
  options: XErrorOptions = {},
  now = Date.now(),
): PlatformError | ConfigurationError {
  const { status, data, headers } = failure;
  const info = xErrorInfo(data);
  const init = httpErrorInit(PLATFORM, failure, info);
  const defaultWait = options.defaultRateLimitWaitMs ?? 15 * 60 * 1000;
  if (status === 401) return new NeedsReconnectError(init);
  if (status === 402) {
    const label = info.problem?.title ?? info.code;
    return new ConfigurationError(
      `X answered HTTP 402${label ? ` ${label}` : ''}: the X app's pay-per-use credits are used up${
        info.message ? ` (${info.message})` : ''
      }; buy credits or turn on auto-recharge in the X Developer Console`,
      { setting: 'X Developer Console: pay-per-use credits' },
    );
  }
  if (status === 429) {
    const appPrefix = options.appLimitHeaderPrefix ?? 'x-app-limit-24hour';
    const userPrefix = options.userLimitHeaderPrefix ?? 'x-user-limit-24hour';
    const appCapped = headers.get(`${appPrefix}-remaining`) === '0';
    const usageCapped = info.code === 'usage-capped';
    if (appCapped || usageCapped) {
      return new RateLimitedError({
        ...init,
        scope: 'app',
        retryAfterMs:
          (appCapped ? resetWait(headers, `${appPrefix}-reset`, now) : undefined) ??
          retryAfterFromHeaders(headers, now) ??
          defaultWait,
      });
    }
    if (headers.get(`${userPrefix}-remaining`) === '0') {
      return new RateLimitedError({
        ...init,
        scope: 'account',
        retryAfterMs:
          resetWait(headers, `${userPrefix}-reset`, now) ??
          retryAfterFromHeaders(headers, now) ??
          defaultWait,
        message: `${init.message} (this account's daily cap is used up)`,
      });
    }
    return new RateLimitedError({
      ...init,
      scope: 'account',
      retryAfterMs: retryAfterFromHeaders(headers, now) ?? defaultWait,
    });
  }
  if (status >= 500 || status === 408) {
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers, now) });
  }
  if (status === 403 && info.code === 'unsupported-authentication') return new NeedsReconnectError(init);
  // A bare 403 (`about:blank`, detail `Forbidden`) is X's answer to a token without a scope the
  // endpoint needs (a grant from before `media.write`, say): only a new grant fixes it.
  if (status === 403 && info.code === 'about:blank' && info.problem?.detail === 'Forbidden') {
    return new NeedsReconnectError({
      ...init,
      message: `${init.message}: the token lacks a scope this call needs (${X_SCOPE_HINT}); reconnect the account`,
    });
  }
  return new ContentRejectedError({ ...init, field: fieldOf(info), platformMessage: info.message });
}

/**
 * Token endpoint failures: a refused grant (bad code, verifier, or a used refresh token) means
 * the user must connect again; 5xx and 429 stay retryable.
 */
export function mapXOAuthError(
  failure: HttpFailure,
  options: XErrorOptions = {},
): PlatformError | ConfigurationError {
  if (failure.status >= 500 || failure.status === 429) return mapXError(failure, options);
  const info = xErrorInfo(failure.data);
  return new NeedsReconnectError({
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    platformCode: info.code,
    message: `token request refused (${info.code ?? failure.status})${info.message ? `: ${info.message}` : ''}`,
  });
}
