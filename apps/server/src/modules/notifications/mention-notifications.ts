import type { MentionNotificationData } from '@rapport/contracts/composer';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { ticketTopics } from '../tickets/tickets.events.ts';
import { excerptOf } from './notification-rules.ts';
import { findNoteForNotification, findTicketAssignee } from './notifications.queries.ts';
import { storeNotification } from './store-notification.ts';

/**
 * notify-mentioned: each teammate @mentioned in an internal note gets a `mention` notification
 * (never the note's author). The note's stored `mentions` decide who, not the event, so a
 * redelivered event is answered the same; one notification per (event, user, kind) makes it
 * idempotent. Its data: ticket number and subject, author, an excerpt of the note.
 */
export function notifyMentionedListener(deps: AppDeps): EventListener {
  return {
    name: 'notify-mentioned',
    topics: [ticketTopics.noteCreated],
    async handle(event) {
      const ticketId = String(event.payload['ticketId'] ?? '');
      const noteId = String(event.payload['noteId'] ?? '');
      if (!ticketId || !noteId) return;
      const note = await findNoteForNotification(deps.db, event.workspaceId, noteId);
      if (!note || note.mentions.length === 0) return;
      const ticket = await findTicketAssignee(deps.db, event.workspaceId, ticketId);
      if (!ticket) return;
      const data: MentionNotificationData = {
        number: ticket.number,
        subject: ticket.subject,
        authorId: note.authorId,
        authorName: note.authorName ?? '',
        excerpt: excerptOf(note.text),
        noteId,
      };
      for (const userId of new Set(note.mentions)) {
        if (userId === note.authorId) continue;
        await deps.db.transaction((tx) => storeNotification(deps, tx, { workspaceId: event.workspaceId, userId, ticketId, kind: 'mention', eventId: event.eventId, data: { ...data, actorId: note.authorId, actorName: data.authorName } }));
      }
    },
  };
}
