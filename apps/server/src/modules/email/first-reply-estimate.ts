/**
 * The expected first-reply time told to a customer in the auto-acknowledgement (P26). Pure: the
 * live-queue figures come in (see auto-ack.ts), a promise comes out. The formula (docs/email.md):
 *
 *   replyRate  = w · historyRate + (1 − w) · agentsAvailable · perAgentRate     first replies per business hour
 *                historyRate = first replies in the last 7 days / business hours in those 7 days
 *                w = min(1, first replies in the last 7 days / 20)  (trust history once there is enough of it)
 *   queueHours = (ticketsAhead + 1) / replyRate                                     business hours
 *   hours      = max(queueHours, median first-reply time of the last 7 days, 0.25)
 *   due        = now + hours, counted in business hours only (workspace time zone)
 *
 * The promise is rounded UP to a human unit ("within 30 minutes", "within 3 hours", "by tomorrow
 * 11:00", "by Monday 10:00", "within 9 days"), so the team can keep it. Without history and without
 * an active agent there is no basis for a number: the message then says "as soon as possible".
 */

export interface BusinessHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. Empty: every day. */
  days: number[];
  /** "HH:MM" local time; start ≥ end means around the clock. */
  start: string;
  end: string;
}

export interface QueueFigures {
  /** Unanswered new/open tickets created before this one. */
  ticketsAhead: number;
  /** Active agents, leads and admins (no presence yet: every active member counts). */
  agentsAvailable: number;
  /** Tickets that got their first reply in the last 7 days. */
  recentFirstReplies: number;
  /** Business hours in those 7 days (the denominator of the history rate). */
  recentBusinessHours: number;
  /** Median first-reply time of those tickets, in business hours; null without any. */
  medianFirstReplyHours: number | null;
}

export const estimateDefaults = {
  /** First replies one agent gives per business hour, before there is history. */
  perAgentRepliesPerHour: 3,
  /** First replies in 7 days after which the history alone sets the rate. */
  historyConfidenceReplies: 20,
  /** Never promise less than this (business hours). */
  minimumHours: 0.25,
  /** Never plan further out than this (business hours): beyond it the queue is not a forecast. */
  maximumHours: 24 * 30,
};

/** Business hours the next first reply is expected in; null when nothing supports an estimate. */
export function estimateBusinessHours(figures: QueueFigures): number | null {
  const history = Math.max(0, figures.recentFirstReplies);
  const historyRate = figures.recentBusinessHours > 0 ? history / figures.recentBusinessHours : 0;
  const weight = Math.min(1, history / estimateDefaults.historyConfidenceReplies);
  const priorRate = Math.max(0, figures.agentsAvailable) * estimateDefaults.perAgentRepliesPerHour;
  const rate = weight * historyRate + (1 - weight) * priorRate;
  if (!(rate > 0)) return null;
  const queueHours = (Math.max(0, figures.ticketsAhead) + 1) / rate;
  const hours = Math.max(queueHours, figures.medianFirstReplyHours ?? 0, estimateDefaults.minimumHours);
  return Math.min(hours, estimateDefaults.maximumHours);
}

// --- Time zones without a library: Intl gives the local wall clock of an instant. ---

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday 1..7 */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** A valid IANA zone name, or UTC. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// formatToParts is the estimate's main cost (profiled in the ingest bench: ~6% of the server's CPU);
// business-day walks ask for the same instants and midnights again and again, so both are memoised.
const partsMemo = new Map<string, LocalParts>();
const instantMemo = new Map<string, number>();
const memoLimit = 4096;

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= memoLimit) memo.clear();
  memo.set(key, value);
  return value;
}

export function localParts(date: Date, timeZone: string): LocalParts {
  const key = `${timeZone}|${date.getTime()}`;
  return partsMemo.get(key) ?? remember(partsMemo, key, computeLocalParts(date, timeZone));
}

function computeLocalParts(date: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: weekdays[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The instant whose wall clock in `timeZone` reads the given local time (first match across a DST shift). */
export function localToInstant(year: number, month: number, day: number, minutesOfDay: number, timeZone: string): Date {
  const key = `${timeZone}|${year}|${month}|${day}|${minutesOfDay}`;
  const known = instantMemo.get(key);
  return new Date(known ?? remember(instantMemo, key, computeLocalToInstant(year, month, day, minutesOfDay, timeZone)));
}

function computeLocalToInstant(year: number, month: number, day: number, minutesOfDay: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutesOfDay);
  let guess = wall;
  for (let step = 0; step < 3; step += 1) {
    const parts = localParts(new Date(guess), timeZone);
    const seen = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    const diff = wall - seen;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}

function minutesOf(value: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return 0;
  return Math.min(24 * 60, Number(match[1]) * 60 + Number(match[2]));
}

interface Window {
  open: number;
  close: number;
}

function isAroundTheClock(hours: BusinessHours): boolean {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  return start >= end && hours.days.length === 0;
}

/** The business-hour window of the local calendar day containing `at` (null when closed that day). */
function windowOfDay(at: Date, hours: BusinessHours, timeZone: string): { window: Window | null; nextDay: Date } {
  const parts = localParts(at, timeZone);
  let nextDay = localToInstant(parts.year, parts.month, parts.day + 1, 0, timeZone);
  // A zone whose midnight falls in a DST gap: never step backwards.
  if (nextDay.getTime() <= at.getTime()) nextDay = new Date(at.getTime() + 24 * 3_600_000);
  const open = hours.days.length === 0 || hours.days.includes(parts.weekday);
  if (!open) return { window: null, nextDay };
  let start = minutesOf(hours.start);
  let end = minutesOf(hours.end);
  if (start >= end) {
    start = 0;
    end = 24 * 60;
  }
  const dayStart = localToInstant(parts.year, parts.month, parts.day, start, timeZone).getTime();
  const dayEnd = end >= 24 * 60 ? nextDay.getTime() : localToInstant(parts.year, parts.month, parts.day, end, timeZone).getTime();
  return { window: { open: dayStart, close: dayEnd }, nextDay };
}

const hourMs = 3_600_000;
const maxDaysWalked = 400;

/** The instant `hours` business hours after `start`. */
export function addBusinessHours(start: Date, hours: number, businessHours: BusinessHours, timeZone: string): Date {
  if (isAroundTheClock(businessHours)) return new Date(start.getTime() + hours * hourMs);
  let remaining = hours * hourMs;
  let cursor = start;
  for (let day = 0; day < maxDaysWalked; day += 1) {
    const { window, nextDay } = windowOfDay(cursor, businessHours, timeZone);
    if (window) {
      const from = Math.max(window.open, cursor.getTime());
      if (from < window.close) {
        const available = window.close - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
      }
    }
    cursor = nextDay;
  }
  // No open day in a year (e.g. an empty configuration): count wall-clock hours.
  return new Date(start.getTime() + hours * hourMs);
}

/** Business hours between two instants (0 when end ≤ start). Long spans are walked for at most 60 days. */
export function businessHoursBetween(start: Date, end: Date, businessHours: BusinessHours, timeZone: string): number {
  if (end <= start) return 0;
  if (isAroundTheClock(businessHours)) return (end.getTime() - start.getTime()) / hourMs;
  let total = 0;
  let cursor = start;
  for (let day = 0; day < 60 && cursor < end; day += 1) {
    const { window, nextDay } = windowOfDay(cursor, businessHours, timeZone);
    if (window) {
      const from = Math.max(window.open, cursor.getTime());
      const to = Math.min(window.close, end.getTime());
      if (to > from) total += to - from;
    }
    cursor = nextDay;
  }
  if (cursor < end) {
    // Beyond 60 days: extrapolate with the share of business time seen so far.
    const walked = cursor.getTime() - start.getTime();
    total += ((end.getTime() - cursor.getTime()) * total) / Math.max(walked, 1);
  }
  return total / hourMs;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// --- Human wording, rounded up. ---

export type EstimateLanguage = 'en' | 'de' | 'fr' | 'es';

export function estimateLanguage(language: string | null | undefined): EstimateLanguage {
  const code = (language ?? '').slice(0, 2).toLowerCase();
  return code === 'de' || code === 'fr' || code === 'es' ? code : 'en';
}

const wording: Record<
  EstimateLanguage,
  {
    minutes: (n: number) => string;
    hours: (n: number) => string;
    today: (time: string) => string;
    tomorrow: (time: string) => string;
    weekday: (day: string, time: string) => string;
    days: (n: number) => string;
    unknown: string;
    locale: string;
  }
> = {
  en: {
    minutes: (n) => `within ${n} minutes`,
    hours: (n) => (n === 1 ? 'within 1 hour' : `within ${n} hours`),
    today: (time) => `by today ${time}`,
    tomorrow: (time) => `by tomorrow ${time}`,
    weekday: (day, time) => `by ${day} ${time}`,
    days: (n) => `within ${n} days`,
    unknown: 'as soon as possible',
    locale: 'en-GB',
  },
  de: {
    minutes: (n) => `innerhalb von ${n} Minuten`,
    hours: (n) => (n === 1 ? 'innerhalb von 1 Stunde' : `innerhalb von ${n} Stunden`),
    today: (time) => `bis heute ${time} Uhr`,
    tomorrow: (time) => `bis morgen ${time} Uhr`,
    weekday: (day, time) => `bis ${day} ${time} Uhr`,
    days: (n) => `innerhalb von ${n} Tagen`,
    unknown: 'so bald wie möglich',
    locale: 'de-DE',
  },
  fr: {
    minutes: (n) => `d'ici ${n} minutes`,
    hours: (n) => (n === 1 ? "d'ici 1 heure" : `d'ici ${n} heures`),
    today: (time) => `d'ici aujourd'hui ${time}`,
    tomorrow: (time) => `d'ici demain ${time}`,
    weekday: (day, time) => `d'ici ${day} ${time}`,
    days: (n) => `d'ici ${n} jours`,
    unknown: 'dès que possible',
    locale: 'fr-FR',
  },
  es: {
    minutes: (n) => `en menos de ${n} minutos`,
    hours: (n) => (n === 1 ? 'en menos de 1 hora' : `en menos de ${n} horas`),
    today: (time) => `hoy antes de las ${time}`,
    tomorrow: (time) => `mañana antes de las ${time}`,
    weekday: (day, time) => `el ${day} antes de las ${time}`,
    days: (n) => `en menos de ${n} días`,
    unknown: 'lo antes posible',
    locale: 'es-ES',
  },
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Rounds an instant UP to the next full half hour (already on one: unchanged). */
function ceilToHalfHour(date: Date): Date {
  const step = 30 * 60_000;
  return new Date(Math.ceil(date.getTime() / step) * step);
}

function calendarDaysBetween(a: LocalParts, b: LocalParts): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * The promise in words, rounded up. Up to 12 hours ahead on the same local day: a duration
 * ("within 3 hours"); otherwise the local day and time it is due by; from a week on: days.
 */
export function describeEstimate(now: Date, due: Date | null, timeZone: string, language: EstimateLanguage = 'en'): string {
  const words = wording[language];
  if (!due) return words.unknown;
  const zone = safeTimeZone(timeZone);
  const wait = Math.max(0, due.getTime() - now.getTime());
  const nowParts = localParts(now, zone);
  const rounded = ceilToHalfHour(due);
  const dueParts = localParts(rounded, zone);
  const dayGap = calendarDaysBetween(nowParts, dueParts);
  if (wait <= 45 * 60_000) return words.minutes(Math.max(15, Math.ceil(wait / (15 * 60_000)) * 15));
  if (dayGap === 0 && wait <= 12 * hourMs) return words.hours(Math.ceil(wait / hourMs));
  const time = `${pad(dueParts.hour)}:${pad(dueParts.minute)}`;
  if (dayGap === 0) return words.today(time);
  if (dayGap === 1) return words.tomorrow(time);
  if (dayGap < 7) {
    const day = new Intl.DateTimeFormat(words.locale, { weekday: 'long', timeZone: zone }).format(rounded);
    return words.weekday(day, time);
  }
  return words.days(dayGap);
}

/** Everything at once: figures → due instant (or null) → words. */
export function firstReplyEstimate(input: {
  figures: QueueFigures;
  now: Date;
  businessHours: BusinessHours;
  timeZone: string;
  language?: EstimateLanguage;
}): { hours: number | null; due: Date | null; text: string } {
  const zone = safeTimeZone(input.timeZone);
  const hours = estimateBusinessHours(input.figures);
  const due = hours === null ? null : addBusinessHours(input.now, hours, input.businessHours, zone);
  return { hours, due, text: describeEstimate(input.now, due, zone, input.language ?? 'en') };
}
