import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  instantToZonedLocal,
  isTimeZone,
  startOfZonedDay,
  zonedDate,
  zonedLocalToInstant,
  zoneOffsetMs,
} from '../src/lib/time-zone.js';

describe('zonedLocalToInstant', () => {
  it('converts ordinary times in zones east and west of UTC', () => {
    expect(zonedLocalToInstant('2026-07-01T09:00', 'Europe/Berlin')).toEqual({
      instant: '2026-07-01T07:00:00.000Z',
      resolution: 'exact',
      offsetMinutes: 120,
    });
    expect(zonedLocalToInstant('2026-01-15T09:00', 'Europe/Berlin').instant).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedLocalToInstant('2026-01-15T09:00', 'America/New_York').instant).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(zonedLocalToInstant('2026-01-15T09:00', 'Asia/Kolkata').instant).toBe('2026-01-15T03:30:00.000Z');
    expect(zonedLocalToInstant('2026-01-15T09:00', 'Asia/Kathmandu').instant).toBe(
      '2026-01-15T03:15:00.000Z',
    );
    expect(zonedLocalToInstant('2026-01-15T09:00:30', 'UTC').instant).toBe('2026-01-15T09:00:30.000Z');
  });

  it('does not depend on the server’s own zone', () => {
    // process.env.TZ is whatever the machine says; the result must not move with it.
    expect(zonedLocalToInstant('2026-03-29T09:00', 'Europe/Berlin').instant).toBe('2026-03-29T07:00:00.000Z');
  });

  it('moves a time in a spring-forward gap forward by the gap (Berlin, 29 March 2026)', () => {
    // Clocks jump from 02:00 CET to 03:00 CEST: 02:30 does not exist.
    const result = zonedLocalToInstant('2026-03-29T02:30', 'Europe/Berlin');
    expect(result.resolution).toBe('skipped');
    expect(result.instant).toBe('2026-03-29T01:30:00.000Z');
    expect(instantToZonedLocal(result.instant, 'Europe/Berlin')).toBe('2026-03-29T03:30');
    // The minutes around the gap are exact.
    expect(zonedLocalToInstant('2026-03-29T01:59', 'Europe/Berlin')).toMatchObject({
      instant: '2026-03-29T00:59:00.000Z',
      resolution: 'exact',
    });
    expect(zonedLocalToInstant('2026-03-29T03:00', 'Europe/Berlin')).toMatchObject({
      instant: '2026-03-29T01:00:00.000Z',
      resolution: 'exact',
    });
  });

  it('takes the earlier instant for a time that happens twice (Berlin, 25 October 2026)', () => {
    // Clocks go back from 03:00 CEST to 02:00 CET: 02:30 happens twice.
    const result = zonedLocalToInstant('2026-10-25T02:30', 'Europe/Berlin');
    expect(result).toEqual({
      instant: '2026-10-25T00:30:00.000Z',
      resolution: 'ambiguous',
      offsetMinutes: 120,
    });
  });

  it('handles US transitions (New York, 8 March and 1 November 2026)', () => {
    expect(zonedLocalToInstant('2026-03-08T02:15', 'America/New_York')).toMatchObject({
      instant: '2026-03-08T07:15:00.000Z',
      resolution: 'skipped',
    });
    expect(instantToZonedLocal('2026-03-08T07:15:00.000Z', 'America/New_York')).toBe('2026-03-08T03:15');
    expect(zonedLocalToInstant('2026-11-01T01:30', 'America/New_York')).toMatchObject({
      instant: '2026-11-01T05:30:00.000Z',
      resolution: 'ambiguous',
    });
  });

  it('handles southern-hemisphere and half-hour DST (Sydney, Lord Howe Island)', () => {
    // Sydney: clocks go forward on 4 October 2026, 02:00 → 03:00.
    expect(zonedLocalToInstant('2026-10-04T02:30', 'Australia/Sydney')).toMatchObject({
      instant: '2026-10-03T16:30:00.000Z',
      resolution: 'skipped',
    });
    // Lord Howe: +10:30 → +11 on 4 October 2026 at 02:00; 02:15 does not exist.
    const lh = zonedLocalToInstant('2026-10-04T02:15', 'Australia/Lord_Howe');
    expect(lh.resolution).toBe('skipped');
    expect(instantToZonedLocal(lh.instant, 'Australia/Lord_Howe')).toBe('2026-10-04T02:45');
  });

  it('round-trips every half hour of a year in a DST zone', () => {
    const zone = 'Europe/London';
    for (
      let t = Date.parse('2026-01-01T00:00:00Z');
      t < Date.parse('2027-01-01T00:00:00Z');
      t += 30 * 60_000
    ) {
      const local = instantToZonedLocal(t, zone);
      const back = zonedLocalToInstant(local, zone);
      if (back.resolution === 'exact') expect(Date.parse(back.instant)).toBe(t);
      else expect(back.resolution).toBe('ambiguous'); // the second 01:xx of October maps to the first
    }
  });

  it('refuses malformed input and unknown zones', () => {
    expect(() => zonedLocalToInstant('2026-02-30T10:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedLocalToInstant('2026-01-01 10:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedLocalToInstant('2026-01-01T24:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedLocalToInstant('2026-01-01T10:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('zone helpers', () => {
  it('reads offsets, dates and day starts in a zone', () => {
    expect(zoneOffsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(zoneOffsetMs(Date.parse('2026-07-01T00:00:00.999Z'), 'America/Los_Angeles')).toBe(-7 * 3_600_000);
    expect(zonedDate('2026-01-01T03:00:00Z', 'America/New_York')).toBe('2025-12-31');
    expect(startOfZonedDay('2026-03-01', 'Europe/Berlin')).toBe('2026-02-28T23:00:00.000Z');
    // Santiago skips midnight when DST starts (6 September 2026): the day starts at 01:00.
    expect(instantToZonedLocal(startOfZonedDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe(
      '2026-09-06T01:00',
    );
    expect(formatInZone('2026-03-29T07:00:00Z', 'Europe/Berlin')).toContain('09:00');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Local')).toBe(false);
    expect(isTimeZone('nope')).toBe(false);
  });
});
