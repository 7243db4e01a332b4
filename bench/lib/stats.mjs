/**
 * @typedef {object} Summary
 * @property {number} count
 * @property {number} min
 * @property {number} p50
 * @property {number} p90
 * @property {number} p99
 * @property {number} max
 * @property {number} mean
 */

/**
 * Nearest-rank percentile of sorted values (p in 0..100).
 *
 * @param {readonly number[]} sorted ascending
 * @param {number} p
 * @returns {number}
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/**
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Milliseconds as a short human string: `850 ms`, `1.24 s`.
 *
 * @param {number} ms
 * @returns {string}
 */
export function ms(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (Math.abs(ms) < 10) return `${ms.toFixed(1)} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Bytes as megabytes (10^6 bytes, as the targets are written) with one decimal.
 *
 * @param {number} bytes
 * @returns {string}
 */
export function mb(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * @param {number} n
 * @param {number} [digits]
 * @returns {string}
 */
export function num(n, digits = 1) {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toFixed(digits);
}
