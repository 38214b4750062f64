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
 * Business time and the wall clock come from @rapport/business-time (the workspace's calendar).
 */
import { addBusinessTime, localDateTimeParts, localDaysBetween, safeTimeZone, type BusinessCalendar } from '@rapport/business-time/business-time';

const hourMs = 3_600_000;

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

/**
 * The promise in words, rounded up. Up to 12 hours ahead on the same local day: a duration
 * ("within 3 hours"); otherwise the local day and time it is due by; from a week on: days.
 */
export function describeEstimate(now: Date, due: Date | null, timeZone: string, language: EstimateLanguage = 'en'): string {
  const words = wording[language];
  if (!due) return words.unknown;
  const zone = safeTimeZone(timeZone);
  const wait = Math.max(0, due.getTime() - now.getTime());
  const rounded = ceilToHalfHour(due);
  const dueParts = localDateTimeParts(zone, rounded);
  const dayGap = localDaysBetween(zone, now, rounded);
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

/** Everything at once: figures → due instant (or null) → words, in the workspace's calendar. */
export function firstReplyEstimate(input: {
  figures: QueueFigures;
  now: Date;
  calendar: BusinessCalendar;
  language?: EstimateLanguage;
}): { hours: number | null; due: Date | null; text: string } {
  const hours = estimateBusinessHours(input.figures);
  // A calendar without open time ahead (every day a holiday) gives no due instant: "as soon as possible".
  const due = hours === null ? null : addBusinessTime(input.calendar, input.now, hours * hourMs);
  return { hours, due, text: describeEstimate(input.now, due, input.calendar.timeZone, input.language ?? 'en') };
}
