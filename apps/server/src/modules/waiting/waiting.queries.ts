/** The only SQL of waiting on the customer (P10): service settings, the waits and the monitor's claims (its emails go through email/automatic-email.ts). */
import { and, eq, sql } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import { serviceSettings, ticketWaits } from '@rapport/db/schema';
import { defaultWaitSettings, type WaitSettings, type WaitTimes } from './waiting-rules.ts';

const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));

export type ServiceSettingsRow = typeof serviceSettings.$inferSelect;
export type TicketWaitRow = typeof ticketWaits.$inferSelect;

export async function findServiceSettings(db: DbOrTx, workspaceId: string): Promise<ServiceSettingsRow | null> {
  const [row] = await db.select().from(serviceSettings).where(eq(serviceSettings.workspaceId, workspaceId));
  return row ?? null;
}

export async function upsertServiceSettings(db: DbOrTx, workspaceId: string, values: WaitSettings, now: Date): Promise<ServiceSettingsRow> {
  const [row] = await db
    .insert(serviceSettings)
    .values({ workspaceId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: serviceSettings.workspaceId, set: { ...values, updatedAt: now } })
    .returning();
  return row!;
}

/**
 * The sync's first (usually only) statement: removes the waits of these tickets that are no longer
 * pending and returns the pending tickets that have no wait yet, with the workspace's settings.
 */
export async function dropStaleWaitsAndFindNew(
  tx: DbOrTx,
  workspaceId: string,
  ticketIds: readonly string[],
): Promise<{ newlyPending: string[]; settings: WaitSettings }> {
  const ids = sql.param([...ticketIds]);
  const result = await tx.execute(sql`
    with gone as (
      delete from ${ticketWaits} w using tickets t
       where w.workspace_id = ${workspaceId} and w.ticket_id = any(${ids}::uuid[])
         and t.workspace_id = w.workspace_id and t.id = w.ticket_id
         and (t.status <> 'pending' or t.merged_into_id is not null)
      returning w.ticket_id)
    select
      (select count(*)::int from gone) as removed,
      (select coalesce(json_agg(t.id), '[]'::json) from tickets t
        where t.workspace_id = ${workspaceId} and t.id = any(${ids}::uuid[]) and t.status = 'pending' and t.merged_into_id is null
          and not exists (select 1 from ${ticketWaits} w where w.workspace_id = t.workspace_id and w.ticket_id = t.id)) as new_ids,
      (select json_build_object('r', s.pending_reminder_days, 'c', s.pending_close_days) from ${serviceSettings} s where s.workspace_id = ${workspaceId}) as settings`);
  const [row] = executedRows<{ new_ids: string[] | string; settings: { r: number | null; c: number | null } | string | null }>(result);
  const parse = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  const settings = row?.settings ? parse(row.settings) : null;
  return {
    newlyPending: row ? parse(row.new_ids) : [],
    settings: settings ? { pendingReminderDays: settings.r, pendingCloseDays: settings.c } : defaultWaitSettings,
  };
}

/** Inserts waits; a wait written meanwhile for the same ticket is kept. */
export async function insertWaits(tx: DbOrTx, workspaceId: string, waits: readonly (WaitTimes & { ticketId: string })[], now: Date): Promise<void> {
  if (waits.length === 0) return;
  await tx
    .insert(ticketWaits)
    .values(waits.map((wait) => ({ workspaceId, ticketId: wait.ticketId, pendingSince: wait.pendingSince, remindAt: wait.remindAt, closeAt: wait.closeAt, updatedAt: now })))
    .onConflictDoNothing();
}

export async function findWait(db: DbOrTx, workspaceId: string, ticketId: string): Promise<TicketWaitRow | null> {
  const [row] = await db.select().from(ticketWaits).where(and(eq(ticketWaits.workspaceId, workspaceId), eq(ticketWaits.ticketId, ticketId)));
  return row ?? null;
}

export async function setWaitTimes(
  db: DbOrTx,
  workspaceId: string,
  ticketId: string,
  values: Partial<Pick<TicketWaitRow, 'remindAt' | 'remindedAt' | 'closeAt'>>,
  now: Date,
): Promise<TicketWaitRow | null> {
  const [row] = await db
    .update(ticketWaits)
    .set({ ...values, updatedAt: now })
    .where(and(eq(ticketWaits.workspaceId, workspaceId), eq(ticketWaits.ticketId, ticketId)))
    .returning();
  return row ?? null;
}

// ---- The monitor --------------------------------------------------------------------------

export interface DueWait {
  workspaceId: string;
  ticketId: string;
  ticketNumber: number;
  subject: string;
  channel: string;
  customerId: string;
  ticketStatus: string;
  language: string | null;
  pendingSince: Date;
  remindAt: Date | null;
  remindedAt: Date | null;
  closeAt: Date | null;
}

/**
 * Claims up to `limit` waits whose close or unsent reminder is due, with their tickets, both
 * row-locked (`skip locked`: several workers share the work, and a ticket being changed right now
 * is taken on the next pass). Reads only the partial indexes of due rows.
 */
export async function claimDueWaits(tx: DbOrTx, now: Date, limit: number): Promise<DueWait[]> {
  const at = now.toISOString();
  const result = await tx.execute(sql`
    select w.workspace_id, w.ticket_id, t.number, t.subject, t.channel, t.customer_id, t.status, t.language, w.pending_since, w.remind_at, w.reminded_at, w.close_at
      from ${ticketWaits} w
      join tickets t on t.workspace_id = w.workspace_id and t.id = w.ticket_id
     where (w.workspace_id, w.ticket_id) in (
             (select workspace_id, ticket_id from ${ticketWaits}
               where close_at is not null and close_at <= ${at}::timestamptz order by close_at limit ${limit})
             union
             (select workspace_id, ticket_id from ${ticketWaits}
               where reminded_at is null and remind_at is not null and remind_at <= ${at}::timestamptz order by remind_at limit ${limit}))
     order by least(coalesce(w.close_at, w.remind_at), coalesce(w.remind_at, w.close_at))
     limit ${limit}
       for update of w, t skip locked`);
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    workspaceId: String(row['workspace_id']),
    ticketId: String(row['ticket_id']),
    ticketNumber: Number(row['number']),
    subject: String(row['subject']),
    channel: String(row['channel']),
    customerId: String(row['customer_id']),
    ticketStatus: String(row['status']),
    language: row['language'] === null || row['language'] === undefined ? null : String(row['language']),
    pendingSince: dateOrNull(row['pending_since'])!,
    remindAt: dateOrNull(row['remind_at']),
    remindedAt: dateOrNull(row['reminded_at']),
    closeAt: dateOrNull(row['close_at']),
  }));
}

export async function deleteWait(db: DbOrTx, workspaceId: string, ticketId: string): Promise<void> {
  await db.delete(ticketWaits).where(and(eq(ticketWaits.workspaceId, workspaceId), eq(ticketWaits.ticketId, ticketId)));
}
