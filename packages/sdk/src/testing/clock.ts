import { ValidationError } from '@relaypost/core';

/** The double's time: it stands still until the test moves it, and never goes back. */
export interface TestClock {
  /** The current time in milliseconds. */
  now(): number;
  /** Refuses (`ValidationError`) a time the clock cannot move to: not a time, or before the current one. */
  check(at: number): void;
  /** Moves the clock to `at` (milliseconds), after {@link TestClock.check}. */
  moveTo(at: number): void;
}

/** A clock that starts at `start` (milliseconds). */
export function createTestClock(start: number): TestClock {
  let current = start;
  const clock: TestClock = {
    now: () => current,
    check(at) {
      if (!Number.isFinite(at))
        throw new ValidationError([{ path: 'at', message: 'must be a valid time' }], 'clock');
      if (at < current)
        throw new ValidationError(
          [
            {
              path: 'at',
              message: "must not be before the clock's time: the test clock never goes back",
              limit: new Date(current).toISOString(),
              actual: new Date(at).toISOString(),
            },
          ],
          'clock',
        );
    },
    moveTo(at) {
      clock.check(at);
      current = at;
    },
  };
  return clock;
}

/** A time given as a `Date`, an ISO string or milliseconds, in milliseconds. */
export function toMillis(at: Date | string | number): number {
  return at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
}
