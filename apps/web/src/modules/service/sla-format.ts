/** How SLA clocks read: "Reply due in 42 min", "Breached 1 h ago", "Paused", and durations. */
import type { SlaMetric, SlaState, SlaSummary } from '@rapport/contracts/tickets';
import { t, type MessageKey } from '../../i18n/i18n.ts';

/** "under 1 min", "42 min", "1 h", "1 h 30 min", "2 d", "2 d 3 h" (days are 24 hours). */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  if (minutes < 1) return t('service.duration.underMinute');
  if (minutes < 60) return t('service.duration.minutes', { minutes });
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? t('service.duration.hours', { hours }) : t('service.duration.hoursMinutes', { hours, minutes: rest });
  }
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.round((minutes % (24 * 60)) / 60);
  if (hours === 24) return t('service.duration.days', { days: days + 1 });
  return hours === 0 ? t('service.duration.days', { days }) : t('service.duration.daysHours', { days, hours });
}

export type SlaTone = 'running' | 'warning' | 'breached' | 'paused' | 'met';

export interface SlaText {
  text: string;
  tone: SlaTone;
}

const dueKeys: Record<SlaMetric, MessageKey> = {
  first_reply: 'service.sla.replyDueIn',
  next_reply: 'service.sla.nextReplyDueIn',
  resolution: 'service.sla.resolveDueIn',
};

/**
 * The one-line summary of a list's SLA clock at `now`. A running clock past its due time reads as
 * breached at once (the server marks it within a minute); the wording never relies on colour.
 */
export function describeSlaSummary(sla: Pick<SlaSummary, 'metric' | 'state' | 'dueAt' | 'warning'>, now: number): SlaText {
  const due = sla.dueAt ? new Date(sla.dueAt).getTime() : Number.NaN;
  const minutesLeft = (due - now) / 60_000;
  switch (sla.state) {
    case 'paused':
      return { text: t('service.sla.paused'), tone: 'paused' };
    case 'met':
      return { text: t('service.sla.met'), tone: 'met' };
    case 'breached':
      return Number.isFinite(minutesLeft) ? { text: t('service.sla.breachedAgo', { time: formatDuration(-minutesLeft) }), tone: 'breached' } : { text: t('service.sla.breached'), tone: 'breached' };
    case 'running':
      if (!Number.isFinite(minutesLeft)) return { text: t('service.sla.running'), tone: sla.warning ? 'warning' : 'running' };
      if (minutesLeft <= 0) return { text: t('service.sla.breachedAgo', { time: formatDuration(-minutesLeft) }), tone: 'breached' };
      return { text: t(dueKeys[sla.metric], { time: formatDuration(minutesLeft) }), tone: sla.warning ? 'warning' : 'running' };
  }
}

export const metricKeys: Record<SlaMetric, MessageKey> = {
  first_reply: 'service.metric.first_reply',
  next_reply: 'service.metric.next_reply',
  resolution: 'service.metric.resolution',
};

export const stateKeys: Record<SlaState, MessageKey> = {
  running: 'service.state.running',
  paused: 'service.state.paused',
  met: 'service.state.met',
  breached: 'service.state.breached',
};

/** Hours and minutes as the target inputs hold them; null target → empty inputs. */
export function splitMinutes(total: number | null): { hours: string; minutes: string } {
  if (total === null) return { hours: '', minutes: '' };
  return { hours: String(Math.floor(total / 60)), minutes: String(total % 60) };
}

/** The inputs back to minutes: blank counts as 0; null when not whole, non-negative numbers or minutes over 59. */
export function joinMinutes(hours: string, minutes: string): number | null {
  const parse = (value: string) => (value.trim() === '' ? 0 : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
  const h = parse(hours);
  const m = parse(minutes);
  if (Number.isNaN(h) || Number.isNaN(m) || m > 59) return null;
  return h * 60 + m;
}

/** The ids with the one at `index` moved by `delta` (−1 up, +1 down); unchanged at either end. */
export function moveId(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return [...ids];
  const next = [...ids];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
