/**
 * YouTube Data API quota resets at midnight Pacific Time (America/Los_Angeles, so it follows
 * daylight saving). This computes how long until the next reset.
 */

const PACIFIC = 'America/Los_Angeles';

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Pacific wall-clock fields of an instant. */
function pacificParts(at: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(new Date(at))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Offset of Pacific time from UTC at an instant, in ms (e.g. -7 h in summer). */
function pacificOffsetMs(at: number): number {
  const p = pacificParts(at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * Milliseconds from `now` until the next midnight in Pacific Time, when the daily quota resets.
 *
 * @example
 * ```ts
 * msUntilPacificMidnight(Date.parse('2026-07-01T06:00:00Z')) // 1 h: 23:00 PDT → 00:00 PDT
 * ```
 */
export function msUntilPacificMidnight(now: number = Date.now()): number {
  const p = pacificParts(now);
  // Midnight starting the next Pacific day, as a wall-clock time read as UTC...
  const nextMidnightWall = Date.UTC(p.year, p.month - 1, p.day + 1, 0, 0, 0);
  // ...shifted by the offset in force then (twice, in case the guess crossed a DST change).
  let guess = nextMidnightWall - pacificOffsetMs(now);
  guess = nextMidnightWall - pacificOffsetMs(guess);
  return Math.max(1000, guess - now);
}
