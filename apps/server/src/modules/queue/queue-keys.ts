/**
 * Keeping `tickets.queue_key` current (see queue-order.ts for the key). The tickets module calls
 * these from its single ticket-change path, so this file imports nothing from the tickets module
 * (no import cycle between the two modules).
 */
import type { DbOrTx } from '@rapport/db/database';
import { refreshCustomerTicketQueueKeys, refreshTicketQueueKeys } from './queue.queries.ts';

/**
 * Recomputes and stores the queue key of these tickets in one statement (an UPDATE … FROM over the
 * ticket, its customer's tier, its running reply SLA clocks and, once answered, its messages);
 * unchanged keys are not rewritten. Null when a ticket is not new/open, is assigned, or is merged.
 * Call it after the SLA clocks of the change were updated, in the same transaction.
 */
export async function refreshQueueKeys(tx: DbOrTx, workspaceId: string, ticketIds: string[], now: Date): Promise<void> {
  await refreshTicketQueueKeys(tx, workspaceId, [...new Set(ticketIds)], now);
}

/** After the customer's tier changed: their waiting tickets move by the difference in tier credit. */
export async function refreshCustomerQueueKeys(tx: DbOrTx, workspaceId: string, customerId: string, now: Date): Promise<void> {
  await refreshCustomerTicketQueueKeys(tx, workspaceId, customerId, now);
}
