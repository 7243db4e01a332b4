/**
 * At most `limit` tasks at once; the rest wait in arrival order. Keeps one process from opening
 * a thousand platform calls (or uploads) when a thousand posts share a second.
 */
export class Limiter {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so `#running` never dips in between.
      if (next) next();
      else this.#running--;
    }
  }
}
