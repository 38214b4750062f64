import type { AppDeps } from '../../platform/app-deps.ts';
import { pruneIdempotencyKeys } from '../../platform/idempotency.ts';
import { pruneOldUploads } from '../attachments/uploads.ts';
import { pruneAuthRecords } from '../auth/prune-auth-records.ts';
import { pruneWebhookDeliveries } from '../webhooks/prune-deliveries.ts';

/**
 * Scheduled job: forgets expired sessions, old sign-in failures, idempotency keys, delivered outbox
 * rows, composer uploads never sent (after a day) and finished webhook deliveries (after 30 days).
 */
export async function pruneExpired(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await pruneAuthRecords(deps);
  await pruneIdempotencyKeys(deps.db, new Date(now.getTime() - 86_400_000));
  await deps.database.query(`delete from outbox where dispatched_at < now() - interval '7 days'`);
  await pruneOldUploads(deps);
  await pruneWebhookDeliveries(deps);
}
