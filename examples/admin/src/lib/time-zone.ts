/**
 * Wall-clock time in a named time zone ⇄ instants, with `Intl` only (no date library).
 *
 * The composer asks for "the 30th of March at 09:00" in the workspace's zone; the SDK wants an
 * instant. Converting is not `new Date('2026-03-30T09:00')` (that uses the server's zone), and
 * around daylight-saving changes a wall-clock time can be missing (spring forward) or happen
 * twice (fall back). `zonedLocalToInstant` resolves both the way Temporal's `compatible`
 * disambiguation does, and says when it had to.
 */

/** A wall-clock time as the `<input type="datetime-local">` gives it: `YYYY-MM-DDTHH:mm[:ss]`. */
export type LocalDateTime = string;

/** How a wall-clock time was resolved. */
export type Resolution =
  /** The time exists once in the zone. */
  | 'exact'
  /** It does not exist (clocks jumped over it): moved forward by the length of the jump. */
  | 'skipped'
  /** It exists twice (clocks went back): the earlier of the two instants was taken. */
  | 'ambiguous';

export interface ZonedConversion {
  /** ISO-8601 instant in UTC, e.g. `2026-03-29T07:00:00.000Z`. */
  instant: string;
  resolution: Resolution;
  /** The zone's UTC offset at that instant, in minutes (east positive). */
  offsetMinutes: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `epochMs` in `timeZone`. */
function wallClock(epochMs: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * The zone's offset from UTC at `epochMs`, in milliseconds (east positive).
 *
 * @example
 * ```ts
 * zoneOffsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin') // 7_200_000
 * ```
 */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // Date.UTC maps years 0-99 to 1900-1999; nothing here schedules posts in antiquity.
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * Converts a wall-clock time in `timeZone` to an instant, DST-safe.
 *
 * A time inside a spring-forward gap is moved forward by the gap (02:30 on a day clocks jump
 * from 02:00 to 03:00 becomes 03:30); a time inside a fall-back overlap takes the earlier
 * instant (the first 02:30). `resolution` says which happened so the UI can tell the user.
 *
 * @throws RangeError for a malformed date-time or an unknown time zone.
 *
 * @example
 * ```ts
 * zonedLocalToInstant('2026-03-29T02:30', 'Europe/Berlin')
 * // { instant: '2026-03-29T01:30:00.000Z', resolution: 'skipped', offsetMinutes: 120 }
 * ```
 */
export function zonedLocalToInstant(local: LocalDateTime, timeZone: string): ZonedConversion {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError(`not a valid date-time: ${local}`);
  }
  formatterFor(timeZone); // throws RangeError for an unknown zone

  // Every instant that shows this wall-clock time has offset = wall - instant. Offsets within a
  // day of `wall` are the only candidates; try the offsets in force a day before and after.
  const day_ = 86_400_000;
  const offsets = new Set([zoneOffsetMs(wall - day_, timeZone), zoneOffsetMs(wall + day_, timeZone)]);
  offsets.add(zoneOffsetMs(wall, timeZone));
  const matches = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wall - zoneOffsetMs(instant, timeZone) === instant)
    .sort((a, b) => a - b);

  if (matches.length >= 1) {
    const instant = matches[0]!;
    return {
      instant: new Date(instant).toISOString(),
      resolution: matches.length > 1 ? 'ambiguous' : 'exact',
      offsetMinutes: zoneOffsetMs(instant, timeZone) / 60_000,
    };
  }
  // A gap: read the wall time with the offset in force before the jump, which lands after it.
  const before = zoneOffsetMs(wall - day_, timeZone);
  const after = zoneOffsetMs(wall + day_, timeZone);
  const instant = wall - Math.min(before, after);
  return {
    instant: new Date(instant).toISOString(),
    resolution: 'skipped',
    offsetMinutes: zoneOffsetMs(instant, timeZone) / 60_000,
  };
}

/**
 * The wall-clock time of an instant in `timeZone`, as `YYYY-MM-DDTHH:mm` (what a
 * `datetime-local` input takes).
 *
 * @example
 * ```ts
 * instantToZonedLocal('2026-03-29T01:30:00Z', 'Europe/Berlin') // '2026-03-29T03:30'
 * ```
 */
export function instantToZonedLocal(instant: string | number | Date, timeZone: string): LocalDateTime {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  const w = wallClock(ms, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in `timeZone`.
 *
 * @example
 * ```ts
 * zonedDate('2026-01-01T03:00:00Z', 'America/New_York') // '2025-12-31'
 * ```
 */
export function zonedDate(instant: string | number | Date, timeZone: string): string {
  return instantToZonedLocal(instant, timeZone).slice(0, 10);
}

/**
 * The instant a calendar day starts in `timeZone` (midnight, or the first minute after it
 * when a DST jump skips midnight).
 *
 * @example
 * ```ts
 * startOfZonedDay('2026-03-01', 'Europe/Berlin') // '2026-02-28T23:00:00.000Z'
 * ```
 */
export function startOfZonedDay(date: string, timeZone: string): string {
  return zonedLocalToInstant(`${date}T00:00`, timeZone).instant;
}

/**
 * Formats an instant for people, in the workspace's zone.
 *
 * @example
 * ```ts
 * formatInZone('2026-03-29T07:00:00Z', 'Europe/Berlin') // 'Sun, 29 Mar 2026, 09:00 CEST'
 * ```
 */
export function formatInZone(instant: string | number | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** Every IANA zone this runtime knows, for the settings and sign-up forms. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone === 'Local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
