import { priorityLabels, statusLabels } from '@rapport/ui/badge';
import type { MessageKey } from '../../../i18n/i18n.ts';
import { t } from '../../../i18n/i18n.ts';
import type { DescribedEntry, FieldChange } from '../audit-format.ts';

const fieldKeys: Record<string, MessageKey> = {
  status: 'ticket.field.status',
  priority: 'ticket.field.priority',
  assigneeId: 'ticket.field.assigneeId',
  teamId: 'ticket.field.teamId',
  tags: 'ticket.field.tags',
  subject: 'ticket.field.subject',
  language: 'ticket.field.language',
  outcome: 'ticket.field.outcome',
};

export function fieldLabel(field: string, customFieldLabels: Record<string, string>): string {
  if (field.startsWith('customField:')) {
    const key = field.slice('customField:'.length);
    return customFieldLabels[key] ?? key;
  }
  const key = fieldKeys[field];
  return key ? t(key) : field;
}

function valueLabel(field: string, value: string | null): string | null {
  if (value === null) return null;
  if (field === 'status') return statusLabels[value as keyof typeof statusLabels] ?? value;
  if (field === 'priority') return priorityLabels[value as keyof typeof priorityLabels] ?? value;
  return value;
}

/** One sentence per change: "Priority: Normal → High", "Team set to Baristas", "Tags added: refund". */
export function changeSentences(change: FieldChange, customFieldLabels: Record<string, string>): string[] {
  const from = valueLabel(change.field, change.from);
  const to = valueLabel(change.field, change.to);
  if (change.field === 'tags') {
    return [...(to ? [t('ticket.event.tagsAdded', { to })] : []), ...(from ? [t('ticket.event.tagsRemoved', { from })] : [])];
  }
  const field = fieldLabel(change.field, customFieldLabels);
  if (from === null && to !== null) return [t('ticket.event.set', { field, to })];
  if (to === null && from !== null) return [t('ticket.event.cleared', { field, from })];
  return [t('ticket.event.changed', { field, from: from ?? t('ticket.field.empty'), to: to ?? t('ticket.field.empty') })];
}

/** Sentences of an event besides its field changes (e.g. a thank-you that kept the ticket solved). */
export function noteSentences(entry: DescribedEntry): string[] {
  return entry.keptSolved ? [t('ticket.event.keptSolvedThanks')] : [];
}

/** The headline of a merge or split event, or null for plain changes. */
export function relatedSentence(entry: DescribedEntry): string | null {
  if (!entry.related) return null;
  const number = entry.related.number;
  switch (entry.action) {
    case 'ticket.merged_into':
      return t('ticket.event.mergedInto', { number });
    case 'ticket.merged_away':
      return t('ticket.event.mergedAway', { number });
    case 'ticket.message_split_out':
      return t('ticket.event.splitOut', { number });
    case 'ticket.created_by_split':
      return t('ticket.event.createdBySplit', { number });
    default:
      return null;
  }
}

const actionKeys: Record<string, MessageKey> = {
  'ticket.created': 'ticket.action.created',
  'ticket.updated': 'ticket.action.updated',
  'ticket.replied': 'ticket.action.replied',
  'ticket.noted': 'ticket.action.noted',
  'ticket.customer_replied': 'ticket.action.customer_replied',
  'ticket.merged_into': 'ticket.action.merged_into',
  'ticket.merged_away': 'ticket.action.merged_away',
  'ticket.message_split_out': 'ticket.action.message_split_out',
  'ticket.created_by_split': 'ticket.action.created_by_split',
  'ticket.reply_withdrawn': 'ticket.action.reply_withdrawn',
  'email.auto_ack_queued': 'ticket.action.auto_ack_queued',
  'message.delivery_failed': 'ticket.action.delivery_failed',
  'coach.finding_dismissed': 'ticket.action.coach_dismissed',
};

export function actionLabel(action: string): string {
  const key = actionKeys[action];
  return key ? t(key) : t('ticket.action.other', { action });
}

export function actorLabel(entry: Pick<DescribedEntry, 'actorName' | 'actorType'>): string {
  if (entry.actorName) return entry.actorName;
  return entry.actorType === 'system' ? t('ticket.event.system') : t('ticket.event.someone');
}
