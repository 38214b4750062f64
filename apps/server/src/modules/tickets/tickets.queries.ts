/** The only file of the tickets slice that speaks SQL. Every function takes the workspace first. */
import { aliasedTable, and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  attachments,
  auditLog,
  customFieldDefinitions,
  customerIdentities,
  customers,
  memberships,
  messages,
  notes,
  outbox,
  tags as tagsTable,
  teams,
  tickets,
  ticketSlas,
  users,
  workspaceCounters,
} from '@rapport/db/schema';
import { insertRowsSql } from '@rapport/db/json-insert';
import { executedRows, type Db, type DbOrTx } from '@rapport/db/database';
import type { ListTicketsQuery, SlaSummary, TicketSort } from '@rapport/contracts/tickets';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';
import { ticketFilterConditions } from './inbox.queries.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NoteRow = typeof notes.$inferSelect;

const assigneeUser = aliasedTable(users, 'assignee_user');

/** The customer's first email address, for list rows. */
const customerEmail = sql<string | null>`(
  select ci.value from ${customerIdentities} ci
  where ci.workspace_id = ${tickets.workspaceId} and ci.customer_id = ${tickets.customerId} and ci.kind = 'email'
  order by ci.created_at limit 1)`.as('customer_email');

/**
 * The SLA clock that matters most on a list row (a breach, else the running clock due soonest, else
 * a paused one), with its state as of now; null when no clock runs.
 */
const slaSummary = sql<SlaSummary | null>`(
  select json_build_object(
    'metric', s.metric,
    'state', case when s.breached_at is not null or s.due_at <= now() then 'breached' when s.running_since is not null then 'running' else 'paused' end,
    'dueAt', s.due_at,
    'warning', s.breached_at is not null or coalesce(s.due_at <= now(), false) or (s.running_since is not null and coalesce(s.warn_at <= now(), false)))
  from ${ticketSlas} s
  where s.workspace_id = ${tickets.workspaceId} and s.ticket_id = ${tickets.id} and s.stopped_at is null
  order by (s.breached_at is not null or coalesce(s.due_at <= now(), false)) desc, s.running_since is null, s.due_at nulls last
  limit 1)`.as('sla_summary');

/** The soonest due time of a ticket's running clocks ('infinity' without one): the sla_due_asc sort. */
const slaDue = sql<string>`coalesce((select min(s.due_at) from ${ticketSlas} s
  where s.workspace_id = ${tickets.workspaceId} and s.ticket_id = ${tickets.id} and s.due_at is not null), 'infinity'::timestamptz)`;

export const summaryColumns = {
  ticket: tickets,
  customerName: customers.name,
  customerTier: customers.tier,
  customerEmail,
  assigneeName: assigneeUser.name,
  teamName: teams.name,
};

export type TicketSummaryRow = {
  ticket: TicketRow;
  customerName: string;
  customerTier: string;
  customerEmail: string | null;
  assigneeName: string | null;
  teamName: string | null;
  slaSummary?: SlaSummary | null;
  /** The sla_due_asc sort key as PostgreSQL prints it (microseconds kept for the cursor). */
  slaDue?: string | null;
};

function summaryQuery(db: Db) {
  return db
    .select({
      ticket: {
        id: tickets.id,
        workspaceId: tickets.workspaceId,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        priority: tickets.priority,
        channel: tickets.channel,
        customerId: tickets.customerId,
        assigneeId: tickets.assigneeId,
        teamId: tickets.teamId,
        tags: tickets.tags,
        customFields: tickets.customFields,
        language: tickets.language,
        createdAt: tickets.createdAt,
        updatedAt: tickets.updatedAt,
        lastMessageAt: tickets.lastMessageAt,
        firstReplyAt: tickets.firstReplyAt,
        solvedAt: tickets.solvedAt,
        outcome: tickets.outcome,
        mergedIntoId: tickets.mergedIntoId,
      },
      customerName: customers.name,
      customerTier: customers.tier,
      customerEmail,
      assigneeName: assigneeUser.name,
      teamName: teams.name,
      slaSummary,
      slaDue: sql<string>`${slaDue}::text`.as('sla_due'),
    })
    .from(tickets)
    .innerJoin(customers, and(eq(customers.workspaceId, tickets.workspaceId), eq(customers.id, tickets.customerId)))
    .leftJoin(assigneeUser, eq(assigneeUser.id, tickets.assigneeId))
    .leftJoin(teams, and(eq(teams.workspaceId, tickets.workspaceId), eq(teams.id, tickets.teamId)));
}

const priorityRank = sql<number>`array_position(array['low','normal','high','urgent']::text[], ${tickets.priority})`;

function sortSpec(sort: TicketSort): { columns: SQL[]; direction: 'asc' | 'desc' } {
  switch (sort) {
    case 'updated_asc':
      return { columns: [sql`${tickets.updatedAt}`], direction: 'asc' };
    case 'created_desc':
      return { columns: [sql`${tickets.createdAt}`], direction: 'desc' };
    case 'created_asc':
      return { columns: [sql`${tickets.createdAt}`], direction: 'asc' };
    case 'priority_desc':
      return { columns: [priorityRank, sql`${tickets.updatedAt}`], direction: 'desc' };
    case 'priority_asc':
      return { columns: [priorityRank, sql`${tickets.updatedAt}`], direction: 'asc' };
    case 'updated_desc':
      return { columns: [sql`${tickets.updatedAt}`], direction: 'desc' };
    case 'sla_due_asc':
      return { columns: [slaDue], direction: 'asc' };
  }
}

export function cursorValuesOf(row: TicketRow, sort: TicketSort, sla?: { slaDue?: string | null }): (string | number)[] {
  switch (sort) {
    case 'updated_asc':
    case 'updated_desc':
      return [row.updatedAt.toISOString()];
    case 'created_asc':
    case 'created_desc':
      return [row.createdAt.toISOString()];
    case 'priority_desc':
    case 'priority_asc':
      return [['low', 'normal', 'high', 'urgent'].indexOf(row.priority) + 1, row.updatedAt.toISOString()];
    case 'sla_due_asc':
      return [sla?.slaDue ?? 'infinity'];
  }
}

export async function listTickets(
  db: Db,
  workspaceId: string,
  filters: Omit<ListTicketsQuery, 'assignee'> & { assigneeId?: string | null | undefined },
  cursor: KeysetCursor | null,
): Promise<TicketSummaryRow[]> {
  const conditions: SQL[] = ticketFilterConditions(workspaceId, filters);
  const spec = sortSpec(filters.sort);
  if (cursor) {
    const castValues = spec.columns.map((_, index) => {
      const value = cursor.values[index];
      return typeof value === 'number' ? sql`${value}::int` : sql`${value}::timestamptz`;
    });
    const left = sql.join([...spec.columns, sql`${tickets.id}`], sql`, `);
    const right = sql.join([...castValues, sql`${cursor.id}::uuid`], sql`, `);
    conditions.push(spec.direction === 'desc' ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`);
  }
  // The columns are NOT NULL; spelling out the null ordering matches the indexes (DESC NULLS LAST,
  // scanned backwards for ASC NULLS FIRST) so the planner can read them in order and stop at LIMIT.
  const order = [...spec.columns, sql`${tickets.id}`].map((column) =>
    spec.direction === 'desc' ? sql`${column} desc nulls last` : sql`${column} asc nulls first`,
  );
  // Pick the page of tickets first (an index-only walk that stops at LIMIT), then join customers,
  // assignees and teams to those rows only: joined in one step, PGlite hashed every customer.
  const page = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(filters.limit + 1);
  return (await summaryQuery(db)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, page)))
    .orderBy(...order)) as TicketSummaryRow[]; // the partial ticket selection has every column of TicketRow but the search vector
}

/** A ticket is addressed by its number (digits) or its id; both are unique within the workspace. */
export type TicketRef = { id: string } | { number: number };

export function parseTicketRef(ref: string): TicketRef {
  return /^\d+$/.test(ref) ? { number: Number(ref) } : { id: ref };
}

function refCondition(ref: TicketRef): SQL {
  return 'id' in ref ? eq(tickets.id, ref.id) : eq(tickets.number, ref.number);
}

/** The id of the referenced ticket, as a subquery, so messages and notes load in the same round trip as the ticket. */
function ticketIdOf(workspaceId: string, ref: TicketRef): SQL {
  return 'id' in ref ? sql`${ref.id}::uuid` : sql`(select t.id from ${tickets} t where t.workspace_id = ${workspaceId} and t.number = ${ref.number})`;
}

export async function findTicketSummary(db: Db, workspaceId: string, ref: TicketRef): Promise<TicketSummaryRow | null> {
  const [row] = await summaryQuery(db).where(and(eq(tickets.workspaceId, workspaceId), refCondition(ref)));
  return (row as TicketSummaryRow | undefined) ?? null; // see listTickets
}

export async function resolveTicketId(db: DbOrTx, workspaceId: string, ref: string): Promise<string | null> {
  const [row] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), refCondition(parseTicketRef(ref))));
  return row?.id ?? null;
}

export async function lockTicket(tx: DbOrTx, workspaceId: string, ref: TicketRef): Promise<TicketRow | null> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), refCondition(ref)))
    .for('update');
  return row ?? null;
}

export async function listMessages(db: Db, workspaceId: string, ref: TicketRef) {
  return db
    .select({
      message: {
        id: messages.id,
        ticketId: messages.ticketId,
        direction: messages.direction,
        channel: messages.channel,
        authorType: messages.authorType,
        authorUserId: messages.authorUserId,
        authorCustomerId: messages.authorCustomerId,
        text: messages.text,
        html: messages.html,
        rawKey: messages.rawKey,
        createdAt: messages.createdAt,
        threadRule: messages.threadRule,
        quotedText: messages.quotedText,
        emailMeta: messages.emailMeta,
        deliveryStatus: messages.deliveryStatus,
        deliveryError: messages.deliveryError,
      },
      agentName: users.name,
      customerName: customers.name,
      attachments: sql<{ id: string; filename: string; contentType: string; size: number }[]>`coalesce((
        select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size) order by a.created_at, a.id)
        from ${attachments} a where a.workspace_id = ${messages.workspaceId} and a.message_id = ${messages.id}), '[]'::json)`,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, and(eq(customers.workspaceId, messages.workspaceId), eq(customers.id, messages.authorCustomerId)))
    // A reply withdrawn with undo-send is hidden (its text went back to the author's draft).
    .where(and(eq(messages.workspaceId, workspaceId), sql`${messages.ticketId} = ${ticketIdOf(workspaceId, ref)}`, sql`${messages.withdrawnAt} is null`))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function listNotes(db: Db, workspaceId: string, ref: TicketRef) {
  return db
    .select({ note: { id: notes.id, ticketId: notes.ticketId, authorId: notes.authorId, text: notes.text, createdAt: notes.createdAt }, authorName: users.name })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(and(eq(notes.workspaceId, workspaceId), sql`${notes.ticketId} = ${ticketIdOf(workspaceId, ref)}`))
    .orderBy(asc(notes.createdAt), asc(notes.id));
}

export async function allocateTicketNumber(tx: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await tx
    .update(workspaceCounters)
    .set({ nextTicketNumber: sql`${workspaceCounters.nextTicketNumber} + 1` })
    .where(eq(workspaceCounters.workspaceId, workspaceId))
    .returning({ next: workspaceCounters.nextTicketNumber });
  if (!row) throw new Error(`workspace ${workspaceId} has no counter row`);
  return row.next - 1;
}

export async function insertTicket(tx: DbOrTx, values: typeof tickets.$inferInsert): Promise<TicketRow> {
  const [row] = await tx.insert(tickets).values(values).returning();
  if (!row) throw new Error('ticket insert returned nothing');
  return row;
}

export async function updateTicketRow(tx: DbOrTx, workspaceId: string, ticketId: string, values: Partial<typeof tickets.$inferInsert>) {
  await tx
    .update(tickets)
    .set(values)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
}

export async function insertMessage(tx: DbOrTx, values: typeof messages.$inferInsert) {
  const [row] = await tx
    .insert(messages)
    .values(values)
    .returning({ id: messages.id, createdAt: messages.createdAt });
  if (!row) throw new Error('message insert returned nothing');
  return row;
}

export async function insertNote(tx: DbOrTx, values: typeof notes.$inferInsert) {
  const [row] = await tx.insert(notes).values(values).returning({ id: notes.id, createdAt: notes.createdAt });
  if (!row) throw new Error('note insert returned nothing');
  return row;
}

export async function ensureTags(tx: DbOrTx, workspaceId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await tx
    .insert(tagsTable)
    .values(names.map((name) => ({ workspaceId, name })))
    .onConflictDoNothing();
}

export async function isActiveMember(db: DbOrTx, workspaceId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), eq(memberships.isActive, true)));
  return Boolean(row);
}

export async function teamExists(db: DbOrTx, workspaceId: string, teamId: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return Boolean(row);
}

export async function customerExists(db: DbOrTx, workspaceId: string, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
  return Boolean(row);
}

export async function loadCustomFieldDefinitions(db: DbOrTx, workspaceId: string) {
  return db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.workspaceId, workspaceId));
}

export async function findMessage(db: DbOrTx, workspaceId: string, ticketId: string, messageId: string) {
  const [row] = await db
    .select({ id: messages.id, createdAt: messages.createdAt, authorCustomerId: messages.authorCustomerId, channel: messages.channel })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), eq(messages.id, messageId)));
  return row ?? null;
}

export async function firstMessageId(db: DbOrTx, workspaceId: string, ticketId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId)))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  return row?.id ?? null;
}

export async function moveMessages(tx: DbOrTx, workspaceId: string, fromTicketId: string, toTicketId: string, onlyMessageId?: string) {
  await tx
    .update(messages)
    .set({ ticketId: toTicketId })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, fromTicketId), onlyMessageId ? eq(messages.id, onlyMessageId) : undefined));
}

export async function moveNotes(tx: DbOrTx, workspaceId: string, fromTicketId: string, toTicketId: string) {
  await tx.update(notes).set({ ticketId: toTicketId }).where(and(eq(notes.workspaceId, workspaceId), eq(notes.ticketId, fromTicketId)));
}

/** The latest message still on the ticket (a reply withdrawn with undo-send does not count). */
export async function lastMessageAt(tx: DbOrTx, workspaceId: string, ticketId: string): Promise<Date | null> {
  const [row] = await tx
    .select({ at: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), isNull(messages.withdrawnAt)))
    .orderBy(desc(messages.createdAt))
    .limit(1);
  return row?.at ?? null;
}

/** Finds the customer owning an email identity, or creates both. Concurrent creators converge on one. */
export async function findOrCreateCustomerByEmail(tx: DbOrTx, workspaceId: string, email: string, name: string | undefined, now: Date): Promise<string> {
  const normalised = email.trim().toLowerCase();
  const existing = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.kind, 'email'), eq(customerIdentities.value, normalised)));
  if (existing[0]) return existing[0].customerId;
  const [customer] = await tx
    .insert(customers)
    .values({ workspaceId, name: name?.trim() || normalised.split('@')[0] || normalised, createdAt: now })
    .returning({ id: customers.id });
  if (!customer) throw new Error('customer insert returned nothing');
  const inserted = await tx
    .insert(customerIdentities)
    .values({ workspaceId, customerId: customer.id, kind: 'email', value: normalised, createdAt: now })
    .onConflictDoNothing()
    .returning({ customerId: customerIdentities.customerId });
  if (inserted[0]) return inserted[0].customerId;
  // Someone else created the identity between our select and insert: use theirs, drop ours.
  await tx.delete(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customer.id)));
  const [winner] = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.kind, 'email'), eq(customerIdentities.value, normalised)));
  if (!winner) throw new Error('customer identity vanished during creation');
  return winner.customerId;
}


// --- Inbound email (tickets/inbound-message.ts) ---

export async function findMessageByExternalId(db: DbOrTx, workspaceId: string, externalId: string): Promise<{ id: string; ticketId: string } | null> {
  const [row] = await db
    .select({ id: messages.id, ticketId: messages.ticketId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.externalId, externalId)))
    .limit(1);
  return row ?? null;
}

export async function insertAttachmentRows(tx: DbOrTx, rows: (typeof attachments.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(attachments).values(rows);
}

/** Sets a message's delivery status; returns its ticket id, or null when no such message. */
export async function setMessageDelivery(
  tx: DbOrTx,
  workspaceId: string,
  messageId: string,
  status: 'queued' | 'sent' | 'failed',
  error: string | null,
): Promise<string | null> {
  const [row] = await tx
    .update(messages)
    .set({ deliveryStatus: status, deliveryError: error })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)))
    .returning({ ticketId: messages.ticketId });
  return row?.ticketId ?? null;
}

/**
 * The customer owning an email identity, or a new customer with that identity: one round trip in
 * the usual cases. Returns null when a concurrent transaction created the identity first (the
 * caller then falls back to `findOrCreateCustomerByEmail`, which converges on the winner).
 */
export async function findOrCreateEmailCustomerOnce(tx: DbOrTx, workspaceId: string, email: string, name: string | undefined, now: Date): Promise<string | null> {
  const normalised = email.trim().toLowerCase();
  const displayName = name?.trim() || normalised.split('@')[0] || normalised;
  const at = now.toISOString();
  const [row] = await tx
    .execute(
      sql`with found as (
            select customer_id from ${customerIdentities} where workspace_id = ${workspaceId} and kind = 'email' and value = ${normalised}
          ), created as (
            insert into ${customers} (workspace_id, name, created_at)
            select ${workspaceId}, ${displayName}, ${at}::timestamptz where not exists (select 1 from found)
            returning id
          ), identity as (
            insert into ${customerIdentities} (workspace_id, customer_id, kind, value, created_at)
            select ${workspaceId}, id, 'email', ${normalised}, ${at}::timestamptz from created
            on conflict do nothing returning customer_id
          )
          select (select customer_id from found limit 1) as found, (select id from created) as created, (select customer_id from identity) as identity`,
    )
    .then((result) => executedRows<{ found: string | null; created: string | null; identity: string | null }>(result));
  if (row?.found) return row.found;
  if (row?.identity) return row.identity;
  // Someone else created the identity between our statement's snapshot and its insert: drop ours.
  if (row?.created) await tx.delete(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, row.created)));
  return null;
}

/** The message columns of an inbound email, in the order of `inboundMessageValues`. */
const inboundMessageColumns = sql.raw(
  'workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, html, quoted_text, raw_key, external_id, thread_rule, inbound_email_id, email_meta, created_at',
);

export interface InboundMessageValues {
  workspaceId: string;
  customerId: string;
  text: string;
  html: string | null;
  quotedText: string | null;
  rawKey: string;
  externalId: string | null;
  threadRule: string;
  inboundEmailId: string;
  emailMeta: unknown;
  createdAt: Date;
}

function inboundMessageValues(ticketId: SQL, values: InboundMessageValues): SQL {
  return sql`${values.workspaceId}, ${ticketId}, 'inbound', 'email', 'customer', ${values.customerId}, ${values.text}, ${values.html}, ${values.quotedText},
    ${values.rawKey}, ${values.externalId}, ${values.threadRule}, ${values.inboundEmailId}, ${JSON.stringify(values.emailMeta)}::jsonb, ${values.createdAt.toISOString()}::timestamptz`;
}

/**
 * A new email ticket and its first message in one statement: the next ticket number, the ticket
 * and the message. `messageId` is null when a message with the same Message-ID exists (nothing
 * is wrong with the ticket row then, but the caller rolls the transaction back).
 */
export async function insertEmailTicketWithMessage(
  tx: DbOrTx,
  ticket: { subject: string; language: string | null },
  message: InboundMessageValues,
): Promise<{ ticketId: string; ticketNumber: number; messageId: string | null }> {
  const { workspaceId } = message;
  const at = message.createdAt.toISOString();
  const [row] = await tx
    .execute(
      sql`with number as (
            update ${workspaceCounters} set next_ticket_number = next_ticket_number + 1 where workspace_id = ${workspaceId}
            returning next_ticket_number - 1 as value
          ), ticket as (
            insert into ${tickets} (workspace_id, number, subject, status, priority, channel, customer_id, language, created_at, updated_at, last_message_at)
            select ${workspaceId}, number.value, ${ticket.subject}, 'new', 'normal', 'email', ${message.customerId}, ${ticket.language},
                   ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
              from number
            returning id, number
          ), message as (
            insert into ${messages} (${inboundMessageColumns})
            select ${inboundMessageValues(sql`ticket.id`, message)} from ticket
            on conflict (workspace_id, external_id) do nothing
            returning id
          )
          select ticket.id as ticket_id, ticket.number as ticket_number, (select id from message) as message_id from ticket`,
    )
    .then((result) => executedRows<{ ticket_id: string; ticket_number: number | string; message_id: string | null }>(result));
  if (!row) throw new Error(`workspace ${workspaceId} has no counter row`);
  return { ticketId: row.ticket_id, ticketNumber: Number(row.ticket_number), messageId: row.message_id };
}

/**
 * Adds an inbound email message to a (locked) ticket and updates the ticket in one statement.
 * Returns null when a message with the same Message-ID exists (the ticket is then not touched).
 */
export async function insertEmailMessageAndTouchTicket(
  tx: DbOrTx,
  ticketId: string,
  message: InboundMessageValues,
  ticketValues: Partial<typeof tickets.$inferInsert>,
): Promise<string | null> {
  const [row] = await tx
    .execute(
      sql`with message as (
            insert into ${messages} (${inboundMessageColumns})
            values (${inboundMessageValues(sql`${ticketId}::uuid`, message)})
            on conflict (workspace_id, external_id) do nothing
            returning id
          ), touched as (
            ${tx
              .update(tickets)
              .set(ticketValues)
              .where(and(eq(tickets.workspaceId, message.workspaceId), eq(tickets.id, ticketId), sql`exists (select 1 from message)`))
              .getSQL()}
            returning 1
          )
          select (select id from message) as message_id, (select count(*) from touched) as touched`,
    )
    .then((result) => executedRows<{ message_id: string | null }>(result));
  return row?.message_id ?? null;
}

// --- Inbound email in batches (tickets/inbound-message.ts `createTicketsFromEmails`) ---

/**
 * Customers for new email addresses in one statement, ids chosen by the caller (`addresses` are
 * normalised, distinct and known not to exist a moment ago). Returns how many identities were
 * written: fewer than asked means a concurrent transaction created one of them first, and the
 * caller must roll back (nothing here converges on the winner).
 */
export async function insertEmailCustomers(
  tx: DbOrTx,
  workspaceId: string,
  rows: { id: string; address: string; name: string }[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const input = JSON.stringify(rows);
  const at = now.toISOString();
  const [row] = await tx
    .execute(
      sql`with input as (
            select * from json_to_recordset(${input}::json) as v(id uuid, address text, name text)
          ), created as (
            insert into ${customers} (id, workspace_id, name, created_at)
            select id, ${workspaceId}, name, ${at}::timestamptz from input
            returning id
          ), identity as (
            insert into ${customerIdentities} (workspace_id, customer_id, kind, value, created_at)
            select ${workspaceId}, input.id, 'email', input.address, ${at}::timestamptz from input join created on created.id = input.id
            on conflict do nothing returning customer_id
          )
          select (select count(*) from identity)::int as written`,
    )
    .then((result) => executedRows<{ written: number | string }>(result));
  return Number(row?.written ?? 0);
}

/** Takes `count` consecutive ticket numbers of the workspace; returns the first. */
export async function allocateTicketNumbers(tx: DbOrTx, workspaceId: string, count: number): Promise<number> {
  const [row] = await tx
    .update(workspaceCounters)
    .set({ nextTicketNumber: sql`${workspaceCounters.nextTicketNumber} + ${count}` })
    .where(eq(workspaceCounters.workspaceId, workspaceId))
    .returning({ first: sql<number | string>`${workspaceCounters.nextTicketNumber} - ${count}` });
  if (!row) throw new Error(`workspace ${workspaceId} has no counter row`);
  return Number(row.first);
}

export interface NewEmailTicketRow {
  ticketId: string;
  number: number;
  subject: string;
  language: string | null;
  messageId: string;
  message: InboundMessageValues;
}

/**
 * New email tickets and their first messages, two multi-row statements (ids chosen by the caller).
 * Returns how many messages were written: fewer than the rows means a Message-ID already exists,
 * and the caller must roll back.
 */
export async function insertEmailTicketsWithMessages(tx: DbOrTx, rows: NewEmailTicketRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await tx.insert(tickets).values(
    rows.map((row) => ({
      id: row.ticketId,
      workspaceId: row.message.workspaceId,
      number: row.number,
      subject: row.subject,
      status: 'new' as const,
      priority: 'normal' as const,
      channel: 'email' as const,
      customerId: row.message.customerId,
      language: row.language,
      createdAt: row.message.createdAt,
      updatedAt: row.message.createdAt,
      lastMessageAt: row.message.createdAt,
    })),
  );
  return insertEmailMessages(tx, rows);
}

/** External ids (Message-IDs) among `externalIds` already on a message of the workspace. */
export async function existingExternalIds(db: DbOrTx, workspaceId: string, externalIds: string[]): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.externalId, externalIds)));
  return rows.map((row) => row.externalId).filter((id): id is string => id !== null);
}

/**
 * Audit rows, outbox rows and realtime notifications of several ticket changes in one statement
 * (the batch variant of recordAudit + publishEvent + notifyRealtime): one outbox wake-up, one
 * realtime NOTIFY per change, in order.
 */
export async function insertTicketChangeRows(
  tx: DbOrTx,
  rows: { audit: typeof auditLog.$inferInsert; outbox: typeof outbox.$inferInsert; realtime: string }[],
  channels: { outbox: string; realtime: string },
): Promise<void> {
  if (rows.length === 0) return;
  const realtime = JSON.stringify(rows.map((row) => row.realtime));
  await tx.execute(
    sql`with audit as (${insertRowsSql(tx, auditLog, rows.map((row) => row.audit))} returning id),
             events as (${insertRowsSql(tx, outbox, rows.map((row) => row.outbox))} returning id)
        select (select count(*) from audit) as audited, (select count(*) from events) as published,
               (select pg_notify(${channels.outbox}, '')) as woken,
               (select count(*) from (select pg_notify(${channels.realtime}, event) from json_array_elements_text(${realtime}::json) with ordinality as e(event, n) order by n) as notified) as notified`,
  );
}

/** Row-locks tickets (in id order, so two batches cannot deadlock); the rows found. */
export async function lockTickets(tx: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<TicketRow[]> {
  if (ticketIds.length === 0) return [];
  return tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, ticketIds)))
    .orderBy(asc(tickets.id))
    .for('update');
}

/**
 * The text of each ticket's latest agent reply (withdrawn replies left out): what a customer's
 * reply to it answers. Tickets without one are missing from the map.
 */
export async function latestAgentReplies(tx: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<Map<string, string>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await tx
    .selectDistinctOn([messages.ticketId], { ticketId: messages.ticketId, text: messages.text })
    .from(messages)
    .where(
      and(eq(messages.workspaceId, workspaceId), inArray(messages.ticketId, ticketIds), eq(messages.authorType, 'agent'), isNull(messages.withdrawnAt)),
    )
    .orderBy(messages.ticketId, desc(messages.createdAt));
  return new Map(rows.map((row) => [row.ticketId, row.text]));
}

/** Inbound email messages on existing tickets, one multi-row statement; returns how many were written (a Message-ID already stored is skipped). */
export async function insertEmailMessages(tx: DbOrTx, rows: { messageId: string; ticketId: string; message: InboundMessageValues }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await tx
    .insert(messages)
    .values(
      rows.map((row) => ({
        id: row.messageId,
        workspaceId: row.message.workspaceId,
        ticketId: row.ticketId,
        direction: 'inbound' as const,
        channel: 'email' as const,
        authorType: 'customer' as const,
        authorCustomerId: row.message.customerId,
        text: row.message.text,
        html: row.message.html,
        quotedText: row.message.quotedText,
        rawKey: row.message.rawKey,
        externalId: row.message.externalId,
        threadRule: row.message.threadRule as MessageRow['threadRule'],
        inboundEmailId: row.message.inboundEmailId,
        emailMeta: row.message.emailMeta as MessageRow['emailMeta'],
        createdAt: row.message.createdAt,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: messages.id });
  return written.length;
}

/** Touches tickets that received an email (updated/last message time; status when reopened), one statement. */
export async function touchTicketsForEmails(
  tx: DbOrTx,
  workspaceId: string,
  rows: { id: string; reopen: boolean; status: string | null; solvedAt: Date | null; outcome: string | null; updatedAt: Date; lastMessageAt: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  const input = JSON.stringify(rows);
  await tx.execute(
    sql`update ${tickets} t
           set status = case when v."reopen" then v."status" else t.status end,
               solved_at = case when v."reopen" then v."solvedAt" else t.solved_at end,
               outcome = case when v."reopen" then v."outcome" else t.outcome end,
               updated_at = v."updatedAt", last_message_at = v."lastMessageAt"
          from json_to_recordset(${input}::json) as v("id" uuid, "reopen" boolean, "status" text, "solvedAt" timestamptz, "outcome" text, "updatedAt" timestamptz, "lastMessageAt" timestamptz)
         where t.workspace_id = ${workspaceId} and t.id = v."id"`,
  );
}
