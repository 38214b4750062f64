import { describe, expect, it } from 'vitest';
import type { TicketAuditEntry } from '@rapport/contracts/ticket-audit';
import { describeAuditEntry, diffCustomFields } from './audit-format.ts';

const agentId = '00000000-0000-4000-8000-0000000000a1';
const teamId = '00000000-0000-4000-8000-0000000000b1';

function entry(action: string, data: Record<string, unknown>): TicketAuditEntry {
  return { id: '7', action, at: '2025-03-01T10:00:00.000Z', actor: { type: 'user', id: agentId, name: null }, data };
}

describe('describeAuditEntry', () => {
  it('resolves assignee and team ids to names and keeps before and after', () => {
    const described = describeAuditEntry(
      entry('ticket.updated', { changes: { assigneeId: { from: null, to: agentId }, teamId: { from: teamId, to: null }, priority: { from: 'normal', to: 'high' } } }),
      { [agentId]: 'Ana Agent', [teamId]: 'Baristas' },
    );
    expect(described.actorName).toBe('Ana Agent');
    expect(described.changes).toEqual([
      { field: 'assigneeId', from: null, to: 'Ana Agent' },
      { field: 'teamId', from: 'Baristas', to: null },
      { field: 'priority', from: 'normal', to: 'high' },
    ]);
  });

  it('shows tags as removed and added, and custom fields key by key', () => {
    const described = describeAuditEntry(
      entry('ticket.updated', {
        changes: {
          tags: { from: ['billing', 'late'], to: ['late', 'refund'] },
          customFields: { from: { order: 'A-1', rush: false }, to: { order: 'A-2', rush: false, weight: 2.5 } },
        },
      }),
      {},
    );
    expect(described.changes).toEqual([
      { field: 'tags', from: 'billing', to: 'refund' },
      { field: 'customField:order', from: 'A-1', to: 'A-2' },
      { field: 'customField:weight', from: null, to: '2.5' },
    ]);
  });

  it('names the other ticket of a merge or split', () => {
    const other = '00000000-0000-4000-8000-0000000000c1';
    expect(describeAuditEntry(entry('ticket.merged_into', { sourceNumber: 4, sourceTicketId: other, targetNumber: 5, targetTicketId: 'x' }), {}).related).toEqual({ number: 4, id: other });
    expect(describeAuditEntry(entry('ticket.message_split_out', { newNumber: 9, newTicketId: other }), {}).related).toEqual({ number: 9, id: other });
    expect(describeAuditEntry(entry('ticket.noted', {}), {}).related).toBeNull();
  });

  it('diffs custom fields treating a missing key as empty', () => {
    expect(diffCustomFields({ a: 1 }, { a: 1, b: null })).toEqual([]);
    expect(diffCustomFields(null, { done: true })).toEqual([{ field: 'customField:done', from: null, to: 'true' }]);
  });
});

describe('describeAuditEntry for messages that changed the status', () => {
  it('shows a reply sent with a status, and a customer email that reopened the ticket', () => {
    const reply = describeAuditEntry(entry('ticket.replied', { messageId: 'm', status: 'solved', previous: { status: 'open' } }), {});
    expect(reply.changes).toEqual([{ field: 'status', from: 'open', to: 'solved' }]);
    const reopened = describeAuditEntry(entry('ticket.customer_replied', { messageId: 'm', status: 'open', previousStatus: 'solved' }), {});
    expect(reopened.changes).toEqual([{ field: 'status', from: 'solved', to: 'open' }]);
  });

  it('marks a customer thank-you that kept the ticket solved', () => {
    expect(describeAuditEntry(entry('ticket.customer_replied', { messageId: 'm', keptSolved: 'thanks_only' }), {}).keptSolved).toBe(true);
    expect(describeAuditEntry(entry('ticket.customer_replied', { messageId: 'm', status: 'open', previousStatus: 'solved' }), {}).keptSolved).toBe(false);
  });

  it('shows nothing for a reply that kept the status', () => {
    expect(describeAuditEntry(entry('ticket.replied', { messageId: 'm', status: 'open', previous: { status: 'open' } }), {}).changes).toEqual([]);
    expect(describeAuditEntry(entry('ticket.replied', { messageId: 'm' }), {}).changes).toEqual([]);
  });
});
