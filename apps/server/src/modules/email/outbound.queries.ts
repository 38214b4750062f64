/**
 * SQL of outbound email: the outbox rows (`outbound_emails`), the loop-guard log
 * (`automatic_emails`), and the reads the reply and the auto-acknowledgement need (the workspace
 * address, the recipient, the thread's Message-IDs, the live-queue figures). The delivery status
 * of a ticket message is written here too: it is the outbox's mirror on the message, set in the
 * same transaction as the outbox row changes.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { insertRowsSql } from '@rapport/db/json-insert';
import { executedRows, type Database, type DbOrTx } from '@rapport/db/database';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import { outboundChannel, realtimeChannel } from '../../platform/events.ts';
import {
  attachments,
  auditLog,
  automaticEmails,
  customerIdentities,
  customers,
  emailAddresses,
  memberships,
  messages,
  outboundEmails,
  tickets,
  users,
  workspaces,
} from '@rapport/db/schema';

/** Re-exported for the sender and tests; defined with the other NOTIFY channels in platform/events.ts. */
export { outboundChannel };

export type OutboundInsert = typeof outboundEmails.$inferInsert;
export type MessageInsert = typeof messages.$inferInsert;

export async function findDefaultAddress(db: DbOrTx, workspaceId: string): Promise<{ address: string; displayName: string } | null> {
  const [row] = await db
    .select({ address: emailAddresses.address, displayName: emailAddresses.displayName })
    .from(emailAddresses)
    .where(eq(emailAddresses.workspaceId, workspaceId))
    .orderBy(desc(emailAddresses.isDefault), asc(emailAddresses.createdAt), asc(emailAddresses.address))
    .limit(1);
  return row ?? null;
}

export async function findUserName(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

/**
 * Where a reply goes: the address the customer last wrote from on this ticket (when it is one of
 * the customer's identities), else the customer's first email identity. Null without any.
 */
export async function findReplyRecipient(
  db: DbOrTx,
  workspaceId: string,
  ticketId: string,
  customerId: string,
): Promise<{ address: string; name: string } | null> {
  const identities = await db
    .select({ value: customerIdentities.value, name: customers.name })
    .from(customerIdentities)
    .innerJoin(customers, and(eq(customers.workspaceId, customerIdentities.workspaceId), eq(customers.id, customerIdentities.customerId)))
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.customerId, customerId), eq(customerIdentities.kind, 'email')))
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.value));
  if (identities.length === 0) return null;
  const [latest] = await db
    .select({ from: sql<string | null>`${messages.emailMeta} -> 'from' ->> 'address'` })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.ticketId, ticketId),
        eq(messages.direction, 'inbound'),
        eq(messages.channel, 'email'),
        isNotNull(messages.emailMeta),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1);
  const lastFrom = latest?.from?.toLowerCase() ?? null;
  const chosen = identities.find((identity) => identity.value.toLowerCase() === lastFrom) ?? identities[0]!;
  return { address: chosen.value, name: chosen.name };
}

/** The ticket's email Message-IDs, oldest first (both directions), with the direction. */
export async function listThreadMessageIds(db: DbOrTx, workspaceId: string, ticketId: string): Promise<{ externalId: string; direction: 'inbound' | 'outbound' }[]> {
  const rows = await db
    .select({ externalId: messages.externalId, direction: messages.direction })
    .from(messages)
    // A withdrawn (undone) reply was never sent: it is no part of the thread.
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), isNotNull(messages.externalId), isNull(messages.withdrawnAt)))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(500);
  return rows.filter((row): row is { externalId: string; direction: 'inbound' | 'outbound' } => Boolean(row.externalId));
}

export async function insertOutboundEmail(tx: DbOrTx, values: OutboundInsert): Promise<string> {
  // The NOTIFY rides along in RETURNING (evaluated once): one round trip.
  const [row] = await tx
    .insert(outboundEmails)
    .values(values)
    .returning({ id: outboundEmails.id, notified: sql`(select pg_notify(${outboundChannel}, ''))` });
  if (!row) throw new Error('outbound email insert returned nothing');
  return row.id;
}

/**
 * The auto-acknowledgement's rows in one statement: its ticket message (id chosen by the caller),
 * its outbox row (with the NOTIFY that wakes the sender) and the loop guard's log row. Foreign
 * keys are checked at the end of the statement, so the order of the three inserts does not matter.
 * Returns the outbound email's id.
 */
/** The loop guard's advisory lock key of one recipient: automatic emails to it are counted under it. */
const automaticEmailLockKey = (workspaceId: string, address: string) => `rapport-auto:${workspaceId}:${address}`;

/** The loop guard for one automatic email: takes the recipient's lock and counts the automatic emails to it since `since`. */
export async function lockAndCountAutomaticEmails(tx: DbOrTx, workspaceId: string, address: string, since: Date): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${automaticEmailLockKey(workspaceId, address)}))`);
  const result = await tx.execute(sql`
    select count(*)::int as sent from ${automaticEmails}
     where workspace_id = ${workspaceId} and address = ${address} and created_at >= ${since.toISOString()}::timestamptz`);
  return Number(executedRows<{ sent: number | string }>(result)[0]?.sent ?? 0);
}

/**
 * An automatic email on a ticket in one statement: its ticket message (author system, outbound),
 * its outbox row (with the NOTIFY that wakes the sender) and the loop guard's log row. Used by the
 * auto-acknowledgement and by the waiting reminders (through automatic-email.ts). Returns the
 * outbound email's id.
 */
export async function insertAutomaticEmailRows(
  tx: DbOrTx,
  rows: { message: MessageInsert & { id: string }; outbound: OutboundInsert; automatic: typeof automaticEmails.$inferInsert },
): Promise<string> {
  const [row] = await tx
    .execute(
      sql`with message as (${tx.insert(messages).values(rows.message).getSQL()} returning id),
               outbound as (${tx.insert(outboundEmails).values(rows.outbound).getSQL()} returning id),
               automatic as (${tx.insert(automaticEmails).values(rows.automatic).getSQL()} returning id)
          select (select id from outbound) as outbound_id, (select count(*) from message) + (select count(*) from automatic) as written,
                 (select pg_notify(${outboundChannel}, '')) as notified`,
    )
    .then((result) => executedRows<{ outbound_id: string | null }>(result));
  if (!row?.outbound_id) throw new Error('automatic email insert returned nothing');
  return row.outbound_id;
}

// --- Live-queue figures for the first-reply estimate ---

/** Unanswered new/open tickets created before `before` (counted up to `cap`). */
export async function countTicketsAhead(db: DbOrTx, workspaceId: string, before: Date, excludeTicketId: string, cap = 5000): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, workspaceId),
        inArray(tickets.status, ['new', 'open']),
        sql`${tickets.firstReplyAt} is null`,
        sql`${tickets.createdAt} <= ${before.toISOString()}::timestamptz`,
        sql`${tickets.id} <> ${excludeTicketId}::uuid`,
      ),
    )
    .limit(cap)
    .as('capped');
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(capped);
  return Number(row?.count ?? 0);
}

export async function countActiveAgents(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.role, ['agent', 'lead', 'admin'])));
  return Number(row?.count ?? 0);
}

/**
 * Tickets first answered since `since` (created and first-reply instants), newest first, at most
 * `limit`. A ticket answered since then was also updated since then, which lets the (workspace,
 * updated_at) index bound the scan.
 */
export async function listRecentFirstReplies(db: DbOrTx, workspaceId: string, since: Date, limit = 500): Promise<{ createdAt: Date; firstReplyAt: Date }[]> {
  const rows = await db
    .select({ createdAt: tickets.createdAt, firstReplyAt: tickets.firstReplyAt })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, workspaceId),
        gte(tickets.updatedAt, since),
        gte(tickets.firstReplyAt, since),
      ),
    )
    .orderBy(desc(tickets.updatedAt))
    .limit(limit);
  return rows.filter((row): row is { createdAt: Date; firstReplyAt: Date } => row.firstReplyAt !== null);
}

// --- Loop guard ---

/**
 * What the auto-acknowledgement reads before deciding, in one round trip: the workspace's default
 * address, the ticket (language, customer name), and the loop guard's advisory
 * lock on the recipient. The lock is taken here so that the count (`automaticEmailHistory`, a
 * later statement with a later snapshot) sees every automatic email committed before it.
 */
export async function autoAckContext(
  tx: DbOrTx,
  workspaceId: string,
  ticketId: string,
  lockAddress: string,
): Promise<{ from: { address: string; displayName: string } | null; ticket: { customerName: string; language: string | null } | null }> {
  const [row] = await tx
    .select({
      locked: sql`(select pg_advisory_xact_lock(hashtext(${automaticEmailLockKey(workspaceId, lockAddress)})))`,
      from: sql<{ address: string; displayName: string } | null>`(
        select json_build_object('address', a.address, 'displayName', a.display_name) from ${emailAddresses} a
         where a.workspace_id = ${workspaceId} order by a.is_default desc, a.created_at, a.address limit 1)`,
      ticket: sql<{ customerName: string; language: string | null } | null>`(
        select json_build_object('customerName', c.name, 'language', t.language) from ${tickets} t
          join ${customers} c on c.workspace_id = t.workspace_id and c.id = t.customer_id
         where t.workspace_id = ${workspaceId} and t.id = ${ticketId} limit 1)`,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return { from: row?.from ?? null, ticket: row?.ticket ?? null };
}

/** Automatic emails to the address since `since` (count) and its auto-acknowledgements with their ticket's subject; one round trip. */
export async function automaticEmailHistory(
  tx: DbOrTx,
  workspaceId: string,
  address: string,
  since: Date,
): Promise<{ sentInWindow: number; recentAutoAcks: { ticketId: string | null; subject: string | null }[] }> {
  const sinceText = since.toISOString();
  type HistoryRow = { sent: number; recent: { ticketId: string | null; subject: string | null }[] | null };
  const [row] = await tx.execute(sql`
    select
      (select count(*)::int from ${automaticEmails} e
        where e.workspace_id = ${workspaceId} and e.address = ${address} and e.created_at >= ${sinceText}::timestamptz) as sent,
      (select json_agg(json_build_object('ticketId', r.ticket_id, 'subject', r.subject) order by r.created_at desc) from (
         select e.ticket_id, t.subject, e.created_at from ${automaticEmails} e
           left join ${tickets} t on t.workspace_id = e.workspace_id and t.id = e.ticket_id
          where e.workspace_id = ${workspaceId} and e.address = ${address} and e.kind = 'auto_ack' and e.created_at >= ${sinceText}::timestamptz
          order by e.created_at desc limit 100) r) as recent`).then((result) => executedRows<HistoryRow>(result));
  return { sentInWindow: Number(row?.sent ?? 0), recentAutoAcks: row?.recent ?? [] };
}

/** Which of these tickets hold a message with one of these Message-IDs. */
export async function ticketsHoldingMessageIds(tx: DbOrTx, workspaceId: string, ticketIds: string[], externalIds: string[]): Promise<string[]> {
  if (ticketIds.length === 0 || externalIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ ticketId: messages.ticketId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.ticketId, ticketIds), inArray(messages.externalId, externalIds)));
  return rows.map((row) => row.ticketId);
}

// --- The sender ---

export interface ClaimedOutbound {
  id: string;
  workspaceId: string;
  kind: 'reply' | 'auto_ack' | 'notification';
  ticketId: string | null;
  ticketNumber: number | null;
  messageId: string | null;
  rfcMessageId: string;
  fromAddress: string;
  fromName: string;
  replyTo: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
  html: string | null;
  attempts: number;
  createdAt: Date;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) {
    // A text[] literal from a driver that did not parse it.
    return value
      .slice(1, -1)
      .split(',')
      .filter(Boolean)
      .map((item) => item.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1'));
  }
  return [];
}

/**
 * Claims the most overdue queued email (lease until `leaseUntil`; attempts + 1). A row whose lease
 * ran out (its sender died) is due again. `for update skip locked` lets any number of senders run.
 */
export async function claimNextOutbound(database: Database, now: Date, leaseUntil: Date): Promise<ClaimedOutbound | null> {
  const rows = await database.query(
    `with next as (
       select workspace_id, id from outbound_emails
       where status = 'queued' and next_attempt_at <= $1 and (claimed_until is null or claimed_until < $1)
         -- never a reply its author withdrew (undo-send deletes the row too; this is the second lock)
         and not exists (select 1 from messages m where m.workspace_id = outbound_emails.workspace_id
           and m.id = outbound_emails.message_id and m.withdrawn_at is not null)
       order by next_attempt_at, created_at, id limit 1 for update skip locked)
     update outbound_emails o set claimed_until = $2, attempts = o.attempts + 1
     from next where o.workspace_id = next.workspace_id and o.id = next.id
     returning o.id, o.workspace_id, o.kind, o.ticket_id, o.message_id, o.rfc_message_id, o.from_address, o.from_name,
       o.reply_to, o.to_addresses, o.cc_addresses, o.subject, o.in_reply_to, o."references", o.text, o.html, o.attempts, o.created_at,
       (select t.number from tickets t where t.workspace_id = o.workspace_id and t.id = o.ticket_id) as ticket_number`,
    [now.toISOString(), leaseUntil.toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    kind: row.kind as ClaimedOutbound['kind'],
    ticketId: row.ticket_id ? String(row.ticket_id) : null,
    ticketNumber: row.ticket_number === null || row.ticket_number === undefined ? null : Number(row.ticket_number),
    messageId: row.message_id ? String(row.message_id) : null,
    rfcMessageId: String(row.rfc_message_id),
    fromAddress: String(row.from_address),
    fromName: String(row.from_name),
    replyTo: row.reply_to ? String(row.reply_to) : null,
    toAddresses: toArray(row.to_addresses),
    ccAddresses: toArray(row.cc_addresses),
    subject: String(row.subject),
    inReplyTo: row.in_reply_to ? String(row.in_reply_to) : null,
    references: toArray(row.references),
    text: String(row.text),
    html: row.html === null || row.html === undefined ? null : String(row.html),
    attempts: Number(row.attempts),
    createdAt: toDate(row.created_at),
  };
}

/** Undo-send: deletes the message's queued, unclaimed email. False when one is claimed (being sent) or already sent. */
export async function cancelQueuedOutboundOfMessage(tx: DbOrTx, workspaceId: string, messageId: string, now: Date): Promise<boolean> {
  await tx
    .delete(outboundEmails)
    .where(
      and(
        eq(outboundEmails.workspaceId, workspaceId),
        eq(outboundEmails.messageId, messageId),
        eq(outboundEmails.status, 'queued'),
        or(isNull(outboundEmails.claimedUntil), lt(outboundEmails.claimedUntil, now)),
      ),
    );
  const left = await tx
    .select({ id: outboundEmails.id })
    .from(outboundEmails)
    .where(and(eq(outboundEmails.workspaceId, workspaceId), eq(outboundEmails.messageId, messageId)));
  return left.length === 0;
}

/**
 * Keeps the leases of the emails a sender is sending alive, in one statement: extends to `until`
 * those still held (the claim's `attempts` unchanged: every claim increments it, so a row another
 * sender claimed after ours ran out does not match), still queued and still claimed. Returns the ids extended.
 */
export async function renewOutboundLeases(database: Database, until: Date, held: { id: string; attempts: number }[]): Promise<string[]> {
  if (held.length === 0) return [];
  const rows = await database.query<{ id: string }>(
    `update outbound_emails o set claimed_until = $1
       from unnest($2::uuid[], $3::int[]) as h(id, attempts)
      where o.id = h.id and o.attempts = h.attempts and o.status = 'queued' and o.claimed_until is not null
     returning o.id`,
    [until.toISOString(), held.map((lease) => lease.id), held.map((lease) => lease.attempts)],
  );
  return rows.map((row) => String(row.id));
}

/** Drops every lease (embedded mode at start: no other process can be sending). Returns how many. */
export async function releaseAllLeases(database: Database): Promise<number> {
  const rows = await database.query(`update outbound_emails set claimed_until = null where status = 'queued' and claimed_until is not null returning id`);
  return rows.length;
}

export async function attachmentsOfMessage(
  db: DbOrTx,
  workspaceId: string,
  messageId: string,
): Promise<{ filename: string; contentType: string; sha256: string; contentId: string | null; isInline: boolean }[]> {
  return db
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      sha256: attachments.sha256,
      contentId: attachments.contentId,
      isInline: attachments.isInline,
    })
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.messageId, messageId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.filename));
}

/** Moves a still-queued email to its final status. False when it was no longer queued. */
async function finishQueuedOutbound(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  set: Partial<typeof outboundEmails.$inferInsert>,
): Promise<boolean> {
  const updated = await tx
    .update(outboundEmails)
    .set(set)
    .where(and(eq(outboundEmails.workspaceId, workspaceId), eq(outboundEmails.id, id), eq(outboundEmails.status, 'queued')))
    .returning({ id: outboundEmails.id });
  return updated.length > 0;
}

/**
 * Marks a queued email sent, and its message, and tells open agent views (`realtime`): one
 * statement in one round trip, because until it commits a crash means sending the email again
 * (the relay already said 250). False when the email was no longer queued.
 */
export async function markOutboundSent(database: Database, workspaceId: string, id: string, at: Date, realtime: RealtimeEvent | null): Promise<boolean> {
  const rows = await database.query<{ notified: number }>(
    `with sent as (
       update outbound_emails set status = 'sent', sent_at = $3, claimed_until = null, last_error = null
       where workspace_id = $1 and id = $2 and status = 'queued' returning message_id),
     delivered as (
       -- a bounce that already failed the message wins
       update messages m set delivery_status = 'sent', delivery_error = null from sent
       where m.workspace_id = $1 and m.id = sent.message_id and m.delivery_status is distinct from 'failed'),
     notified as (select pg_notify($4, $5) from sent where $5::text is not null)
     select (select count(*) from notified)::int as notified from sent`,
    [workspaceId, id, at.toISOString(), realtimeChannel, realtime ? JSON.stringify(realtime) : null],
  );
  return rows.length > 0;
}

/**
 * A temporary failure: due again at `nextAttemptAt`, the error kept for the admin. Only while the
 * sender still holds the lease of claim `attempts` (it drops the lease: a sender that lost it must
 * not free a row another sender is sending).
 */
export async function scheduleOutboundRetry(database: Database, id: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
  await database.query(
    `update outbound_emails set claimed_until = null, next_attempt_at = $3, last_error = $4
     where id = $1 and attempts = $2 and status = 'queued' and claimed_until is not null`,
    [id, attempts, nextAttemptAt.toISOString(), error.slice(0, 2000)],
  );
}

/** A permanent failure: the email and its message show the reason. False when no longer queued. */
export async function markOutboundFailed(tx: DbOrTx, workspaceId: string, id: string, messageId: string | null, error: string): Promise<boolean> {
  if (!(await finishQueuedOutbound(tx, workspaceId, id, { status: 'failed', claimedUntil: null, lastError: error.slice(0, 2000) }))) return false;
  if (messageId) {
    await tx
      .update(messages)
      .set({ deliveryStatus: 'failed', deliveryError: error.slice(0, 2000) })
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  }
  return true;
}

// --- Auto-acknowledgements of an inbound batch (auto-ack.ts `queueAutoAcknowledgementsBatch`) ---

export interface AutoAckBatchContext {
  from: { address: string; displayName: string } | null;
  timeZone: string;
  tickets: Map<string, { customerName: string; language: string | null }>;
}

/**
 * The batch variant of `autoAckContext`: the loop guard's advisory locks on all the recipients
 * (taken in sorted order, so two batches cannot deadlock), the workspace's default address and
 * time zone, and the tickets (language, customer name). One round trip.
 */
export async function autoAckBatchContext(tx: DbOrTx, workspaceId: string, ticketIds: string[], lockAddresses: string[]): Promise<AutoAckBatchContext> {
  const keys = JSON.stringify([...lockAddresses].sort().map((address) => automaticEmailLockKey(workspaceId, address)));
  const ids = JSON.stringify(ticketIds);
  type Row = {
    locked: number | string;
    from: { address: string; displayName: string } | null;
    time_zone: string | null;
    tickets: { id: string; customerName: string; language: string | null }[] | null;
  };
  const [row] = await tx
    .execute(
      sql`select
            (select count(*) from (select pg_advisory_xact_lock(hashtext(k)) from json_array_elements_text(${keys}::json) as l(k) order by k) as locks) as locked,
            (select json_build_object('address', a.address, 'displayName', a.display_name) from ${emailAddresses} a
              where a.workspace_id = ${workspaceId} order by a.is_default desc, a.created_at, a.address limit 1) as from,
            (select w.time_zone from ${workspaces} w where w.id = ${workspaceId}) as time_zone,
            (select json_agg(json_build_object('id', t.id, 'customerName', c.name, 'language', t.language)) from ${tickets} t
               join ${customers} c on c.workspace_id = t.workspace_id and c.id = t.customer_id
              where t.workspace_id = ${workspaceId} and t.id in (select value::uuid from json_array_elements_text(${ids}::json))) as tickets`,
    )
    .then((result) => executedRows<Row>(result));
  return {
    from: row?.from ?? null,
    timeZone: row?.time_zone ?? 'UTC',
    tickets: new Map((row?.tickets ?? []).map((ticket) => [ticket.id, { customerName: ticket.customerName, language: ticket.language }])),
  };
}

/** The batch variant of `automaticEmailHistory`: per address, the count in the window and its recent auto-acknowledgements. */
export async function automaticEmailHistories(
  tx: DbOrTx,
  workspaceId: string,
  addresses: string[],
  since: Date,
): Promise<Map<string, { sentInWindow: number; recentAutoAcks: { ticketId: string | null; subject: string | null }[] }>> {
  const result = new Map<string, { sentInWindow: number; recentAutoAcks: { ticketId: string | null; subject: string | null }[] }>();
  if (addresses.length === 0) return result;
  const sinceText = since.toISOString();
  const list = JSON.stringify(addresses);
  type Row = { address: string; sent: number | string; recent: { ticketId: string | null; subject: string | null }[] | null };
  const rows = await tx
    .execute(
      sql`select a.address,
            (select count(*)::int from ${automaticEmails} e
              where e.workspace_id = ${workspaceId} and e.address = a.address and e.created_at >= ${sinceText}::timestamptz) as sent,
            (select json_agg(json_build_object('ticketId', r.ticket_id, 'subject', r.subject) order by r.created_at desc) from (
               select e.ticket_id, t.subject, e.created_at from ${automaticEmails} e
                 left join ${tickets} t on t.workspace_id = e.workspace_id and t.id = e.ticket_id
                where e.workspace_id = ${workspaceId} and e.address = a.address and e.kind = 'auto_ack' and e.created_at >= ${sinceText}::timestamptz
                order by e.created_at desc limit 100) r) as recent
          from json_array_elements_text(${list}::json) as a(address)`,
    )
    .then((output) => executedRows<Row>(output));
  for (const row of rows) result.set(row.address, { sentInWindow: Number(row.sent), recentAutoAcks: row.recent ?? [] });
  return result;
}

/**
 * The batch variant of `insertAutomaticEmailRows` + the audit rows + the realtime notifications: the
 * acknowledgements' messages, outbox rows and loop-guard rows, their audit rows, one outbound
 * wake-up and one realtime NOTIFY per acknowledgement, in one statement.
 */
export async function insertAutoAckBatchRows(
  tx: DbOrTx,
  rows: {
    message: MessageInsert & { id: string };
    outbound: OutboundInsert & { id: string };
    automatic: typeof automaticEmails.$inferInsert;
    audit: typeof auditLog.$inferInsert;
    realtime: string;
  }[],
  realtimeChannel: string,
): Promise<void> {
  if (rows.length === 0) return;
  const realtime = JSON.stringify(rows.map((row) => row.realtime));
  const [row] = await tx
    .execute(
      sql`with message as (${insertRowsSql(tx, messages, rows.map((item) => item.message))} returning id),
               outbound as (${insertRowsSql(tx, outboundEmails, rows.map((item) => item.outbound))} returning id),
               automatic as (${insertRowsSql(tx, automaticEmails, rows.map((item) => item.automatic))} returning id),
               audit as (${insertRowsSql(tx, auditLog, rows.map((item) => item.audit))} returning id)
          select (select count(*) from message)::int as messages, (select count(*) from outbound)::int as outbound,
                 (select count(*) from automatic) + (select count(*) from audit) as logged,
                 (select pg_notify(${outboundChannel}, '')) as woken,
                 (select count(*) from (select pg_notify(${realtimeChannel}, event) from json_array_elements_text(${realtime}::json) with ordinality as e(event, n) order by n) as notified) as notified`,
    )
    .then((result) => executedRows<{ messages: number; outbound: number }>(result));
  if (Number(row?.messages) !== rows.length || Number(row?.outbound) !== rows.length) throw new Error('auto-acknowledgement batch insert wrote fewer rows than asked');
}
