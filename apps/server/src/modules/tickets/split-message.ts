import type { TicketDetail } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { loadTicketDetail, lockTicketByRef } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { ticketTopics } from './tickets.events.ts';
import { allocateTicketNumber, findMessage, firstMessageId, insertTicket, lastMessageAt, moveMessages, updateTicketRow } from './tickets.queries.ts';

/** Moves one message out of a ticket into a new ticket of the same customer (undoes a wrong join or merge). */
export async function splitMessage(
  deps: AppDeps,
  actor: Actor,
  ref: string,
  messageId: string,
  input: { subject?: string | undefined },
): Promise<TicketDetail> {
  const newTicketId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const ticketId = ticket.id;
    const message = await findMessage(tx, actor.workspaceId, ticketId, messageId);
    if (!message) throw new AppError('MESSAGE_NOT_FOUND', { message: 'No such message on this ticket.' });
    if ((await firstMessageId(tx, actor.workspaceId, ticketId)) === messageId) {
      throw new AppError('SPLIT_INVALID', { message: 'The first message is the ticket itself; split a later message instead.' });
    }
    const now = deps.clock.now();
    const number = await allocateTicketNumber(tx, actor.workspaceId);
    const created = await insertTicket(tx, {
      workspaceId: actor.workspaceId,
      number,
      subject: input.subject ?? ticket.subject,
      status: 'open',
      priority: ticket.priority,
      channel: message.channel,
      customerId: message.authorCustomerId ?? ticket.customerId,
      assigneeId: ticket.assigneeId,
      teamId: ticket.teamId,
      tags: ticket.tags,
      language: ticket.language,
      createdAt: now,
      updatedAt: now,
      lastMessageAt: message.createdAt,
    });
    await moveMessages(tx, actor.workspaceId, ticketId, created.id, messageId);
    await updateTicketRow(tx, actor.workspaceId, ticketId, { updatedAt: now, lastMessageAt: await lastMessageAt(tx, actor.workspaceId, ticketId) });
    const data = { messageId, fromTicketId: ticket.id, fromNumber: ticket.number, newTicketId: created.id, newNumber: created.number };
    await recordTicketChange(tx, actor, { ticket, action: 'ticket.message_split_out', topic: ticketTopics.split, realtimeType: 'ticket.updated', data, at: now });
    await recordTicketChange(tx, actor, { ticket: created, action: 'ticket.created_by_split', topic: ticketTopics.created, realtimeType: 'ticket.created', data, at: now });
    return created.id;
  });
  return loadTicketDetail(deps.db, actor.workspaceId, newTicketId);
}
