import { describe, expect, it } from 'vitest';
import { fixedZoneFromOffset, formatInZone, startInstant, wallTimeToInstant, zoneOffsetMs } from './zoned-time';

describe('zoned time', () => {
  it('knows the offset on both sides of a DST change', () => {
    expect(zoneOffsetMs(Date.parse('2030-03-10T07:59:00Z'), 'America/Chicago')).toBe(-6 * 3600_000);
    expect(zoneOffsetMs(Date.parse('2030-03-10T08:00:00Z'), 'America/Chicago')).toBe(-5 * 3600_000);
    expect(zoneOffsetMs(Date.parse('2030-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3600_000);
  });

  it('formats an instant with the offset in force then', () => {
    expect(formatInZone(Date.parse('2030-03-10T07:59:00Z'), 'America/Chicago')).toBe('2030-03-10T01:59:00-06:00');
    expect(formatInZone(Date.parse('2030-03-10T08:00:00Z'), 'America/Chicago')).toBe('2030-03-10T03:00:00-05:00');
    expect(formatInZone(Date.parse('2030-06-01T04:15:00Z'), 'Asia/Kolkata')).toBe('2030-06-01T09:45:00+05:30');
    expect(formatInZone(Date.parse('2030-01-01T00:00:00Z'), 'UTC')).toBe('2030-01-01T00:00:00+00:00');
  });

  it('reads wall times: plain, in the spring gap (shifted past it) and in the fall overlap (the earlier one)', () => {
    expect(wallTimeToInstant('2030-01-15T08:00', 'America/Chicago')).toBe(Date.parse('2030-01-15T14:00:00Z'));
    expect(wallTimeToInstant('2030-03-10T02:30:00', 'America/Chicago')).toBe(Date.parse('2030-03-10T08:30:00Z'));
    expect(wallTimeToInstant('2030-11-03T01:30:00', 'America/Chicago')).toBe(Date.parse('2030-11-03T06:30:00Z'));
    expect(wallTimeToInstant('not a time', 'America/Chicago')).toBeNull();
  });

  it('takes an appointment start with an offset as is, and one without as local to the zone', () => {
    expect(startInstant('2030-01-15T09:00:00-05:00', 'America/Chicago')).toBe(Date.parse('2030-01-15T14:00:00Z'));
    expect(startInstant('2030-07-15T09:00:00', 'America/Chicago')).toBe(Date.parse('2030-07-15T14:00:00Z'));
    expect(startInstant('2030-07-15T09:00:00', null)).toBeNull();
    expect(startInstant('2030-07-15', 'America/Chicago')).toBeNull();
  });

  it('derives a fixed-offset zone from a stated offset (POSIX sign inverted)', () => {
    expect(fixedZoneFromOffset('2030-02-01T09:00:00-07:00')).toBe('Etc/GMT+7');
    expect(fixedZoneFromOffset('2030-02-01T09:00:00+03:00')).toBe('Etc/GMT-3');
    expect(fixedZoneFromOffset('2030-02-01T09:00:00Z')).toBe('UTC');
    expect(fixedZoneFromOffset('2030-02-01T09:00:00+05:30')).toBeNull();
    expect(fixedZoneFromOffset('2030-02-01T09:00:00')).toBeNull();
  });
});
