/**
 * Pure rules of waiting on the customer (P10): business-day arithmetic and the decisions of the
 * sync and of the monitor. No I/O.
 *
 * "N business days after the pending start" is defined as: the Nth OPEN DAY after the local date
 * of the start (in the workspace time zone), at the same local wall-clock time as the start, or —
 * when the desk is closed at that time on that day — the next opening after it. An open day is a
 * local date on which the calendar has some open time (a weekday with hours, not a holiday).
 * Examples (Mon–Fri 09:00–17:00): pending Friday 15:00 + 1 → Monday 15:00; pending Saturday 10:00
 * + 1 → Monday 10:00; pending Thursday 16:00 + 1 with Friday a holiday → Monday 16:00; pending
 * Monday 18:30 + 1 → Tuesday 18:30 is closed → Wednesday 09:00 (the next opening).
 */
import { localDateTimeParts, localDaysBetween, nextOpening, openIntervals, type BusinessCalendar } from '@rapport/business-time/business-time';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
/** A calendar with no open day for this many local days is never open: no time. */
const walkDaysLimit = 366 * 2;

/** The instant `days` local dates after `start` at the same wall-clock time (DST-corrected; a time in a gap moves past it). */
export function sameLocalTimeDaysLater(timeZone: string, start: Date, days: number): Date {
  const wallMinutes = (at: Date) => {
    const parts = localDateTimeParts(timeZone, at);
    return parts.hour * 60 + parts.minute;
  };
  const target = wallMinutes(start);
  let candidate = new Date(start.getTime() + days * dayMs);
  let diff = target - wallMinutes(candidate);
  if (diff > 12 * 60) diff -= 24 * 60;
  if (diff < -12 * 60) diff += 24 * 60;
  if (diff !== 0) candidate = new Date(candidate.getTime() + diff * minuteMs);
  return candidate;
}

/** Whether the local date of `at` has any open time. */
export function isOpenDay(calendar: BusinessCalendar, at: Date): boolean {
  const from = new Date(at.getTime() - 36 * hourMs);
  const to = new Date(at.getTime() + 36 * hourMs);
  return openIntervals(calendar, from, to).some(
    ([open, close]) => localDaysBetween(calendar, at, open) <= 0 && localDaysBetween(calendar, at, new Date(close.getTime() - 1)) >= 0,
  );
}

/** `days` business days after `start` (see the file comment); null when the calendar has no open day ahead. */
export function businessDaysLater(calendar: BusinessCalendar, start: Date, days: number): Date | null {
  if (days <= 0) return nextOpening(calendar, start);
  let counted = 0;
  for (let offset = 1; offset <= walkDaysLimit + days * 7; offset += 1) {
    const candidate = sameLocalTimeDaysLater(calendar.timeZone, start, offset);
    if (!isOpenDay(calendar, candidate)) {
      if (offset - counted > walkDaysLimit) return null;
      continue;
    }
    counted += 1;
    if (counted === days) return nextOpening(calendar, candidate);
  }
  return null;
}

export interface WaitSettings {
  pendingReminderDays: number | null;
  pendingCloseDays: number | null;
}

export const defaultWaitSettings: WaitSettings = { pendingReminderDays: 3, pendingCloseDays: 7 };

export interface WaitTimes {
  pendingSince: Date;
  remindAt: Date | null;
  closeAt: Date | null;
}

/** The times of a wait that starts now. */
export function waitTimes(calendar: BusinessCalendar, settings: WaitSettings, pendingSince: Date): WaitTimes {
  return {
    pendingSince,
    remindAt: settings.pendingReminderDays === null ? null : businessDaysLater(calendar, pendingSince, settings.pendingReminderDays),
    closeAt: settings.pendingCloseDays === null ? null : businessDaysLater(calendar, pendingSince, settings.pendingCloseDays),
  };
}

/** The settings' own rule: each 1..60 or null, and the close after the reminder when both are set. */
export function settingsProblem(settings: WaitSettings): string | null {
  for (const value of [settings.pendingReminderDays, settings.pendingCloseDays]) {
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > 60)) return 'Each number of business days is from 1 to 60, or empty for never.';
  }
  if (settings.pendingReminderDays !== null && settings.pendingCloseDays !== null && settings.pendingCloseDays <= settings.pendingReminderDays) {
    return 'The ticket must close after the reminder: set more days for the close than for the reminder.';
  }
  return null;
}

/** What the sync does with one ticket: a pending ticket gets a wait (an existing one is kept), any other loses it. */
export function syncDecision(ticket: { status: string; mergedIntoId: string | null }, hasWait: boolean): 'create' | 'keep' | 'delete' | 'none' {
  const waiting = ticket.status === 'pending' && ticket.mergedIntoId === null;
  if (waiting) return hasWait ? 'keep' : 'create';
  return hasWait ? 'delete' : 'none';
}

/** What the monitor does with a claimed wait at `now`: the close wins over a reminder that is also due. */
export function dueStep(wait: { remindAt: Date | null; remindedAt: Date | null; closeAt: Date | null }, now: Date): 'close' | 'remind' | null {
  if (wait.closeAt && wait.closeAt.getTime() <= now.getTime()) return 'close';
  if (wait.remindAt && !wait.remindedAt && wait.remindAt.getTime() <= now.getTime()) return 'remind';
  return null;
}

export type WaitOverride = 'postpone' | 'never_close';

/**
 * A person's override of the automatic close: postpone moves the close to M business days from now
 * (the workspace's close setting; a workspace that never closes automatically keeps it that way),
 * never_close removes it.
 */
export function overriddenCloseAt(calendar: BusinessCalendar, settings: WaitSettings, action: WaitOverride, now: Date): Date | null {
  if (action === 'never_close' || settings.pendingCloseDays === null) return null;
  return businessDaysLater(calendar, now, settings.pendingCloseDays);
}
