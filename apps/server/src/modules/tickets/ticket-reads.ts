import type { TicketReadState } from '@rapport/contracts/inbox';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { requireTicketId } from './get-ticket.ts';
import { deleteReadMarker, upsertReadMarker } from './inbox.queries.ts';

/** Unread for an agent: the ticket has a message newer than when they last read it (or they never did). */
export function isUnread(lastMessageAt: Date | null, readAt: Date | null): boolean {
  if (!lastMessageAt) return false;
  return readAt === null || lastMessageAt.getTime() > readAt.getTime();
}

function personOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Only a person has read markers.' });
  return actor.userId;
}

/** Marks the ticket read by the acting agent now. Read markers are personal: no audit entry, no event. */
export async function markTicketRead(deps: AppDeps, actor: Actor, ref: string): Promise<TicketReadState> {
  const userId = personOf(actor);
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const readAt = await upsertReadMarker(deps.db, actor.workspaceId, ticketId, userId, deps.clock.now());
  return { ticketId, readAt: readAt.toISOString() };
}

/** "Mark unread": forgets the marker, so the ticket reads as unread until opened again. */
export async function markTicketUnread(deps: AppDeps, actor: Actor, ref: string): Promise<TicketReadState> {
  const userId = personOf(actor);
  const ticketId = await requireTicketId(deps.db, actor, ref);
  await deleteReadMarker(deps.db, actor.workspaceId, ticketId, userId);
  return { ticketId, readAt: null };
}
