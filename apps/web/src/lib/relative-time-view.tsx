import { formatAbsoluteTime, formatRelativeTime } from './relative-time.ts';

/** A <time> showing "5 min. ago", with the exact time as its tooltip and machine-readable value. */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatAbsoluteTime(iso)}>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
