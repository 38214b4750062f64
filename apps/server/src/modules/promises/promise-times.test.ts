import { describe, expect, it } from 'vitest';
import { aroundTheClock, type BusinessCalendar } from '@rapport/business-time/business-time';
import { endOfNextBusinessDay, nextLocalMidnight, promiseDueAt, promiseRemindAt } from './promise-times.ts';

const berlin: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: [],
};
const at = (iso: string) => new Date(iso);

describe('nextLocalMidnight', () => {
  it('is the start of the next local date, across DST changes', () => {
    expect(nextLocalMidnight(berlin, at('2026-06-10T10:00:00Z')).toISOString()).toBe('2026-06-10T22:00:00.000Z');
    // Spring forward (29 March 2026, 02:00 → 03:00): from 01:00 local the day has 22 hours left.
    expect(nextLocalMidnight(berlin, at('2026-03-29T00:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Fall back (25 October 2026, 03:00 → 02:00): 24 hours from 01:00 local reads 00:00 only after 24 h.
    expect(nextLocalMidnight(berlin, at('2026-10-24T23:00:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(nextLocalMidnight(aroundTheClock('UTC'), at('2026-06-10T23:59:59.500Z')).toISOString()).toBe('2026-06-11T00:00:00.000Z');
  });
});

describe('endOfNextBusinessDay', () => {
  it('is the close of the next local date with open time', () => {
    // Wednesday noon in Berlin → Thursday 17:00 Berlin.
    expect(endOfNextBusinessDay(berlin, at('2026-06-10T10:00:00Z')).toISOString()).toBe('2026-06-11T15:00:00.000Z');
    // Friday → Monday.
    expect(endOfNextBusinessDay(berlin, at('2026-06-12T10:00:00Z')).toISOString()).toBe('2026-06-15T15:00:00.000Z');
    // Before opening on Wednesday, still Thursday (the next day, not today).
    expect(endOfNextBusinessDay(berlin, at('2026-06-10T05:00:00Z')).toISOString()).toBe('2026-06-11T15:00:00.000Z');
  });

  it('skips holidays and ends at the last interval of a split day', () => {
    const calendar: BusinessCalendar = {
      ...berlin,
      weekly: [1, 2, 3, 4, 5].flatMap((day) => [
        { day, start: '09:00', end: '12:00' },
        { day, start: '13:00', end: '18:30' },
      ]),
      holidays: [{ date: '2026-06-11', name: 'Closed' }],
    };
    expect(endOfNextBusinessDay(calendar, at('2026-06-10T10:00:00Z')).toISOString()).toBe('2026-06-12T16:30:00.000Z');
  });

  it('around the clock: the end of tomorrow', () => {
    expect(endOfNextBusinessDay(aroundTheClock('UTC'), at('2026-06-10T12:00:00Z')).toISOString()).toBe('2026-06-12T00:00:00.000Z');
  });

  it('a never-open calendar gives the end of tomorrow rather than nothing', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', weekly: [], holidays: [] };
    expect(endOfNextBusinessDay(never, at('2026-06-10T12:00:00Z')).toISOString()).toBe('2026-06-12T00:00:00.000Z');
  });
});

describe('promiseDueAt', () => {
  const now = at('2026-06-10T10:00:00Z');
  it('keeps a named time that is still ahead', () => {
    expect(promiseDueAt(berlin, now, '2026-06-11T08:00:00.000Z').toISOString()).toBe('2026-06-11T08:00:00.000Z');
  });
  it('uses the end of the next business day without a time, or with one already past', () => {
    expect(promiseDueAt(berlin, now, undefined).toISOString()).toBe('2026-06-11T15:00:00.000Z');
    expect(promiseDueAt(berlin, now, '2026-06-10T09:00:00.000Z').toISOString()).toBe('2026-06-11T15:00:00.000Z');
    expect(promiseDueAt(berlin, now, 'not a date').toISOString()).toBe('2026-06-11T15:00:00.000Z');
  });
});

describe('promiseRemindAt', () => {
  it('is 2 business hours before due when there is time', () => {
    // Due Thursday 10:00 Berlin, now Wednesday 12:00: 6 business hours left → Wednesday 16:00.
    expect(promiseRemindAt(berlin, at('2026-06-10T10:00:00Z'), at('2026-06-11T08:00:00Z'))?.toISOString()).toBe('2026-06-10T14:00:00.000Z');
  });

  it('is half the business time left when that is shorter', () => {
    // Due in one business hour → reminded after 30 minutes.
    expect(promiseRemindAt(berlin, at('2026-06-10T10:00:00Z'), at('2026-06-10T11:00:00Z'))?.toISOString()).toBe('2026-06-10T10:30:00.000Z');
    // 16:30 Wednesday to 10:00 Thursday: 1.5 business hours, reminded 45 minutes in (Thursday 09:15).
    expect(promiseRemindAt(berlin, at('2026-06-10T14:30:00Z'), at('2026-06-11T08:00:00Z'))?.toISOString()).toBe('2026-06-11T07:15:00.000Z');
  });

  it('counts wall-clock time for a due time with no business time before it', () => {
    // 18:00 → 20:00 Berlin on a weekday evening: reminded at 19:00.
    expect(promiseRemindAt(berlin, at('2026-06-10T16:00:00Z'), at('2026-06-10T18:00:00Z'))?.toISOString()).toBe('2026-06-10T17:00:00.000Z');
  });

  it('around the clock: plain hours', () => {
    expect(promiseRemindAt(aroundTheClock('UTC'), at('2026-06-10T10:00:00Z'), at('2026-06-11T10:00:00Z'))?.toISOString()).toBe('2026-06-11T08:00:00.000Z');
  });

  it('is null when the due time has passed', () => {
    expect(promiseRemindAt(berlin, at('2026-06-10T10:00:00Z'), at('2026-06-10T10:00:00Z'))).toBeNull();
  });
});
