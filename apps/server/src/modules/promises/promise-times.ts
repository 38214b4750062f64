/**
 * When a promise is due and when its owner is reminded (pure, unit-tested):
 *
 * - due: the time the reply named (the coach resolved it against the send time in the author's
 *   zone); a promise without one, or with one already past, is due at the end of the next business
 *   day of the workspace calendar;
 * - reminder: a lead time before due of 2 business hours, or half the business time left when that
 *   is shorter. A due time with no business time before it (a promise for the evening) counts in
 *   wall-clock time instead.
 */
import { addBusinessTime, businessTimeBetween, localDateTimeParts, localDaysBetween, nextOpening, openIntervals, type BusinessCalendar } from '@rapport/business-time/business-time';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** The lead time of a reminder when there is enough time left. */
export const reminderLeadMs = 2 * hourMs;

/** The first instant of the local date after the one `at` falls on, in the calendar's zone. */
export function nextLocalMidnight(calendar: BusinessCalendar, at: Date): Date {
  const parts = localDateTimeParts(calendar, at);
  const sinceMidnight = (parts.hour * 60 + parts.minute) * minuteMs + (((at.getTime() % minuteMs) + minuteMs) % minuteMs);
  let guess = at.getTime() - sinceMidnight + dayMs;
  // A DST change between now and midnight moves it by an hour: settle on 00:00 of the next date.
  for (let pass = 0; pass < 3; pass += 1) {
    const local = localDateTimeParts(calendar, new Date(guess));
    const minutesOfDay = local.hour * 60 + local.minute;
    const days = localDaysBetween(calendar, at, new Date(guess));
    if (days <= 0) guess += (24 * 60 - minutesOfDay) * minuteMs;
    else if (days > 1) guess -= dayMs;
    else if (minutesOfDay !== 0) guess -= minutesOfDay * minuteMs;
    else break;
  }
  return new Date(guess);
}

/**
 * The end of the next business day after the local date of `now`: the close of the last open
 * period of the first later local date with open time. A never-open calendar: the next midnight.
 */
export function endOfNextBusinessDay(calendar: BusinessCalendar, now: Date): Date {
  const tomorrow = nextLocalMidnight(calendar, now);
  const opening = nextOpening(calendar, tomorrow);
  if (!opening) return nextLocalMidnight(calendar, tomorrow);
  const dayEnd = nextLocalMidnight(calendar, opening);
  const periods = openIntervals(calendar, opening, dayEnd);
  return periods[periods.length - 1]?.[1] ?? dayEnd;
}

/** The due time of a commitment: the one the reply named when still ahead, else the end of the next business day. */
export function promiseDueAt(calendar: BusinessCalendar, now: Date, named: string | undefined): Date {
  const due = named ? new Date(named) : null;
  if (due && !Number.isNaN(due.getTime()) && due.getTime() > now.getTime()) return due;
  return endOfNextBusinessDay(calendar, now);
}

/**
 * When the owner is reminded: `min(2 business hours, half the business time left)` before due.
 * Null when the due time has passed already (nothing left to remind of).
 */
export function promiseRemindAt(calendar: BusinessCalendar, now: Date, dueAt: Date): Date | null {
  const wallLeft = dueAt.getTime() - now.getTime();
  if (wallLeft <= 0) return null;
  const businessLeft = businessTimeBetween(calendar, now, dueAt);
  if (businessLeft > 0) {
    const lead = Math.min(reminderLeadMs, businessLeft / 2);
    const at = addBusinessTime(calendar, now, businessLeft - lead);
    if (at && at.getTime() < dueAt.getTime()) return at;
  }
  return new Date(dueAt.getTime() - Math.min(reminderLeadMs, wallLeft / 2));
}
