import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  aroundTheClock,
  businessTimeBetween,
  localDateTimeParts,
  type BusinessCalendar,
} from '@rapport/business-time/business-time';
import { describeEstimate, estimateBusinessHours, estimateLanguage, firstReplyEstimate, median, type QueueFigures } from './first-reply-estimate.ts';

const berlin = 'Europe/Berlin';
const hourMs = 3_600_000;
/** Monday to Friday 09:00–17:00 in a zone. */
const office = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: [],
});
const always = aroundTheClock('UTC');

/** The estimate's business-hour arithmetic, in hours (what auto-ack.ts does with the library). */
function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  const due = addBusinessTime(calendar, start, hours * hourMs);
  if (!due) throw new Error('the calendar is never open');
  return due;
}
function businessHoursBetween(start: Date, end: Date, calendar: BusinessCalendar): number {
  return businessTimeBetween(calendar, start, end) / hourMs;
}

const figures = (overrides: Partial<QueueFigures> = {}): QueueFigures => ({
  ticketsAhead: 0,
  agentsAvailable: 2,
  recentFirstReplies: 0,
  recentBusinessHours: 40,
  medianFirstReplyHours: null,
  ...overrides,
});

/** A wall-clock time in Berlin as an instant (test dates are outside DST changes unless said). */
function berlinTime(iso: string): Date {
  // CET is UTC+1 in winter, CEST UTC+2 in summer; the tests name the offset explicitly.
  return new Date(iso);
}

describe('estimateBusinessHours (the formula)', () => {
  it('uses the agents alone without history: (ahead + 1) / (agents × 3 per hour)', () => {
    expect(estimateBusinessHours(figures({ ticketsAhead: 11, agentsAvailable: 2 }))).toBeCloseTo(2, 6);
    expect(estimateBusinessHours(figures({ ticketsAhead: 5, agentsAvailable: 1 }))).toBeCloseTo(2, 6);
  });

  it('never promises less than a quarter of an hour', () => {
    expect(estimateBusinessHours(figures({ ticketsAhead: 0, agentsAvailable: 10 }))).toBe(0.25);
  });

  it('trusts the 7-day reply rate fully from 20 first replies on', () => {
    // 40 replies in 40 business hours = 1 per hour; 4 ahead + this one = 5 hours.
    expect(estimateBusinessHours(figures({ ticketsAhead: 4, recentFirstReplies: 40, recentBusinessHours: 40, agentsAvailable: 50 }))).toBeCloseTo(5, 6);
  });

  it('blends history and agents while there is little history', () => {
    // w = 10/20; history rate 10/40 = 0.25/h; prior 2 × 3 = 6/h → 0.5·0.25 + 0.5·6 = 3.125/h.
    const hours = estimateBusinessHours(figures({ ticketsAhead: 24, recentFirstReplies: 10, recentBusinessHours: 40, agentsAvailable: 2 }));
    expect(hours).toBeCloseTo(25 / 3.125, 6);
  });

  it('is at least the median recent first-reply time', () => {
    expect(estimateBusinessHours(figures({ ticketsAhead: 0, agentsAvailable: 5, medianFirstReplyHours: 6 }))).toBe(6);
  });

  it('has no number without history and without agents', () => {
    expect(estimateBusinessHours(figures({ agentsAvailable: 0, recentFirstReplies: 0 }))).toBeNull();
  });

  it('caps a runaway queue at 30 days of business hours', () => {
    expect(estimateBusinessHours(figures({ ticketsAhead: 1_000_000, agentsAvailable: 1 }))).toBe(24 * 30);
  });

  it('never decreases when more tickets are ahead (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(5000),
        fc.nat(5000),
        fc.nat(50),
        fc.nat(2000),
        fc.float({ min: 0, max: 200, noNaN: true }),
        (a, b, agents, replies, businessHours) => {
          const low = estimateBusinessHours(figures({ ticketsAhead: Math.min(a, b), agentsAvailable: agents, recentFirstReplies: replies, recentBusinessHours: businessHours }));
          const high = estimateBusinessHours(figures({ ticketsAhead: Math.max(a, b), agentsAvailable: agents, recentFirstReplies: replies, recentBusinessHours: businessHours }));
          if (low === null || high === null) return low === high;
          return high >= low - 1e-9 && low >= 0.25;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('business hours in the workspace time zone', () => {
  it('continues on the next business day after closing time', () => {
    // Friday 2025-01-10 16:00 CET + 2 business hours = Monday 10:00 CET.
    const due = addBusinessHours(berlinTime('2025-01-10T16:00:00+01:00'), 2, office(berlin));
    expect(due.toISOString()).toBe(new Date('2025-01-13T10:00:00+01:00').toISOString());
  });

  it('starts counting at opening time', () => {
    const due = addBusinessHours(berlinTime('2025-01-13T07:00:00+01:00'), 1, office(berlin));
    expect(due.toISOString()).toBe(new Date('2025-01-13T10:00:00+01:00').toISOString());
  });

  it('follows a daylight saving change', () => {
    // Friday 2024-03-29 16:00 CET + 3 h: 1 h on Friday, 2 h on Monday 2024-04-01 (now CEST, UTC+2).
    const due = addBusinessHours(new Date('2024-03-29T16:00:00+01:00'), 3, office(berlin));
    expect(due.toISOString()).toBe(new Date('2024-04-01T11:00:00+02:00').toISOString());
    const local = localDateTimeParts(berlin, due);
    expect([local.weekday, local.hour, local.minute]).toEqual([1, 11, 0]);
  });

  it('counts only business time between two instants', () => {
    expect(businessHoursBetween(new Date('2025-01-10T16:00:00+01:00'), new Date('2025-01-13T10:00:00+01:00'), office(berlin))).toBeCloseTo(2, 6);
    expect(businessHoursBetween(new Date('2025-01-11T10:00:00+01:00'), new Date('2025-01-12T10:00:00+01:00'), office(berlin))).toBe(0);
    // A full week holds 5 × 8 business hours.
    expect(businessHoursBetween(new Date('2025-01-06T00:00:00+01:00'), new Date('2025-01-13T00:00:00+01:00'), office(berlin))).toBeCloseTo(40, 6);
  });

  it('counts around the clock with a 00:00–24:00 calendar', () => {
    const start = new Date('2025-01-11T22:00:00Z');
    expect(addBusinessHours(start, 5, always).toISOString()).toBe('2025-01-12T03:00:00.000Z');
    expect(businessHoursBetween(start, new Date('2025-01-12T22:00:00Z'), always)).toBe(24);
  });

  it('honours a zone far from UTC', () => {
    // Tokyo (UTC+9) Monday 2025-01-13 16:30 + 1 h → Tuesday 09:30 local.
    const due = addBusinessHours(new Date('2025-01-13T16:30:00+09:00'), 1, office('Asia/Tokyo'));
    expect(due.toISOString()).toBe(new Date('2025-01-14T09:30:00+09:00').toISOString());
  });

  it('adding never goes backwards, and adds exactly the business time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.float({ min: 0, max: 100, noNaN: true }), (ms, hours) => {
        const start = new Date(ms);
        const due = addBusinessHours(start, hours, office(berlin));
        // Fractions of a millisecond round up to a whole one.
        return due >= start && Math.abs(businessHoursBetween(start, due, office(berlin)) - hours) < 1e-6;
      }),
      { numRuns: 300 },
    );
  });

  it('computes a median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('describeEstimate (rounded up, in words)', () => {
  const monday10 = new Date('2025-01-13T10:00:00+01:00');

  it('says minutes below 45 minutes, rounded up to a quarter hour', () => {
    expect(describeEstimate(monday10, new Date('2025-01-13T10:20:00+01:00'), berlin)).toBe('within 30 minutes');
    expect(describeEstimate(monday10, new Date('2025-01-13T10:05:00+01:00'), berlin)).toBe('within 15 minutes');
  });

  it('says hours the same day, rounded up', () => {
    expect(describeEstimate(monday10, new Date('2025-01-13T12:10:00+01:00'), berlin)).toBe('within 3 hours');
    expect(describeEstimate(monday10, new Date('2025-01-13T11:00:00+01:00'), berlin)).toBe('within 1 hour');
  });

  it('names tomorrow, a weekday, or days, with the time rounded up to the half hour', () => {
    expect(describeEstimate(new Date('2025-01-16T16:00:00+01:00'), new Date('2025-01-17T10:10:00+01:00'), berlin)).toBe('by tomorrow 10:30');
    expect(describeEstimate(new Date('2025-01-10T16:00:00+01:00'), new Date('2025-01-13T10:00:00+01:00'), berlin)).toBe('by Monday 10:00');
    expect(describeEstimate(monday10, new Date('2025-01-22T10:00:00+01:00'), berlin)).toBe('within 9 days');
  });

  it('gives a time today beyond 12 hours the same day', () => {
    expect(describeEstimate(new Date('2025-01-13T05:00:00Z'), new Date('2025-01-13T19:00:00Z'), 'UTC')).toBe('by today 19:00');
  });

  it('says "as soon as possible" without an estimate', () => {
    expect(describeEstimate(monday10, null, berlin)).toBe('as soon as possible');
    expect(describeEstimate(monday10, null, berlin, 'de')).toBe('so bald wie möglich');
  });

  it('speaks the ticket language', () => {
    const now = new Date('2025-01-16T16:00:00+01:00');
    const due = new Date('2025-01-17T10:00:00+01:00');
    expect(describeEstimate(now, due, berlin, 'de')).toBe('bis morgen 10:00 Uhr');
    expect(describeEstimate(now, due, berlin, 'fr')).toBe("d'ici demain 10:00");
    expect(describeEstimate(now, due, berlin, 'es')).toBe('mañana antes de las 10:00');
    expect(describeEstimate(new Date('2025-01-10T16:00:00+01:00'), new Date('2025-01-13T10:00:00+01:00'), berlin, 'de')).toBe('bis Montag 10:00 Uhr');
    expect(estimateLanguage('de-AT')).toBe('de');
    expect(estimateLanguage('pt')).toBe('en');
    expect(estimateLanguage(null)).toBe('en');
  });
});

describe('firstReplyEstimate (figures → words)', () => {
  it('projects a Friday-afternoon queue onto Monday', () => {
    // 11 ahead, 2 agents, no history → 2 business hours; Friday 16:30 → Monday 10:30.
    const result = firstReplyEstimate({ figures: figures({ ticketsAhead: 11 }), now: new Date('2025-01-10T16:30:00+01:00'), calendar: office(berlin) });
    expect(result.hours).toBeCloseTo(2, 6);
    expect(result.due?.toISOString()).toBe(new Date('2025-01-13T10:30:00+01:00').toISOString());
    expect(result.text).toBe('by Monday 10:30');
  });

  it('answers within the hour on a quiet Monday morning', () => {
    const result = firstReplyEstimate({ figures: figures({ ticketsAhead: 1 }), now: new Date('2025-01-13T09:00:00+01:00'), calendar: office(berlin) });
    expect(result.text).toBe('within 30 minutes');
  });

  it('falls back to UTC for an unknown zone', () => {
    const result = firstReplyEstimate({ figures: figures({ ticketsAhead: 5, agentsAvailable: 1 }), now: new Date('2025-01-13T09:00:00Z'), calendar: office('Not/AZone') });
    expect(result.text).toBe('within 2 hours');
  });

  it('skips a holiday and keeps a lunch break of the calendar', () => {
    const closedMonday: BusinessCalendar = { ...office(berlin), holidays: [{ date: '2025-01-13', name: 'Closed' }] };
    const result = firstReplyEstimate({ figures: figures({ ticketsAhead: 11 }), now: new Date('2025-01-10T16:30:00+01:00'), calendar: closedMonday });
    expect(result.due?.toISOString()).toBe(new Date('2025-01-14T10:30:00+01:00').toISOString());
    expect(result.text).toBe('by Tuesday 10:30');
    const lunch: BusinessCalendar = {
      timeZone: berlin,
      weekly: [1, 2, 3, 4, 5].flatMap((day) => [
        { day, start: '09:00', end: '12:00' },
        { day, start: '13:00', end: '17:00' },
      ]),
      holidays: [],
    };
    // 11:30 + 2 business hours: 30 minutes before lunch, 90 after → 14:30, within 3 hours.
    const beforeLunch = firstReplyEstimate({ figures: figures({ ticketsAhead: 11 }), now: new Date('2025-01-13T11:30:00+01:00'), calendar: lunch });
    expect(beforeLunch.due?.toISOString()).toBe(new Date('2025-01-13T14:30:00+01:00').toISOString());
    expect(beforeLunch.text).toBe('within 3 hours');
  });

  it('says "as soon as possible" when the calendar has no open time ahead', () => {
    const never: BusinessCalendar = { timeZone: berlin, weekly: [], holidays: [] };
    const result = firstReplyEstimate({ figures: figures({ ticketsAhead: 1 }), now: new Date('2025-01-13T09:00:00+01:00'), calendar: never });
    expect(result.due).toBeNull();
    expect(result.text).toBe('as soon as possible');
  });
});
