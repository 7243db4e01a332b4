import { describe, expect, it } from 'vitest';
import { Burst } from './burst.js';

const SECOND = Date.parse('2026-12-01T09:00:00Z');

describe('Burst', () => {
  it('holds answers until the last publish of the same second has its own', async () => {
    const burst = new Burst();
    burst.enter(SECOND);
    burst.enter(SECOND);
    burst.leave(SECOND);
    let settled = false;
    const waiting = burst.settled(SECOND, 60_000).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    burst.leave(SECOND);
    await waiting;
    expect(settled).toBe(true);
    await burst.settled(SECOND, 60_000); // nothing pending: at once
  });

  it('never waits for publishes of another second', async () => {
    const burst = new Burst();
    burst.enter(SECOND - 60_000); // a long upload that started a minute earlier
    burst.enter(SECOND);
    burst.leave(SECOND);
    await burst.settled(SECOND, 60_000);
  });

  it('never holds an answer longer than asked', async () => {
    const burst = new Burst();
    burst.enter(SECOND);
    const started = Date.now();
    await burst.settled(SECOND, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
