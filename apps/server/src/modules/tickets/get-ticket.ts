import type { TicketDetail } from '@rapport/contracts/tickets';
import type { Db } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { toMessageDto, toNoteDto, toTicketDetail } from './ticket-dto.ts';
import { findTicketSummary, listAttachments, listMessages, listNotes, resolveTicketId } from './tickets.queries.ts';

export async function requireTicketId(db: Db, actor: Actor, ref: string): Promise<string> {
  const ticketId = await resolveTicketId(db, actor.workspaceId, ref);
  if (!ticketId) throw new AppError('TICKET_NOT_FOUND', { message: `No ticket ${ref} in this workspace.`, details: { ref } });
  return ticketId;
}

export async function loadTicketDetail(db: Db, workspaceId: string, ticketId: string): Promise<TicketDetail> {
  const [summary, messageRows, noteRows] = await Promise.all([
    findTicketSummary(db, workspaceId, ticketId),
    listMessages(db, workspaceId, ticketId),
    listNotes(db, workspaceId, ticketId),
  ]);
  if (!summary) throw new AppError('TICKET_NOT_FOUND', { message: 'That ticket no longer exists.' });
  const attachmentRows = await listAttachments(
    db,
    workspaceId,
    messageRows.map((row) => row.message.id),
  );
  const byMessage = new Map<string, { id: string; filename: string; contentType: string; size: number }[]>();
  for (const attachment of attachmentRows) {
    const list = byMessage.get(attachment.messageId) ?? [];
    list.push({ id: attachment.id, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size });
    byMessage.set(attachment.messageId, list);
  }
  return toTicketDetail(
    summary,
    messageRows.map((row) => toMessageDto(row, byMessage.get(row.message.id) ?? [])),
    noteRows.map(toNoteDto),
  );
}

export async function getTicket(deps: AppDeps, actor: Actor, ref: string): Promise<TicketDetail> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  return loadTicketDetail(deps.db, actor.workspaceId, ticketId);
}
