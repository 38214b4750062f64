/** SQL of the inbound batch path (inbound-batch.ts). */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { inboundEmails } from '@rapport/db/schema';

export interface ProcessedReceipt {
  id: string;
  ticketId: string;
  messageId: string;
  fromAddress: string;
  subject: string;
}

/**
 * Marks receipts of one workspace processed in one statement, each only if it is still
 * 'received' (the batch variant of `updateReceiptIfStatus`: the update waits for a concurrent
 * writer of a row and re-checks its state). Returns how many were updated; fewer than the rows
 * means another processor or an agent acted on one meanwhile, and the caller must roll back.
 */
export async function markReceiptsProcessed(tx: DbOrTx, workspaceId: string, rows: ProcessedReceipt[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const input = JSON.stringify(rows.map((row) => ({ id: row.id, ticket_id: row.ticketId, message_id: row.messageId, from_address: row.fromAddress, subject: row.subject })));
  const updated = await tx.execute(
    sql`update ${inboundEmails} r
           set status = 'processed', reason = null, reason_detail = null, ticket_id = v.ticket_id, message_id = v.message_id,
               from_address = v.from_address, subject = v.subject, claimed_until = null, processed_at = ${now.toISOString()}::timestamptz
          from json_to_recordset(${input}::json) as v(id uuid, ticket_id uuid, message_id uuid, from_address text, subject text)
         where r.workspace_id = ${workspaceId} and r.id = v.id and r.status = 'received'
        returning r.id`,
  );
  return (updated as unknown as { rows: unknown[] }).rows.length;
}
