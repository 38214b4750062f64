import { useEffect, useState } from 'react';

/*
 * Every date the app shows goes through here. Relative times ("5 min. ago") need no zone; absolute
 * ones are shown in the agent's effective time zone (their own, else the workspace's), which the
 * shell sets from the session with setDisplayTimeZone before anything renders.
 */

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "5 min. ago", "yesterday", "just now". */
export function formatRelativeTime(isoTime: string, now: number): string {
  const seconds = (new Date(isoTime).getTime() - now) / 1000;
  for (const [unit, unitSeconds] of units) {
    if (Math.abs(seconds) >= unitSeconds) return relativeFormat.format(Math.round(seconds / unitSeconds), unit);
  }
  return 'just now';
}

let displayTimeZone: string | undefined;

/** Sets the zone absolute dates are shown in; undefined means the browser's own. Unknown zones fall back to the browser's. */
export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone && isKnownTimeZone(timeZone) ? timeZone : undefined;
}

export function getDisplayTimeZone(): string | undefined {
  return displayTimeZone;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface DateFormatOptions {
  /** IANA zone; defaults to the display zone set from the session. */
  timeZone?: string | undefined;
  /** BCP 47 locale; defaults to the browser's. Tests pin it. */
  locale?: string | undefined;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(kind: 'dateTime' | 'date' | 'time', options: DateFormatOptions): Intl.DateTimeFormat {
  const timeZone = options.timeZone ?? displayTimeZone;
  const key = `${kind}|${options.locale ?? ''}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    const style: Intl.DateTimeFormatOptions =
      kind === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' } : kind === 'date' ? { dateStyle: 'medium' } : { timeStyle: 'short' };
    format = new Intl.DateTimeFormat(options.locale, { ...style, ...(timeZone ? { timeZone } : {}) });
    formats.set(key, format);
  }
  return format;
}

/** "26 Nov 2026, 09:15" in the agent's time zone. */
export function formatAbsoluteTime(isoTime: string, options: DateFormatOptions = {}): string {
  return cachedFormat('dateTime', options).format(new Date(isoTime));
}

/** "26 Nov 2026" in the agent's time zone (the calendar day there, not in UTC). */
export function formatAbsoluteDate(isoTime: string, options: DateFormatOptions = {}): string {
  return cachedFormat('date', options).format(new Date(isoTime));
}

/** "09:15" in the agent's time zone. */
export function formatClockTime(isoTime: string, options: DateFormatOptions = {}): string {
  return cachedFormat('time', options).format(new Date(isoTime));
}

/** "UTC+01:00"-style offset of a zone at an instant, for pickers ("Europe/Berlin (UTC+01:00)"). */
export function formatZoneOffset(timeZone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((item) => item.type === 'timeZoneName');
  const offset = part?.value ?? 'GMT';
  return offset === 'GMT' ? 'UTC+00:00' : offset.replace('GMT', 'UTC');
}

/** A zone's offset from UTC at an instant, in milliseconds (Tokyo: +9 h). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(formatZoneOffset(timeZone, new Date(at)).replace('UTC', 'GMT'));
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

/**
 * Midnight at the start of a YYYY-MM-DD day (plus `addDays`) in a zone, as an ISO instant; the
 * browser's own zone when none is given. Null if `day` is not a real day (2026-02-30).
 */
export function startOfDay(day: string, timeZone: string | undefined, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const check = new Date(Date.UTC(year, month, date));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month || check.getUTCDate() !== date) return null;
  if (!timeZone) return new Date(year, month, date + addDays).toISOString();
  const wallClock = Date.UTC(year, month, date + addDays);
  // Two passes: the offset at the guess, then at the instant it gives (a DST change that day).
  const guess = wallClock - zoneOffsetMs(timeZone, wallClock);
  return new Date(wallClock - zoneOffsetMs(timeZone, guess)).toISOString();
}

/** The current time, refreshed every interval so relative times do not go stale on screen. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
