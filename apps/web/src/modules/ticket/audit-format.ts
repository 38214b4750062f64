import type { TicketAuditEntry } from '@rapport/contracts/ticket-audit';

/** One field change of an audit entry, ready to show: "Priority: normal → high". */
export interface FieldChange {
  /** status, priority, assigneeId, teamId, tags, subject, language, outcome, or customField:<key>. */
  field: string;
  from: string | null;
  to: string | null;
}

export interface DescribedEntry {
  id: string;
  action: string;
  at: string;
  actorName: string | null;
  actorType: TicketAuditEntry['actor']['type'];
  changes: FieldChange[];
  /** For merges and splits: the other ticket (its number and id). */
  related: { number: number; id: string } | null;
  /** A customer's thank-you reply that left the solved ticket solved. */
  keptSolved: boolean;
}

function show(value: unknown, names: Record<string, string>): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((item) => show(item, names) ?? '').join(', ');
  if (typeof value === 'string') return names[value] ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The custom fields whose value differs between two snapshots, by key (the audit stores whole snapshots). */
export function diffCustomFields(from: unknown, to: unknown): FieldChange[] {
  const before = asRecord(from);
  const after = asRecord(to);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => ({ field: `customField:${key}`, from: show(before[key], {}), to: show(after[key], {}) }));
}

/** Turns a raw audit entry into its changes (names resolved, custom fields diffed key by key). */
export function describeAuditEntry(entry: TicketAuditEntry, names: Record<string, string>): DescribedEntry {
  const changes: FieldChange[] = [];
  const rawChanges = asRecord(entry.data['changes']);
  for (const [field, change] of Object.entries(rawChanges)) {
    const { from, to } = asRecord(change);
    if (field === 'customFields') changes.push(...diffCustomFields(from, to));
    else if (field === 'tags') {
      const before = Array.isArray(from) ? from.map(String) : [];
      const after = Array.isArray(to) ? to.map(String) : [];
      changes.push({ field, from: show(before.filter((tag) => !after.includes(tag)), names), to: show(after.filter((tag) => !before.includes(tag)), names) });
    } else changes.push({ field, from: show(from, names), to: show(to, names) });
  }
  const data = entry.data;
  // A reply sent with a status (send-and-solve) or a customer email reopening the ticket.
  if ((entry.action === 'ticket.replied' || entry.action === 'ticket.customer_replied') && typeof data['status'] === 'string') {
    const previous = entry.action === 'ticket.replied' ? asRecord(data['previous'])['status'] : data['previousStatus'];
    if (previous !== data['status']) changes.push({ field: 'status', from: show(previous, names), to: data['status'] });
  }
  const pick = (numberKey: string, idKey: string) =>
    typeof data[numberKey] === 'number' && typeof data[idKey] === 'string' ? { number: data[numberKey], id: data[idKey] } : null;
  const related =
    entry.action === 'ticket.merged_into'
      ? pick('sourceNumber', 'sourceTicketId')
      : entry.action === 'ticket.merged_away'
        ? pick('targetNumber', 'targetTicketId')
        : entry.action === 'ticket.message_split_out'
          ? pick('newNumber', 'newTicketId')
          : entry.action === 'ticket.created_by_split'
            ? pick('fromNumber', 'fromTicketId')
            : null;
  return {
    id: entry.id,
    action: entry.action,
    at: entry.at,
    actorName: entry.actor.name ?? (entry.actor.id ? (names[entry.actor.id] ?? null) : null),
    actorType: entry.actor.type,
    changes,
    related,
    keptSolved: entry.action === 'ticket.customer_replied' && data['keptSolved'] === 'thanks_only',
  };
}
