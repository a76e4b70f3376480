/**
 * Wall-clock time in an IANA zone, with Intl only (runs on Workers too). Appointment times are
 * instants, but people read them in the clinic's zone, and a start without an offset is a wall
 * time there: both need the zone's offset at that instant, which DST changes twice a year.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
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
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The zone's UTC offset at an instant, in ms (east positive: Chicago in winter is -6 h). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecond))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return asUtc - wholeSecond;
}

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

/** ISO-8601 with the zone's offset at that instant, e.g. 2030-03-10T01:40:00-06:00. */
export function formatInZone(instantMs: number, timeZone: string): string {
  const offset = zoneOffsetMs(instantMs, timeZone);
  const wall = new Date(Math.floor(instantMs / 1000) * 1000 + offset);
  const offsetMinutes = Math.round(offset / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The instant a wall time in `timeZone` names. In the spring-forward gap (a time that does not
 * exist) the pre-change offset applies, which lands just after the gap; in the fall-back hour (a
 * time that happens twice) the earlier instant wins: for a ride, arriving early beats late.
 */
export function wallTimeToInstant(localDateTime: string, timeZone: string): number | null {
  const match = LOCAL_DATE_TIME.exec(localDateTime);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const wallAsUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wallAsUtc)) return null;
  const day = 24 * 3600_000;
  const offsets = [...new Set([zoneOffsetMs(wallAsUtc - day, timeZone), zoneOffsetMs(wallAsUtc + day, timeZone)])];
  const exact = offsets.map((offset) => wallAsUtc - offset).filter((instant) => instant + zoneOffsetMs(instant, timeZone) === wallAsUtc);
  if (exact.length > 0) return Math.min(...exact);
  return wallAsUtc - (offsets[0] ?? 0);
}

/**
 * An appointment start as an instant: with an offset it is one already (FHIR `instant`); without
 * one it is a wall time in the location's zone. Null when it is neither (e.g. a bare date).
 */
export function startInstant(start: string, timeZone: string | null): number | null {
  if (WITH_OFFSET.test(start)) {
    const ms = Date.parse(start);
    return Number.isNaN(ms) ? null : ms;
  }
  return timeZone ? wallTimeToInstant(start, timeZone) : null;
}

/**
 * A fixed-offset IANA zone (`Etc/GMT+6` is UTC-06:00: POSIX signs are inverted) from the offset an
 * appointment start carries, for sources that do not state the location's zone. Null when the
 * offset is not whole hours (no Etc zone exists for it) or absent.
 */
export function fixedZoneFromOffset(start: string): string | null {
  if (!WITH_OFFSET.test(start)) return null;
  if (/Z$/i.test(start)) return 'UTC';
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(start);
  if (!match || match[3] !== '00') return null;
  const hours = Number(match[2]);
  if (hours === 0) return 'UTC';
  if (hours > 14) return null;
  return `Etc/GMT${match[1] === '-' ? '+' : '-'}${hours}`;
}
