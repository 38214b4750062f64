/** SQL of the SLA clocks and policies (sla.ts, sla-monitor.ts). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '@rapport/db/database';
import { slaPolicies, ticketSlas } from '@rapport/db/schema';
import type { SlaClock, SlaMetric, SlaPolicy, SlaTicketFacts } from './sla-clock.ts';

const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(String(value)));

interface ClockJson {
  ticket_id: string;
  metric: SlaMetric;
  policy_id: string | null;
  target_minutes: number;
  warn_minutes: number;
  business_hours: boolean;
  started_at: string;
  elapsed_ms: number | string;
  running_since: string | null;
  due_at: string | null;
  warn_at: string | null;
  warned_at: string | null;
  breached_at: string | null;
  stopped_at: string | null;
  extra_minutes: number | string | null;
  waived_at: string | null;
}

export function clockFromJson(row: ClockJson): SlaClock {
  return {
    ticketId: row.ticket_id,
    metric: row.metric,
    policyId: row.policy_id,
    targetMinutes: Number(row.target_minutes),
    warnMinutes: Number(row.warn_minutes),
    businessHours: row.business_hours,
    startedAt: new Date(row.started_at),
    elapsedMs: Number(row.elapsed_ms),
    runningSince: dateOrNull(row.running_since),
    dueAt: dateOrNull(row.due_at),
    warnAt: dateOrNull(row.warn_at),
    warnedAt: dateOrNull(row.warned_at),
    breachedAt: dateOrNull(row.breached_at),
    stoppedAt: dateOrNull(row.stopped_at),
    extraMinutes: Number(row.extra_minutes ?? 0),
    waivedAt: dateOrNull(row.waived_at),
  };
}

export interface CalendarJson {
  timeZone: string;
  weekly: { day: number; start: string; end: string }[] | null;
  holidays: { date: string; name: string }[] | null;
}

export interface SlaInputs {
  calendar: CalendarJson;
  policies: SlaPolicy[];
  tickets: SlaTicketFacts[];
  clocks: SlaClock[];
}

/**
 * Everything the clocks of these tickets depend on, in one round trip: the workspace calendar,
 * the enabled policies in order, each ticket's facts (with our latest reply and the customer's
 * first message after it — an auto-reply such as an out-of-office starts no next-reply clock) and
 * the stored clocks.
 */
const calendarJson = (workspaceId: string) => sql`(select json_build_object('timeZone', w.time_zone, 'weekly', bc.weekly, 'holidays', bc.holidays)
         from workspaces w left join business_calendars bc on bc.workspace_id = w.id where w.id = ${workspaceId})`;

/** The workspace calendar as stored (the clocks' own read; the business-hours module owns editing it). */
export async function loadCalendarJson(db: DbOrTx, workspaceId: string): Promise<CalendarJson | null> {
  const [row] = executedRows<{ calendar: CalendarJson | string | null }>(await db.execute(sql`select ${calendarJson(workspaceId)} as calendar`));
  const calendar = row?.calendar ?? null;
  return typeof calendar === 'string' ? (JSON.parse(calendar) as CalendarJson) : calendar;
}

export async function loadSlaInputs(tx: DbOrTx, workspaceId: string, ticketIds: readonly string[]): Promise<SlaInputs> {
  const result = await tx.execute(sql`
    select
      ${calendarJson(workspaceId)} as calendar,
      (select coalesce(json_agg(p order by p.position, p.created_at, p.id), '[]'::json) from (
         select id, name, priorities, tiers, channels, first_reply_minutes, next_reply_minutes, resolution_minutes,
                business_hours, warn_minutes, position, created_at
           from sla_policies where workspace_id = ${workspaceId} and enabled) p) as policies,
      (select coalesce(json_agg(f), '[]'::json) from (
         select t.id, t.number, t.status, t.priority, t.channel, c.tier, t.created_at, t.first_reply_at, t.solved_at, t.merged_into_id,
                r.last_agent_reply_at,
                (select min(m.created_at) from messages m
                  where m.workspace_id = t.workspace_id and m.ticket_id = t.id and m.direction = 'inbound'
                    and m.author_type = 'customer' and coalesce(lower(m.email_meta->>'autoSubmitted'), 'no') = 'no'
                    and m.created_at > r.last_agent_reply_at) as next_reply_start
           from tickets t
           join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
           left join lateral (
             select max(m.created_at) as last_agent_reply_at from messages m
              where m.workspace_id = t.workspace_id and m.ticket_id = t.id and m.direction = 'outbound'
                and m.author_type = 'agent' and m.withdrawn_at is null) r on true
          where t.workspace_id = ${workspaceId} and t.id = any(${sql.param([...ticketIds])}::uuid[])
            -- a workspace without SLAs pays no message lookups on its ticket changes
            and (exists (select 1 from sla_policies p where p.workspace_id = t.workspace_id and p.enabled)
                 or exists (select 1 from ticket_slas s where s.workspace_id = t.workspace_id and s.ticket_id = t.id))) f) as tickets,
      (select coalesce(json_agg(s), '[]'::json) from ticket_slas s
        where s.workspace_id = ${workspaceId} and s.ticket_id = any(${sql.param([...ticketIds])}::uuid[])) as clocks`);
  const [row] = executedRows<{ calendar: CalendarJson | null; policies: Record<string, unknown>[]; tickets: Record<string, unknown>[]; clocks: ClockJson[] }>(result);
  const parse = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  const policies = parse(row!.policies).map(
    (policy): SlaPolicy => ({
      id: String(policy['id']),
      name: String(policy['name']),
      priorities: (policy['priorities'] as string[] | null) ?? [],
      tiers: (policy['tiers'] as string[] | null) ?? [],
      channels: (policy['channels'] as string[] | null) ?? [],
      firstReplyMinutes: policy['first_reply_minutes'] === null ? null : Number(policy['first_reply_minutes']),
      nextReplyMinutes: policy['next_reply_minutes'] === null ? null : Number(policy['next_reply_minutes']),
      resolutionMinutes: policy['resolution_minutes'] === null ? null : Number(policy['resolution_minutes']),
      businessHours: Boolean(policy['business_hours']),
      warnMinutes: Number(policy['warn_minutes']),
    }),
  );
  const tickets = parse(row!.tickets).map(
    (ticket): SlaTicketFacts => ({
      id: String(ticket['id']),
      number: Number(ticket['number']),
      status: ticket['status'] as SlaTicketFacts['status'],
      priority: String(ticket['priority']),
      channel: String(ticket['channel']),
      tier: String(ticket['tier']),
      createdAt: new Date(String(ticket['created_at'])),
      firstReplyAt: dateOrNull(ticket['first_reply_at']),
      solvedAt: dateOrNull(ticket['solved_at']),
      mergedIntoId: ticket['merged_into_id'] ? String(ticket['merged_into_id']) : null,
      lastAgentReplyAt: dateOrNull(ticket['last_agent_reply_at']),
      nextReplyStart: dateOrNull(ticket['next_reply_start']),
    }),
  );
  const calendar = row!.calendar ? parse(row!.calendar) : { timeZone: 'UTC', weekly: null, holidays: null };
  return { calendar, policies, tickets, clocks: parse(row!.clocks).map(clockFromJson) };
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** Writes the changed clocks and removes the ones no policy asks for any more (one statement each). */
export async function writeClocks(tx: DbOrTx, workspaceId: string, upserts: readonly SlaClock[], deletes: readonly { ticketId: string; metric: SlaMetric }[], now: Date): Promise<void> {
  if (upserts.length > 0) {
    const input = JSON.stringify(
      upserts.map((clock) => ({
        ticket_id: clock.ticketId,
        metric: clock.metric,
        policy_id: clock.policyId,
        target_minutes: clock.targetMinutes,
        warn_minutes: clock.warnMinutes,
        business_hours: clock.businessHours,
        started_at: clock.startedAt.toISOString(),
        elapsed_ms: Math.round(clock.elapsedMs),
        running_since: iso(clock.runningSince),
        due_at: iso(clock.dueAt),
        warn_at: iso(clock.warnAt),
        warned_at: iso(clock.warnedAt),
        breached_at: iso(clock.breachedAt),
        stopped_at: iso(clock.stoppedAt),
        extra_minutes: clock.extraMinutes,
        waived_at: iso(clock.waivedAt),
      })),
    );
    await tx.execute(sql`
      insert into ${ticketSlas} (workspace_id, ticket_id, metric, policy_id, target_minutes, warn_minutes, business_hours, started_at,
                                 elapsed_ms, running_since, due_at, warn_at, warned_at, breached_at, stopped_at, extra_minutes, waived_at, updated_at)
      select ${workspaceId}, v.ticket_id, v.metric, v.policy_id, v.target_minutes, v.warn_minutes, v.business_hours, v.started_at,
             v.elapsed_ms, v.running_since, v.due_at, v.warn_at, v.warned_at, v.breached_at, v.stopped_at, v.extra_minutes, v.waived_at,
             ${now.toISOString()}::timestamptz
        from json_to_recordset(${input}::json) as v(ticket_id uuid, metric text, policy_id uuid, target_minutes int, warn_minutes int,
             business_hours boolean, started_at timestamptz, elapsed_ms bigint, running_since timestamptz, due_at timestamptz,
             warn_at timestamptz, warned_at timestamptz, breached_at timestamptz, stopped_at timestamptz, extra_minutes int, waived_at timestamptz)
      on conflict (workspace_id, ticket_id, metric) do update set
        policy_id = excluded.policy_id, target_minutes = excluded.target_minutes, warn_minutes = excluded.warn_minutes,
        business_hours = excluded.business_hours, started_at = excluded.started_at, elapsed_ms = excluded.elapsed_ms,
        running_since = excluded.running_since, due_at = excluded.due_at, warn_at = excluded.warn_at,
        -- the monitor may have marked a warning or breach meanwhile: never undo that within one cycle
        warned_at = case when ticket_slas.started_at = excluded.started_at then coalesce(ticket_slas.warned_at, excluded.warned_at) else excluded.warned_at end,
        breached_at = case when ticket_slas.started_at = excluded.started_at then coalesce(ticket_slas.breached_at, excluded.breached_at) else excluded.breached_at end,
        -- overrides are written only by writeOverriddenClock; within one cycle the stored ones stay
        extra_minutes = case when ticket_slas.started_at = excluded.started_at then ticket_slas.extra_minutes else excluded.extra_minutes end,
        waived_at = case when ticket_slas.started_at = excluded.started_at then ticket_slas.waived_at else excluded.waived_at end,
        stopped_at = excluded.stopped_at, updated_at = excluded.updated_at`);
  }
  if (deletes.length > 0) {
    const input = JSON.stringify(deletes.map((item) => ({ ticket_id: item.ticketId, metric: item.metric })));
    await tx.execute(sql`
      delete from ${ticketSlas} s using json_to_recordset(${input}::json) as v(ticket_id uuid, metric text)
       where s.workspace_id = ${workspaceId} and s.ticket_id = v.ticket_id and s.metric = v.metric`);
  }
}

/** The stored clocks of one ticket (workspace-scoped), with their policies' names. */
export async function clocksOfTicket(db: DbOrTx, workspaceId: string, ticketId: string): Promise<{ clock: SlaClock; policyName: string | null }[]> {
  const rows = await db
    .select({ clock: ticketSlas, policyName: slaPolicies.name })
    .from(ticketSlas)
    .leftJoin(slaPolicies, and(eq(slaPolicies.workspaceId, ticketSlas.workspaceId), eq(slaPolicies.id, ticketSlas.policyId)))
    .where(and(eq(ticketSlas.workspaceId, workspaceId), eq(ticketSlas.ticketId, ticketId)))
    .orderBy(sql`array_position(array['first_reply','next_reply','resolution']::text[], ${ticketSlas.metric})`);
  return rows.map(({ clock, policyName }) => ({ clock: { ...clock, elapsedMs: Number(clock.elapsedMs) }, policyName }));
}

/** One clock of a ticket, locked for an override (null when the ticket has no clock of that metric). */
export async function lockClock(tx: DbOrTx, workspaceId: string, ticketId: string, metric: SlaMetric): Promise<SlaClock | null> {
  const [row] = await tx
    .select()
    .from(ticketSlas)
    .where(and(eq(ticketSlas.workspaceId, workspaceId), eq(ticketSlas.ticketId, ticketId), eq(ticketSlas.metric, metric)))
    .for('update');
  return row ? { ...row, elapsedMs: Number(row.elapsedMs) } : null;
}

/** Writes a clock a person overrode, including its override columns and a cleared breach or warning. */
export async function writeOverriddenClock(tx: DbOrTx, workspaceId: string, clock: SlaClock, now: Date): Promise<void> {
  await tx
    .update(ticketSlas)
    .set({
      elapsedMs: Math.round(clock.elapsedMs),
      runningSince: clock.runningSince,
      dueAt: clock.dueAt,
      warnAt: clock.warnAt,
      warnedAt: clock.warnedAt,
      breachedAt: clock.breachedAt,
      stoppedAt: clock.stoppedAt,
      extraMinutes: clock.extraMinutes,
      waivedAt: clock.waivedAt,
      updatedAt: now,
    })
    .where(and(eq(ticketSlas.workspaceId, workspaceId), eq(ticketSlas.ticketId, clock.ticketId), eq(ticketSlas.metric, clock.metric)));
}

// ---- The monitor --------------------------------------------------------------------------

export interface DueClockEvent {
  workspaceId: string;
  ticketId: string;
  ticketNumber: number;
  metric: SlaMetric;
  kind: 'warning' | 'breached';
  /** The warn or due time that passed. */
  at: Date;
  policyId: string | null;
  targetMinutes: number;
}

/**
 * Marks up to `limit` clocks whose warn time passed as warned, and up to `limit` whose due time
 * passed as breached (at their due time), and returns them. Reads only the partial indexes of due
 * rows (no sweep over all tickets); `skip locked` lets several workers share the work.
 */
export async function markDueClocks(tx: DbOrTx, now: Date, limit: number): Promise<DueClockEvent[]> {
  const at = now.toISOString();
  const result = await tx.execute(sql`
    with due_breach as (
       select workspace_id, ticket_id, metric from ${ticketSlas}
        where due_at is not null and breached_at is null and due_at <= ${at}::timestamptz and waived_at is null
        order by due_at limit ${limit} for update skip locked),
     breached as (
       update ${ticketSlas} s set breached_at = s.due_at, warned_at = coalesce(s.warned_at, s.due_at), updated_at = ${at}::timestamptz
         from due_breach d where s.workspace_id = d.workspace_id and s.ticket_id = d.ticket_id and s.metric = d.metric
       returning s.workspace_id, s.ticket_id, s.metric, 'breached'::text as kind, s.due_at as at, s.policy_id, s.target_minutes),
     due_warn as (
       select workspace_id, ticket_id, metric from ${ticketSlas}
        where warn_at is not null and warned_at is null and warn_at <= ${at}::timestamptz and due_at > ${at}::timestamptz and waived_at is null
        order by warn_at limit ${limit} for update skip locked),
     warned as (
       update ${ticketSlas} s set warned_at = s.warn_at, updated_at = ${at}::timestamptz
         from due_warn d where s.workspace_id = d.workspace_id and s.ticket_id = d.ticket_id and s.metric = d.metric
       returning s.workspace_id, s.ticket_id, s.metric, 'warning'::text as kind, s.warn_at as at, s.policy_id, s.target_minutes)
     select e.workspace_id, e.ticket_id, e.metric, e.kind, e.at, e.policy_id, e.target_minutes, t.number
       from (select * from breached union all select * from warned) e
       join tickets t on t.workspace_id = e.workspace_id and t.id = e.ticket_id`);
  return executedRows<Record<string, unknown>>(result).map((row) => ({
    workspaceId: String(row['workspace_id']),
    ticketId: String(row['ticket_id']),
    ticketNumber: Number(row['number']),
    metric: row['metric'] as SlaMetric,
    kind: row['kind'] as DueClockEvent['kind'],
    at: row['at'] instanceof Date ? row['at'] : new Date(String(row['at'])),
    policyId: row['policy_id'] ? String(row['policy_id']) : null,
    targetMinutes: Number(row['target_minutes']),
  }));
}

// ---- Policies -----------------------------------------------------------------------------

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

export async function listPolicies(db: DbOrTx, workspaceId: string): Promise<SlaPolicyRow[]> {
  return db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt), asc(slaPolicies.id));
}

export async function findPolicy(db: DbOrTx, workspaceId: string, id: string): Promise<SlaPolicyRow | null> {
  const [row] = await db.select().from(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
  return row ?? null;
}

export async function insertPolicy(db: DbOrTx, values: typeof slaPolicies.$inferInsert): Promise<SlaPolicyRow> {
  const [row] = await db
    .insert(slaPolicies)
    .values({
      ...values,
      // Appended after the last one.
      position: sql`(select coalesce(max(position) + 1, 0) from ${slaPolicies} where workspace_id = ${values.workspaceId})`,
    })
    .returning();
  return row!;
}

export async function updatePolicy(db: DbOrTx, workspaceId: string, id: string, values: Partial<typeof slaPolicies.$inferInsert>): Promise<SlaPolicyRow | null> {
  const [row] = await db.update(slaPolicies).set(values).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id))).returning();
  return row ?? null;
}

export async function deletePolicy(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id))).returning({ id: slaPolicies.id });
  return rows.length > 0;
}

/** Sets each policy's position to its index in `ids` (which must be every policy of the workspace). */
export async function reorderPolicies(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<void> {
  const input = JSON.stringify(ids.map((id, position) => ({ id, position })));
  await db.execute(sql`
    update ${slaPolicies} p set position = v.position, updated_at = now()
      from json_to_recordset(${input}::json) as v(id uuid, position int)
     where p.workspace_id = ${workspaceId} and p.id = v.id`);
}

/** A page of the workspace's open tickets by id (the re-evaluation after a policy change walks them all). */
export async function openTicketIdsAfter(db: DbOrTx, workspaceId: string, after: string | null, limit: number): Promise<string[]> {
  const rows = executedRows<{ id: string }>(
    await db.execute(sql`select id from tickets
      where workspace_id = ${workspaceId} and status in ('new', 'open', 'pending', 'on_hold') and merged_into_id is null
        and (${after}::uuid is null or id > ${after}::uuid)
      order by id limit ${limit}`),
  );
  return rows.map((row) => row.id);
}

/** The open tickets of one customer (a tier change can change which policy applies to them). */
export async function openTicketIdsOfCustomer(db: DbOrTx, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = executedRows<{ id: string }>(
    await db.execute(sql`select id from tickets
      where workspace_id = ${workspaceId} and customer_id = ${customerId} and status in ('new', 'open', 'pending', 'on_hold') and merged_into_id is null`),
  );
  return rows.map((row) => row.id);
}
