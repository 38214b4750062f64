import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { excerptOf, followerRecipients } from './notification-rules.ts';
import {
  findMessageForNotification,
  findNoteForNotification,
  findTicketAssignee,
  findUserName,
  listFollowerIds,
} from './notifications.queries.ts';
import { storeNotification } from './store-notification.ts';

/** A customer's message (inbound); agents' replies and acknowledgements are outbound. */
const isCustomerMessage = (event: OutboxEvent) => event.topic === ticketTopics.messageCreated && event.payload['direction'] === 'inbound';
const hasTicket = (event: OutboxEvent) => typeof event.payload['ticketId'] === 'string' && event.payload['ticketId'] !== '';

/**
 * notify-assignee: tells an agent when a ticket is assigned to them by someone else, and when a
 * customer writes on a ticket they own. Idempotent: one notification per (event, user, kind).
 */
export function notifyAssigneeListener(deps: AppDeps): EventListener {
  // Outbound messages (replies, acknowledgements) tell the assignee nothing: no job for them.
  const wants = (event: OutboxEvent) => hasTicket(event) && (event.topic === ticketTopics.assigned || isCustomerMessage(event));
  return {
    name: 'notify-assignee',
    topics: [ticketTopics.assigned, ticketTopics.messageCreated],
    wants,
    async handle(event) {
      if (!wants(event)) return;
      const ticketId = String(event.payload['ticketId']);
      const actorId = (event.payload['actorId'] as string | null | undefined) ?? null;
      const isAssignment = event.topic === ticketTopics.assigned;
      const ticket = await findTicketAssignee(deps.db, event.workspaceId, ticketId);
      if (!ticket?.assigneeId || ticket.assigneeId === actorId) return;
      const data: Record<string, unknown> = { number: ticket.number, subject: ticket.subject, actorId };
      if (isAssignment) {
        data['actorName'] = await findUserName(deps.db, event.workspaceId, actorId);
      } else {
        const message = await findMessageForNotification(deps.db, event.workspaceId, String(event.payload['messageId'] ?? ''));
        data['actorName'] = message?.customerName ?? null;
        data['excerpt'] = message ? excerptOf(message.text) : null;
      }
      const assigneeId = ticket.assigneeId;
      await deps.db.transaction((tx) => storeNotification(deps, tx, {
        workspaceId: event.workspaceId,
        userId: assigneeId,
        ticketId,
        kind: isAssignment ? 'assigned' : 'customer_replied',
        eventId: event.eventId,
        data,
      }));
    },
  };
}

const wantsFollowerNotice = (event: OutboxEvent) => hasTicket(event) && (event.topic === ticketTopics.noteCreated || isCustomerMessage(event));

/**
 * notify-followers: a customer reply (`reply`) or a teammate's note (`note`) on a ticket you
 * follow. Never to the actor; the assignee hears of customer replies through notify-assignee and
 * mentioned teammates through the mention notification, so they are not told twice.
 * Idempotent: one notification per (event, follower, kind).
 */
export function notifyFollowersListener(deps: AppDeps): EventListener {
  return {
    name: 'notify-followers',
    topics: [ticketTopics.messageCreated, ticketTopics.noteCreated],
    // Agents' own replies (and acknowledgements) notify nobody.
    wants: wantsFollowerNotice,
    async handle(event) {
      if (!wantsFollowerNotice(event)) return;
      const ticketId = String(event.payload['ticketId']);
      const actorId = (event.payload['actorId'] as string | null | undefined) ?? null;
      const isNote = event.topic === ticketTopics.noteCreated;
      const ticket = await findTicketAssignee(deps.db, event.workspaceId, ticketId);
      if (!ticket) return;
      const followers = await listFollowerIds(deps.db, event.workspaceId, ticketId);
      if (followers.length === 0) return;
      let data: Record<string, unknown>;
      let recipients: string[];
      if (isNote) {
        const note = await findNoteForNotification(deps.db, event.workspaceId, String(event.payload['noteId'] ?? ''));
        if (!note) return;
        recipients = followerRecipients(followers, [actorId, note.authorId, ...note.mentions]);
        data = { number: ticket.number, subject: ticket.subject, actorId: note.authorId, actorName: note.authorName, excerpt: excerptOf(note.text) };
      } else {
        const message = await findMessageForNotification(deps.db, event.workspaceId, String(event.payload['messageId'] ?? ''));
        if (!message) return;
        recipients = followerRecipients(followers, [actorId, ticket.assigneeId]);
        data = { number: ticket.number, subject: ticket.subject, actorId: null, actorName: message.customerName, excerpt: excerptOf(message.text) };
      }
      for (const userId of recipients) {
        await deps.db.transaction((tx) => storeNotification(deps, tx, {
          workspaceId: event.workspaceId,
          userId,
          ticketId,
          kind: isNote ? 'note' : 'reply',
          eventId: event.eventId,
          data,
        }));
      }
    },
  };
}
