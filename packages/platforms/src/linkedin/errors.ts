import {
  ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { type HttpFailure, httpErrorInit, retryAfterFromHeaders } from '../http/index.js';
import { linkedInErrorSchema, linkedInOAuthErrorSchema } from './wire.js';

const PLATFORM = 'linkedin';

/** What a LinkedIn error body says. */
export interface LinkedInErrorInfo {
  message: string | undefined;
  /** `code` (e.g. `ACCESS_DENIED`) or `serviceErrorCode` (e.g. `65601`). */
  code: string | undefined;
  /** The request field a validation error points at, as LinkedIn wrote it (`/commentary`). */
  fieldPath: string | undefined;
}

/**
 * Reads LinkedIn's error envelope `{message, serviceErrorCode, status}` (with `errorDetails.inputErrors`
 * on validation errors) and the OAuth `{error, error_description}`.
 *
 * @example
 * ```ts
 * linkedInErrorInfo({ message: 'Not enough permissions', serviceErrorCode: 100, status: 403 }).code // '100'
 * ```
 */
export function linkedInErrorInfo(data: unknown): LinkedInErrorInfo {
  const oauth = linkedInOAuthErrorSchema.safeParse(data);
  if (oauth.success) {
    return {
      message: oauth.data.error_description ?? oauth.data.error,
      code: oauth.data.error,
      fieldPath: undefined,
    };
  }
  const parsed = linkedInErrorSchema.safeParse(data);
  if (parsed.success && typeof data === 'object' && data !== null) {
    const body = parsed.data;
    const input = body.errorDetails?.inputErrors?.[0];
    const details = (body.errorDetails?.inputErrors ?? [])
      .map((e) => e.description)
      .filter((d): d is string => !!d);
    const message = [body.message, ...details].filter((m): m is string => !!m).join(' — ') || undefined;
    const serviceCode =
      body.serviceErrorCode === null || body.serviceErrorCode === undefined
        ? undefined
        : String(body.serviceErrorCode);
    return {
      message,
      code: input?.code ?? body.code ?? serviceCode,
      fieldPath: input?.input?.inputPath?.fieldPath ?? pathInMessage(body.message ?? ''),
    };
  }
  return {
    message: typeof data === 'string' && data ? data.slice(0, 300) : undefined,
    code: undefined,
    fieldPath: undefined,
  };
}

/** Older validation messages name the field inline: `/commentary :: length 3100 exceeds ...`. */
function pathInMessage(message: string): string | undefined {
  return /(?:^|\s|::\s*)(\/[A-Za-z][\w/]*)/.exec(message)?.[1];
}

/**
 * Translates LinkedIn's field path into RelayPost's content path: `/commentary` → `text`,
 * `/content/multiImage/images/2/altText` → `media.2.altText`, `/content/article/...` →
 * `options.article`, `/visibility` → `options.visibility`; anything else keeps LinkedIn's path.
 *
 * @example
 * ```ts
 * contentFieldOf('/content/media/id') // 'media'
 * ```
 */
export function contentFieldOf(fieldPath: string | undefined): string | undefined {
  if (!fieldPath) return undefined;
  const parts = fieldPath
    .replace(/^\/+/, '')
    .split(/[/.]/)
    .filter((p) => p !== '');
  const [head, kind, ...rest] = parts;
  if (head === 'commentary') return 'text';
  if (head === 'visibility') return 'options.visibility';
  if (head === 'isReshareDisabledByAuthor') return 'options.disableReshare';
  if (head === 'content') {
    if (kind === 'article') return 'options.article';
    if (kind === 'multiImage' && rest[0] === 'images' && /^\d+$/.test(rest[1] ?? '')) {
      return rest[2] === 'altText' ? `media.${rest[1]}.altText` : `media.${rest[1]}`;
    }
    if (kind === 'media' && rest[0] === 'altText') return 'media.0.altText';
    if (kind === 'media' && rest[0] === 'title') return 'options.videoTitle';
    return 'media';
  }
  return parts.join('.') || undefined;
}

/**
 * Milliseconds until the next midnight UTC, when LinkedIn's daily limits reset.
 *
 * @example
 * ```ts
 * msUntilUtcMidnight(Date.parse('2026-05-01T23:00:00Z')) // 3_600_000
 * ```
 */
export function msUntilUtcMidnight(now: number = Date.now()): number {
  const at = new Date(now);
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
  return Math.max(1000, midnight - now);
}

/**
 * How long to wait after a 429 that is not a used-up daily limit and names no time: LinkedIn's
 * short-lived throttling ("Too many requests", infrastructure protection) clears by itself.
 */
export const LINKEDIN_THROTTLE_WAIT_MS = 60_000;

/**
 * Whether a 429 says a daily limit is used up (`Resource level throttle MEMBER DAY limit for calls
 * to this resource is reached.`), as opposed to short-lived throttling. Daily limits reset at
 * midnight UTC.
 *
 * @example
 * ```ts
 * isDailyLimit('Resource level throttle APPLICATION DAY limit for calls to this resource is reached.') // true
 * isDailyLimit('Too many requests') // false
 * ```
 */
export function isDailyLimit(message: string | undefined): boolean {
  return /\bDAY limit\b|throttle limit for calls to this resource is reached/i.test(message ?? '');
}

/**
 * Maps a LinkedIn error answer to the platform error family: 401 → reconnect; 403 (the token
 * lacks a scope or the member lost the role) → reconnect; 429 → rate limited until the
 * Retry-After, else until midnight UTC for a used-up daily limit (scope `app` for the
 * application's limit), else `LINKEDIN_THROTTLE_WAIT_MS`; 5xx → transient; 400/422 and other
 * 4xx → content rejected, naming the field. A 426 (a sunset `LinkedIn-Version`) is not a platform
 * error at all: `linkedInVersionError` turns it into a `ConfigurationError` first.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'linkedin', mutating: true, mapError: (f) => mapLinkedInError(f) }, run);
 * ```
 */
export function mapLinkedInError(failure: HttpFailure, now = Date.now()): PlatformError {
  const { status, data, headers } = failure;
  const info = linkedInErrorInfo(data);
  const init = httpErrorInit(PLATFORM, failure, info);
  if (status === 401) return new NeedsReconnectError(init);
  if (status === 429) {
    const daily = isDailyLimit(info.message);
    return new RateLimitedError({
      ...init,
      scope: daily && /\bAPPLICATION\b/i.test(info.message ?? '') ? 'app' : 'account',
      retryAfterMs:
        retryAfterFromHeaders(headers, now) ?? (daily ? msUntilUtcMidnight(now) : LINKEDIN_THROTTLE_WAIT_MS),
    });
  }
  if (status >= 500 || status === 408) {
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(headers, now) });
  }
  if (status === 403) return new NeedsReconnectError(init);
  const field = contentFieldOf(info.fieldPath);
  return new ContentRejectedError({
    ...init,
    field,
    platformMessage: info.message,
    message: `${init.message}${field && info.fieldPath ? ` (${info.fieldPath})` : ''}`,
  });
}

/**
 * A 426 (`NONEXISTENT_VERSION`: "Requested version 202401 is not active"): LinkedIn no longer
 * serves the configured `LinkedIn-Version`. No retry and no reconnect can fix it; the operator
 * must raise `apiVersion` (worker: `LINKEDIN_API_VERSION`). Undefined for any other answer.
 *
 * @example
 * ```ts
 * linkedInVersionError({ status: 426, data: { code: 'NONEXISTENT_VERSION' }, headers }, '202401')?.message
 * // 'linkedin: LinkedIn-Version 202401 is no longer active ...: set apiVersion ...'
 * ```
 */
export function linkedInVersionError(
  failure: HttpFailure,
  apiVersion: string,
): ConfigurationError | undefined {
  const info = linkedInErrorInfo(failure.data);
  if (failure.status !== 426 && info.code !== 'NONEXISTENT_VERSION') return undefined;
  return new ConfigurationError(
    `linkedin: LinkedIn-Version ${apiVersion} is no longer active (HTTP ${failure.status} ${
      info.code ?? ''
    }${info.message ? `: ${info.message}` : ''}): set apiVersion (worker: LINKEDIN_API_VERSION) to a ` +
      'version LinkedIn lists as active (https://learn.microsoft.com/en-us/linkedin/marketing/versioning)',
  );
}

/**
 * Token endpoint failures: a refused grant (bad or used code, expired or revoked refresh token,
 * wrong client) means the member must connect again; 5xx and 429 stay retryable.
 *
 * @example
 * ```ts
 * platformCall({ platform: 'linkedin', mutating: false, mapError: (f) => mapLinkedInOAuthError(f) }, run);
 * ```
 */
export function mapLinkedInOAuthError(failure: HttpFailure, now = Date.now()): PlatformError {
  if (failure.status >= 500 || failure.status === 429) return mapLinkedInError(failure, now);
  const info = linkedInErrorInfo(failure.data);
  return new NeedsReconnectError({
    platform: PLATFORM,
    status: failure.status,
    responseBody: failure.data,
    platformCode: info.code,
    message: `token request refused (${info.code ?? failure.status})${info.message ? `: ${info.message}` : ''}`,
  });
}
