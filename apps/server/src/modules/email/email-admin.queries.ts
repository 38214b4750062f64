/**
 * The SQL of the email admin API: addresses, settings, IMAP mailboxes and the triage of received
 * emails. Every function takes the workspace first and every statement is scoped by it; the one
 * global look-up (who owns an address) says so in its name.
 */
import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { emailAddresses, emailSettings, imapMailboxes, inboundEmails, tickets } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

// ---- Addresses ----------------------------------------------------------------------------

export type EmailAddressRow = typeof emailAddresses.$inferSelect;

export async function selectAddresses(db: DbOrTx, workspaceId: string): Promise<EmailAddressRow[]> {
  return db
    .select()
    .from(emailAddresses)
    .where(eq(emailAddresses.workspaceId, workspaceId))
    .orderBy(desc(emailAddresses.isDefault), asc(emailAddresses.address));
}

export async function selectAddress(db: DbOrTx, workspaceId: string, id: string): Promise<EmailAddressRow | null> {
  const [row] = await db
    .select()
    .from(emailAddresses)
    .where(and(eq(emailAddresses.workspaceId, workspaceId), eq(emailAddresses.id, id)))
    .for('update');
  return row ?? null;
}

/** Across all workspaces: addresses are globally unique so inbound mail routes without ambiguity. */
export async function isAddressTakenGlobally(db: DbOrTx, address: string, exceptId: string | null): Promise<boolean> {
  const rows = await db
    .select({ id: emailAddresses.id })
    .from(emailAddresses)
    .where(and(eq(emailAddresses.address, address), exceptId ? ne(emailAddresses.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

/** Null when the address exists already (in any workspace): the unique index decides. */
export async function insertAddress(
  tx: DbOrTx,
  workspaceId: string,
  values: { address: string; displayName: string; isDefault: boolean; createdAt: Date },
): Promise<EmailAddressRow | null> {
  const [row] = await tx
    .insert(emailAddresses)
    .values({ workspaceId, ...values })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateAddressRow(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  changes: Partial<Pick<EmailAddressRow, 'address' | 'displayName' | 'isDefault'>>,
): Promise<EmailAddressRow | null> {
  const [row] = await tx
    .update(emailAddresses)
    .set(changes)
    .where(and(eq(emailAddresses.workspaceId, workspaceId), eq(emailAddresses.id, id)))
    .returning();
  return row ?? null;
}

/** Every other address of the workspace stops being the default. */
export async function clearOtherDefaults(tx: DbOrTx, workspaceId: string, keepId: string): Promise<void> {
  await tx
    .update(emailAddresses)
    .set({ isDefault: false })
    .where(and(eq(emailAddresses.workspaceId, workspaceId), ne(emailAddresses.id, keepId), eq(emailAddresses.isDefault, true)));
}

export async function deleteAddressRow(tx: DbOrTx, workspaceId: string, id: string): Promise<EmailAddressRow | null> {
  const [row] = await tx
    .delete(emailAddresses)
    .where(and(eq(emailAddresses.workspaceId, workspaceId), eq(emailAddresses.id, id)))
    .returning();
  return row ?? null;
}

/** The oldest remaining address becomes the default when the default one is deleted. */
export async function promoteOldestAddress(tx: DbOrTx, workspaceId: string): Promise<void> {
  const [oldest] = await tx
    .select({ id: emailAddresses.id })
    .from(emailAddresses)
    .where(eq(emailAddresses.workspaceId, workspaceId))
    .orderBy(asc(emailAddresses.createdAt), asc(emailAddresses.id))
    .limit(1);
  if (oldest) await updateAddressRow(tx, workspaceId, oldest.id, { isDefault: true });
}

// ---- Settings -----------------------------------------------------------------------------

export type EmailSettingsChanges = Partial<
  Pick<
    typeof emailSettings.$inferInsert,
    'subjectThreading' | 'autoAckEnabled' | 'autoAckSubject' | 'autoAckBody' | 'autoMessageDailyLimit'
  >
>;

export async function updateSettingsRow(tx: DbOrTx, workspaceId: string, changes: EmailSettingsChanges, now: Date): Promise<void> {
  await tx
    .update(emailSettings)
    .set({ ...changes, updatedAt: now })
    .where(eq(emailSettings.workspaceId, workspaceId));
}

// ---- IMAP mailboxes -----------------------------------------------------------------------

export type MailboxRow = typeof imapMailboxes.$inferSelect;
/** What the API may show: everything but the password (replaced by whether one is stored). */
export type PublicMailboxRow = Omit<MailboxRow, 'password' | 'claimedBy' | 'claimedUntil'> & { hasPassword: boolean };

const publicMailboxColumns = {
  id: imapMailboxes.id,
  workspaceId: imapMailboxes.workspaceId,
  name: imapMailboxes.name,
  host: imapMailboxes.host,
  port: imapMailboxes.port,
  secure: imapMailboxes.secure,
  username: imapMailboxes.username,
  hasPassword: sql<boolean>`(${imapMailboxes.password} <> '')`,
  mailbox: imapMailboxes.mailbox,
  processedAction: imapMailboxes.processedAction,
  moveTo: imapMailboxes.moveTo,
  enabled: imapMailboxes.enabled,
  uidValidity: imapMailboxes.uidValidity,
  lastUid: imapMailboxes.lastUid,
  status: imapMailboxes.status,
  lastError: imapMailboxes.lastError,
  lastErrorAt: imapMailboxes.lastErrorAt,
  failures: imapMailboxes.failures,
  lastSyncAt: imapMailboxes.lastSyncAt,
  createdAt: imapMailboxes.createdAt,
};

export async function selectMailboxes(db: DbOrTx, workspaceId: string): Promise<PublicMailboxRow[]> {
  return db
    .select(publicMailboxColumns)
    .from(imapMailboxes)
    .where(eq(imapMailboxes.workspaceId, workspaceId))
    .orderBy(asc(imapMailboxes.name), asc(imapMailboxes.id));
}

export async function selectPublicMailbox(db: DbOrTx, workspaceId: string, id: string): Promise<PublicMailboxRow | null> {
  const [row] = await db
    .select(publicMailboxColumns)
    .from(imapMailboxes)
    .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id)));
  return row ?? null;
}

/** With the password: only for connecting (the connection test), never for a response. */
export async function selectMailboxWithSecret(db: DbOrTx, workspaceId: string, id: string): Promise<MailboxRow | null> {
  const [row] = await db
    .select()
    .from(imapMailboxes)
    .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id)));
  return row ?? null;
}

export type NewMailbox = Omit<typeof imapMailboxes.$inferInsert, 'workspaceId' | 'id'>;

export async function insertMailbox(tx: DbOrTx, workspaceId: string, values: NewMailbox): Promise<string> {
  const [row] = await tx.insert(imapMailboxes).values({ workspaceId, ...values }).returning({ id: imapMailboxes.id });
  if (!row) throw new Error('mailbox insert returned no row');
  return row.id;
}

export async function updateMailboxRow(tx: DbOrTx, workspaceId: string, id: string, changes: Partial<NewMailbox>): Promise<boolean> {
  const rows = await tx
    .update(imapMailboxes)
    .set(changes)
    .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id)))
    .returning({ id: imapMailboxes.id });
  return rows.length > 0;
}

export async function deleteMailboxRow(tx: DbOrTx, workspaceId: string, id: string): Promise<{ name: string; host: string } | null> {
  const [row] = await tx
    .delete(imapMailboxes)
    .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, id)))
    .returning({ name: imapMailboxes.name, host: imapMailboxes.host });
  return row ?? null;
}

// ---- Received emails ----------------------------------------------------------------------

type InboundColumns =
  | 'id'
  | 'workspaceId'
  | 'source'
  | 'mailboxId'
  | 'rawKey'
  | 'rawSize'
  | 'envelopeFrom'
  | 'envelopeTo'
  | 'remoteAddress'
  | 'helo'
  | 'receivedAt'
  | 'status'
  | 'attempts'
  | 'reason'
  | 'reasonDetail'
  | 'ticketId'
  | 'messageId'
  | 'fromAddress'
  | 'subject'
  | 'processedAt';
export type InboundRow = Pick<typeof inboundEmails.$inferSelect, InboundColumns> & {
  ticketNumber: number | null;
  ticketSubject: string | null;
  /** received_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
};

const cursorAt = sql<string>`to_char(${inboundEmails.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function inboundQuery(db: DbOrTx) {
  return db
    .select({
      id: inboundEmails.id,
      workspaceId: inboundEmails.workspaceId,
      source: inboundEmails.source,
      mailboxId: inboundEmails.mailboxId,
      rawKey: inboundEmails.rawKey,
      rawSize: inboundEmails.rawSize,
      envelopeFrom: inboundEmails.envelopeFrom,
      envelopeTo: inboundEmails.envelopeTo,
      remoteAddress: inboundEmails.remoteAddress,
      helo: inboundEmails.helo,
      receivedAt: inboundEmails.receivedAt,
      status: inboundEmails.status,
      attempts: inboundEmails.attempts,
      reason: inboundEmails.reason,
      reasonDetail: inboundEmails.reasonDetail,
      ticketId: inboundEmails.ticketId,
      messageId: inboundEmails.messageId,
      fromAddress: inboundEmails.fromAddress,
      subject: inboundEmails.subject,
      processedAt: inboundEmails.processedAt,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      cursorAt,
    })
    .from(inboundEmails)
    .leftJoin(tickets, and(eq(tickets.workspaceId, inboundEmails.workspaceId), eq(tickets.id, inboundEmails.ticketId)));
}

export type InboundStatus = (typeof inboundEmails.$inferSelect)['status'];

/** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
export async function selectInboundPage(
  db: DbOrTx,
  workspaceId: string,
  filters: { status: InboundStatus; limit: number },
  cursor: KeysetCursor | null,
): Promise<InboundRow[]> {
  const conditions: SQL[] = [eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.status, filters.status)];
  if (cursor) {
    conditions.push(sql`(${inboundEmails.receivedAt}, ${inboundEmails.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  }
  return inboundQuery(db)
    .where(and(...conditions))
    .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
    .limit(filters.limit + 1);
}

export async function selectInbound(db: DbOrTx, workspaceId: string, id: string): Promise<InboundRow | null> {
  const [row] = await inboundQuery(db).where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)));
  return row ?? null;
}

/** Held emails that claim to belong to one ticket, oldest first. */
export async function selectHeldForTicket(db: DbOrTx, workspaceId: string, ticketId: string): Promise<InboundRow[]> {
  return inboundQuery(db)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.ticketId, ticketId), eq(inboundEmails.status, 'held')))
    .orderBy(asc(inboundEmails.receivedAt), asc(inboundEmails.id))
    .limit(200);
}

/** Row-locks the receipt so an action and the processor (or a second click) cannot race. */
export async function lockInboundStatus(tx: DbOrTx, workspaceId: string, id: string): Promise<{ status: InboundStatus; claimedUntil: Date | null } | null> {
  const [row] = await tx
    .select({ status: inboundEmails.status, claimedUntil: inboundEmails.claimedUntil })
    .from(inboundEmails)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)))
    .for('update');
  return row ?? null;
}

export async function setInboundStatus(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  changes: { status: InboundStatus; processedAt?: Date | null; claimedUntil?: Date | null },
): Promise<void> {
  await tx
    .update(inboundEmails)
    .set(changes)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)));
}
