import type { NoteBody, NoteDto } from '@rapport/contracts/tickets';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { lockTicketByRef } from './get-ticket.ts';
import { recordTicketChange } from './ticket-changes.ts';
import { ticketTopics } from './tickets.events.ts';
import { insertNote, updateTicketRow } from './tickets.queries.ts';

/** An internal note: visible to the team only, never serialised into customer-facing DTOs. */
export async function addNote(deps: AppDeps, actor: Actor, ref: string, input: NoteBody): Promise<NoteDto> {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Notes are written by a person.' });
  const authorId = actor.userId;
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const ticketId = ticket.id;
    const now = deps.clock.now();
    const note = await insertNote(tx, { workspaceId: actor.workspaceId, ticketId, authorId, text: input.text, createdAt: now });
    await updateTicketRow(tx, actor.workspaceId, ticketId, { updatedAt: now });
    await recordTicketChange(tx, actor, {
      ticket,
      action: 'ticket.noted',
      topic: ticketTopics.noteCreated,
      realtimeType: 'note.created',
      data: { noteId: note.id },
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
