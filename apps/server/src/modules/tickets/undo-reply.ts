/**
 * Undo-send: inside its undo window, the author of a reply withdraws it. In one transaction the
 * reply's queued email is deleted (a sender that already claimed it wins: UNDO_WINDOW_CLOSED), the
 * message is marked withdrawn (hidden from the timeline, never part of the thread), what the reply
 * changed on the ticket (status, first reply time) is put back when nothing changed it since, and
 * the text returns to the author's reply draft. After the window: UNDO_WINDOW_CLOSED.
 */
import type { UndoResult } from '@rapport/contracts/composer';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { restoreDraftInTransaction } from '../drafts/drafts.ts';
import { cancelReplyEmail } from '../email/queue-reply-email.ts';
import { removePromisesOfReply } from '../promises/promises.ts';
import { findReplyAudit, lockMessageForUndo, markMessageWithdrawn } from './composer.queries.ts';
import { lockTicketByRef } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { ticketTopics } from './tickets.events.ts';
import { lastMessageAt, updateTicketRow, type TicketRow } from './tickets.queries.ts';

const closed = () => new AppError('UNDO_WINDOW_CLOSED', { message: 'This reply can no longer be undone: it is on its way.' });

function dateOrNull(value: unknown): Date | null {
  return typeof value === 'string' ? new Date(value) : null;
}

export async function undoReply(deps: AppDeps, actor: Actor, ref: string, messageId: string): Promise<UndoResult> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Replies are undone by their author.' });
  const authorId = actor.userId;
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const message = await lockMessageForUndo(tx, actor.workspaceId, ticket.id, messageId);
    if (!message || message.direction !== 'outbound' || message.authorUserId !== authorId || message.withdrawnAt) {
      throw new AppError('MESSAGE_NOT_FOUND', { message: 'No reply of yours with that id on this ticket.' });
    }
    const now = deps.clock.now();
    if (!message.undoUntil || now.getTime() >= message.undoUntil.getTime()) throw closed();
    if (!(await cancelReplyEmail(tx, actor.workspaceId, message.id, now))) throw closed();
    await markMessageWithdrawn(tx, actor.workspaceId, message.id, now);
    await removePromisesOfReply(tx, actor, message.id);

    const audit = await findReplyAudit(tx, actor.workspaceId, ticket.id, message.id);
    const previous = (audit?.['previous'] ?? null) as Record<string, unknown> | null;
    const values: Partial<TicketRow> = { updatedAt: now, lastMessageAt: await lastMessageAt(tx, actor.workspaceId, ticket.id) };
    if (previous && typeof audit?.['status'] === 'string' && ticket.status === audit['status']) {
      values.status = previous['status'] as TicketRow['status'];
      values.solvedAt = dateOrNull(previous['solvedAt']);
      values.outcome = (previous['outcome'] ?? null) as TicketRow['outcome'];
    }
    if (previous && ticket.firstReplyAt?.getTime() === message.createdAt.getTime()) values.firstReplyAt = dateOrNull(previous['firstReplyAt']);
    await updateTicketRow(tx, actor.workspaceId, ticket.id, values);

    const draft = await restoreDraftInTransaction(tx, actor, ticket.id, message.text, now);
    await recordTicketChange(tx, actor, {
      ticket,
      action: 'ticket.reply_withdrawn',
      topic: ticketTopics.messageWithdrawn,
      realtimeType: 'ticket.updated',
      data: { messageId: message.id, ...(values.status ? { status: values.status } : {}) },
      at: now,
    });
    return { messageId: message.id, text: message.text, draft };
  });
}
