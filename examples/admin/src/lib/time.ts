import { DateTime } from 'luxon';

/** A wall-clock time as `<input type="datetime-local">` gives it: `YYYY-MM-DDTHH:mm`. */
export type LocalDateTime = string;

/** How a wall-clock time was resolved around a daylight-saving change. */
export type Resolution = 'exact' | 'skipped' | 'ambiguous';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/**
 * A wall-clock time in `zone` as an instant (luxon). A time skipped by a spring-forward jump
 * moves forward by the jump; a time that happens twice takes the earlier instant. Throws on a
 * value that is not a date and time.
 *
 * @example
 * ```ts
 * zonedLocalToInstant('2026-03-29T02:30', 'Europe/Berlin')
 * // { instant: '2026-03-29T01:30:00.000Z', resolution: 'skipped' }
 * ```
 */
export function zonedLocalToInstant(
  local: LocalDateTime,
  zone: string,
): { instant: string; resolution: Resolution } {
  if (!LOCAL.test(local)) throw new RangeError(`not a local date and time: ${local}`);
  const time = DateTime.fromISO(local, { zone });
  if (!time.isValid) throw new RangeError(`not a valid date and time in ${zone}: ${local}`);
  const offsets = time.getPossibleOffsets();
  const resolution: Resolution =
    offsets.length > 1
      ? 'ambiguous'
      : time.toFormat("yyyy-MM-dd'T'HH:mm") !== local.slice(0, 16)
        ? 'skipped'
        : 'exact';
  // luxon picks one of the two offsets for an ambiguous time; the earlier instant is the larger offset.
  const chosen = resolution === 'ambiguous' ? offsets.reduce((a, b) => (a.offset > b.offset ? a : b)) : time;
  return { instant: chosen.toUTC().toISO()!, resolution };
}

/**
 * An instant as the wall-clock time in `zone`, in the `datetime-local` format.
 *
 * @example
 * ```ts
 * instantToZonedLocal('2026-07-01T07:00:00Z', 'Europe/Berlin') // '2026-07-01T09:00'
 * ```
 */
export function instantToZonedLocal(instant: string, zone: string): LocalDateTime {
  return DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * An instant for people, in `zone`: `Wed 1 Jul 2026, 09:00`.
 *
 * @example
 * ```ts
 * formatInZone('2026-07-01T07:00:00Z', 'Europe/Berlin') // 'Wed 1 Jul 2026, 09:00'
 * ```
 */
export function formatInZone(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
}

/**
 * The calendar day of an instant in `zone` (`YYYY-MM-DD`).
 *
 * @example
 * ```ts
 * zonedDate('2026-06-30T23:30:00Z', 'Europe/Berlin') // '2026-07-01'
 * ```
 */
export function zonedDate(instant: string | number, zone: string): string {
  const time =
    typeof instant === 'number'
      ? DateTime.fromMillis(instant, { zone })
      : DateTime.fromISO(instant, { zone });
  return time.toISODate()!;
}

/**
 * The instant a calendar day starts in `zone` (midnight, or the first minute after a jump).
 *
 * @example
 * ```ts
 * startOfZonedDay('2026-07-01', 'Europe/Berlin') // '2026-06-30T22:00:00.000Z'
 * ```
 */
export function startOfZonedDay(date: string, zone: string): string {
  return DateTime.fromISO(date, { zone }).startOf('day').toUTC().toISO()!;
}

/**
 * The days from `from` to `to`, both included (`YYYY-MM-DD`).
 *
 * @example
 * ```ts
 * daysBetween('2026-02-27', '2026-03-01') // ['2026-02-27', '2026-02-28', '2026-03-01']
 * ```
 */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'UTC' }); day.toISODate()! <= to; day = day.plus({ days: 1 }))
    days.push(day.toISODate()!);
  return days;
}

/**
 * Whether `zone` is an IANA time zone this runtime knows.
 *
 * @example
 * ```ts
 * isTimeZone('Europe/Berlin') // true
 * ```
 */
export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/**
 * Every IANA zone the runtime knows, for pickers.
 *
 * @example
 * ```ts
 * timeZones().includes('Asia/Kolkata') // true
 * ```
 */
export function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}
