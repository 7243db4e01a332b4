import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  formatInZone,
  instantToZonedLocal,
  isTimeZone,
  startOfZonedDay,
  zonedDate,
  zonedLocalToInstant,
} from '../src/lib/time';

describe('zonedLocalToInstant', () => {
  it('converts in zones east and west of UTC, half-hour zones included', () => {
    expect(zonedLocalToInstant('2026-07-01T09:00', 'Europe/Berlin')).toEqual({
      instant: '2026-07-01T07:00:00.000Z',
      resolution: 'exact',
    });
    expect(zonedLocalToInstant('2026-01-15T09:00', 'America/New_York').instant).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(zonedLocalToInstant('2026-01-15T09:00', 'Asia/Kathmandu').instant).toBe(
      '2026-01-15T03:15:00.000Z',
    );
  });

  it('moves a time in a spring-forward gap forward and says so (Berlin, 29 March 2026)', () => {
    const result = zonedLocalToInstant('2026-03-29T02:30', 'Europe/Berlin');
    expect(result).toEqual({ instant: '2026-03-29T01:30:00.000Z', resolution: 'skipped' });
    expect(instantToZonedLocal(result.instant, 'Europe/Berlin')).toBe('2026-03-29T03:30');
    expect(zonedLocalToInstant('2026-03-29T03:00', 'Europe/Berlin').resolution).toBe('exact');
  });

  it('takes the earlier of two instants when clocks go back (Berlin, 25 October 2026)', () => {
    expect(zonedLocalToInstant('2026-10-25T02:30', 'Europe/Berlin')).toEqual({
      instant: '2026-10-25T00:30:00.000Z',
      resolution: 'ambiguous',
    });
    expect(zonedLocalToInstant('2026-10-25T04:30', 'Europe/Berlin').resolution).toBe('exact');
  });

  it('refuses what is not a date and time', () => {
    expect(() => zonedLocalToInstant('tomorrow', 'UTC')).toThrow(RangeError);
    expect(() => zonedLocalToInstant('2026-02-30T09:00', 'UTC')).toThrow(RangeError);
  });
});

describe('days in a zone', () => {
  it('puts an instant on the day it is in the zone, not in UTC', () => {
    expect(zonedDate('2026-06-30T23:30:00Z', 'Europe/Berlin')).toBe('2026-07-01');
    expect(zonedDate('2026-06-30T23:30:00Z', 'UTC')).toBe('2026-06-30');
    expect(startOfZonedDay('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
    expect(formatInZone('2026-07-01T07:00:00Z', 'Europe/Berlin')).toBe('Wed 1 Jul 2026, 09:00');
  });

  it('lists days across a month end', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
