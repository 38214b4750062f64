/**
 * SLA benchmark (issue 7 target: "SLA and reminder jobs keep up with 1M tickets — a full sweep
 * under 60 s, or event-driven with no sweep"). A fresh PostgreSQL database with N open tickets,
 * each with a running resolution clock due within 30 days, of which `--due` are already past due
 * (and as many past their warning time). Measured in the same run:
 *   monitor pass   — markDueSlaClocks over the due clocks: marks, audit, outbox and realtime rows
 *   idle poll      — a monitor pass with nothing due (its cost per poll, every 5 s in production)
 *   raw baseline   — the plain index probe for due clocks, and what one full sweep of every
 *                    clock would cost (a sequential scan evaluating each row)
 *   ticket change  — syncTicketSlas for one ticket inside a transaction (what every ticket change
 *                    adds: BEGIN, one read, the writes, COMMIT), against a raw one-row update of
 *                    its clock (one autocommit round trip)
 * Prints figures and ratios; asserts nothing.
 *
 *   npm run bench -- sla [--tickets 1000000] [--due 10000] [--url postgres://…] [--keep]
 */
import { cpus, loadavg } from 'node:os';
import { createPostgresDatabase } from '@rapport/db/postgres-database';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { systemActor } from '../apps/server/src/platform/actor.ts';
import { provisionWorkspace } from '../apps/server/src/modules/workspaces/provision-workspace.ts';
import { createSlaPolicy, syncTicketSlas } from '../apps/server/src/modules/sla/sla.ts';
import { markDueSlaClocks } from '../apps/server/src/modules/sla/sla-monitor.ts';
import type { AppDeps } from '../apps/server/src/platform/app-deps.ts';
import { parseArgs } from './lib/args.ts';
import { createFreshPostgres } from './lib/email-rig.ts';
import { ms, rate, ratio, summarise } from './lib/stats.ts';

const args = parseArgs(process.argv.slice(2), ['tickets', 'due', 'url', 'keep', 'samples']);
const ticketCount = Math.round(args.number('tickets', 1_000_000));
const dueCount = Math.min(ticketCount, Math.round(args.number('due', 10_000)));
const samples = Math.round(args.number('samples', 300));
const adminUrl = args.get('url') ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(line);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

async function main() {
  log(`SLA bench: ${ticketCount.toLocaleString('en-US')} open tickets with running clocks, ${dueCount.toLocaleString('en-US')} past due; ${cpus().length} cores, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const fresh = await createFreshPostgres(adminUrl, 'rapport_bench_sla');
  const database = await createPostgresDatabase({ connectionString: fresh.url, poolSize: 4 });
  try {
    await database.migrate();
    const deps = { db: database.db, database, clock: { now: () => new Date() }, logger: createLogger({ level: 'error' }) } as unknown as AppDeps; // the SLA code reads only db, database, clock and logger
    const workspace = await provisionWorkspace(database.db, { slug: 'sla-bench', name: 'SLA bench', now: new Date() });
    const actor = systemActor(workspace.id);
    await createSlaPolicy(deps, actor, { name: 'Everyone', enabled: true, priorities: [], tiers: [], channels: [], firstReplyMinutes: null, nextReplyMinutes: null, resolutionMinutes: 60 * 24 * 30, businessHours: false, warnMinutes: 30 });
    await database.query("update business_calendars set weekly = (select jsonb_agg(jsonb_build_object('day', d, 'start', '00:00', 'end', '24:00')) from generate_series(1, 7) d) where workspace_id = $1", [workspace.id]);

    const [, seedMs] = await timed(async () => {
      const [customer] = await database.query<{ id: string }>("insert into customers (workspace_id, name) values ($1, 'Bench customer') returning id", [workspace.id]);
      await database.query(
        `insert into tickets (workspace_id, number, subject, status, priority, channel, customer_id, created_at, updated_at)
         select $1, n, 'Ticket ' || n, 'open', 'normal', 'email', $2, now() - interval '1 day', now() - interval '1 day' from generate_series(1, $3::int) n`,
        [workspace.id, customer!.id, ticketCount],
      );
      // Clocks: the first `due` ones past due (and past their warning), the rest due within 30 days.
      await database.query(
        `insert into ticket_slas (workspace_id, ticket_id, metric, target_minutes, warn_minutes, business_hours, started_at, running_since, due_at, warn_at)
         select t.workspace_id, t.id, 'resolution', 43200, 30, false, t.created_at, t.created_at, d.due, d.due - interval '30 minutes'
           from (select id, workspace_id, created_at, number from tickets where workspace_id = $1) t
           cross join lateral (select case when t.number <= $2 then now() - make_interval(secs => t.number)
                                           else now() + make_interval(secs => 3600 + (t.number * 2.592) :: int) end as due) d`,
        [workspace.id, dueCount],
      );
      await database.query('vacuum analyze tickets');
      await database.query('vacuum analyze ticket_slas');
    });
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s`);

    // Raw baselines first (cold and warm probes of the partial index; one full sweep).
    const rawProbe: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      const [, took] = await timed(() => database.query("select workspace_id, ticket_id, metric from ticket_slas where due_at is not null and breached_at is null and due_at <= now() - interval '100 years' order by due_at limit 500"));
      rawProbe.push(took);
    }
    const [, sweepMs] = await timed(() => database.query("select count(*) from ticket_slas where coalesce(due_at, 'infinity') <= now() + interval '1 hour' or coalesce(warn_at, 'infinity') <= now() + interval '1 hour'"));
    const [, sweepSeqMs] = await timed(() => database.exec("set enable_indexscan = off; set enable_bitmapscan = off; select count(*) from ticket_slas where due_at <= now() and breached_at is null; reset enable_indexscan; reset enable_bitmapscan;"));

    // The monitor over everything due now.
    const [events, passMs] = await timed(() => markDueSlaClocks(deps));
    // Idle polls: nothing due any more.
    const idle: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      const [, took] = await timed(() => markDueSlaClocks(deps));
      idle.push(took);
    }

    // One ticket change: syncTicketSlas in a transaction, against a raw one-row update of the clock.
    const ids = await database.query<{ id: string }>('select id from tickets where workspace_id = $1 order by random() limit $2', [workspace.id, samples]);
    const sync: number[] = [];
    for (const { id } of ids) {
      const [, took] = await timed(() => database.db.transaction((tx) => syncTicketSlas(tx, workspace.id, [id], new Date())));
      sync.push(took);
    }
    const raw: number[] = [];
    for (const { id } of ids) {
      const [, took] = await timed(() => database.query("update ticket_slas set updated_at = now() where workspace_id = $1 and ticket_id = $2 and metric = 'resolution'", [workspace.id, id]));
      raw.push(took);
    }

    const probe = summarise(rawProbe, 0, 1);
    const idleSummary = summarise(idle, 0, 1);
    const syncSummary = summarise(sync, 0, 1);
    const rawSummary = summarise(raw, 0, 1);
    log('');
    log(`monitor pass over ${events.toLocaleString('en-US')} due warnings and breaches: ${ms(passMs)} (${rate((events / passMs) * 1000)} events, each with its mark, audit, outbox and realtime rows)`);
    log(`idle monitor poll (nothing due): p50 ${ms(idleSummary.p50)}, p99 ${ms(idleSummary.p99)}; raw index probe p50 ${ms(probe.p50)}, p99 ${ms(probe.p99)} (${ratio(idleSummary.p50, probe.p50)})`);
    log(`a full sweep of ${ticketCount.toLocaleString('en-US')} clocks would take: ${ms(sweepMs)} (planner's choice), ${ms(sweepSeqMs)} (sequential scan) — the monitor never sweeps`);
    log(`ticket change, syncTicketSlas in a transaction: p50 ${ms(syncSummary.p50)}, p99 ${ms(syncSummary.p99)}; raw one-row update p50 ${ms(rawSummary.p50)}, p99 ${ms(rawSummary.p99)} (${ratio(syncSummary.p50, rawSummary.p50)})`);
  } finally {
    await database.close();
    if (!args.flag('keep')) await fresh.drop();
  }
}

await main();
