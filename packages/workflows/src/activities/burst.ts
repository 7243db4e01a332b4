/**
 * Publishes of one process that reached the same second and have not yet had the platform's
 * answer. When a thousand posts share a second, the answers wait here (a bounded while) before
 * anything is written about them, so the claims and requests of the others go first: the store
 * writes and Temporal tasks that follow an answer are not on the way of the next post's request.
 * Publishes of other seconds (a long upload started earlier, say) are never waited for.
 */
export class Burst {
  readonly #seconds = new Map<number, { pending: number; waiters: Array<() => void> }>();

  /** A publish reached `second` (ms; its group). Pair with exactly one {@link leave}. */
  enter(second: number): void {
    const group = this.#seconds.get(second) ?? { pending: 0, waiters: [] };
    group.pending++;
    this.#seconds.set(second, group);
  }

  /** That publish has its answer (or gave up). */
  leave(second: number): void {
    const group = this.#seconds.get(second);
    if (!group) return;
    group.pending--;
    if (group.pending > 0) return;
    this.#seconds.delete(second);
    for (const wake of group.waiters) wake();
  }

  /** Resolves once no publish of `second` is on its way, or after `maxMs` at the latest. */
  settled(second: number, maxMs: number): Promise<void> {
    const group = this.#seconds.get(second);
    if (!group) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      group.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
