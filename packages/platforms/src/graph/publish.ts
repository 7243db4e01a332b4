export { issuesToRejection } from '@relaypost/core';

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
