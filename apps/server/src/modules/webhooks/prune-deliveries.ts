import type { AppDeps } from '../../platform/app-deps.ts';
import { deleteFinishedDeliveries } from './webhooks.queries.ts';

/** How long the delivery log keeps a delivered or failed delivery. */
export const webhookDeliveryRetentionDays = 30;
const batchRows = 5_000;

/**
 * Maintenance: forgets delivered and failed webhook deliveries older than the retention, in
 * batches (pending ones are kept until they finish). Returns how many were deleted.
 */
export async function pruneWebhookDeliveries(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - webhookDeliveryRetentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await deleteFinishedDeliveries(deps.db, before, batchRows);
    total += deleted;
    if (deleted < batchRows) return total;
  }
}
