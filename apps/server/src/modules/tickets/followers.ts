/**
 * Followers (collaborators) of a ticket: they hear about customer replies and notes on it.
 * Anyone may follow or unfollow; adding or removing a teammate is the same call with their id.
 * The assignee, every agent who replies and everyone @mentioned in a note follow automatically
 * (the auto-follow listener); unfollowing stops that until they act on the ticket again.
 */
import type { FollowerList } from '@rapport/contracts/teamwork';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { requireTicketId } from './get-ticket.ts';
import { addFollowers, findNoteAuthorAndMentions, findTicketAssigneeId, listFollowers, removeFollower } from './followers.queries.ts';
import { ticketTopics } from './tickets.events.ts';

function resolveUser(actor: Actor, userId: string | undefined): string {
  const id = !userId || userId === 'me' ? actor.userId : userId;
  if (!id) throw new AppError('FORBIDDEN', { message: 'An API token has no user to follow a ticket with; name a userId.' });
  return id;
}

function toFollowerList(actor: Actor, rows: Awaited<ReturnType<typeof listFollowers>>): FollowerList {
  return {
    items: rows.map((row) => ({ userId: row.userId, name: row.name, since: row.since.toISOString() })),
    isFollowing: rows.some((row) => row.userId === actor.userId),
  };
}

export async function getFollowers(deps: AppDeps, actor: Actor, ref: string): Promise<FollowerList> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  return toFollowerList(actor, await listFollowers(deps.db, actor.workspaceId, ticketId));
}

export async function followTicket(deps: AppDeps, actor: Actor, ref: string, userId: string | undefined): Promise<FollowerList> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const id = resolveUser(actor, userId);
  const added = await addFollowers(deps.db, actor.workspaceId, ticketId, [id]);
  const rows = await listFollowers(deps.db, actor.workspaceId, ticketId);
  if (added === 0 && !rows.some((row) => row.userId === id)) {
    throw new AppError('USER_NOT_FOUND', { message: 'That user is not an active member of this workspace.', details: { userId: id } });
  }
  return toFollowerList(actor, rows);
}

export async function unfollowTicket(deps: AppDeps, actor: Actor, ref: string, userId: string): Promise<FollowerList> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  await removeFollower(deps.db, actor.workspaceId, ticketId, resolveUser(actor, userId));
  return toFollowerList(actor, await listFollowers(deps.db, actor.workspaceId, ticketId));
}

/**
 * Whether an event can make anyone follow: not a new ticket nobody had at creation (an email's),
 * and not a message without an agent behind it (a customer's, or an automatic acknowledgement).
 */
function wantsAutoFollow(event: OutboxEvent): boolean {
  if (typeof event.payload['ticketId'] !== 'string' || event.payload['ticketId'] === '') return false;
  if (event.topic === ticketTopics.created) return !('assigneeId' in event.payload) || Boolean(event.payload['assigneeId']);
  if (event.topic === ticketTopics.messageCreated) return event.payload['direction'] === 'outbound' && Boolean(event.payload['actorId']);
  return true;
}

/** auto-follow: the assignee, the agent who replies and the note's author and mentions follow the ticket. */
export function autoFollowListener(deps: AppDeps): EventListener {
  return {
    name: 'auto-follow',
    topics: [ticketTopics.created, ticketTopics.assigned, ticketTopics.messageCreated, ticketTopics.noteCreated],
    wants: wantsAutoFollow,
    async handle(event) {
      if (!wantsAutoFollow(event)) return;
      const ticketId = String(event.payload['ticketId']);
      const actorId = (event.payload['actorId'] as string | null | undefined) ?? null;
      const userIds: string[] = [];
      if (event.topic === ticketTopics.created || event.topic === ticketTopics.assigned) {
        // A new ticket's event says who had it at creation (a later assignment has its own event).
        const known = event.topic === ticketTopics.created && 'assigneeId' in event.payload;
        const assigneeId = known ? (event.payload['assigneeId'] as string | null) : await findTicketAssigneeId(deps.db, event.workspaceId, ticketId);
        if (assigneeId) userIds.push(assigneeId);
      } else if (event.topic === ticketTopics.messageCreated) {
        if (event.payload['direction'] === 'outbound' && actorId) userIds.push(actorId);
      } else {
        const note = await findNoteAuthorAndMentions(deps.db, event.workspaceId, String(event.payload['noteId'] ?? ''));
        if (note) userIds.push(note.authorId, ...note.mentions);
      }
      await addFollowers(deps.db, event.workspaceId, ticketId, userIds);
    },
  };
}
