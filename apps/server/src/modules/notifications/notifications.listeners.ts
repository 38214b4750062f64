import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { findTicketAssignee, insertNotification } from './notifications.queries.ts';

/**
 * notify-assignee: tells an agent when a ticket is assigned to them by someone else, and when a
 * customer writes on a ticket they own. Idempotent: one notification per (event, user, kind).
 */
export function notifyAssigneeListener(deps: AppDeps): EventListener {
  return {
    name: 'notify-assignee',
    topics: [ticketTopics.assigned, ticketTopics.messageCreated],
    async handle(event) {
      const ticketId = String(event.payload['ticketId'] ?? '');
      if (!ticketId) return;
      const actorId = (event.payload['actorId'] as string | null | undefined) ?? null;
      const ticket = await findTicketAssignee(deps.db, event.workspaceId, ticketId);
      if (!ticket?.assigneeId || ticket.assigneeId === actorId) return;
      const isAssignment = event.topic === ticketTopics.assigned;
      const isCustomerMessage = event.topic === ticketTopics.messageCreated && event.payload['direction'] === 'inbound';
      if (!isAssignment && !isCustomerMessage) return;
      await insertNotification(deps.db, {
        workspaceId: event.workspaceId,
        userId: ticket.assigneeId,
        ticketId,
        kind: isAssignment ? 'assigned' : 'customer_replied',
        eventId: event.eventId,
        data: { number: ticket.number, subject: ticket.subject, actorId },
      });
    },
  };
}
