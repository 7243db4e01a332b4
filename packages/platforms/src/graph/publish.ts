import { ContentRejectedError, type ValidationIssue } from '@relaypost/core';

/**
 * The first validation issue as the rejection `publish` throws (content that can never pass is
 * not sent to the platform).
 *
 * @example
 * ```ts
 * const rejection = issuesToRejection('threads', validate(request.content));
 * if (rejection) throw rejection;
 * ```
 */
export function issuesToRejection(
  platform: string,
  issues: readonly ValidationIssue[],
): ContentRejectedError | undefined {
  const first = issues[0];
  if (!first) return undefined;
  return new ContentRejectedError({
    platform,
    field: first.path,
    limit: Array.isArray(first.limit) ? first.limit.join('|') : (first.limit as number | string | undefined),
    message: `${first.path}: ${first.message}`,
  });
}

/**
 * Whether a Graph timestamp (`2025-01-01T12:00:00+0000` or ISO) lies within `windowMs` before now.
 *
 * @example
 * ```ts
 * withinWindow('2025-01-01T12:00:00+0000', 30 * 60_000)
 * ```
 */
export function withinWindow(
  timestamp: string | null | undefined,
  windowMs: number,
  now = Date.now(),
): boolean {
  if (!timestamp) return false;
  const at = Date.parse(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return !Number.isNaN(at) && at >= now - windowMs && at <= now + 60_000;
}
