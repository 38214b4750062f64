import type { Tx } from '@rapport/db/database';
import type { AppDeps } from '../../platform/app-deps.ts';
import { insertNotification, type NewNotification } from './notifications.queries.ts';
import { queueNotificationEmail } from './queue-notification-email.ts';

export type { NewNotification };

/**
 * The one way to store an in-app notification: inside the caller's transaction, idempotent per
 * (event, recipient, kind), announced live to the recipient only once committed, and emailed in
 * the same transaction to a recipient who wants email for that kind (queue-notification-email.ts).
 * The person who caused the event is `actorId`, else `data.actorId`; they are never emailed.
 * Returns the new id, null for a redelivered event.
 */
export async function storeNotification(
  deps: Pick<AppDeps, 'config' | 'clock' | 'logger'>,
  tx: Tx,
  values: NewNotification & { actorId?: string | null },
): Promise<string | null> {
  const { actorId, ...notification } = values;
  const stored = await insertNotification(tx, notification);
  if (!stored) return null;
  const dataActor = notification.data['actorId'];
  const cause = actorId !== undefined ? actorId : typeof dataActor === 'string' ? dataActor : null;
  await queueNotificationEmail(tx, deps, { ...notification, id: stored.id, actorId: cause });
  return stored.id;
}
