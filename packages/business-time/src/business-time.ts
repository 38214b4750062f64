/**
 * Business time: opening hours, holidays and time zones, as pure arithmetic on luxon. Shared by the
 * SLA engine and the first-reply estimate.
 *
 * A calendar is a set of local wall-clock intervals per ISO weekday in `timeZone` (an invalid zone
 * counts as UTC), several a day allowed, "24:00" meaning the next local midnight; a holiday closes
 * its whole local date. A local time maps to the FIRST instant whose wall clock reads it or later:
 *
 * - in a spring-forward gap (02:30 on a day that jumps from 02:00 to 03:00) that is the instant of
 *   the jump, so an interval lying wholly inside a gap is empty;
 * - in a fall-back repetition (02:30 on a day that goes back from 03:00 to 02:00) that is the first
 *   occurrence, i.e. the earlier offset.
 *
 * So a local interval is as long as it really is in absolute time (01:00–05:00 on Berlin's
 * spring-forward day is 3 h, on its fall-back day 5 h). Open periods are half-open [start, end);
 * adjacent intervals (also 24:00 and the next day's 00:00) form one open period.
 *
 * Walks go day by day (never minute by minute) and are bounded: a calendar that is never open
 * gives null instead of hanging. The instants of each (zone, local date) are computed once and kept
 * in bounded caches, so calling this on every ticket change stays cheap.
 */
import { DateTime, IANAZone } from 'luxon';

export interface WeeklyInterval {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  day: number;
  /** "HH:MM" local time. */
  start: string;
  /** "HH:MM" local time, or "24:00" for the next local midnight. */
  end: string;
}

export interface Holiday {
  /** Local date YYYY-MM-DD: closed all day. */
  date: string;
  name: string;
}

export interface BusinessCalendar {
  timeZone: string;
  weekly: readonly WeeklyInterval[];
  holidays: readonly Holiday[];
}

/** The wall clock of an instant in a zone. */
export interface LocalDateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday 1..7 */
  weekday: number;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
const minutesPerDay = 24 * 60;
/** A walk that finds no open time for this many local days gives up (a never-open calendar). */
const idleDaysLimit = 366 * 2;
/** No walk goes further than this many local days ahead (addBusinessTime of an absurd amount). */
const walkDaysLimit = 366 * 10;

// ---- Zones ---------------------------------------------------------------------------------

// Checking a zone builds an Intl.DateTimeFormat (tens of µs): remember the answer per name.
const validZones = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  let valid = validZones.get(timeZone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(timeZone);
    if (validZones.size >= 1024) validZones.clear();
    validZones.set(timeZone, valid);
  }
  return valid;
}

/** A valid IANA zone name, or 'UTC'. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/** 00:00–24:00 on all seven days, no holidays. */
/** Office hours until a workspace sets its own: Monday to Friday, 09:00–17:00. */
export const officeHours: readonly WeeklyInterval[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

/** A calendar from stored values: no hours stored yet means office hours; a zone the runtime does not know, UTC. */
export function calendarFromStored(
  stored: { timeZone?: string | null; weekly?: readonly WeeklyInterval[] | null; holidays?: readonly Holiday[] | null } | null,
): BusinessCalendar {
  return { timeZone: safeTimeZone(stored?.timeZone), weekly: stored?.weekly ?? officeHours, holidays: stored?.holidays ?? [] };
}

export function aroundTheClock(timeZone = 'UTC'): BusinessCalendar {
  return {
    timeZone: safeTimeZone(timeZone),
    weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    holidays: [],
  };
}

function zoneOf(timeZone: string): IANAZone {
  return IANAZone.create(safeTimeZone(timeZone));
}

/** Offset of the zone at an instant, in ms. */
function offsetMs(zone: IANAZone, at: number): number {
  return zone.offset(at) * minuteMs;
}

/** The wall clock at `at`, as if it were a UTC instant ("wall ms"). */
function wallMs(zone: IANAZone, at: number): number {
  return at + offsetMs(zone, at);
}

/** The local date of an instant, as days since 1970-01-01. */
function localEpochDay(zone: IANAZone, at: number): number {
  return Math.floor(wallMs(zone, at) / dayMs);
}

/**
 * The first instant whose wall clock reads `wall` (wall ms) or later: the earlier occurrence of an
 * ambiguous time, the instant of the jump for a time in a gap.
 */
function wallToInstant(zone: IANAZone, wall: number): number {
  const before = offsetMs(zone, wall - dayMs);
  const after = offsetMs(zone, wall + dayMs);
  const early = wall - before;
  const late = wall - after;
  const earlyValid = offsetMs(zone, early) === before;
  const lateValid = offsetMs(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  if (before === after) {
    // Two transitions within two days (no real zone does this): luxon's own answer.
    const local = DateTime.fromMillis(wall, { zone: 'utc' });
    return DateTime.fromObject(
      { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond },
      { zone },
    ).toMillis();
  }
  // A gap: the wall clock jumps over `wall` at the transition, somewhere in [min, max]. Find the
  // first instant at which the wall clock has passed it (monotone within one transition).
  let low = Math.min(early, late);
  let high = Math.max(early, late);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallMs(zone, middle) >= wall) high = middle;
    else low = middle;
  }
  return wallMs(zone, low) >= wall ? low : high;
}

// ---- Local days ----------------------------------------------------------------------------

/** One local date in one zone: its bounds in absolute time. */
interface DayFrame {
  /** Days since 1970-01-01 (local date). */
  epochDay: number;
  /** ISO weekday 1..7 */
  weekday: number;
  /** First instant of the date (its 00:00). */
  start: number;
  /** First instant of the next date (this date's 24:00). */
  end: number;
  /** No offset change within the date: minute m is start + m minutes. */
  regular: boolean;
  zone: IANAZone;
  /** Irregular days: minute of day → instant. */
  instants: Map<number, number> | null;
}

/** Bounded memo: when full, the oldest entry goes. */
class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): V {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }
}

const frames = new BoundedCache<DayFrame>(16_384);

function weekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function dayFrame(zone: IANAZone, epochDay: number): DayFrame {
  const key = `${zone.name}|${epochDay}`;
  const known = frames.get(key);
  if (known) return known;
  const wall = epochDay * dayMs;
  const around = offsetMs(zone, wall - dayMs);
  let frame: DayFrame;
  if (around === offsetMs(zone, wall + 2 * dayMs)) {
    // The same offset from the day before to the day after: no transition on this date.
    frame = { epochDay, weekday: weekdayOfEpochDay(epochDay), start: wall - around, end: wall + dayMs - around, regular: true, zone, instants: null };
  } else {
    const start = wallToInstant(zone, wall);
    const end = wallToInstant(zone, wall + dayMs);
    const regular = end - start === dayMs && offsetMs(zone, start) === offsetMs(zone, end - 1);
    frame = { epochDay, weekday: weekdayOfEpochDay(epochDay), start, end, regular, zone, instants: regular ? null : new Map() };
  }
  return frames.set(key, frame);
}

/**
 * The local date whose frame holds `at` (its start ≤ at < its end), found among the cached frames
 * around the UTC date (no zone lookup once they are known). Days before it end by its start.
 */
function frameDayOf(zone: IANAZone, at: number): number {
  let epochDay = Math.floor(at / dayMs);
  for (let step = 0; step < 4; step += 1) {
    const frame = dayFrame(zone, epochDay);
    if (at < frame.start) epochDay -= 1;
    else if (at >= frame.end) epochDay += 1;
    else return epochDay;
  }
  return localEpochDay(zone, at);
}

/** The instant of a local minute of the frame's date (1440 = the next midnight). */
function instantOf(frame: DayFrame, minuteOfDay: number): number {
  if (minuteOfDay <= 0) return frame.start;
  if (minuteOfDay >= minutesPerDay) return frame.end;
  if (frame.regular) return frame.start + minuteOfDay * minuteMs;
  const known = frame.instants!.get(minuteOfDay);
  if (known !== undefined) return known;
  const instant = Math.min(frame.end, Math.max(frame.start, wallToInstant(frame.zone, frame.epochDay * dayMs + minuteOfDay * minuteMs)));
  frame.instants!.set(minuteOfDay, instant);
  return instant;
}

// ---- Calendars -----------------------------------------------------------------------------

type MinuteSpan = [number, number];
type Span = [number, number];

interface CompiledCalendar {
  zone: IANAZone;
  /** Index 1..7: merged local minute spans of that weekday. */
  byWeekday: MinuteSpan[][];
  holidays: Set<number>;
  alwaysOpen: boolean;
  neverOpen: boolean;
  weeklyOpenMs: number;
  days: BoundedCache<Span[]>;
}

const compiled = new BoundedCache<CompiledCalendar>(256);

/** "HH:MM" → minutes of the day (0..1440), or null. */
function minutesOf(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(typeof value === 'string' ? value.trim() : '');
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes >= 60) return null;
  const total = hours * 60 + minutes;
  return total <= minutesPerDay ? total : null;
}

function mergeSpans<T extends [number, number]>(spans: T[]): T[] {
  const sorted = spans.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  const merged: T[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]] as T);
  }
  return merged;
}

function holidayEpochDay(date: string): number | null {
  const parsed = DateTime.fromISO(typeof date === 'string' ? date.trim() : '', { zone: 'utc' });
  return parsed.isValid ? Math.floor(parsed.toMillis() / dayMs) : null;
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const key = [
    calendar.timeZone,
    calendar.weekly.map((interval) => `${interval.day},${interval.start},${interval.end}`).join(';'),
    calendar.holidays.map((holiday) => holiday.date).join(';'),
  ].join('|');
  const known = compiled.get(key);
  if (known) return known;
  const zone = zoneOf(calendar.timeZone);
  const byWeekday: MinuteSpan[][] = [[], [], [], [], [], [], [], []];
  for (const interval of calendar.weekly) {
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (!Number.isInteger(interval.day) || interval.day < 1 || interval.day > 7 || start === null || end === null || start >= end) continue;
    byWeekday[interval.day]!.push([start, end]);
  }
  for (let day = 1; day <= 7; day += 1) byWeekday[day] = mergeSpans(byWeekday[day]!);
  const holidays = new Set<number>();
  for (const holiday of calendar.holidays) {
    const epochDay = holidayEpochDay(holiday.date);
    if (epochDay !== null) holidays.add(epochDay);
  }
  const openMinutes = byWeekday.reduce((sum, spans) => sum + spans.reduce((daySum, [start, end]) => daySum + end - start, 0), 0);
  return compiled.set(key, {
    zone,
    byWeekday,
    holidays,
    alwaysOpen: holidays.size === 0 && openMinutes === 7 * minutesPerDay,
    neverOpen: openMinutes === 0,
    weeklyOpenMs: openMinutes * minuteMs,
    days: new BoundedCache<Span[]>(4096),
  });
}

/** The open periods of one local date, in absolute time, merged and sorted (empty when closed). */
function openSpansOfDay(calendar: CompiledCalendar, frame: DayFrame): Span[] {
  const key = String(frame.epochDay);
  const known = calendar.days.get(key);
  if (known) return known;
  const local = calendar.holidays.has(frame.epochDay) ? [] : calendar.byWeekday[frame.weekday]!;
  const spans = mergeSpans(local.map(([start, end]): Span => [instantOf(frame, start), instantOf(frame, end)]));
  return calendar.days.set(key, spans);
}

/**
 * Visits the open periods at or after `from` (clipped to [from, until)) in order, day by day,
 * until `visit` returns true (then true) or the walk ends: `until` reached, no open time for
 * idleDaysLimit days, or walkDaysLimit days walked (then false).
 */
function walk(calendar: CompiledCalendar, from: number, until: number, visit: (start: number, end: number) => boolean): boolean {
  if (calendar.neverOpen || until <= from) return false;
  const firstDay = frameDayOf(calendar.zone, from);
  let lastOpenDay = firstDay;
  for (let epochDay = firstDay; epochDay - firstDay <= walkDaysLimit && epochDay - lastOpenDay <= idleDaysLimit; epochDay += 1) {
    const frame = dayFrame(calendar.zone, epochDay);
    if (frame.start >= until) return false;
    const spans = openSpansOfDay(calendar, frame);
    if (spans.length > 0) lastOpenDay = epochDay;
    for (const [spanStart, spanEnd] of spans) {
      const start = Math.max(spanStart, from);
      const end = Math.min(spanEnd, until);
      if (start < end && visit(start, end)) return true;
    }
  }
  return false;
}

// ---- Queries -------------------------------------------------------------------------------

export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const compiledCalendar = compile(calendar);
  if (compiledCalendar.alwaysOpen) return true;
  const time = at.getTime();
  return walk(compiledCalendar, time, time + 1, () => true);
}

/** `at` itself when open, else the start of the next open period; null when none within ~2 years. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date | null {
  const compiledCalendar = compile(calendar);
  if (compiledCalendar.alwaysOpen) return new Date(at.getTime());
  let found: number | null = null;
  walk(compiledCalendar, at.getTime(), Number.POSITIVE_INFINITY, (start) => {
    found = start;
    return true;
  });
  return found === null ? null : new Date(found);
}

/**
 * The instant `ms` of open time after `start` (ms ≤ 0: `start`; fractions round up to a whole ms).
 * Never inside a closed period: it ends an open stretch. Null when the calendar has no open time
 * ahead (no open time for ~2 years, or beyond ~10 years of walking).
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, ms: number): Date | null {
  const from = start.getTime();
  if (!(ms > 0)) return new Date(from);
  let remaining = Math.ceil(ms);
  const compiledCalendar = compile(calendar);
  if (compiledCalendar.alwaysOpen) return Number.isFinite(remaining) ? new Date(from + remaining) : null;
  let due: number | null = null;
  walk(compiledCalendar, from, Number.POSITIVE_INFINITY, (open, close) => {
    if (remaining <= close - open) {
      due = open + remaining;
      return true;
    }
    remaining -= close - open;
    return false;
  });
  return due === null ? null : new Date(due);
}

/** Open ms in [from, to); 0 when to ≤ from. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  const compiledCalendar = compile(calendar);
  if (compiledCalendar.alwaysOpen) return end - start;
  let total = 0;
  walkSpan(compiledCalendar, start, end, (open, close) => {
    total += close - open;
  });
  return total;
}

/** The open periods within [from, to), clipped to it; adjacent intervals form one period. */
export function openIntervals(calendar: BusinessCalendar, from: Date, to: Date): Array<[Date, Date]> {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return [];
  const compiledCalendar = compile(calendar);
  if (compiledCalendar.alwaysOpen) return [[new Date(start), new Date(end)]];
  const periods: Span[] = [];
  walkSpan(compiledCalendar, start, end, (open, close) => {
    const last = periods[periods.length - 1];
    if (last && last[1] >= open) last[1] = Math.max(last[1], close);
    else periods.push([open, close]);
  });
  return periods.map(([open, close]) => [new Date(open), new Date(close)]);
}

/**
 * Visits every open period in [from, to). Unlike `walk`, a long closed stretch does not end it (a
 * span is bounded by itself); only a never-open calendar is skipped at once.
 */
function walkSpan(calendar: CompiledCalendar, from: number, to: number, visit: (start: number, end: number) => void): void {
  if (calendar.neverOpen) return;
  for (let epochDay = frameDayOf(calendar.zone, from); ; epochDay += 1) {
    const frame = dayFrame(calendar.zone, epochDay);
    if (frame.start >= to) return;
    for (const [spanStart, spanEnd] of openSpansOfDay(calendar, frame)) {
      const start = Math.max(spanStart, from);
      const end = Math.min(spanEnd, to);
      if (start < end) visit(start, end);
    }
  }
}

/** Open ms in a week without holidays, counted on the wall clock (a 09:00–17:00 day is 8 h). */
export function weeklyOpenMs(calendar: BusinessCalendar): number {
  return compile(calendar).weeklyOpenMs;
}

// ---- Wall clock, for wording ---------------------------------------------------------------

/** The local date and time of an instant in a calendar's (or a named) zone; an invalid zone reads UTC. */
export function localDateTimeParts(zoneOrCalendar: string | BusinessCalendar, at: Date): LocalDateTimeParts {
  const timeZone = typeof zoneOrCalendar === 'string' ? zoneOrCalendar : zoneOrCalendar.timeZone;
  const local = DateTime.fromMillis(at.getTime(), { zone: safeTimeZone(timeZone) });
  return { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, weekday: local.weekday };
}

/** Local calendar days from the date of `from` to the date of `to` (same date: 0; negative when before). */
export function localDaysBetween(zoneOrCalendar: string | BusinessCalendar, from: Date, to: Date): number {
  const timeZone = typeof zoneOrCalendar === 'string' ? zoneOrCalendar : zoneOrCalendar.timeZone;
  const zone = zoneOf(timeZone);
  return localEpochDay(zone, to.getTime()) - localEpochDay(zone, from.getTime());
}

/**
 * The first instant of the local day, ISO week (Monday) or month that holds `at`, in the zone (an
 * invalid zone reads UTC). Used for per-period limits ("at most 200 a month").
 */
export function startOfLocalPeriod(timeZone: string, at: Date, period: 'day' | 'week' | 'month'): Date {
  return DateTime.fromMillis(at.getTime(), { zone: safeTimeZone(timeZone) }).startOf(period).toJSDate();
}
