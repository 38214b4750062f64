import type { NoteBody, NoteDto } from '@rapport/contracts/tickets';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteDraftInTransaction } from '../drafts/drafts.ts';
import { takeMacroForSend } from '../macros/macros.ts';
import { activeMembersAmong } from './composer.queries.ts';
import { lockTicketByRef } from './get-ticket.ts';
import { macroTicketValues } from './macro-actions.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { nextStatus } from './ticket-status.ts';
import { ticketTopics } from './tickets.events.ts';
import { insertNote, updateTicketRow } from './tickets.queries.ts';

/**
 * An internal note: visible to the team only, never serialised into customer-facing DTOs.
 * `mentions` (active members only; anyone else is dropped) are stored on the note and carried by
 * its note.created event: the mention listener (notifications/mention-notifications.ts) notifies
 * each of them once. A macro used for a note applies its actions at once (a note has no undo
 * window to wait for). The author's note draft is deleted.
 */
/** `keepDraft`: a note written for the agent (an escalation's hand-off) leaves their own unsent note alone. */
export async function addNote(deps: AppDeps, actor: Actor, ref: string, input: NoteBody, options: { keepDraft?: boolean } = {}): Promise<NoteDto> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Notes are written by a person.' });
  const authorId = actor.userId;
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const ticketId = ticket.id;
    const now = deps.clock.now();
    const mentions = await activeMembersAmong(tx, actor.workspaceId, [...new Set(input.mentions ?? [])]);
    const note = await insertNote(tx, { workspaceId: actor.workspaceId, ticketId, authorId, text: input.text, mentions, createdAt: now });
    const macroActions = input.macroId ? await takeMacroForSend(tx, actor, input.macroId) : null;
    const macro = macroActions ? await macroTicketValues(tx, ticket, macroActions) : null;
    const status = macroActions?.status ? nextStatus(ticket, { status: macroActions.status }, now) : {};
    await updateTicketRow(tx, actor.workspaceId, ticketId, { ...macro?.values, ...status, updatedAt: now });
    if (!options.keepDraft) await deleteDraftInTransaction(tx, actor, ticketId, 'note');
    await recordTicketChange(tx, actor, {
      ticket,
      action: 'ticket.noted',
      topic: ticketTopics.noteCreated,
      realtimeType: 'note.created',
      data: {
        noteId: note.id,
        ...(mentions.length > 0 ? { mentions } : {}),
        ...(input.macroId ? { macroId: input.macroId, macroApplied: [...(macro?.applied ?? []), ...(macroActions?.status ? ['status'] : [])], macroSkipped: macro?.skipped ?? [] } : {}),
      },
      at: now,
    });
    const [author] = await tx.query.users.findMany({ where: (users, { eq }) => eq(users.id, authorId), columns: { name: true } });
    return {
      id: note.id,
      ticketId,
      author: { id: authorId, name: author?.name ?? '' },
      text: input.text,
      createdAt: note.createdAt.toISOString(),
    };
  });
}

/**
 * A note written inside the caller's transaction by the system on a person's behalf (an
 * automation's note action): `authorId` is who it is shown as, the audit names the system actor.
 * Announced like any note (note.created), so mentions and followers work the same.
 */
export async function addNoteInTransaction(tx: DbOrTx, actor: Actor, ticket: { id: string; number: number }, note: { authorId: string; text: string; data?: Record<string, unknown> }, now: Date): Promise<string> {
  const row = await insertNote(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, authorId: note.authorId, text: note.text, mentions: [], createdAt: now });
  await updateTicketRow(tx, actor.workspaceId, ticket.id, { updatedAt: now });
  await recordTicketChange(tx, actor, { ticket, action: 'ticket.noted', topic: ticketTopics.noteCreated, realtimeType: 'note.created', data: { noteId: row.id, ...note.data }, at: now });
  return row.id;
}
