import { describe, expect, it } from 'vitest';
import { Alarms } from './alarms.js';

describe('Alarms', () => {
  it('wakes every waiter of an instant in the same turn, never before the instant', async () => {
    const alarms = new Alarms();
    const instant = Date.now() + 60;
    const woke: number[] = [];
    let turn = 0;
    const ticker = setInterval(() => turn++, 1);
    const waiting: Promise<unknown>[] = [];
    // Waiters arrive over several turns and milliseconds, as holds prepared at different times do.
    for (let group = 0; group < 5; group++) {
      for (let i = 0; i < 100; i++)
        waiting.push(alarms.until(instant, new AbortController().signal).then(() => woke.push(turn)));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all(waiting);
    clearInterval(ticker);
    expect(new Set(woke).size).toBe(1);
    expect(Date.now()).toBeGreaterThanOrEqual(instant);
  });

  it('resolves at once for an instant that has passed', async () => {
    const started = Date.now();
    await new Alarms().until(started - 1_000, new AbortController().signal);
    expect(Date.now() - started).toBeLessThan(20);
  });

  it('rejects a cancelled waiter with the reason and keeps the alarm for the others', async () => {
    const alarms = new Alarms();
    const instant = Date.now() + 80;
    const cancelled = new AbortController();
    const first = alarms.until(instant, cancelled.signal);
    const second = alarms.until(instant, new AbortController().signal);
    const reason = new Error('activity cancelled');
    cancelled.abort(reason);
    await expect(first).rejects.toBe(reason);
    await second;
    expect(Date.now()).toBeGreaterThanOrEqual(instant);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(new Alarms().until(Date.now() + 10_000, controller.signal)).rejects.toThrow('gone');
  });
});
