/**
 * Publishes of one process that reached their second and have not yet had the platform's answer.
 * When a thousand posts share a second, the answers wait here (a bounded while) before anything
 * is written about them, so the claims and requests of the others go first: the store writes and
 * Temporal tasks that follow an answer are not on the way of the next post's request.
 */
export class Burst {
  #pending = 0;
  #waiters: Array<() => void> = [];

  /** A publish reached its second. Pair with exactly one {@link leave}. */
  enter(): void {
    this.#pending++;
  }

  /** That publish has its answer (or gave up). */
  leave(): void {
    this.#pending--;
    if (this.#pending > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once no publish of the burst is on its way, or after `maxMs` at the latest. */
  settled(maxMs: number): Promise<void> {
    if (this.#pending <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
