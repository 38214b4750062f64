/** SQL of the inbound processor: the receipt queue, threading lookups and bounce matching. */
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '@rapport/db/database';
import { customerIdentities, customers, emailAddresses, emailSettings, inboundEmails, messages, outboundEmails, tickets } from '@rapport/db/schema';

export type ReceiptRow = typeof inboundEmails.$inferSelect;
export type ReceiptStatus = ReceiptRow['status'];

export async function selectReceipt(db: DbOrTx, workspaceId: string, id: string): Promise<ReceiptRow | null> {
  const [row] = await db
    .select()
    .from(inboundEmails)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)))
    .limit(1);
  return row ?? null;
}

/** Row-locks the receipt inside the caller's transaction: two processors never both act on it. */
export async function lockReceipt(tx: DbOrTx, workspaceId: string, id: string): Promise<ReceiptRow | null> {
  const [row] = await tx
    .select()
    .from(inboundEmails)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)))
    .for('update');
  return row ?? null;
}

export async function updateReceipt(db: DbOrTx, workspaceId: string, id: string, values: Partial<typeof inboundEmails.$inferInsert>): Promise<void> {
  await db
    .update(inboundEmails)
    .set(values)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id)));
}

/** Updates the receipt only if it is still in `status`; false when it is not (or is gone). */
export async function updateReceiptIfStatus(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  status: ReceiptStatus,
  values: Partial<typeof inboundEmails.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(inboundEmails)
    .set(values)
    .where(and(eq(inboundEmails.workspaceId, workspaceId), eq(inboundEmails.id, id), eq(inboundEmails.status, status)))
    .returning({ id: inboundEmails.id });
  return rows.length > 0;
}

export type ClaimedReceipt = ReceiptRow;

/**
 * Leases up to `limit` due receipts (oldest first, ties in arrival order) for `leaseSeconds`. A receipt whose lease ran
 * out (its processor died) is due again; `attempts` counts the claims. Returns the whole rows, so
 * the processor does not read each receipt again before working on it.
 */
export async function claimDueReceipts(db: DbOrTx, leaseSeconds: number, limit: number): Promise<ClaimedReceipt[]> {
  const rows = await db
    .update(inboundEmails)
    .set({ claimedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`${inboundEmails.attempts} + 1` })
    .where(
      inArray(
        inboundEmails.id,
        sql`(select id from inbound_emails
              where status = 'received' and (claimed_until is null or claimed_until < now())
              order by received_at, arrival limit ${limit} for update skip locked)`,
      ),
    )
    .returning();
  return rows.sort((left, right) => left.receivedAt.getTime() - right.receivedAt.getTime() || left.arrival - right.arrival);
}

/**
 * The lease of a claimed receipt is identified by its `attempts`: every claim increments it, so a
 * receipt another processor claimed after ours ran out has a higher count (and a handed-back one
 * has no lease). Every write of the processor outside processInboundEmail is conditioned on it.
 */
export interface ReceiptLease {
  id: string;
  attempts: number;
}

/**
 * Extends, in one statement, the leases still held among `held` (same attempts, still received,
 * still claimed) by `leaseSeconds`; returns the ids extended.
 */
export async function renewReceiptLeases(database: Database, leaseSeconds: number, held: ReceiptLease[]): Promise<string[]> {
  if (held.length === 0) return [];
  const rows = await database.query<{ id: string }>(
    `update inbound_emails r set claimed_until = now() + make_interval(secs => $1)
       from unnest($2::uuid[], $3::int[]) as h(id, attempts)
      where r.id = h.id and r.attempts = h.attempts and r.status = 'received' and r.claimed_until is not null
     returning r.id`,
    [leaseSeconds, held.map((lease) => lease.id), held.map((lease) => lease.attempts)],
  );
  return rows.map((row) => String(row.id));
}

/** After an unexpected failure: due again after `delaySeconds` (a backoff shorter than the lease). False: the lease was lost. */
export async function postponeReceipt(database: Database, lease: ReceiptLease, delaySeconds: number, error: string): Promise<boolean> {
  const rows = await database.query(
    `update inbound_emails set claimed_until = now() + make_interval(secs => $3), reason_detail = $4
     where id = $1 and attempts = $2 and status = 'received' and claimed_until is not null returning id`,
    [lease.id, lease.attempts, delaySeconds, error.slice(0, 2000)],
  );
  return rows.length > 0;
}

/** Hands claimed receipts back untouched (a stopping processor): due again now, the claim not counted. */
export async function releaseReceipts(database: Database, leases: ReceiptLease[]): Promise<void> {
  if (leases.length === 0) return;
  await database.query(
    `update inbound_emails r set claimed_until = null, attempts = greatest(r.attempts - 1, 0)
       from unnest($1::uuid[], $2::int[]) as h(id, attempts)
      where r.id = h.id and r.attempts = h.attempts and r.status = 'received' and r.claimed_until is not null`,
    [leases.map((lease) => lease.id), leases.map((lease) => lease.attempts)],
  );
}

/**
 * Embedded mode runs one process: at its start, every claim left by a previous run is from a
 * process that is gone. Attempts stay counted, so a message that crashes the process is still
 * quarantined after the maximum. Returns how many claims were released.
 */
export async function releaseAllReceiptClaims(database: Database): Promise<number> {
  const rows = await database.query<{ id: string }>(
    `update inbound_emails set claimed_until = null where status = 'received' and claimed_until is not null returning id`,
  );
  return rows.length;
}

export async function quarantineAfterFailures(database: Database, lease: ReceiptLease, detail: string): Promise<boolean> {
  const rows = await database.query(
    `update inbound_emails set status = 'quarantined', reason = 'processing_failed', reason_detail = $3,
       claimed_until = null, processed_at = now()
     where id = $1 and attempts = $2 and status = 'received' and claimed_until is not null returning id`,
    [lease.id, lease.attempts, detail.slice(0, 2000)],
  );
  return rows.length > 0;
}

export interface SenderCustomer {
  customerId: string;
  organisationId: string | null;
}

export interface TicketCandidate {
  id: string;
  number: number;
  subject: string;
  status: string;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  organisationId: string | null;
  mergedIntoId: string | null;
  updatedAt: Date;
}

const candidateColumns = {
  id: tickets.id,
  number: tickets.number,
  subject: tickets.subject,
  status: tickets.status,
  customerId: tickets.customerId,
  customerName: customers.name,
  customerEmail: sql<string | null>`(
    select ci.value from ${customerIdentities} ci
    where ci.workspace_id = ${tickets.workspaceId} and ci.customer_id = ${tickets.customerId} and ci.kind = 'email'
    order by ci.created_at limit 1)`,
  organisationId: customers.organisationId,
  mergedIntoId: tickets.mergedIntoId,
  updatedAt: tickets.updatedAt,
};

function candidateQuery(db: DbOrTx) {
  return db
    .select(candidateColumns)
    .from(tickets)
    .innerJoin(customers, and(eq(customers.workspaceId, tickets.workspaceId), eq(customers.id, tickets.customerId)));
}

export async function findTicketCandidateById(db: DbOrTx, workspaceId: string, ticketId: string): Promise<TicketCandidate | null> {
  const [row] = await candidateQuery(db).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ?? null;
}

export async function findTicketCandidateByNumber(db: DbOrTx, workspaceId: string, number: number): Promise<TicketCandidate | null> {
  const [row] = await candidateQuery(db).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
  return row ?? null;
}

/**
 * The ticket of the newest stored message (inbound or outbound) or outbound email whose
 * Message-ID is one of `messageIds` (a stored message wins a tie). One round trip.
 */
export async function findTicketCandidateByMessageIds(db: DbOrTx, workspaceId: string, messageIds: readonly string[]): Promise<TicketCandidate | null> {
  if (messageIds.length === 0) return null;
  const ids = sql.join(
    messageIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const newest = sql`(
    select ticket_id from (
      select m.ticket_id, m.created_at as at, 0 as source from ${messages} m
       where m.workspace_id = ${workspaceId} and m.external_id in (${ids})
      union all
      select o.ticket_id, o.created_at as at, 1 as source from ${outboundEmails} o
       where o.workspace_id = ${workspaceId} and o.rfc_message_id in (${ids}) and o.ticket_id is not null
    ) found order by at desc, source limit 1)`;
  const [row] = await candidateQuery(db).where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.id} = ${newest}`));
  return row ?? null;
}

/** The customer's tickets updated since `since` (not merged away), newest first. */
export async function findRecentTicketCandidatesOfCustomer(db: DbOrTx, workspaceId: string, customerId: string, since: Date): Promise<TicketCandidate[]> {
  return candidateQuery(db)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.customerId, customerId), gt(tickets.updatedAt, since), isNull(tickets.mergedIntoId)))
    .orderBy(desc(tickets.updatedAt))
    .limit(50);
}

export type OutboundRow = Pick<typeof outboundEmails.$inferSelect, 'id' | 'ticketId' | 'messageId' | 'rfcMessageId' | 'toAddresses' | 'status'>;

const outboundColumns = {
  id: outboundEmails.id,
  ticketId: outboundEmails.ticketId,
  messageId: outboundEmails.messageId,
  rfcMessageId: outboundEmails.rfcMessageId,
  toAddresses: outboundEmails.toAddresses,
  status: outboundEmails.status,
};

export async function findOutboundByRfcMessageIds(db: DbOrTx, workspaceId: string, messageIds: readonly string[]): Promise<OutboundRow | null> {
  if (messageIds.length === 0) return null;
  const [row] = await db
    .select(outboundColumns)
    .from(outboundEmails)
    .where(and(eq(outboundEmails.workspaceId, workspaceId), inArray(outboundEmails.rfcMessageId, [...messageIds])))
    .orderBy(desc(outboundEmails.createdAt))
    .limit(1);
  return row ?? null;
}

/** The newest outbound email of a ticket, preferring one addressed to `recipient`. */
export async function findLatestOutboundOfTicket(db: DbOrTx, workspaceId: string, ticketId: string, recipient: string): Promise<OutboundRow | null> {
  const rows = await db
    .select(outboundColumns)
    .from(outboundEmails)
    .where(and(eq(outboundEmails.workspaceId, workspaceId), eq(outboundEmails.ticketId, ticketId)))
    .orderBy(desc(outboundEmails.createdAt))
    .limit(20);
  const wanted = recipient.trim().toLowerCase();
  return rows.find((row) => row.toAddresses.some((address) => address.toLowerCase() === wanted)) ?? rows[0] ?? null;
}

export async function markOutboundFailed(tx: DbOrTx, workspaceId: string, outboundId: string, error: string): Promise<void> {
  await tx
    .update(outboundEmails)
    .set({ status: 'failed', lastError: error, claimedUntil: null })
    .where(and(eq(outboundEmails.workspaceId, workspaceId), eq(outboundEmails.id, outboundId)));
}

export interface SenderLookup {
  /** The sender's base address is one of the workspace's own addresses. */
  isOwnAddress: boolean;
  customer: SenderCustomer | null;
  /** The workspace's email settings, or null when the row does not exist yet. */
  settings: typeof emailSettings.$inferSelect | null;
}

/**
 * What the processor needs to know before threading, in one round trip: whether the sender is
 * one of the workspace's own addresses, the customer owning the sender's address, and the
 * workspace's email settings (fresh, not cached: a settings change applies to the next email).
 */
export async function lookupSender(db: DbOrTx, workspaceId: string, address: string, baseAddress: string): Promise<SenderLookup> {
  const normalised = address.trim().toLowerCase();
  const rows = await db
    .select({
      isOwnAddress: sql<boolean>`exists (select 1 from ${emailAddresses} a where a.workspace_id = ${workspaceId} and a.address = ${baseAddress})`,
      customer: sql<SenderCustomer | null>`(
        select json_build_object('customerId', c.id, 'organisationId', c.organisation_id)
          from ${customerIdentities} ci join ${customers} c on c.workspace_id = ci.workspace_id and c.id = ci.customer_id
         where ci.workspace_id = ${workspaceId} and ci.kind = 'email' and ci.value = ${normalised} limit 1)`,
      settings: emailSettings,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(emailSettings, eq(emailSettings.workspaceId, workspaceId));
  const row = rows[0];
  return { isOwnAddress: Boolean(row?.isOwnAddress), customer: row?.customer ?? null, settings: row?.settings ?? null };
}

/**
 * `lookupSender` for several senders of one workspace in one round trip (the inbound batch path);
 * the settings are the same for all (null when the row does not exist yet).
 */
export async function lookupSenders(
  db: DbOrTx,
  workspaceId: string,
  senders: { address: string; base: string }[],
): Promise<{ settings: SenderLookup['settings']; byAddress: Map<string, Omit<SenderLookup, 'settings'>> }> {
  const input = JSON.stringify(senders.map((sender) => ({ address: sender.address.trim().toLowerCase(), base: sender.base })));
  type Row = { address: string; own: boolean; customer: SenderCustomer | null };
  const [rows, [settings]] = await Promise.all([
    db
      .execute(
        sql`select s.address,
              exists (select 1 from ${emailAddresses} a where a.workspace_id = ${workspaceId} and a.address = s.base) as own,
              (select json_build_object('customerId', c.id, 'organisationId', c.organisation_id)
                 from ${customerIdentities} ci join ${customers} c on c.workspace_id = ci.workspace_id and c.id = ci.customer_id
                where ci.workspace_id = ${workspaceId} and ci.kind = 'email' and ci.value = s.address limit 1) as customer
            from json_to_recordset(${input}::json) as s(address text, base text)`,
      )
      .then((result) => (result as unknown as { rows: Row[] }).rows),
    db.select().from(emailSettings).where(eq(emailSettings.workspaceId, workspaceId)).limit(1),
  ]);
  return {
    settings: settings ?? null,
    byAddress: new Map(rows.map((row) => [row.address, { isOwnAddress: Boolean(row.own), customer: row.customer ?? null }])),
  };
}

export interface MessageIdOwner {
  messageId: string;
  ticketId: string;
  at: Date;
  /** 0: a stored message, 1: an outbound email (a stored message wins a tie). */
  source: number;
}

/**
 * For several Message-IDs at once, the tickets holding them as a stored message or an outbound
 * email (the rows `findTicketCandidateByMessageIds` chooses from). One round trip.
 */
export async function findMessageIdOwners(db: DbOrTx, workspaceId: string, messageIds: readonly string[]): Promise<MessageIdOwner[]> {
  if (messageIds.length === 0) return [];
  const ids = JSON.stringify([...new Set(messageIds)]);
  type Row = { message_id: string; ticket_id: string; at: string | Date; source: number };
  const rows = await db
    .execute(
      sql`with wanted as (select value as id from json_array_elements_text(${ids}::json))
          select m.external_id as message_id, m.ticket_id, m.created_at as at, 0 as source from ${messages} m
           where m.workspace_id = ${workspaceId} and m.external_id in (select id from wanted)
          union all
          select o.rfc_message_id as message_id, o.ticket_id, o.created_at as at, 1 as source from ${outboundEmails} o
           where o.workspace_id = ${workspaceId} and o.rfc_message_id in (select id from wanted) and o.ticket_id is not null`,
    )
    .then((result) => (result as unknown as { rows: Row[] }).rows);
  return rows.map((row) => ({ messageId: row.message_id, ticketId: row.ticket_id, at: new Date(row.at), source: Number(row.source) }));
}

export async function findTicketCandidatesByIds(db: DbOrTx, workspaceId: string, ticketIds: readonly string[]): Promise<TicketCandidate[]> {
  if (ticketIds.length === 0) return [];
  return candidateQuery(db).where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, [...new Set(ticketIds)])));
}
