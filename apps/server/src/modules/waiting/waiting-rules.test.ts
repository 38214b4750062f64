import { describe, expect, it } from 'vitest';
import { aroundTheClock, type BusinessCalendar, type Holiday } from '@rapport/business-time/business-time';
import { businessDaysLater, dueStep, isOpenDay, overriddenCloseAt, settingsProblem, syncDecision, waitTimes } from './waiting-rules.ts';
import { closingNoticeText, noticeLanguage, reminderText } from './waiting-emails.ts';

const office = (timeZone = 'UTC', holidays: Holiday[] = []): BusinessCalendar => ({
  timeZone,
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays,
});
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('business days (the Nth open day after the start, same local time or the next opening)', () => {
  it('skips a weekend', () => {
    // 2026-03-06 is a Friday.
    expect(iso(businessDaysLater(office(), at('2026-03-06T15:00:00Z'), 1))).toBe('2026-03-09T15:00:00.000Z');
    expect(iso(businessDaysLater(office(), at('2026-03-04T12:00:00Z'), 3))).toBe('2026-03-09T12:00:00.000Z');
    // From a Saturday, Monday is the first open day.
    expect(iso(businessDaysLater(office(), at('2026-03-07T10:00:00Z'), 1))).toBe('2026-03-09T10:00:00.000Z');
  });

  it('skips a holiday', () => {
    const calendar = office('UTC', [{ date: '2026-03-06', name: 'Closed Friday' }]);
    expect(isOpenDay(calendar, at('2026-03-06T12:00:00Z'))).toBe(false);
    expect(iso(businessDaysLater(calendar, at('2026-03-05T16:00:00Z'), 1))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(businessDaysLater(calendar, at('2026-03-05T16:00:00Z'), 2))).toBe('2026-03-10T16:00:00.000Z');
  });

  it('moves a time outside the hours to the next opening', () => {
    // Monday 18:30 + 1: Tuesday 18:30 is closed, so Wednesday 09:00.
    expect(iso(businessDaysLater(office(), at('2026-03-09T18:30:00Z'), 1))).toBe('2026-03-11T09:00:00.000Z');
    // Friday 07:00 + 1: Monday 07:00 is before opening, so Monday 09:00.
    expect(iso(businessDaysLater(office(), at('2026-03-06T07:00:00Z'), 1))).toBe('2026-03-09T09:00:00.000Z');
  });

  it('counts in the workspace time zone, across a change of clocks', () => {
    // Berlin: Friday 2026-03-27 10:00 CET (UTC+1); clocks go forward on Sunday the 29th; Monday 10:00 CEST is 08:00 UTC.
    expect(iso(businessDaysLater(office('Europe/Berlin'), at('2026-03-27T09:00:00Z'), 1))).toBe('2026-03-30T08:00:00.000Z');
    // New York: Friday 16:00 local (21:00 UTC) + 1 is Monday 16:00 local.
    expect(iso(businessDaysLater(office('America/New_York'), at('2026-03-06T21:00:00Z'), 1))).toBe('2026-03-09T20:00:00.000Z');
  });

  it('is plain days around the clock, and null for a calendar that is never open', () => {
    expect(iso(businessDaysLater(aroundTheClock(), at('2026-03-07T10:00:00Z'), 2))).toBe('2026-03-09T10:00:00.000Z');
    expect(businessDaysLater({ timeZone: 'UTC', weekly: [], holidays: [] }, at('2026-03-07T10:00:00Z'), 1)).toBeNull();
  });

  it('gives a wait its reminder and close times, none for a null setting', () => {
    const times = waitTimes(office(), { pendingReminderDays: 3, pendingCloseDays: 7 }, at('2026-03-06T15:00:00Z'));
    expect(iso(times.remindAt)).toBe('2026-03-11T15:00:00.000Z');
    expect(iso(times.closeAt)).toBe('2026-03-17T15:00:00.000Z');
    const never = waitTimes(office(), { pendingReminderDays: null, pendingCloseDays: null }, at('2026-03-06T15:00:00Z'));
    expect([never.remindAt, never.closeAt]).toEqual([null, null]);
  });
});

describe('decisions', () => {
  it('keeps a wait exactly while the ticket is pending', () => {
    expect(syncDecision({ status: 'pending', mergedIntoId: null }, false)).toBe('create');
    expect(syncDecision({ status: 'pending', mergedIntoId: null }, true)).toBe('keep');
    expect(syncDecision({ status: 'open', mergedIntoId: null }, true)).toBe('delete');
    expect(syncDecision({ status: 'pending', mergedIntoId: 'x' }, true)).toBe('delete');
    expect(syncDecision({ status: 'solved', mergedIntoId: null }, false)).toBe('none');
  });

  it('takes the due step: the close wins, a sent reminder is not sent again', () => {
    const now = at('2026-03-10T12:00:00Z');
    const past = at('2026-03-10T11:00:00Z');
    const future = at('2026-03-10T13:00:00Z');
    expect(dueStep({ remindAt: past, remindedAt: null, closeAt: future }, now)).toBe('remind');
    expect(dueStep({ remindAt: past, remindedAt: past, closeAt: future }, now)).toBeNull();
    expect(dueStep({ remindAt: past, remindedAt: null, closeAt: past }, now)).toBe('close');
    expect(dueStep({ remindAt: future, remindedAt: null, closeAt: null }, now)).toBeNull();
    expect(dueStep({ remindAt: null, remindedAt: null, closeAt: now }, now)).toBe('close');
  });

  it('checks the settings: 1..60 or null, the close after the reminder', () => {
    expect(settingsProblem({ pendingReminderDays: 3, pendingCloseDays: 7 })).toBeNull();
    expect(settingsProblem({ pendingReminderDays: null, pendingCloseDays: 2 })).toBeNull();
    expect(settingsProblem({ pendingReminderDays: 5, pendingCloseDays: null })).toBeNull();
    expect(settingsProblem({ pendingReminderDays: 5, pendingCloseDays: 5 })).toMatch(/after the reminder/);
    expect(settingsProblem({ pendingReminderDays: 0, pendingCloseDays: 5 })).toMatch(/1 to 60/);
    expect(settingsProblem({ pendingReminderDays: 3, pendingCloseDays: 61 })).toMatch(/1 to 60/);
  });

  it('postpones the close by the close setting from now, or removes it', () => {
    const now = at('2026-03-06T15:00:00Z');
    expect(iso(overriddenCloseAt(office(), { pendingReminderDays: 3, pendingCloseDays: 2 }, 'postpone', now))).toBe('2026-03-10T15:00:00.000Z');
    expect(overriddenCloseAt(office(), { pendingReminderDays: null, pendingCloseDays: null }, 'postpone', now)).toBeNull(); // a workspace that never closes keeps it so
    expect(overriddenCloseAt(office(), { pendingReminderDays: 3, pendingCloseDays: 7 }, 'never_close', now)).toBeNull();
  });
});

describe('the automatic emails', () => {
  it('say the ticket number, the close date and how to reopen, in the ticket language when there is one', () => {
    const reminder = reminderText({ language: 'en', customerName: 'Sam', ticketNumber: 42, closeAt: at('2026-03-17T15:00:00Z'), timeZone: 'UTC' });
    expect(reminder).toContain('Hello Sam,');
    expect(reminder).toContain('#42');
    expect(reminder).toContain('17 March 2026');
    expect(reminderText({ language: 'en', customerName: '', ticketNumber: 42, closeAt: null, timeZone: 'UTC' })).not.toContain('close');
    const notice = closingNoticeText({ language: noticeLanguage('de-DE'), customerName: '', ticketNumber: 7 });
    expect(notice).toContain('Ticket #7 geschlossen');
    expect(noticeLanguage(null)).toBe('en');
    expect(noticeLanguage('pt')).toBe('en');
    expect(closingNoticeText({ language: 'en', customerName: 'Sam', ticketNumber: 7 })).toMatch(/did not hear back.*reply to this email/s);
  });
});
