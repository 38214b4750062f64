import type { TicketDetail } from '@rapport/contracts/tickets';
import type { Db, DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { toMessageDto, toNoteDto, toTicketDetail } from './ticket-dto.ts';
import { findTicketSummary, listMessages, listNotes, lockTicket, parseTicketRef, resolveTicketId, type TicketRef, type TicketRow } from './tickets.queries.ts';

/** For other modules that address a ticket by number or id without resolving it first. */
export { parseTicketRef };

export const ticketNotFound = (ref: string) => new AppError('TICKET_NOT_FOUND', { message: `No ticket ${ref} in this workspace.`, details: { ref } });

export async function requireTicketId(db: Db, actor: Actor, ref: string): Promise<string> {
  const ticketId = await resolveTicketId(db, actor.workspaceId, ref);
  if (!ticketId) throw ticketNotFound(ref);
  return ticketId;
}

/** Finds and row-locks the referenced ticket (number or id) inside the caller's transaction, in one query. */
export async function lockTicketByRef(tx: DbOrTx, actor: Actor, ref: string): Promise<TicketRow> {
  const ticket = await lockTicket(tx, actor.workspaceId, parseTicketRef(ref));
  if (!ticket) throw ticketNotFound(ref);
  return ticket;
}

/** One round trip: the ticket, its messages (with attachments) and its notes are read in parallel. */
export async function loadTicketDetail(db: Db, workspaceId: string, ticket: string | TicketRef): Promise<TicketDetail> {
  const ref = typeof ticket === 'string' ? { id: ticket } : ticket;
  const [summary, messageRows, noteRows] = await Promise.all([
    findTicketSummary(db, workspaceId, ref),
    listMessages(db, workspaceId, ref),
    listNotes(db, workspaceId, ref),
  ]);
  if (!summary) throw new AppError('TICKET_NOT_FOUND', { message: 'That ticket no longer exists.' });
  return toTicketDetail(
    summary,
    messageRows.map((row) => toMessageDto(row, row.attachments)),
    noteRows.map(toNoteDto),
  );
}

export async function getTicket(deps: AppDeps, actor: Actor, ref: string): Promise<TicketDetail> {
  try {
    return await loadTicketDetail(deps.db, actor.workspaceId, parseTicketRef(ref));
  } catch (error) {
    if (error instanceof AppError && error.code === 'TICKET_NOT_FOUND') throw ticketNotFound(ref);
    throw error;
  }
}
