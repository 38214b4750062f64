/**
 * The pure side of overrides (P7): checking the SLA override form, reading the routing flag, and the
 * one-line description of an override for the ticket's list and the leads' report.
 */
import type { DecisionOverrideDto, OverrideKind } from '@rapport/contracts/overrides';
import type { SlaMetric } from '@rapport/contracts/tickets';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { formatDuration, metricKeys } from '../service/sla-format.ts';

export const maxExtendMinutes = 43_200;
export const reasonLimits = { min: 3, max: 2000 } as const;

/** The reason's problem, or null when it will do. */
export function reasonError(reason: string): MessageKey | null {
  const trimmed = reason.trim();
  if (trimmed.length < reasonLimits.min) return 'overrides.error.reasonRequired';
  if (trimmed.length > reasonLimits.max) return 'overrides.error.reasonTooLong';
  return null;
}

export type ExtendUnit = 'minutes' | 'hours';

/** "2" hours → 120 minutes; whole positive numbers only, at most 30 days. */
export function extensionMinutes(amount: string, unit: ExtendUnit): { minutes: number } | { error: MessageKey } {
  const text = amount.trim();
  if (!/^\d+$/.test(text)) return { error: 'overrides.error.amount' };
  const minutes = Number(text) * (unit === 'hours' ? 60 : 1);
  if (minutes < 1) return { error: 'overrides.error.amount' };
  if (minutes > maxExtendMinutes) return { error: 'overrides.error.tooLong' };
  return { minutes };
}

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null;
  }
})();

/** "fr" → "French"; unknown codes stay as they are. */
export function languageName(code: string | null): string {
  if (!code) return t('overrides.routing.unknownLanguage');
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the routing flag of a ticket means, in a sentence; null without one. */
export function routingFlagText(flag: string | null, language: string | null): string | null {
  if (!flag) return null;
  if (flag === 'no_language_match') return t('overrides.routing.flag.no_language_match', { language: languageName(language) });
  if (flag === 'no_language_speaker') return t('overrides.routing.flag.no_language_speaker', { language: languageName(language) });
  return t('overrides.routing.flag.other', { flag });
}

const kindKeys: Record<OverrideKind, MessageKey> = {
  sla: 'overrides.kind.sla',
  routing: 'overrides.kind.routing',
  auto_close: 'overrides.kind.auto_close',
  limit: 'overrides.kind.limit',
  automation: 'overrides.kind.automation',
};

export function kindLabel(kind: OverrideKind): string {
  return t(kindKeys[kind]);
}

const isMetric = (value: string | null): value is SlaMetric => value === 'first_reply' || value === 'next_reply' || value === 'resolution';

/** What an override did, in a few words: "First reply: 2 h added", "Routed by hand", "Kept waiting". */
export function describeOverride(override: Pick<DecisionOverrideDto, 'kind' | 'subject' | 'after'>): string {
  const action = typeof override.after['action'] === 'string' ? override.after['action'] : null;
  switch (override.kind) {
    case 'sla': {
      const metric = isMetric(override.subject) ? t(metricKeys[override.subject]) : (override.subject ?? '');
      if (action === 'waive') return t('overrides.what.slaWaive', { metric });
      const minutes = typeof override.after['minutes'] === 'number' ? override.after['minutes'] : 0;
      return t('overrides.what.slaExtend', { metric, time: formatDuration(minutes) });
    }
    case 'routing':
      return t(override.subject === 'resume' ? 'overrides.what.routingResume' : 'overrides.what.routingAssign');
    case 'auto_close':
      return t(override.subject === 'never_close' ? 'overrides.what.neverClose' : 'overrides.what.postpone');
    case 'limit':
      return t('overrides.what.limit');
    case 'automation':
      return t('overrides.what.automation');
    default:
      return t('overrides.what.other', { kind: String(override.kind) });
  }
}

/** The name of who overrode, or a stand-in for a deleted member. */
export function actorName(actor: { name: string } | null): string {
  return actor?.name ?? t('overrides.formerMember');
}
