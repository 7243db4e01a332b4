/**
 * How long the platform asked us to wait, from the headers platforms use:
 * `Retry-After` (seconds or an HTTP date), `x-rate-limit-reset` / `x-ratelimit-reset`
 * (X: epoch seconds; Reddit: seconds until reset). Undefined when none says.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders(new Headers({ 'retry-after': '30' })) // 30000
 * ```
 */
export function retryAfterFromHeaders(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset !== null) {
    const value = Number(reset);
    if (!Number.isFinite(value)) return undefined;
    // Epoch seconds are large; a small number is "seconds from now" (Reddit).
    return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : Math.max(0, Math.round(value * 1000));
  }
  return undefined;
}
