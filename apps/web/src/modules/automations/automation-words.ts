/**
 * Automations in words (pure): the trigger ("3 days after the ticket went pending"), the outcome of
 * a run, and what a run changed ("Priority: High → Normal", "Tags added: vip"), for the admin list
 * and the ticket's run log.
 */
import type { AutomationDto, AutomationRunDto } from '@rapport/contracts/automations';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { channels, customerTiers, delayFromMinutes, priorities, slaStates, ticketStatuses, type ConditionField } from './automation-form.ts';

export function delayInWords(minutes: number): string {
  const { amount, unit } = delayFromMinutes(minutes);
  return t(`automations.delay.${unit}`, { count: amount });
}

export function triggerInWords(automation: Pick<AutomationDto, 'trigger' | 'time'>): string {
  const { trigger, time } = automation;
  if (trigger !== 'time' || !time) return t(`automations.when.${trigger}`);
  const params = { delay: delayInWords(time.afterMinutes), anchor: t(`automations.anchor.${time.anchor}`) };
  const words = t(time.businessHours ? 'automations.when.timeBusiness' : 'automations.when.time', params);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of one of a condition field's fixed values (status, priority, channel, tier, SLA state). */
export function choiceLabel(field: ConditionField, value: string): string {
  const sets: Partial<Record<ConditionField, { values: readonly string[]; prefix: string }>> = {
    status: { values: ticketStatuses, prefix: 'automations.status' },
    priority: { values: priorities, prefix: 'automations.priority' },
    channel: { values: channels, prefix: 'automations.channel' },
    customer_tier: { values: customerTiers, prefix: 'automations.tier' },
    sla: { values: slaStates, prefix: 'automations.sla' },
  };
  const set = sets[field];
  return set && set.values.includes(value) ? t(`${set.prefix}.${value}` as MessageKey) : value;
}

export function choiceValues(field: ConditionField): readonly string[] {
  switch (field) {
    case 'status':
      return ticketStatuses;
    case 'priority':
      return priorities;
    case 'channel':
      return channels;
    case 'customer_tier':
      return customerTiers;
    case 'sla':
      return slaStates;
    default:
      return [];
  }
}

export function outcomeInWords(run: Pick<AutomationRunDto, 'outcome' | 'error'>): string {
  if (run.outcome === 'applied') return t('automations.outcome.applied');
  if (run.outcome === 'stopped_loop') return t('automations.outcome.stopped_loop');
  return run.error ? t('automations.outcome.failed', { error: run.error }) : t('automations.outcome.failedUnknown');
}

/** Names of teams and people by id, where the page knows them. */
export interface NameLookup {
  team?: (id: string) => string | undefined;
  user?: (id: string) => string | undefined;
}

const maxExcerpt = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxExcerpt ? `${flat.slice(0, maxExcerpt - 1)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

type Kind = 'status' | 'priority' | 'team' | 'assignee' | 'other';

const fieldKinds: Record<string, Kind> = {
  status: 'status',
  priority: 'priority',
  team: 'team',
  teamId: 'team',
  team_id: 'team',
  assignee: 'assignee',
  assigneeId: 'assignee',
  assignee_id: 'assignee',
};

const fieldLabels: Record<Exclude<Kind, 'other'>, MessageKey> = {
  status: 'automations.field.status',
  priority: 'automations.field.priority',
  team: 'automations.field.team',
  assignee: 'automations.field.assignee',
};

function valueInWords(kind: Kind, value: unknown, names: NameLookup): string {
  if (isRecord(value) && typeof value['name'] === 'string') return value['name'];
  if (value === null || value === undefined || value === '') {
    if (kind === 'team') return t('automations.form.noTeam');
    if (kind === 'assignee') return t('automations.form.unassigned');
    return t('automations.change.none');
  }
  if (typeof value !== 'string') return Array.isArray(value) ? strings(value).join(', ') || t('automations.change.none') : String(value);
  if (kind === 'status') return choiceLabel('status', value);
  if (kind === 'priority') return choiceLabel('priority', value);
  if (kind === 'team') return names.team?.(value) ?? t('automations.form.formerValue');
  if (kind === 'assignee') return names.user?.(value) ?? t('automations.form.formerValue');
  return value;
}

function notifyTargetInWords(to: unknown): string | null {
  if (to === 'assignee' || to === 'team' || to === 'leads') return t(`automations.notify.${to}`).toLowerCase();
  return typeof to === 'string' ? to : null;
}

function noteLines(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((item) => (typeof item === 'string' ? item : isRecord(item) && typeof item['text'] === 'string' ? item['text'] : null))
    .filter((text): text is string => text !== null && text.trim() !== '')
    .map((text) => t('automations.change.note', { text: excerpt(text) }));
}

function notifyLines(value: unknown): string[] {
  if (typeof value === 'number') return [t('automations.change.notifiedCount', { count: value })];
  const items = Array.isArray(value) ? value : [value];
  const lines: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const to = notifyTargetInWords(item['to']);
    const text = typeof item['text'] === 'string' ? excerpt(item['text']) : '';
    const recipients = item['userIds'];
    if (to && Array.isArray(recipients) && recipients.length === 0) lines.push(t('automations.change.notifiedNobody', { to, text }));
    else if (to) lines.push(t('automations.change.notified', { to, text }));
    else if (typeof item['count'] === 'number') lines.push(t('automations.change.notifiedCount', { count: item['count'] }));
  }
  return lines;
}

/**
 * One line per change of a run. Understands {field: {from, to}} for status, priority, team and
 * assignee; tags as {added, removed} (or {from, to} lists, or tagsAdded / tagsRemoved); notes and
 * notifications written; and shows any other entry plainly rather than hiding it.
 */
export function changesInWords(changes: Record<string, unknown>, names: NameLookup = {}): string[] {
  const lines: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'tags' || key === 'tagsAdded' || key === 'tagsRemoved' || key === 'addedTags' || key === 'removedTags') {
      if (key === 'tagsAdded' || key === 'addedTags') added.push(...strings(value));
      else if (key === 'tagsRemoved' || key === 'removedTags') removed.push(...strings(value));
      else if (isRecord(value) && ('added' in value || 'removed' in value)) {
        added.push(...strings(value['added']));
        removed.push(...strings(value['removed']));
      } else if (isRecord(value) && ('from' in value || 'to' in value)) {
        const from = strings(value['from']);
        const to = strings(value['to']);
        added.push(...to.filter((tag) => !from.includes(tag)));
        removed.push(...from.filter((tag) => !to.includes(tag)));
      } else added.push(...strings(value));
      continue;
    }
    if (key === 'note' || key === 'notes' || key === 'notesAdded') {
      lines.push(...noteLines(value));
      continue;
    }
    if (key === 'notify' || key === 'notified' || key === 'notifications') {
      lines.push(...notifyLines(value));
      continue;
    }
    const kind = fieldKinds[key] ?? 'other';
    if (isRecord(value) && 'from' in value && 'to' in value) {
      const field = kind === 'other' ? key : t(fieldLabels[kind]);
      lines.push(t('automations.change.field', { field, from: valueInWords(kind, value['from'], names), to: valueInWords(kind, value['to'], names) }));
      continue;
    }
    lines.push(t('automations.change.other', { field: key, value: typeof value === 'string' ? excerpt(value) : excerpt(JSON.stringify(value) ?? '') }));
  }
  const unique = (tags: string[]) => [...new Set(tags)];
  if (added.length > 0) lines.push(t('automations.change.tagsAdded', { tags: unique(added).join(', ') }));
  if (removed.length > 0) lines.push(t('automations.change.tagsRemoved', { tags: unique(removed).join(', ') }));
  return lines;
}
