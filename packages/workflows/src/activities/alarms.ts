import { setTimeout as sleep } from 'node:timers/promises';

interface Alarm {
  /** Resolves at the instant, for every waiter at once. */
  rings: Promise<void>;
  waiters: number;
  cancel: () => void;
}

/**
 * One timer per instant for every publish held for it. A thousand posts due in the same second
 * then wake in the same turn of the event loop, so their claims leave in one statement before the
 * first of them starts sending; a timer each wakes them over tens of milliseconds, and the
 * requests of the first ones hold back the claims of the rest.
 */
export class Alarms {
  readonly #alarms = new Map<number, Alarm>();

  /**
   * Resolves at `instant` (epoch ms; at once when it has passed), never before it by this
   * process's clock; rejects with the signal's reason when `signal` aborts first.
   */
  async until(instant: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason;
    if (Date.now() >= instant) return;
    const alarm = this.#alarmFor(instant);
    alarm.waiters++;
    let onAbort: (() => void) | undefined;
    try {
      await Promise.race([
        alarm.rings,
        new Promise<never>((_, reject) => {
          onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      alarm.waiters--;
      // The last waiter gone, rung or not: nobody needs the alarm any more. (Once the instant
      // has passed, no new waiter comes for it: `until` returns at once.)
      if (alarm.waiters === 0 && this.#alarms.get(instant) === alarm) {
        this.#alarms.delete(instant);
        alarm.cancel();
      }
    }
  }

  #alarmFor(instant: number): Alarm {
    const existing = this.#alarms.get(instant);
    if (existing) return existing;
    const controller = new AbortController();
    const rings = (async () => {
      // Timers may fire a millisecond early by the wall clock: wait out any remainder.
      for (let left = instant - Date.now(); left > 0; left = instant - Date.now()) {
        await sleep(left, undefined, { signal: controller.signal });
      }
    })();
    // A cancelled alarm has no waiters left to see its rejection.
    rings.catch(() => undefined);
    const alarm: Alarm = { rings, waiters: 0, cancel: () => controller.abort() };
    this.#alarms.set(instant, alarm);
    return alarm;
  }
}
