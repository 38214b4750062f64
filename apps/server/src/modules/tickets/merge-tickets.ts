import type { TicketDetail } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { loadTicketDetail, requireTicketId } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { ticketTopics } from './tickets.events.ts';
import { ensureTags, lastMessageAt, lockTicket, moveMessages, moveNotes, updateTicketRow } from './tickets.queries.ts';

/**
 * Merges `ref` into `intoTicketId`: its messages and notes move to the surviving ticket, it is
 * closed and points at the survivor. Both tickets get an audit entry; a wrong merge can be undone
 * message by message with split.
 */
export async function mergeTickets(deps: AppDeps, actor: Actor, ref: string, intoTicketId: string): Promise<TicketDetail> {
  const sourceId = await requireTicketId(deps.db, actor, ref);
  const targetId = await requireTicketId(deps.db, actor, intoTicketId);
  if (sourceId === targetId) throw new AppError('MERGE_INVALID', { message: 'A ticket cannot be merged into itself.' });
  await deps.db.transaction(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [firstId, secondId] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
    const first = await lockTicket(tx, actor.workspaceId, { id: firstId });
    const second = await lockTicket(tx, actor.workspaceId, { id: secondId });
    const source = first?.id === sourceId ? first : second;
    const target = first?.id === targetId ? first : second;
    if (!source || !target) throw new AppError('TICKET_NOT_FOUND', { message: 'One of the tickets no longer exists.' });
    if (source.mergedIntoId) throw new AppError('MERGE_INVALID', { message: `Ticket ${source.number} was already merged into another ticket.` });
    if (target.mergedIntoId) throw new AppError('MERGE_INVALID', { message: `Ticket ${target.number} was merged away; merge into the ticket it points to.` });
    const now = deps.clock.now();
    await moveMessages(tx, actor.workspaceId, source.id, target.id);
    await moveNotes(tx, actor.workspaceId, source.id, target.id);
    const tags = [...new Set([...target.tags, ...source.tags])].sort();
    await ensureTags(tx, actor.workspaceId, tags);
    await updateTicketRow(tx, actor.workspaceId, target.id, {
      tags,
      updatedAt: now,
      lastMessageAt: await lastMessageAt(tx, actor.workspaceId, target.id),
      firstReplyAt: target.firstReplyAt ?? source.firstReplyAt,
    });
    await updateTicketRow(tx, actor.workspaceId, source.id, { status: 'closed', mergedIntoId: target.id, updatedAt: now, lastMessageAt: null });
    const data = { sourceTicketId: source.id, sourceNumber: source.number, targetTicketId: target.id, targetNumber: target.number };
    await recordTicketChange(tx, actor, { ticket: source, action: 'ticket.merged_away', topic: ticketTopics.merged, realtimeType: 'ticket.merged', data, at: now });
    await recordTicketChange(tx, actor, { ticket: target, action: 'ticket.merged_into', topic: ticketTopics.updated, realtimeType: 'ticket.updated', data, at: now });
  });
  return loadTicketDetail(deps.db, actor.workspaceId, targetId);
}
