import { normalise } from './sentences.ts';

type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const SHORT_WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
// Promises without a time of day ("tomorrow") are due at the end of the working day there.
const END_OF_WORKING_DAY = 17;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
  });
  formatters.set(timeZone, formatter);
  return formatter;
}

/** A valid IANA zone, or UTC when the workspace sent something the runtime does not know. */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

// Small memo: one call resolves several promises against the same "now"; formatToParts is slow.
const partsCache = new Map<string, ZonedParts>();

function zonedParts(instant: number, timeZone: string): ZonedParts {
  const key = `${instant}|${timeZone}`;
  const cached = partsCache.get(key);
  if (cached) return cached;
  const computed = computeZonedParts(instant, timeZone);
  if (partsCache.size > 256) partsCache.clear();
  partsCache.set(key, computed);
  return computed;
}

function computeZonedParts(instant: number, timeZone: string): ZonedParts {
  const parts: Partial<Record<string, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: SHORT_WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** Local wall time in `timeZone` to a UTC instant; two passes settle DST offsets. */
function zonedToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let pass = 0; pass < 2; pass += 1) {
    const parts = zonedParts(guess, timeZone);
    guess += wanted - Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  }
  return guess;
}

type LocalDate = { year: number; month: number; day: number };

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

function addBusinessDays(date: LocalDate, days: number): LocalDate {
  let current = date;
  let remaining = days;
  while (remaining > 0) {
    current = addDays(current, 1);
    const weekday = weekdayOf(current);
    if (weekday !== 0 && weekday !== 6) remaining -= 1;
  }
  return current;
}

function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const match = /\b(?:at|by|before|around|after)?\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\W|$)/.exec(text);
  const named = /\b(noon|midday|midnight|this morning|this afternoon|this evening|tonight|end of (?:the )?day|eod|close of business|cob)\b/.exec(text);
  if (match && (match[3] || match[2])) {
    let hour = Number(match[1]);
    const minute = Number(match[2] ?? '0');
    const meridiem = match[3]?.replace(/\./g, '');
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    if (hour < 24 && minute < 60) return { hour, minute };
  }
  if (!named) return null;
  const hours: Record<string, number> = {
    noon: 12, midday: 12, midnight: 23, 'this morning': 12, 'this afternoon': END_OF_WORKING_DAY,
    'this evening': 20, tonight: 21, eod: END_OF_WORKING_DAY, 'close of business': END_OF_WORKING_DAY, cob: END_OF_WORKING_DAY,
  };
  const key = named[1] ?? '';
  return { hour: hours[key] ?? END_OF_WORKING_DAY, minute: key === 'midnight' ? 59 : 0 };
}

/**
 * Resolves the time a promise names ("tomorrow", "by Friday", "within 2 business days", "at 3pm")
 * against `now` in `timeZone`. Returns an ISO-8601 UTC instant, or undefined when no time is named.
 */
export function resolveDue(sentence: string, nowIso: string | undefined, timeZoneSetting: string | undefined): string | undefined {
  if (!nowIso) return undefined;
  const nowInstant = Date.parse(nowIso);
  if (Number.isNaN(nowInstant)) return undefined;
  const timeZone = safeTimeZone(timeZoneSetting);
  const text = normalise(sentence);
  const now = zonedParts(nowInstant, timeZone);
  const today: LocalDate = { year: now.year, month: now.month, day: now.day };

  const relative = /\b(?:within|in)\s+(?:the next\s+)?(\d{1,3}|an?|one|two|three|four|five|24|48)\s+(business days?|working days?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b/.exec(text);
  if (relative) {
    const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5 };
    const amount = words[relative[1] ?? ''] ?? Number(relative[1]);
    const unit = relative[2] ?? '';
    if (/^(?:business|working)/.test(unit)) {
      const date = addBusinessDays(today, amount);
      return new Date(zonedToInstant(date.year, date.month, date.day, END_OF_WORKING_DAY, 0, timeZone)).toISOString();
    }
    const minutes = /^min/.test(unit) ? amount : /^(?:hour|hr)/.test(unit) ? amount * 60 : /^day/.test(unit) ? amount * 1440 : amount * 10080;
    return new Date(nowInstant + minutes * 60_000).toISOString();
  }

  const timeOfDay = parseTimeOfDay(text);
  let date: LocalDate | null = null;
  const weekday = new RegExp(`\\b(next\\s+)?(${WEEKDAYS.join('|')})\\b`).exec(text);
  const monthDay = new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS.join('|')})\\b`).exec(text);
  const isoDate = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (/\btomorrow\b/.test(text)) date = addDays(today, 1);
  else if (/\b(?:today|tonight|this (?:morning|afternoon|evening)|end of (?:the )?day|eod|close of business|cob|later on|later today)\b/.test(text)) date = today;
  else if (/\b(?:end of (?:the|this) week|this week)\b/.test(text)) date = addDays(today, (5 - now.weekday + 7) % 7);
  else if (/\bnext week\b/.test(text)) date = addDays(today, ((5 - now.weekday + 7) % 7) + 7);
  else if (isoDate) date = { year: Number(isoDate[1]), month: Number(isoDate[2]), day: Number(isoDate[3]) };
  else if (monthDay) {
    const monthName = monthDay[1] ?? monthDay[4] ?? '';
    const month = MONTHS.indexOf(monthName) + 1;
    const day = Number(monthDay[2] ?? monthDay[3]);
    const isPast = month < now.month || (month === now.month && day < now.day);
    date = { year: isPast ? now.year + 1 : now.year, month, day };
  } else if (weekday) {
    const target = WEEKDAYS.indexOf(weekday[2] ?? '');
    let ahead = (target - now.weekday + 7) % 7;
    // "Friday" said on a Friday means today; "next Friday" always means a later one.
    if (weekday[1] && ahead === 0) ahead = 7;
    date = addDays(today, ahead);
  }
  if (!date && timeOfDay) {
    // "I'll call you at 3pm": today if still ahead, otherwise tomorrow.
    const isPassed = timeOfDay.hour < now.hour || (timeOfDay.hour === now.hour && timeOfDay.minute <= now.minute);
    date = isPassed ? addDays(today, 1) : today;
  }
  if (!date) return undefined;
  const hour = timeOfDay?.hour ?? END_OF_WORKING_DAY;
  const minute = timeOfDay?.minute ?? 0;
  return new Date(zonedToInstant(date.year, date.month, date.day, hour, minute, timeZone)).toISOString();
}
