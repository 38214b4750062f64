import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { emailAddresses, inboundEmails } from '@rapport/db/schema';

export const inboundChannel = 'rapport_inbound';

/** Workspace address (lower-case) → workspace id, for the given base addresses. */
export async function selectWorkspacesByAddress(db: DbOrTx, addresses: readonly string[]): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const rows = await db
    .select({ address: emailAddresses.address, workspaceId: emailAddresses.workspaceId })
    .from(emailAddresses)
    .where(inArray(emailAddresses.address, [...addresses]));
  return new Map(rows.map((row) => [row.address, row.workspaceId]));
}

export type NewReceipt = typeof inboundEmails.$inferInsert;

/** Inserts receipts; a row whose (workspace, dedupe key) exists is skipped. Returns the new ids. */
export async function insertReceipts(db: DbOrTx, receipts: NewReceipt[]): Promise<{ id: string; workspaceId: string }[]> {
  if (receipts.length === 0) return [];
  const rows = await db
    .insert(inboundEmails)
    .values(receipts)
    .onConflictDoNothing({ target: [inboundEmails.workspaceId, inboundEmails.dedupeKey] })
    // The NOTIFY rides along in RETURNING: evaluated once, and only when a row was inserted.
    .returning({ id: inboundEmails.id, workspaceId: inboundEmails.workspaceId, notified: sql`(select pg_notify(${inboundChannel}, ''))` });
  return rows.map(({ id, workspaceId }) => ({ id, workspaceId }));
}
