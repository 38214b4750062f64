import { afterEach, describe, expect, it } from 'vitest';
import { formatAbsoluteDate, formatAbsoluteTime, formatClockTime, formatRelativeTime, formatZoneOffset, getDisplayTimeZone, setDisplayTimeZone } from './relative-time.ts';

const instant = '2026-01-15T23:30:00.000Z';

afterEach(() => setDisplayTimeZone(undefined));

describe('absolute dates in the agent time zone', () => {
  it('formats the same instant in each zone', () => {
    expect(formatAbsoluteTime(instant, { timeZone: 'UTC', locale: 'en-GB' })).toBe('15 Jan 2026, 23:30');
    expect(formatAbsoluteTime(instant, { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('16 Jan 2026, 00:30');
    expect(formatAbsoluteTime(instant, { timeZone: 'America/New_York', locale: 'en-GB' })).toBe('15 Jan 2026, 18:30');
    expect(formatAbsoluteTime(instant, { timeZone: 'Asia/Kolkata', locale: 'en-GB' })).toBe('16 Jan 2026, 05:00');
  });

  it('uses the calendar day of the zone, not of UTC', () => {
    expect(formatAbsoluteDate(instant, { timeZone: 'UTC', locale: 'en-GB' })).toBe('15 Jan 2026');
    expect(formatAbsoluteDate(instant, { timeZone: 'Pacific/Auckland', locale: 'en-GB' })).toBe('16 Jan 2026');
    expect(formatClockTime(instant, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('08:30');
  });

  it('follows the display zone set from the session, and ignores an unknown one', () => {
    setDisplayTimeZone('Asia/Tokyo');
    expect(getDisplayTimeZone()).toBe('Asia/Tokyo');
    expect(formatAbsoluteTime(instant, { locale: 'en-GB' })).toBe('16 Jan 2026, 08:30');
    setDisplayTimeZone('Europe/Berlin');
    expect(formatAbsoluteTime(instant, { locale: 'en-GB' })).toBe('16 Jan 2026, 00:30');
    setDisplayTimeZone('Moon/Base');
    expect(getDisplayTimeZone()).toBeUndefined();
  });

  it('handles daylight saving time', () => {
    expect(formatAbsoluteTime('2026-07-15T12:00:00Z', { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('15 Jul 2026, 14:00');
    expect(formatZoneOffset('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe('UTC+02:00');
    expect(formatZoneOffset('Europe/Berlin', new Date(instant))).toBe('UTC+01:00');
    expect(formatZoneOffset('UTC')).toBe('UTC+00:00');
  });
});

describe('relative times stay zone-free', () => {
  it('says how long ago', () => {
    const now = Date.parse(instant);
    expect(formatRelativeTime('2026-01-15T23:25:00.000Z', now)).toMatch(/5 min/);
    expect(formatRelativeTime('2026-01-15T23:29:50.000Z', now)).toBe('just now');
  });
});
