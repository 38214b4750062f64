import { useEffect, useState } from 'react';

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "5 min. ago", "yesterday", "just now". */
export function formatRelativeTime(isoTime: string, now: number): string {
  const seconds = (new Date(isoTime).getTime() - now) / 1000;
  for (const [unit, unitSeconds] of units) {
    if (Math.abs(seconds) >= unitSeconds) return relativeFormat.format(Math.round(seconds / unitSeconds), unit);
  }
  return 'just now';
}

export function formatAbsoluteTime(isoTime: string): string {
  return absoluteFormat.format(new Date(isoTime));
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
