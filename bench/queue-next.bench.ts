/**
 * Fair-queue benchmark (issue 7, P17): "next ticket" for an agent over a queue of N open,
 * unassigned tickets in one workspace spread over T teams. Target: p99 ≤ 10 ms at 100,000.
 *
 * Seeds its own database (`rapport_bench_queue` on PostgreSQL, dropped at the end unless --keep;
 * a temporary directory on PGlite): customers of all three tiers, N tickets of mixed priority and
 * arrival over the last week, `queue_key` computed by the real `refreshQueueKeys` in batches of
 * 1,000 (timed), then ANALYZE. Measures, one call at a time after a warm-up:
 *   - nextTicket for an agent in 2 teams (the lateral walk of tickets_queue_team_idx per team),
 *   - nextTicket for an agent in no team (the whole workspace, tickets_queue_idx),
 *   - the raw-SQL baseline in the same run: `select … order by queue_key limit 1` on each index,
 *   - refreshQueueKeys for 1 and for 50 tickets (the per-change cost the tickets module pays),
 *   - takeNextTicket (lock, assign, audit/outbox/realtime, read back the summary).
 * Prints the plans (EXPLAIN ANALYZE) and p50/p99/max; asserts nothing.
 *
 *   npm run bench -- queue-next [--database postgres|pglite] [--tickets 100000] [--teams 20]
 *                               [--samples 2000] [--takes 200] [--keep]
 */
import { sql, type SQL } from 'drizzle-orm';
import { cpus } from 'node:os';
import { queueCandidatesQuery } from '../apps/server/src/modules/queue/queue.queries.ts';
import { nextTicket, refreshQueueKeys, takeNextTicket } from '../apps/server/src/modules/queue/queue.ts';
import { addMember, provisionWorkspace } from '../apps/server/src/modules/workspaces/provision-workspace.ts';
import type { Actor } from '../apps/server/src/platform/actor.ts';
import type { AppDeps } from '../apps/server/src/platform/app-deps.ts';
import { systemClock } from '../apps/server/src/platform/clock.ts';
import { parseArgs } from './lib/args.ts';
import { duration, ms } from './lib/stats.ts';
import { benchPassword, describeLatencies, loadAverage, openBenchDatabase } from './lib/web-rig.ts';

const args = parseArgs(process.argv.slice(2), ['database', 'tickets', 'teams', 'samples', 'takes', 'keep']);
const engineArgument = args.get('database') ?? 'postgres';
if (engineArgument !== 'pglite' && engineArgument !== 'postgres') throw new Error('--database must be pglite or postgres');
const engine: 'pglite' | 'postgres' = engineArgument;
const ticketCount = Math.round(args.number('tickets', 100_000));
const teamCount = Math.max(1, Math.round(args.number('teams', 20)));
const samples = Math.max(10, Math.round(args.number('samples', 2000)));
const takes = Math.max(0, Math.round(args.number('takes', 200)));
const customerCount = Math.max(100, Math.round(ticketCount / 10));

async function timed(count: number, run: (index: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await run(index);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function line(label: string, latencies: readonly number[], baseline?: readonly number[]) {
  const figures = describeLatencies(latencies);
  const versus = baseline ? `   (raw SQL p50 ${ms(describeLatencies(baseline).p50)}, p99 ${ms(describeLatencies(baseline).p99)})` : '';
  console.log(`  ${label.padEnd(44)} p50 ${ms(figures.p50).padStart(9)}  p99 ${ms(figures.p99).padStart(9)}  max ${ms(figures.max).padStart(9)}${versus}`);
}

async function main() {
  const startedAt = performance.now();
  console.log(
    `queue-next: ${engine}, ${ticketCount.toLocaleString('en-US')} open tickets, ${teamCount} teams, ${samples} samples; ` +
      `${cpus().length} cores, load average ${loadAverage().toFixed(2)}`,
  );
  const opened = await openBenchDatabase({ engine, name: 'rapport_bench_queue', keep: args.flag('keep') });
  const { database } = opened;
  try {
    await database.migrate();
    const db = database.db;
    const now = new Date();
    const workspace = await provisionWorkspace(db, { slug: 'queue-bench', name: 'Queue Bench', now });
    const member = async (name: string) =>
      (await addMember(db, { workspaceId: workspace.id, email: `${name}@bench.example`, name, password: benchPassword, role: 'agent', now })).user.id;
    const teamAgentId = await member('team-agent');
    const loneAgentId = await member('lone-agent');
    const takerId = await member('taker');
    const teamRows = await database.query<{ id: string }>(
      `insert into teams (workspace_id, name) select $1, 'Team ' || g from generate_series(1, $2) g returning id`,
      [workspace.id, teamCount],
    );
    const teamIds = teamRows.map((row) => row.id);
    // The measured agent is in two teams; the taker in all of them.
    await database.query(`insert into team_members (workspace_id, team_id, user_id) select $1, unnest($2::uuid[]), $3`, [workspace.id, `{${teamIds.slice(0, 2).join(',')}}`, teamAgentId]);
    await database.query(`insert into team_members (workspace_id, team_id, user_id) select $1, unnest($2::uuid[]), $3`, [workspace.id, `{${teamIds.join(',')}}`, takerId]);

    const seedStarted = performance.now();
    await database.query(
      `insert into customers (workspace_id, name, tier)
       select $1, 'Customer ' || g, case when g % 20 = 0 then 'enterprise' when g % 7 = 0 then 'priority' else 'standard' end
       from generate_series(1, $2) g`,
      [workspace.id, customerCount],
    );
    // Tickets: mixed priority, arrival over the last 7 days, each in one of the teams (every 25th in no team).
    await database.query(
      `with c as (select array_agg(id order by id) as ids from customers where workspace_id = $1),
            tm as (select array_agg(id order by id) as ids from teams where workspace_id = $1)
       insert into tickets (workspace_id, number, subject, status, priority, channel, customer_id, team_id, created_at, updated_at)
       select $1, g, 'Order ' || g || ' has not arrived', case when g % 3 = 0 then 'open' else 'new' end,
         (array['normal','normal','normal','high','low','urgent'])[1 + (g::bigint * 7919 % 6)::int], 'email',
         c.ids[1 + (g::bigint * 104729 % $3)::int],
         case when g % 25 = 0 then null else tm.ids[1 + (g * 31) % $4] end,
         $5::timestamptz - make_interval(secs => (g::bigint * 2654435761 % 604800)::int),
         $5::timestamptz
       from generate_series(1, $2) g, c, tm`,
      [workspace.id, ticketCount, customerCount, teamCount, now.toISOString()],
    );
    await database.query('update workspace_counters set next_ticket_number = $2 where workspace_id = $1', [workspace.id, ticketCount + 1]);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const ids = (await database.query<{ id: string }>('select id from tickets where workspace_id = $1 order by number', [workspace.id])).map((row) => row.id);
    const refreshBatches: number[] = [];
    for (let offset = 0; offset < ids.length; offset += 1000) {
      const batch = ids.slice(offset, offset + 1000);
      const started = performance.now();
      await db.transaction((tx) => refreshQueueKeys(tx, workspace.id, batch, now));
      refreshBatches.push(performance.now() - started);
    }
    await database.exec('analyze');
    const queued = await database.query<{ count: number }>(`select count(*)::int as count from tickets where workspace_id = $1 and queue_key is not null`, [workspace.id]);
    console.log(
      `seeded ${ticketCount.toLocaleString('en-US')} tickets / ${customerCount.toLocaleString('en-US')} customers in ${duration(seedSeconds)}; ` +
        `keys by refreshQueueKeys in ${duration(refreshBatches.reduce((sum, value) => sum + value, 0) / 1000)} ` +
        `(1,000 tickets per call: p50 ${ms(describeLatencies(refreshBatches).p50)}); ${queued[0]?.count.toLocaleString('en-US')} in the queue`,
    );

    const actor = (userId: string): Actor => ({ workspaceId: workspace.id, userId, role: 'agent', via: 'session' });
    const teamAgent = actor(teamAgentId);
    const loneAgent = actor(loneAgentId);

    const explain = async (label: string, query: SQL) => {
      const rows = (await db.execute(sql`explain (analyze, costs off, timing off, summary off) ${query}`)) as unknown as { rows: Record<string, string>[] };
      console.log(`\nplan — ${label}:`);
      for (const row of rows.rows) console.log(`  ${Object.values(row)[0]}`);
    };
    await explain('nextTicket, agent in 2 teams', queueCandidatesQuery(workspace.id, { userId: teamAgentId }, 1));
    await explain('nextTicket, agent in no team', queueCandidatesQuery(workspace.id, { userId: loneAgentId }, 1));

    const inQueue = `status in ('new', 'open') and assignee_id is null and queue_key is not null`;
    const rawWorkspace = () => database.query(`select id, number, queue_key from tickets where workspace_id = $1 and ${inQueue} order by queue_key limit 1`, [workspace.id]);
    const rawTeam = () => database.query(`select id, number, queue_key from tickets where workspace_id = $1 and team_id = $2 and ${inQueue} order by queue_key limit 1`, [workspace.id, teamIds[0]]);

    // Warm-up, then measure the API and the baselines interleaved in the same run.
    for (let index = 0; index < 200; index += 1) {
      await nextTicket(db, teamAgent);
      await nextTicket(db, loneAgent);
      await rawWorkspace();
      await rawTeam();
    }
    const teamLatencies: number[] = [];
    const loneLatencies: number[] = [];
    const rawTeamLatencies: number[] = [];
    const rawWorkspaceLatencies: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      teamLatencies.push(...(await timed(1, () => nextTicket(db, teamAgent))));
      rawTeamLatencies.push(...(await timed(1, rawTeam)));
      loneLatencies.push(...(await timed(1, () => nextTicket(db, loneAgent))));
      rawWorkspaceLatencies.push(...(await timed(1, rawWorkspace)));
    }
    const one = await timed(samples / 4, (index) => db.transaction((tx) => refreshQueueKeys(tx, workspace.id, [ids[(index * 7919) % ids.length] ?? ''], now)));
    const fifty = await timed(samples / 4, (index) =>
      db.transaction((tx) => refreshQueueKeys(tx, workspace.id, Array.from({ length: 50 }, (_, offset) => ids[(index * 50 + offset) % ids.length] ?? ''), now)),
    );
    // takeNextTicket needs only the database and the clock of the composition root.
    const deps = { db, database, clock: systemClock } as unknown as AppDeps;
    const taker = actor(takerId);
    const takeLatencies = await timed(takes, () => takeNextTicket(deps, taker));

    console.log(`\nresults (${engine}, ${cpus().length} cores, load average ${loadAverage().toFixed(2)}):`);
    line('nextTicket, agent in 2 of 20 teams', teamLatencies, rawTeamLatencies);
    line('nextTicket, agent in no team (workspace)', loneLatencies, rawWorkspaceLatencies);
    line('refreshQueueKeys, 1 ticket (own transaction)', one);
    line('refreshQueueKeys, 50 tickets (own transaction)', fifty);
    if (takes > 0) line('takeNextTicket (assign + record + summary)', takeLatencies);
    console.log(`\ntotal ${duration((performance.now() - startedAt) / 1000)}`);
  } finally {
    await opened.cleanup();
  }
}

await main();
