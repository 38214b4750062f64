import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  aroundTheClock,
  businessTimeBetween,
  isOpen,
  isValidTimeZone,
  localDateTimeParts,
  localDaysBetween,
  nextOpening,
  openIntervals,
  safeTimeZone,
  weeklyOpenMs,
  type BusinessCalendar,
  type Holiday,
  type WeeklyInterval,
} from './business-time.ts';

const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;

const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC'] as const;

const officeWeek: WeeklyInterval[] = [1, 2, 3, 4, 5].map((weekday) => ({ day: weekday, start: '09:00', end: '17:00' }));
const office = (timeZone: string, holidays: Holiday[] = []): BusinessCalendar => ({ timeZone, weekly: officeWeek, holidays });
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

// ---- Generators ------------------------------------------------------------------------------

/** The local dates on which a zone changes its offset, 2024–2027 (found by luxon, day by day). */
function transitionDates(timeZone: string): string[] {
  const dates: string[] = [];
  let cursor = DateTime.fromObject({ year: 2024, month: 1, day: 1 }, { zone: timeZone });
  while (cursor.year < 2028) {
    const next = cursor.plus({ days: 1 });
    if (next.offset !== cursor.offset) dates.push(cursor.toISODate()!);
    cursor = next;
  }
  return dates;
}

const transitions = new Map(zones.map((zone) => [zone, transitionDates(zone)]));

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes of the day, often right at the hours DST moves (01:00–03:00) or at midnight. */
const boundary = fc.oneof(
  fc.constantFrom(0, 60, 90, 105, 120, 135, 150, 180, 540, 720, 780, 1020, 1380, 1440),
  fc.integer({ min: 0, max: 1440 }),
);

/** A day's intervals: sorted boundaries paired up, so several per day, none overlapping, some adjacent. */
const dayIntervals = (weekday: number) =>
  fc.array(boundary, { maxLength: 6 }).map((values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const intervals: WeeklyInterval[] = [];
    for (let index = 0; index + 1 < sorted.length; index += 2) {
      const start = sorted[index]!;
      const end = sorted[index + 1]!;
      if (start < end) intervals.push({ day: weekday, start: formatMinutes(start), end: formatMinutes(end) });
    }
    return intervals;
  });

const weekly = fc
  .tuple(dayIntervals(1), dayIntervals(2), dayIntervals(3), dayIntervals(4), dayIntervals(5), dayIntervals(6), dayIntervals(7))
  .map((days) => days.flat());

const calendarArb = fc.constantFrom(...zones).chain((timeZone) => {
  // Holidays on and next to the zone's DST dates, and some anywhere.
  const near = transitions.get(timeZone)!.flatMap((date) => [-1, 0, 1].map((shift) => DateTime.fromISO(date).plus({ days: shift }).toISODate()!));
  const anywhere = fc.integer({ min: 0, max: 4 * 365 }).map((offset) => DateTime.fromISO('2024-01-01').plus({ days: offset }).toISODate()!);
  const holidays = fc
    .tuple(near.length > 0 ? fc.subarray(near, { maxLength: 6 }) : fc.constant([]), fc.array(anywhere, { maxLength: 4 }))
    .map(([a, b]) => [...new Set([...a, ...b])].map((date) => ({ date, name: 'Holiday' })));
  return fc.record({ timeZone: fc.constant(timeZone), weekly, holidays });
});

const rangeStart = Date.parse('2024-01-01T00:00:00Z');
const rangeEnd = Date.parse('2027-12-31T00:00:00Z');

/** An instant in 2024–2027, often within three days of one of the calendar's DST changes. */
function instantFor(calendar: BusinessCalendar, wholeMinutes = false): fc.Arbitrary<Date> {
  const dates = transitions.get(calendar.timeZone as (typeof zones)[number]) ?? [];
  const anywhere = fc.integer({ min: rangeStart, max: rangeEnd });
  const nearDst =
    dates.length > 0
      ? fc.tuple(fc.constantFrom(...dates), fc.integer({ min: -3 * day, max: 3 * day })).map(([date, shift]) => DateTime.fromISO(date, { zone: calendar.timeZone }).toMillis() + shift)
      : anywhere;
  return fc.oneof(anywhere, nearDst).map((ms) => new Date(wholeMinutes ? Math.floor(ms / minute) * minute : ms));
}

const duration = fc.oneof(fc.integer({ min: 1, max: 30 * day }), fc.integer({ min: 1, max: 3 * hour }), fc.integer({ min: 1, max: 200 }).map((n) => n * 15 * minute));

const withCalendar = <T>(make: (calendar: BusinessCalendar) => fc.Arbitrary<T>) => calendarArb.chain((calendar) => make(calendar).map((value) => ({ calendar, value })));

// ---- A brute-force oracle: the wall clock, minute by minute -----------------------------------

function parseMinutes(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * The open minutes (their start instants) in [from, to), both on whole minutes, by reading the wall
 * clock of every minute with luxon. A minute is open when its local date is no holiday and an
 * interval of its weekday holds its wall time. In a fall-back repetition the clock reads earlier
 * times again; the spec maps every local time to its first occurrence, so a repeated minute counts
 * as the latest wall time already seen that date (the walk starts 3 h early to have seen it).
 */
function oracleOpenMinutes(calendar: BusinessCalendar, from: number, to: number): number[] {
  const zone = safeTimeZone(calendar.timeZone);
  const holidays = new Set(calendar.holidays.map((holiday) => holiday.date));
  const intervals = calendar.weekly.map((interval) => ({ day: interval.day, start: parseMinutes(interval.start), end: parseMinutes(interval.end) }));
  const open: number[] = [];
  let date = '';
  let latestWall = -1;
  for (let time = from - 3 * hour; time < to; time += minute) {
    const local = DateTime.fromMillis(time, { zone });
    const localDate = local.toISODate()!;
    const wall = local.hour * 60 + local.minute;
    if (localDate !== date) {
      date = localDate;
      latestWall = wall;
    } else {
      latestWall = Math.max(latestWall, wall);
    }
    if (time < from || holidays.has(localDate)) continue;
    if (intervals.some((interval) => interval.day === local.weekday && interval.start <= latestWall && latestWall < interval.end)) open.push(time);
  }
  return open;
}

// ---- Properties --------------------------------------------------------------------------------

/**
 * addBusinessTime answers null when the calendar has no open time, or when `ms` of open time lies
 * beyond its ~10-year walk (documented): a sparse calendar (31 minutes a week) needs 26 years for
 * 30 days. Checked a little short of the walk (3,650 days) so that the boundary cannot decide.
 */
function beyondWalk(calendar: BusinessCalendar, start: Date, ms: number): boolean {
  return weeklyOpenMs(calendar) === 0 || ms > businessTimeBetween(calendar, start, new Date(start.getTime() + 3650 * day));
}

describe('business time (properties across zones with DST and random calendars)', () => {
  it('round trip: the time between start and start + d is d', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar), duration)),
        ({ calendar, value: [start, ms] }) => {
          const due = addBusinessTime(calendar, start, ms);
          if (due === null) return beyondWalk(calendar, start, ms);
          return due.getTime() >= start.getTime() && businessTimeBetween(calendar, start, due) === ms;
        },
      ),
      { numRuns: 400 },
    );
  });

  it('additivity: adding a then b is adding a + b', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar), duration, duration)),
        ({ calendar, value: [start, a, b] }) => {
          const first = addBusinessTime(calendar, start, a);
          const both = addBusinessTime(calendar, start, a + b);
          if (first === null) return both === null;
          // From `first` the walk reaches further than from `start`.
          if (both === null) return beyondWalk(calendar, start, a + b);
          return iso(addBusinessTime(calendar, first, b)) === iso(both);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('monotonic: more business time is never earlier', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar), duration, duration)),
        ({ calendar, value: [start, x, y] }) => {
          const low = addBusinessTime(calendar, start, Math.min(x, y));
          const high = addBusinessTime(calendar, start, Math.max(x, y));
          // Null is "beyond the ~10-year walk" (documented), later than any instant: the longer
          // duration may pass the horizon while the shorter does not, never the other way round.
          if (low === null) return high === null;
          if (high === null) return true;
          return low.getTime() <= high.getTime();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('between is additive over a split point, never exceeds to − from, and matches openIntervals', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar), fc.integer({ min: 0, max: 20 * day }), fc.integer({ min: 0, max: 20 * day }))),
        ({ calendar, value: [from, first, second] }) => {
          const split = new Date(from.getTime() + first);
          const to = new Date(split.getTime() + second);
          const whole = businessTimeBetween(calendar, from, to);
          const parts = businessTimeBetween(calendar, from, split) + businessTimeBetween(calendar, split, to);
          const periods = openIntervals(calendar, from, to);
          const periodSum = periods.reduce((sum, [open, close]) => sum + close.getTime() - open.getTime(), 0);
          const separated = periods.every(([open, close], index) => open < close && (index === 0 || periods[index - 1]![1] < open));
          return whole === parts && whole >= 0 && whole <= to.getTime() - from.getTime() && periodSum === whole && separated && businessTimeBetween(calendar, to, from) === 0;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with a minute-by-minute wall-clock oracle (between, add, isOpen)', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar, true), fc.integer({ min: 1, max: 10 * 24 * 60 }), fc.nat(), fc.nat())),
        ({ calendar, value: [from, minutes, pickAdd, pickOpen] }) => {
          const to = from.getTime() + minutes * minute;
          const open = oracleOpenMinutes(calendar, from.getTime(), to);
          expect(businessTimeBetween(calendar, from, new Date(to))).toBe(open.length * minute);
          if (open.length > 0) {
            const count = (pickAdd % open.length) + 1;
            // The count-th open minute ends the stretch.
            expect(iso(addBusinessTime(calendar, from, count * minute))).toBe(iso(new Date(open[count - 1]! + minute)));
          }
          const probe = from.getTime() + (pickOpen % minutes) * minute;
          expect(isOpen(calendar, new Date(probe))).toBe(open.includes(probe));
          expect(isOpen(calendar, new Date(probe + 30_000))).toBe(open.includes(probe));
        },
      ),
      { numRuns: 120 },
    );
  }, 30_000);

  it('agrees with the oracle around DST changes day by day (short spans, many runs)', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => {
          const dates = transitions.get(calendar.timeZone as (typeof zones)[number])!;
          const start = dates.length > 0 ? fc.constantFrom(...dates).map((date) => DateTime.fromISO(date, { zone: calendar.timeZone }).toMillis()) : fc.constant(rangeStart);
          return fc.tuple(start, fc.integer({ min: -36, max: 12 }));
        }),
        ({ calendar, value: [midnight, shiftHours] }) => {
          const from = midnight + shiftHours * hour;
          const to = from + 36 * hour;
          expect(businessTimeBetween(calendar, new Date(from), new Date(to))).toBe(oracleOpenMinutes(calendar, from, to).length * minute);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);

  it('the result of adding is never inside a closed period: the instant before it is open', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => fc.tuple(instantFor(calendar), duration)),
        ({ calendar, value: [start, ms] }) => {
          const due = addBusinessTime(calendar, start, ms);
          if (due === null) return beyondWalk(calendar, start, ms);
          return isOpen(calendar, new Date(due.getTime() - 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('nextOpening is open, with no business time before it', () => {
    fc.assert(
      fc.property(
        withCalendar((calendar) => instantFor(calendar)),
        ({ calendar, value: start }) => {
          const opening = nextOpening(calendar, start);
          if (opening === null) return weeklyOpenMs(calendar) === 0;
          const same = isOpen(calendar, start) ? opening.getTime() === start.getTime() : opening.getTime() > start.getTime();
          return same && isOpen(calendar, opening) && businessTimeBetween(calendar, start, opening) === 0;
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---- Examples ----------------------------------------------------------------------------------

describe('business time (examples)', () => {
  const berlin = 'Europe/Berlin';

  it('continues after a weekend: Friday 16:00 + 2 h is Monday 10:00', () => {
    const due = addBusinessTime(office(berlin), at('2025-01-10T16:00:00+01:00'), 2 * hour);
    expect(iso(due)).toBe(iso(at('2025-01-13T10:00:00+01:00')));
    expect(businessTimeBetween(office(berlin), at('2025-01-10T16:00:00+01:00'), due!)).toBe(2 * hour);
    expect(openIntervals(office(berlin), at('2025-01-10T16:00:00+01:00'), due!)).toEqual([
      [at('2025-01-10T16:00:00+01:00'), at('2025-01-10T17:00:00+01:00')],
      [at('2025-01-13T09:00:00+01:00'), at('2025-01-13T10:00:00+01:00')],
    ]);
  });

  it('skips a holiday', () => {
    const calendar = office(berlin, [{ date: '2025-01-13', name: 'Closed Monday' }]);
    expect(iso(addBusinessTime(calendar, at('2025-01-10T16:00:00+01:00'), 2 * hour))).toBe(iso(at('2025-01-14T10:00:00+01:00')));
    expect(isOpen(calendar, at('2025-01-13T12:00:00+01:00'))).toBe(false);
    expect(iso(nextOpening(calendar, at('2025-01-13T12:00:00+01:00')))).toBe(iso(at('2025-01-14T09:00:00+01:00')));
    expect(businessTimeBetween(calendar, at('2025-01-06T00:00:00+01:00'), at('2025-01-20T00:00:00+01:00'))).toBe(9 * 8 * hour);
  });

  it('counts a spring-forward day in Berlin as it really is', () => {
    const night: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '01:00', end: '05:00' }], holidays: [] };
    // Sunday 2024-03-31: 02:00 CET jumps to 03:00 CEST. 01:00 CET = 00:00Z, 05:00 CEST = 03:00Z.
    const sunday = openIntervals(night, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'));
    expect(sunday).toEqual([[at('2024-03-31T00:00:00Z'), at('2024-03-31T03:00:00Z')]]);
    expect(businessTimeBetween(night, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toBe(3 * hour);
    expect(iso(addBusinessTime(night, at('2024-03-30T12:00:00Z'), 90 * minute))).toBe('2024-03-31T01:30:00.000Z');
    // A time in the gap moves to the first valid instant: 02:30–03:30 is 03:00–03:30 CEST.
    const gap: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '02:30', end: '03:30' }], holidays: [] };
    expect(openIntervals(gap, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toEqual([[at('2024-03-31T01:00:00Z'), at('2024-03-31T01:30:00Z')]]);
    // An interval wholly inside the gap is empty that day.
    const inside: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '02:00', end: '02:45' }], holidays: [] };
    expect(businessTimeBetween(inside, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toBe(0);
    expect(iso(nextOpening(inside, at('2024-03-30T00:00:00Z')))).toBe(iso(at('2024-04-07T02:00:00+02:00')));
  });

  it('counts a fall-back day in Berlin as it really is, ambiguous times at the earlier offset', () => {
    const night: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '01:00', end: '05:00' }], holidays: [] };
    // Sunday 2024-10-27: 03:00 CEST goes back to 02:00 CET. 01:00 CEST = 23:00Z (Saturday), 05:00 CET = 04:00Z.
    expect(openIntervals(night, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toEqual([[at('2024-10-26T23:00:00Z'), at('2024-10-27T04:00:00Z')]]);
    expect(businessTimeBetween(night, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toBe(5 * hour);
    // 02:30 happens twice; it means the first time (02:30 CEST = 00:30Z).
    const ambiguous: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '02:30', end: '04:00' }], holidays: [] };
    expect(openIntervals(ambiguous, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toEqual([[at('2024-10-27T00:30:00Z'), at('2024-10-27T03:00:00Z')]]);
    // A full office day across the change is 8 hours.
    const allSunday: BusinessCalendar = { timeZone: berlin, weekly: [{ day: 7, start: '00:00', end: '24:00' }], holidays: [] };
    expect(businessTimeBetween(allSunday, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toBe(25 * hour);
    expect(businessTimeBetween(allSunday, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toBe(23 * hour);
  });

  it('follows the office hours across a DST weekend (Friday CET → Monday CEST)', () => {
    const due = addBusinessTime(office(berlin), at('2024-03-29T16:00:00+01:00'), 3 * hour);
    expect(iso(due)).toBe(iso(at('2024-04-01T11:00:00+02:00')));
    expect(localDateTimeParts(berlin, due!)).toEqual({ year: 2024, month: 4, day: 1, hour: 11, minute: 0, weekday: 1 });
  });

  it('keeps a lunch break', () => {
    const lunch: BusinessCalendar = {
      timeZone: 'America/New_York',
      weekly: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { day: weekday, start: '09:00', end: '12:00' },
        { day: weekday, start: '13:00', end: '17:00' },
      ]),
      holidays: [],
    };
    // Monday 2025-01-13 11:00 EST + 2 h = 14:00 (the hour 12–13 is closed).
    expect(iso(addBusinessTime(lunch, at('2025-01-13T11:00:00-05:00'), 2 * hour))).toBe(iso(at('2025-01-13T14:00:00-05:00')));
    // Exactly to the start of lunch stops at 12:00, not 13:00.
    expect(iso(addBusinessTime(lunch, at('2025-01-13T11:00:00-05:00'), hour))).toBe(iso(at('2025-01-13T12:00:00-05:00')));
    expect(isOpen(lunch, at('2025-01-13T12:30:00-05:00'))).toBe(false);
    expect(iso(nextOpening(lunch, at('2025-01-13T12:30:00-05:00')))).toBe(iso(at('2025-01-13T13:00:00-05:00')));
    expect(weeklyOpenMs(lunch)).toBe(35 * hour);
  });

  it('joins adjacent intervals, also 24:00 and the next 00:00', () => {
    const nights: BusinessCalendar = {
      timeZone: 'UTC',
      weekly: [
        { day: 1, start: '20:00', end: '24:00' },
        { day: 2, start: '00:00', end: '04:00' },
        { day: 2, start: '04:00', end: '06:00' },
      ],
      holidays: [],
    };
    expect(openIntervals(nights, at('2025-01-13T00:00:00Z'), at('2025-01-15T00:00:00Z'))).toEqual([[at('2025-01-13T20:00:00Z'), at('2025-01-14T06:00:00Z')]]);
    expect(isOpen(nights, at('2025-01-14T00:00:00Z'))).toBe(true);
    expect(iso(addBusinessTime(nights, at('2025-01-13T12:00:00Z'), 4 * hour))).toBe('2025-01-14T00:00:00.000Z');
  });

  it('returns null without hanging for a calendar that is never open', () => {
    const never: BusinessCalendar = { timeZone: berlin, weekly: [], holidays: [] };
    const started = performance.now();
    expect(addBusinessTime(never, at('2025-01-13T10:00:00Z'), hour)).toBeNull();
    expect(nextOpening(never, at('2025-01-13T10:00:00Z'))).toBeNull();
    expect(isOpen(never, at('2025-01-13T10:00:00Z'))).toBe(false);
    expect(businessTimeBetween(never, at('2025-01-13T10:00:00Z'), at('2026-01-13T10:00:00Z'))).toBe(0);
    // Open on weekdays, but every date for three years is a holiday: bounded, null.
    const holidays = Array.from({ length: 3 * 366 }, (_, index) => ({ date: DateTime.fromISO('2025-01-01').plus({ days: index }).toISODate()!, name: 'Closed' }));
    const closed = office(berlin, holidays);
    expect(addBusinessTime(closed, at('2025-01-13T10:00:00Z'), hour)).toBeNull();
    expect(nextOpening(closed, at('2025-01-13T10:00:00Z'))).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('falls back to UTC for an invalid zone', () => {
    expect(isValidTimeZone('Not/AZone')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(safeTimeZone('Not/AZone')).toBe('UTC');
    expect(safeTimeZone(null)).toBe('UTC');
    expect(safeTimeZone(undefined)).toBe('UTC');
    expect(safeTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    const due = addBusinessTime(office('Not/AZone'), at('2025-01-13T08:00:00Z'), hour);
    expect(iso(due)).toBe('2025-01-13T10:00:00.000Z');
    expect(localDateTimeParts('Not/AZone', at('2025-01-13T08:00:00Z')).hour).toBe(8);
  });

  it('is around the clock with aroundTheClock, and ms ≤ 0 returns the start', () => {
    const always = aroundTheClock('Europe/Berlin');
    expect(weeklyOpenMs(always)).toBe(7 * 24 * hour);
    expect(iso(addBusinessTime(always, at('2024-10-26T22:00:00Z'), 5 * hour))).toBe('2024-10-27T03:00:00.000Z');
    expect(businessTimeBetween(always, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z'))).toBe(48 * hour);
    expect(aroundTheClock().timeZone).toBe('UTC');
    expect(iso(addBusinessTime(office(berlin), at('2025-01-11T10:00:00Z'), 0))).toBe('2025-01-11T10:00:00.000Z');
    expect(iso(addBusinessTime(office(berlin), at('2025-01-11T10:00:00Z'), -5))).toBe('2025-01-11T10:00:00.000Z');
    expect(businessTimeBetween(office(berlin), at('2025-01-13T12:00:00Z'), at('2025-01-13T11:00:00Z'))).toBe(0);
  });

  it('counts local calendar days for wording', () => {
    expect(localDaysBetween(berlin, at('2025-01-10T22:30:00Z'), at('2025-01-10T23:30:00Z'))).toBe(1);
    expect(localDaysBetween('UTC', at('2025-01-10T22:30:00Z'), at('2025-01-10T23:30:00Z'))).toBe(0);
    expect(localDaysBetween(berlin, at('2024-03-29T12:00:00Z'), at('2024-04-01T12:00:00Z'))).toBe(3);
  });

  it('walks a long span quickly (day by day, cached)', () => {
    const calendar = office('America/New_York');
    const started = performance.now();
    for (let index = 0; index < 2000; index += 1) {
      const start = new Date(Date.parse('2025-01-01T00:00:00Z') + index * 3_600_017);
      const due = addBusinessTime(calendar, start, 40 * hour);
      businessTimeBetween(calendar, start, due!);
    }
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
