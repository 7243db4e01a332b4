/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight; results keep the input order.
 *
 * @template T, R
 * @param {readonly T[]} items
 * @param {number} concurrency
 * @param {(item: T, index: number) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
export async function mapPool(items, concurrency, fn) {
  /** @type {R[]} */
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await fn(/** @type {T} */ (items[index]), index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}

/**
 * Polls `check` until it returns true.
 *
 * @param {() => Promise<boolean>} check
 * @param {{ timeoutMs: number, everyMs?: number, what: string }} options
 * @returns {Promise<void>}
 */
export async function until(check, options) {
  const end = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}
