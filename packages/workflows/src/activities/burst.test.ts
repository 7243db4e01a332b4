import { describe, expect, it } from 'vitest';
import { Burst } from './burst.js';

describe('Burst', () => {
  it('holds answers until the last publish of the burst has its own', async () => {
    const burst = new Burst();
    burst.enter();
    burst.enter();
    burst.leave();
    let settled = false;
    const waiting = burst.settled(60_000).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    burst.leave();
    await waiting;
    expect(settled).toBe(true);
    await burst.settled(60_000); // nothing pending: at once
  });

  it('never holds an answer longer than asked', async () => {
    const burst = new Burst();
    burst.enter(); // a slow upload that stays on its way
    const started = Date.now();
    await burst.settled(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
