/**
 * The SQL of outgoing webhooks: endpoints (admin CRUD), queuing deliveries for an event, the
 * deliveries log, and the sender's claim and result marks. Every statement is scoped by the
 * workspace, except the sender's claim, which spans workspaces and carries each row's own.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { executedRows, type Database, type DbOrTx } from '@rapport/db/database';
import { outbox, webhookDeliveries, webhookEndpoints } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Wakes the webhook sender: sent by every transaction that queues or retries a delivery. */
export const webhookChannel = 'rapport_webhooks';

export async function notifyWebhookSender(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_notify(${webhookChannel}, '')`);
}

// ---- Endpoints ----------------------------------------------------------------------------------

export interface EndpointView extends WebhookEndpointRow {
  lastStatus: WebhookDeliveryRow['status'] | null;
  lastResponseStatus: number | null;
  lastAt: Date | null;
}

const latest = sql`latest_delivery`;

/** The workspace's endpoints, oldest first, each with its newest delivery's status. */
export async function listEndpointViews(db: DbOrTx, workspaceId: string, id?: string): Promise<EndpointView[]> {
  const result = await db.execute(sql`
    select e.*, ${latest}.status as last_status, ${latest}.response_status as last_response_status,
           coalesce(${latest}.delivered_at, ${latest}.last_attempt_at, ${latest}.created_at) as last_at
      from ${webhookEndpoints} e
      left join lateral (
        select d.status, d.response_status, d.delivered_at, d.last_attempt_at, d.created_at
          from ${webhookDeliveries} d
         where d.workspace_id = e.workspace_id and d.endpoint_id = e.id
         order by d.created_at desc, d.id desc limit 1) ${latest} on true
     where e.workspace_id = ${workspaceId} ${id ? sql`and e.id = ${id}` : sql``}
     order by e.created_at, e.id`);
  const date = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    id: String(row['id']),
    workspaceId: String(row['workspace_id']),
    url: String(row['url']),
    description: String(row['description'] ?? ''),
    secret: String(row['secret']),
    topics: parseTextArray(row['topics']),
    enabled: Boolean(row['enabled']),
    createdAt: date(row['created_at']) ?? new Date(0),
    updatedAt: date(row['updated_at']) ?? new Date(0),
    // Written only by this module, always one of the schema's statuses.
    lastStatus: (row['last_status'] as WebhookDeliveryRow['status'] | null) ?? null,
    lastResponseStatus: row['last_response_status'] === null || row['last_response_status'] === undefined ? null : Number(row['last_response_status']),
    lastAt: date(row['last_at']),
  }));
}

/** A text[] as the drivers return it from raw SQL: an array, or the '{a,b}' literal. */
function parseTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value ?? '');
  if (text === '{}' || text === '') return [];
  return text
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((item) => item.replace(/^"|"$/g, ''));
}

export async function insertEndpoint(tx: DbOrTx, values: typeof webhookEndpoints.$inferInsert): Promise<string> {
  const [row] = await tx.insert(webhookEndpoints).values(values).returning({ id: webhookEndpoints.id });
  if (!row) throw new Error('webhook endpoint insert returned nothing');
  return row.id;
}

/** Locks one endpoint of the workspace for a change. */
export async function lockEndpoint(tx: DbOrTx, workspaceId: string, id: string): Promise<WebhookEndpointRow | null> {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .for('update');
  return row ?? null;
}

export async function updateEndpointRow(tx: DbOrTx, workspaceId: string, id: string, values: Partial<typeof webhookEndpoints.$inferInsert>): Promise<void> {
  await tx.update(webhookEndpoints).set(values).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
}

/** Deletes an endpoint (its deliveries go with it, by the foreign key). */
export async function deleteEndpointRow(tx: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

// ---- Queuing deliveries -------------------------------------------------------------------------

export interface NewEventDelivery {
  workspaceId: string;
  eventId: number;
  topic: string;
  payload: Record<string, unknown>;
  now: Date;
}

/** The topics at least one enabled endpoint of the workspace is subscribed to. */
export async function subscribedTopicsOf(db: DbOrTx, workspaceId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ topic: sql<string>`unnest(${webhookEndpoints.topics})` })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.enabled, true)));
  return new Set(rows.map((row) => row.topic));
}

/**
 * One pending delivery of the event to every enabled endpoint of the workspace subscribed to its
 * topic. Idempotent per (workspace, endpoint, event): a redelivered event adds nothing. Returns
 * how many deliveries it added.
 */
export async function insertEventDeliveries(tx: DbOrTx, event: NewEventDelivery): Promise<number> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, event.workspaceId), eq(webhookEndpoints.enabled, true), sql`${event.topic} = any(${webhookEndpoints.topics})`));
  if (endpoints.length === 0) return 0;
  const rows = await tx
    .insert(webhookDeliveries)
    .values(
      endpoints.map((endpoint) => ({
        workspaceId: event.workspaceId,
        endpointId: endpoint.id,
        eventId: event.eventId,
        topic: event.topic,
        payload: event.payload,
        status: 'pending' as const,
        nextAttemptAt: event.now,
        createdAt: event.now,
      })),
    )
    .onConflictDoNothing({ target: [webhookDeliveries.workspaceId, webhookDeliveries.endpointId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}

/**
 * The event of a test delivery: an outbox row of its own (so its id never collides with a real
 * event's), marked dispatched at once because it goes to one endpoint directly, not to listeners.
 */
export async function insertTestEvent(tx: DbOrTx, workspaceId: string, payload: Record<string, unknown>, now: Date): Promise<number> {
  const [row] = await tx.insert(outbox).values({ workspaceId, topic: 'webhook.test', payload, createdAt: now, dispatchedAt: now }).returning({ id: outbox.id });
  if (!row) throw new Error('outbox insert returned nothing');
  return row.id;
}

export async function insertDelivery(tx: DbOrTx, values: typeof webhookDeliveries.$inferInsert): Promise<WebhookDeliveryRow> {
  const [row] = await tx.insert(webhookDeliveries).values(values).returning();
  if (!row) throw new Error('webhook delivery insert returned nothing');
  return row;
}

// ---- The deliveries log -------------------------------------------------------------------------

export interface DeliveryView extends WebhookDeliveryRow {
  /** created_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const cursorAt = sql<string>`to_char(${webhookDeliveries.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A page of an endpoint's deliveries, newest first (`limit + 1` rows so the caller knows whether there is more). */
export async function selectDeliveryPage(db: DbOrTx, workspaceId: string, endpointId: string, limit: number, cursor: KeysetCursor | null): Promise<DeliveryView[]> {
  const rows = await db
    .select({ delivery: webhookDeliveries, cursorAt })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.endpointId, endpointId),
        cursor ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  return rows.map((row) => ({ ...row.delivery, cursorAt: row.cursorAt }));
}

export async function lockDelivery(tx: DbOrTx, workspaceId: string, id: string): Promise<WebhookDeliveryRow | null> {
  const [row] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)))
    .for('update');
  return row ?? null;
}

/** Makes a pending or failed delivery due now (a manual retry). */
export async function makeDeliveryDue(tx: DbOrTx, workspaceId: string, id: string, now: Date): Promise<WebhookDeliveryRow | null> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: now, claimedUntil: null })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)))
    .returning();
  return row ?? null;
}

// ---- The sender ---------------------------------------------------------------------------------

export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  endpointId: string;
  eventId: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
}

/**
 * Leases up to `limit` pending deliveries due at `now` whose endpoint is enabled (a disabled
 * endpoint's deliveries wait until it is enabled again). `skip locked` lets several workers share
 * the work; a crashed sender's lease runs out and another takes the delivery over.
 */
export async function claimDueDeliveries(db: DbOrTx, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with due as (
      select d.workspace_id, d.id from ${webhookDeliveries} d
        join ${webhookEndpoints} e on e.workspace_id = d.workspace_id and e.id = d.endpoint_id and e.enabled
       where d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
         and (d.claimed_until is null or d.claimed_until < ${at}::timestamptz)
       order by d.next_attempt_at limit ${limit} for update of d skip locked),
    claimed as (
      update ${webhookDeliveries} w set claimed_until = ${leaseUntil.toISOString()}::timestamptz
        from due where w.workspace_id = due.workspace_id and w.id = due.id
      returning w.id, w.workspace_id, w.endpoint_id, w.event_id, w.topic, w.payload, w.attempts, w.created_at)
    select c.*, e.url, e.secret from claimed c join ${webhookEndpoints} e on e.workspace_id = c.workspace_id and e.id = c.endpoint_id`);
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    id: String(row['id']),
    workspaceId: String(row['workspace_id']),
    endpointId: String(row['endpoint_id']),
    eventId: Number(row['event_id']),
    topic: String(row['topic']),
    // A jsonb object written by insertEventDeliveries / insertDelivery (drivers return it parsed or as text).
    payload: (typeof row['payload'] === 'string' ? JSON.parse(row['payload']) : row['payload']) as Record<string, unknown>,
    attempts: Number(row['attempts']),
    createdAt: row['created_at'] instanceof Date ? row['created_at'] : new Date(String(row['created_at'])),
    url: String(row['url']),
    secret: String(row['secret']),
  }));
}

export interface AttemptResult {
  status: WebhookDeliveryRow['status'];
  attempts: number;
  at: Date;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/**
 * Extends to `until`, in one statement, the leases still held among `held` (a lease is identified by
 * the lease end its sender set: a delivery another sender claimed meanwhile has another). Returns the ids extended.
 */
export async function renewDeliveryLeases(db: DbOrTx, until: Date, held: { id: string; leaseUntil: Date }[]): Promise<string[]> {
  if (held.length === 0) return [];
  const result = await db.execute(sql`
    update ${webhookDeliveries} w set claimed_until = ${until.toISOString()}::timestamptz
      from json_to_recordset(${JSON.stringify(held.map((lease) => ({ id: lease.id, until: lease.leaseUntil.toISOString() })))}::json) as h(id uuid, until timestamptz)
     where w.id = h.id and w.claimed_until = h.until and w.status = 'pending'
    returning w.id`);
  return executedRows<{ id: string }>(result).map((row) => String(row.id));
}

/** Records one attempt's outcome and drops the lease, only while the lease ending at `leaseUntil` is still ours. */
export async function recordAttempt(db: DbOrTx, workspaceId: string, id: string, leaseUntil: Date, result: AttemptResult): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: result.status,
      attempts: result.attempts,
      lastAttemptAt: result.at,
      responseStatus: result.responseStatus,
      lastError: result.lastError,
      nextAttemptAt: result.nextAttemptAt,
      deliveredAt: result.status === 'delivered' ? result.at : null,
      claimedUntil: null,
    })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.claimedUntil, leaseUntil)));
}

/** Embedded mode: one process owns the database, so leases held at start are stale. */
export async function releaseAllDeliveryLeases(database: Database): Promise<number> {
  const rows = await database.query<{ id: string }>("update webhook_deliveries set claimed_until = null where status = 'pending' and claimed_until is not null returning id");
  return rows.length;
}

/**
 * Forgets finished deliveries (delivered or failed) created before `before`, at most `limit` rows
 * per statement; pending ones stay whatever their age. Returns how many were deleted.
 */
export async function deleteFinishedDeliveries(db: DbOrTx, before: Date, limit: number): Promise<number> {
  const result = await db.execute(sql`
    delete from ${webhookDeliveries} where id in (
      select id from ${webhookDeliveries}
      where status <> 'pending' and created_at < ${before.toISOString()}::timestamptz
      limit ${limit})
    returning id`);
  return executedRows<{ id: string }>(result).length;
}
