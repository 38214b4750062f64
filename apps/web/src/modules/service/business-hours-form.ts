/**
 * The business hours form, apart from the screen: a week of interval lists the admin edits, turned
 * into the API's flat `weekly` list, checked before sending (the server checks again).
 */
import type { BusinessHoursDto, Holiday, UpdateBusinessHoursBody, WeeklyInterval } from '@rapport/contracts/service';

/** ISO weekdays, Monday first. */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoDay = (typeof isoWeekdays)[number];

/**
 * One interval as the time inputs hold it. A time input cannot show 24:00, so an end of 00:00
 * means midnight at the end of the day (an interval never ends before it starts).
 */
export interface IntervalDraft {
  start: string;
  end: string;
}
export type WeekDraft = Record<IsoDay, IntervalDraft[]>;
export interface HolidayDraft {
  date: string;
  name: string;
}
export interface BusinessHoursForm {
  week: WeekDraft;
  holidays: HolidayDraft[];
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

export function emptyWeek(): WeekDraft {
  return { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
}

/** The server's hours as the form edits them: per day, sorted by start. */
export function formFromBusinessHours(hours: Pick<BusinessHoursDto, 'weekly' | 'holidays'>): BusinessHoursForm {
  const week = emptyWeek();
  const sorted = [...hours.weekly].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
  for (const interval of sorted) {
    week[interval.day as IsoDay].push({ start: interval.start, end: interval.end === '24:00' ? '00:00' : interval.end });
  }
  return { week, holidays: hours.holidays.map((holiday) => ({ date: holiday.date, name: holiday.name })) };
}

/** The end as the API spells it: 00:00 (midnight after the day) becomes 24:00. */
export function apiEnd(end: string): string {
  return end === '00:00' ? '24:00' : end;
}

/** Minutes since midnight of "HH:MM" (or 24:00); NaN when it is not a time. */
export function clockMinutes(time: string): number {
  if (time === '24:00') return 24 * 60;
  if (!clock.test(time)) return Number.NaN;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export const presets = {
  /** Monday to Friday, 09:00–17:00. */
  weekdays: (): WeekDraft => ({ ...emptyWeek(), 1: [{ start: '09:00', end: '17:00' }], 2: [{ start: '09:00', end: '17:00' }], 3: [{ start: '09:00', end: '17:00' }], 4: [{ start: '09:00', end: '17:00' }], 5: [{ start: '09:00', end: '17:00' }] }),
  /** Every day, all day. */
  aroundTheClock: (): WeekDraft => {
    const week = emptyWeek();
    for (const day of isoWeekdays) week[day] = [{ start: '00:00', end: '00:00' }];
    return week;
  },
} as const;
export type PresetName = keyof typeof presets;

/**
 * Adds an interval to a day: after the day's last one (an hour later, for an hour, when there is
 * room), else 09:00–17:00.
 */
export function addInterval(week: WeekDraft, day: IsoDay): WeekDraft {
  const intervals = week[day];
  const last = intervals[intervals.length - 1];
  let next: IntervalDraft = { start: '09:00', end: '17:00' };
  if (last) {
    const lastEnd = clockMinutes(apiEnd(last.end));
    if (Number.isFinite(lastEnd) && lastEnd + 120 <= 24 * 60) next = { start: timeOf(lastEnd + 60), end: timeOf(lastEnd + 120) };
    else next = { start: '', end: '' };
  }
  return { ...week, [day]: [...intervals, next] };
}

export function removeInterval(week: WeekDraft, day: IsoDay, index: number): WeekDraft {
  return { ...week, [day]: week[day].filter((_, position) => position !== index) };
}

export function changeInterval(week: WeekDraft, day: IsoDay, index: number, changes: Partial<IntervalDraft>): WeekDraft {
  return { ...week, [day]: week[day].map((interval, position) => (position === index ? { ...interval, ...changes } : interval)) };
}

function timeOf(minutes: number): string {
  const capped = Math.min(minutes, 24 * 60);
  if (capped === 24 * 60) return '00:00';
  return `${String(Math.floor(capped / 60)).padStart(2, '0')}:${String(capped % 60).padStart(2, '0')}`;
}

export type IntervalError = 'startInvalid' | 'endInvalid' | 'endBeforeStart' | 'overlap';
export type HolidayError = 'dateInvalid' | 'nameMissing' | 'dateRepeated';

export interface BusinessHoursErrors {
  /** `${day}:${index}` → what is wrong with that interval. */
  intervals: Map<string, IntervalError>;
  /** Holiday index → what is wrong with it. */
  holidays: Map<number, HolidayError>;
  /** No open interval in the whole week. */
  noHours: boolean;
}

export function intervalKey(day: IsoDay, index: number): string {
  return `${day}:${index}`;
}

/** What is wrong with the form; nothing is when every map is empty and noHours is false. */
export function businessHoursErrors(form: BusinessHoursForm): BusinessHoursErrors {
  const intervals = new Map<string, IntervalError>();
  let count = 0;
  for (const day of isoWeekdays) {
    const spans: Array<{ index: number; start: number; end: number }> = [];
    form.week[day].forEach((interval, index) => {
      count += 1;
      const start = clockMinutes(interval.start);
      const end = clockMinutes(apiEnd(interval.end));
      if (Number.isNaN(start)) intervals.set(intervalKey(day, index), 'startInvalid');
      else if (Number.isNaN(end)) intervals.set(intervalKey(day, index), 'endInvalid');
      else if (end <= start) intervals.set(intervalKey(day, index), 'endBeforeStart');
      else spans.push({ index, start, end });
    });
    spans.sort((a, b) => a.start - b.start);
    spans.forEach((span, position) => {
      const previous = spans[position - 1];
      if (previous && previous.end > span.start) intervals.set(intervalKey(day, span.index), 'overlap');
    });
  }
  const holidays = new Map<number, HolidayError>();
  const seen = new Set<string>();
  form.holidays.forEach((holiday, index) => {
    if (!isDate(holiday.date)) holidays.set(index, 'dateInvalid');
    else if (seen.has(holiday.date)) holidays.set(index, 'dateRepeated');
    else if (!holiday.name.trim()) holidays.set(index, 'nameMissing');
    seen.add(holiday.date);
  });
  return { intervals, holidays, noHours: count === 0 };
}

export function hasErrors(errors: BusinessHoursErrors): boolean {
  return errors.intervals.size > 0 || errors.holidays.size > 0 || errors.noHours;
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The request body: the week flattened Monday first, each day by start; holidays by date, names trimmed. */
export function bodyFromForm(form: BusinessHoursForm): UpdateBusinessHoursBody {
  const weekly: WeeklyInterval[] = [];
  for (const day of isoWeekdays) {
    const sorted = [...form.week[day]].sort((a, b) => a.start.localeCompare(b.start));
    for (const interval of sorted) weekly.push({ day, start: interval.start, end: apiEnd(interval.end) });
  }
  const holidays: Holiday[] = [...form.holidays]
    .map((holiday) => ({ date: holiday.date, name: holiday.name.trim() }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { weekly, holidays };
}

/** Open hours in a week of the form's valid intervals (what the server reports as weeklyOpenHours). */
export function weeklyOpenHours(week: WeekDraft): number {
  let minutes = 0;
  for (const day of isoWeekdays) {
    for (const interval of week[day]) {
      const start = clockMinutes(interval.start);
      const end = clockMinutes(apiEnd(interval.end));
      if (Number.isFinite(start) && Number.isFinite(end) && end > start) minutes += end - start;
    }
  }
  return Math.round((minutes / 60) * 100) / 100;
}
