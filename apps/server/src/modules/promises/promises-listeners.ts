import type { PromiseReminderData } from '@rapport/contracts/promises';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventListener } from '../../platform/outbox-dispatcher.ts';
import { promiseReminderKind, promiseTopics } from './promises.ts';
import { storeNotification } from '../notifications/store-notification.ts';
import { isOpenForMember } from './promises.queries.ts';

const excerptLength = 200;

/**
 * notify-promise-owner: a promise's reminder becomes a `promise_reminder` notification for its
 * owner (as a mention notifies the teammate). Idempotent per (event, owner, kind); a promise closed
 * meanwhile, or an owner who left the workspace, gets nothing.
 */
export function notifyPromiseOwnerListener(deps: AppDeps): EventListener {
  return {
    name: 'notify-promise-owner',
    topics: [promiseTopics.reminder],
    async handle(event) {
      const payload = event.payload;
      const promiseId = String(payload['promiseId'] ?? '');
      const ownerId = typeof payload['ownerId'] === 'string' ? payload['ownerId'] : null;
      const ticketId = String(payload['ticketId'] ?? '');
      if (!promiseId || !ownerId || !ticketId) return;
      if (!(await isOpenForMember(deps.db, event.workspaceId, promiseId, ownerId))) return;
      const text = String(payload['text'] ?? '');
      const data: PromiseReminderData = {
        number: Number(payload['ticketNumber']),
        subject: String(payload['ticketSubject'] ?? ''),
        excerpt: text.length > excerptLength ? `${text.slice(0, excerptLength - 1)}…` : text,
        promiseId,
        dueAt: String(payload['dueAt']),
      };
      await deps.db.transaction((tx) => storeNotification(deps, tx, { workspaceId: event.workspaceId, userId: ownerId, ticketId, kind: promiseReminderKind, eventId: event.eventId, data }));
    },
  };
}
