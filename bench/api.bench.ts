/**
 * API benchmark (issue 3): a workspace with N tickets and 4 messages each, bulk-loaded, then the
 * inbox list, the ticket page and search measured three ways in the same run:
 *   API      — over HTTP against the real server (load generator in a child process)
 *   use case — the same use-case function called in-process (no HTTP, no auth)
 *   raw SQL  — hand-written SQL through the driver (inbox: the SQL the API runs; page: 2 round trips;
 *              search: naive ranked full-text search over all matching messages, LIMIT 20)
 * Prints figures and ratios; asserts nothing.
 *
 *   npm run bench -- api --database pglite --tickets 10000 --duration 10
 *   npm run bench -- api --database postgres [--url postgres://…] [--tickets 1000000] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ListTicketsQuery } from '@rapport/contracts/tickets';
import { SearchQuery } from '@rapport/contracts/search';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { createPostgresDatabase } from '@rapport/db/postgres-database';
import { loadConfig } from '../apps/server/src/config.ts';
import { startRapport, type RunningRapport } from '../apps/server/src/main.ts';
import type { Actor } from '../apps/server/src/platform/actor.ts';
import { createApiToken } from '../apps/server/src/modules/auth/api-tokens.ts';
import { addMember, provisionWorkspace } from '../apps/server/src/modules/workspaces/provision-workspace.ts';
import { listTickets } from '../apps/server/src/modules/tickets/list-tickets.ts';
import { getTicket } from '../apps/server/src/modules/tickets/get-ticket.ts';
import { searchTickets } from '../apps/server/src/modules/search/search-tickets.ts';
import { parseArgs } from './lib/args.ts';
import { bulkLoad, type BenchDatabase } from './lib/bulk-load.ts';
import { driveClosedLoop, driveFixedRate, type DriveResult, type Operation } from './lib/drive.ts';
import { startHttpLoad, type HttpJob, type HttpLoad } from './lib/http-load.ts';
import { createRandom, searchQuery } from './lib/prose.ts';
import { duration, ms, rate, ratio, summarise, type Summary } from './lib/stats.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), [
  'database', 'url', 'tickets', 'agents', 'duration', 'warmup', 'inbox-rate', 'page-concurrency', 'search-concurrency', 'seed', 'keep', 'no-explain',
]);
const engine = args.get('database') ?? 'pglite';
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--database must be pglite or postgres');
const ticketCount = Math.round(args.number('tickets', engine === 'postgres' ? 1_000_000 : 100_000));
const agentCount = Math.max(1, Math.round(args.number('agents', 50)));
const phaseSeconds = args.number('duration', 20);
const warmupSeconds = args.number('warmup', Math.min(5, phaseSeconds / 2));
const inboxRate = args.number('inbox-rate', 200);
const pageConcurrency = Math.max(1, Math.round(args.number('page-concurrency', 10)));
const searchConcurrency = Math.max(1, Math.round(args.number('search-concurrency', 2)));
const seed = Math.round(args.number('seed', 20240601));
const benchDatabaseName = 'rapport_bench';
const openStatuses = ['new', 'open', 'pending', 'on_hold'];

const log = (line: string) => console.log(line);

interface Opened {
  database: BenchDatabase;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

async function openBenchDatabase(): Promise<Opened> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-bench-'));
    // Object.assign narrows `kind` for the type checker; the value is already 'pglite'.
    const database = Object.assign(await createPgliteDatabase({ dataDir }), { kind: 'pglite' as const });
    return {
      database,
      databaseUrl: null,
      async cleanup() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = args.get('url') ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const benchUrl = new URL(adminUrl);
  benchUrl.pathname = `/${benchDatabaseName}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${benchDatabaseName} with (force)`);
  await admin.query(`create database ${benchDatabaseName}`);
  await admin.end();
  const database = Object.assign(await createPostgresDatabase({ connectionString: benchUrl.toString(), poolSize: 10 }), { kind: 'postgres' as const });
  return {
    database,
    databaseUrl: benchUrl.toString(),
    async cleanup() {
      await database.close();
      if (args.flag('keep')) {
        log(`kept database ${benchDatabaseName}`);
        return;
      }
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${benchDatabaseName} with (force)`);
      await dropper.end();
      log(`dropped database ${benchDatabaseName}`);
    },
  };
}

// ---- raw SQL: what the API runs, written by hand -------------------------------------------------

const inboxSql = `
  select t.id, t.workspace_id, t.number, t.subject, t.status, t.priority, t.channel, t.customer_id, t.assignee_id, t.team_id,
         t.tags, t.custom_fields, t.language, t.created_at, t.updated_at, t.last_message_at, t.first_reply_at, t.solved_at,
         t.outcome, t.merged_into_id, c.name as customer_name, c.tier as customer_tier,
         (select ci.value from customer_identities ci
           where ci.workspace_id = t.workspace_id and ci.customer_id = t.customer_id and ci.kind = 'email'
           order by ci.created_at limit 1) as customer_email,
         a.name as assignee_name, tm.name as team_name
    from tickets t
    join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
    left join users a on a.id = t.assignee_id
    left join teams tm on tm.workspace_id = t.workspace_id and tm.id = t.team_id
   where t.workspace_id = $1
     and t.id in (select id from tickets
                   where workspace_id = $1 and status in ($3, $4, $5, $6) and assignee_id = $2
                   order by updated_at desc nulls last, id desc nulls last limit 51)
   order by t.updated_at desc nulls last, t.id desc nulls last`;

const ticketSql = `
  select t.id, t.number, t.subject, t.status, t.priority, t.channel, t.customer_id, t.assignee_id, t.tags, t.custom_fields,
         t.created_at, t.updated_at, c.name as customer_name, a.name as assignee_name
    from tickets t
    join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
    left join users a on a.id = t.assignee_id
   where t.workspace_id = $1 and t.number = $2`;

const messagesSql = `
  select m.id, m.direction, m.channel, m.author_type, m.author_user_id, m.author_customer_id, m.text, m.html, m.created_at,
         u.name as agent_name, c.name as customer_name
    from messages m
    left join users u on u.id = m.author_user_id
    left join customers c on c.workspace_id = m.workspace_id and c.id = m.author_customer_id
   where m.workspace_id = $1 and m.ticket_id = $2
   order by m.created_at, m.id`;

/** The naive ranked search LIMITS.md measures: rank every matching message of the workspace. */
const naiveSearchSql = `
  select m.ticket_id, ts_rank(m.body_search, q.query) as rank
    from messages m, websearch_to_tsquery('english', $2) as q(query)
   where m.workspace_id = $1 and m.body_search @@ q.query
   order by rank desc
   limit 20`;

// ---- phases ---------------------------------------------------------------------------------------

interface Row {
  label: string;
  api: Summary | null;
  useCase: Summary | null;
  raw: Summary | null;
  note: string;
}

async function measureLocal(name: string, mode: 'fixed-rate' | 'closed-loop', amount: number, operation: Operation): Promise<Summary> {
  const run = (seconds: number): Promise<DriveResult> =>
    mode === 'fixed-rate' ? driveFixedRate(operation, amount, seconds) : driveClosedLoop(operation, amount, seconds);
  if (warmupSeconds > 0) await run(warmupSeconds);
  const result = await run(phaseSeconds);
  return report(name, result);
}

async function measureHttp(load: HttpLoad, name: string, job: Omit<HttpJob, 'seconds'>): Promise<Summary> {
  if (warmupSeconds > 0) await load.run({ ...job, seconds: warmupSeconds });
  const result = await load.run({ ...job, seconds: phaseSeconds });
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return report(`${name} [${statuses}]`, result);
}

const loadAverage = () => loadavg()[0]?.toFixed(1) ?? '?';
const loadAverages: number[] = [];

function report(name: string, result: DriveResult): Summary {
  const summary = summarise(result.latenciesMs, result.errors, result.seconds);
  loadAverages.push(loadavg()[0] ?? 0);
  log(
    `  ${name.padEnd(44)} ${String(summary.count).padStart(7)} ok  ${rate(summary.perSecond).padStart(8)}  p50 ${ms(summary.p50).padStart(9)}  p95 ${ms(summary.p95).padStart(9)}  p99 ${ms(summary.p99).padStart(9)}  load ${loadAverage()}${summary.errors ? `  errors ${summary.errors} (${result.firstError})` : ''}`,
  );
  return summary;
}

// ---- EXPLAIN of the SQL the API really runs ---------------------------------------------------------

interface CapturedQuery {
  text: string;
  params: unknown[];
}

/** Records the SQL the app sends while `enabled`; used only to EXPLAIN it afterwards. */
function captureQueries(database: BenchDatabase) {
  const captured: CapturedQuery[] = [];
  let enabled = false;
  type QueryFn = (...callArgs: unknown[]) => Promise<unknown>;
  const target = (database.kind === 'postgres' ? database.pool : database.client) as unknown as { query: QueryFn };
  const original: QueryFn = target.query.bind(target);
  target.query = (...callArgs: unknown[]) => {
    if (enabled) {
      const [first, second] = callArgs;
      const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
      const params = Array.isArray(second) ? second : ((first as { values?: unknown[] } | undefined)?.values ?? []);
      if (text) captured.push({ text, params });
    }
    return original(...callArgs);
  };
  return {
    async during<T>(action: () => Promise<T>): Promise<CapturedQuery[]> {
      captured.length = 0;
      enabled = true;
      try {
        await action();
      } finally {
        enabled = false;
      }
      return [...captured];
    },
    restore() {
      target.query = original;
    },
  };
}

async function explain(database: BenchDatabase, query: CapturedQuery): Promise<string> {
  const rows = await database.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.text}`, query.params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

// ---- main -------------------------------------------------------------------------------------------

async function main() {
  log(`api benchmark: ${engine}, ${ticketCount.toLocaleString('en-US')} tickets × 4 messages, ${agentCount} agents, ${phaseSeconds} s per phase (+${warmupSeconds} s warm-up)`);
  log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free), node ${process.version}, load average ${loadAverage()}`);
  const opened = await openBenchDatabase();
  const { database } = opened;
  let running: RunningRapport | null = null;
  let load: HttpLoad | null = null;
  const capture = captureQueries(database);
  try {
    // (a) a fresh migrated database with a workspace, agents and (later) API tokens
    await database.migrate();
    const now = new Date();
    const workspace = await provisionWorkspace(database.db, { slug: 'bench', name: 'Bench Shop', now });
    const agentIds: string[] = [];
    for (let index = 0; index < agentCount; index += 1) {
      const { user } = await addMember(database.db, {
        workspaceId: workspace.id,
        email: `agent${index + 1}@bench.example`,
        name: `Agent ${index + 1}`,
        password: 'bench-password-1234',
        role: index === 0 ? 'admin' : 'agent',
        now,
      });
      agentIds.push(user.id);
    }

    // (b) bulk load
    log('loading…');
    const loaded = await bulkLoad({ database, workspaceId: workspace.id, agentIds, tickets: ticketCount, seed, now, log });
    const loadSeconds = loaded.rowsSeconds + loaded.indexSeconds + loaded.vacuumSeconds;
    const sizes = await database.query<{ size: string }>(`select pg_size_pretty(pg_database_size(current_database())) as size`);
    log(
      `loaded ${loaded.customers.toLocaleString('en-US')} customers, ${loaded.tickets.toLocaleString('en-US')} tickets, ${loaded.messages.toLocaleString('en-US')} messages in ${duration(loadSeconds)} ` +
        `(rows ${duration(loaded.rowsSeconds)}, indexes ${duration(loaded.indexSeconds)}, vacuum+analyze ${duration(loaded.vacuumSeconds)}); database ${sizes[0]?.size ?? '?'}`,
    );

    // (c) the real server, in-process
    const config = loadConfig({
      env: {},
      configFile: false,
      overrides: { port: 0, logLevel: 'silent', seedDemo: false, ...(opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : {}) },
    });
    running = await startRapport(config, { role: 'web', opened: { database, lock: null }, listen: true });
    const baseUrl = running.url;
    if (!baseUrl) throw new Error('the server did not report its URL');
    const deps = running.deps;
    const actors: Actor[] = agentIds.map((userId, index) => ({ workspaceId: workspace.id, userId, role: index === 0 ? 'admin' : 'agent', via: 'token' }));
    const tokens: string[] = [];
    for (const actor of actors) tokens.push((await createApiToken(deps, actor, { name: 'bench' })).token);
    log(`server at ${baseUrl}`);

    // Request mixes, the same for API, use case and raw SQL.
    const random = createRandom(seed + 1);
    const agentOf = (sequence: number) => sequence % agentCount;
    const inboxPath = `/api/v1/tickets?assignee=me&status=${openStatuses.join(',')}&limit=50`;
    const numbers = Array.from({ length: 20_000 }, () => random.int(1, ticketCount));
    const queries = Array.from({ length: 1_000 }, () => searchQuery(random));
    const tokenFor = (index: number) => tokens[agentOf(index)] ?? '';
    const actorFor = (sequence: number): Actor => actors[agentOf(sequence)] ?? (actors[0] as Actor);
    const at = <T>(items: readonly T[], sequence: number): T => items[sequence % items.length] as T;

    // Smoke check: each route answers.
    const probe = async (path: string) => (await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${tokenFor(0)}` } })).status;
    const inboxStatus = await probe(inboxPath);
    const pageStatus = await probe(`/api/v1/tickets/${at(numbers, 0)}`);
    const searchStatus = await probe(`/api/v1/search?q=${encodeURIComponent(at(queries, 0))}`);
    log(`probe: inbox ${inboxStatus}, ticket page ${pageStatus}, search ${searchStatus}`);
    const hasSearchRoute = searchStatus === 200;

    const inboxParams = (sequence: number) => [workspace.id, agentIds[agentOf(sequence)], ...openStatuses];
    const listQuery = ListTicketsQuery.parse({ assignee: 'me', status: openStatuses.join(','), limit: '50' });

    // EXPLAIN ANALYZE of the SQL the app sends for one request of each kind.
    const explained: string[] = [];
    if (!args.flag('no-explain')) {
      const groups: [string, () => Promise<unknown>][] = [
        ['inbox (agent 2)', () => listTickets(deps, actorFor(1), listQuery)],
        ['ticket page', () => getTicket(deps, actorFor(1), String(at(numbers, 1)))],
        ...(hasSearchRoute ? [[`search "${at(queries, 1)}"`, () => searchTickets(deps, actorFor(1), SearchQuery.parse({ q: at(queries, 1) }))] as [string, () => Promise<unknown>]] : []),
      ];
      for (const [label, action] of groups) {
        const sent = await capture.during(action);
        for (const query of sent) explained.push(`### ${label}\n\n\`\`\`sql\n${query.text.trim()}\n-- params: ${JSON.stringify(query.params)}\n\`\`\`\n\n\`\`\`\n${await explain(database, query)}\n\`\`\``);
      }
      explained.push(`### raw naive search "${at(queries, 1)}"\n\n\`\`\`\n${await explain(database, { text: naiveSearchSql, params: [workspace.id, at(queries, 1)] })}\n\`\`\``);
    }
    capture.restore();

    load = startHttpLoad();
    const rows: Row[] = [];
    log('\nphase                                          requests      rate        p50          p95          p99');

    log('HTTP floor (GET /healthz, no auth, no database)');
    const floor = await measureHttp(load, `healthz @ ${inboxRate}/s`, {
      mode: 'fixed-rate', perSecond: inboxRate, concurrency: 64, baseUrl, requests: [{ path: '/healthz', token: tokens[0] ?? '' }],
    });

    log('inbox: 50 open tickets of one agent');
    const inboxApi = await measureHttp(load, `API @ ${inboxRate}/s`, {
      mode: 'fixed-rate', perSecond: inboxRate, concurrency: 64, baseUrl,
      requests: agentIds.map((_, index) => ({ path: inboxPath, token: tokenFor(index) })),
    });
    const inboxUseCase = await measureLocal(`use case @ ${inboxRate}/s`, 'fixed-rate', inboxRate, async (sequence) => {
      await listTickets(deps, actorFor(sequence), listQuery);
    });
    const inboxRaw = await measureLocal(`raw SQL @ ${inboxRate}/s`, 'fixed-rate', inboxRate, async (sequence) => {
      await database.query(inboxSql, inboxParams(sequence));
    });
    // One request at a time: the service time, meaningful even when the fixed rate is more than the system can take.
    const inboxApiSerial = await measureHttp(load, 'API, 1 at a time', {
      mode: 'closed-loop', concurrency: 1, baseUrl,
      requests: agentIds.map((_, index) => ({ path: inboxPath, token: tokenFor(index) })),
    });
    const inboxRawSerial = await measureLocal('raw SQL, 1 at a time', 'closed-loop', 1, async (sequence) => {
      await database.query(inboxSql, inboxParams(sequence));
    });
    rows.push({ label: `inbox p50 (${inboxRate} req/s)`, api: inboxApi, useCase: inboxUseCase, raw: inboxRaw, note: 'p50' });
    rows.push({ label: `inbox p99 (${inboxRate} req/s)`, api: inboxApi, useCase: inboxUseCase, raw: inboxRaw, note: 'p99' });
    rows.push({ label: 'inbox throughput (1 at a time)', api: inboxApiSerial, useCase: null, raw: inboxRawSerial, note: 'rate' });
    rows.push({ label: 'inbox p50 (1 at a time)', api: inboxApiSerial, useCase: null, raw: inboxRawSerial, note: 'p50' });
    rows.push({ label: 'inbox p99 (1 at a time)', api: inboxApiSerial, useCase: null, raw: inboxRawSerial, note: 'p99' });

    log(`ticket page: ticket + messages, random numbers, ${pageConcurrency} concurrent`);
    const pageApi = await measureHttp(load, `API, ${pageConcurrency} connections`, {
      mode: 'closed-loop', concurrency: pageConcurrency, baseUrl,
      requests: numbers.map((number, index) => ({ path: `/api/v1/tickets/${number}`, token: tokenFor(index) })),
    });
    const pageUseCase = await measureLocal(`use case, ${pageConcurrency} concurrent`, 'closed-loop', pageConcurrency, async (sequence) => {
      await getTicket(deps, actorFor(sequence), String(at(numbers, sequence)));
    });
    const pageRaw = await measureLocal(`raw SQL (2 round trips), ${pageConcurrency} concurrent`, 'closed-loop', pageConcurrency, async (sequence) => {
      const [ticket] = await database.query<{ id: string }>(ticketSql, [workspace.id, at(numbers, sequence)]);
      if (!ticket) throw new Error(`ticket ${at(numbers, sequence)} missing`);
      await database.query(messagesSql, [workspace.id, ticket.id]);
    });
    rows.push({ label: `ticket page throughput (${pageConcurrency} concurrent)`, api: pageApi, useCase: pageUseCase, raw: pageRaw, note: 'rate' });
    rows.push({ label: `ticket page p99 (${pageConcurrency} concurrent)`, api: pageApi, useCase: pageUseCase, raw: pageRaw, note: 'p99' });

    log(`search: 1–3-word queries, ${searchConcurrency} concurrent`);
    const searchApi = hasSearchRoute
      ? await measureHttp(load, `API, ${searchConcurrency} connections`, {
          mode: 'closed-loop', concurrency: searchConcurrency, baseUrl,
          requests: queries.map((q, index) => ({ path: `/api/v1/search?q=${encodeURIComponent(q)}`, token: tokenFor(index) })),
        })
      : null;
    if (!hasSearchRoute) log(`  API: skipped, GET /api/v1/search answered ${searchStatus}`);
    const searchUseCase = hasSearchRoute
      ? await measureLocal(`use case, ${searchConcurrency} concurrent`, 'closed-loop', searchConcurrency, async (sequence) => {
          await searchTickets(deps, actorFor(sequence), SearchQuery.parse({ q: at(queries, sequence) }));
        })
      : null;
    const searchRaw = await measureLocal(`raw naive ranked SQL, ${searchConcurrency} concurrent`, 'closed-loop', searchConcurrency, async (sequence) => {
      await database.query(naiveSearchSql, [workspace.id, at(queries, sequence)]);
    });
    rows.push({ label: `search p50 (${searchConcurrency} concurrent)`, api: searchApi, useCase: searchUseCase, raw: searchRaw, note: 'p50' });
    rows.push({ label: `search p95 (${searchConcurrency} concurrent)`, api: searchApi, useCase: searchUseCase, raw: searchRaw, note: 'p95' });

    // (e) the table
    const pick = (summary: Summary | null, note: string) =>
      !summary ? Number.NaN : note === 'rate' ? summary.perSecond : note === 'p50' ? summary.p50 : note === 'p95' ? summary.p95 : summary.p99;
    const show = (value: number, note: string) => (note === 'rate' ? rate(value) : ms(value));
    const table = [
      '| measure | API (HTTP) | use case (in-process) | raw SQL | API / raw |',
      '|---|---|---|---|---|',
      ...rows.map((row) => {
        const api = pick(row.api, row.note);
        const raw = pick(row.raw, row.note);
        return `| ${row.label} | ${show(api, row.note)} | ${show(pick(row.useCase, row.note), row.note)} | ${show(raw, row.note)} | ${ratio(api, raw)} |`;
      }),
      `| HTTP floor p50 / p99 (GET /healthz @ ${inboxRate}/s) | ${ms(floor.p50)} / ${ms(floor.p99)} | | | |`,
    ];
    const inboxBudget = 1.5 * inboxRaw.p99 + floor.p99;
    const targets = [
      `- inbox p99 ${ms(inboxApi.p99)}: target ≤ ${engine === 'postgres' ? '20' : '30'} ms and ≤ 1.5 × raw p99 + HTTP floor p99 = ${ms(inboxBudget)}`,
      `- ticket page ${rate(pageApi.perSecond)} (p99 ${ms(pageApi.p99)}): target ≥ 2,000/s on PostgreSQL at 1M`,
      `- search p95 ${searchApi ? ms(searchApi.p95) : 'not measured'}: target ≤ 50 ms on PostgreSQL at 1M`,
    ];
    const heading = `## api benchmark — ${engine}, ${ticketCount.toLocaleString('en-US')} tickets, ${(ticketCount * 4).toLocaleString('en-US')} messages, ${agentCount} agents`;
    const machine = `Machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ${new Date().toISOString()}. Load generator: a child process on the same machine. ${phaseSeconds} s per phase after ${warmupSeconds} s warm-up. 1-minute load average during the phases: ${Math.min(...loadAverages).toFixed(1)}–${Math.max(...loadAverages).toFixed(1)} (other work on the machine shows here).`;
    const loadLine = `Bulk load: ${duration(loadSeconds)} (rows ${duration(loaded.rowsSeconds)}, indexes ${duration(loaded.indexSeconds)}, vacuum + analyze ${duration(loaded.vacuumSeconds)}); database size ${sizes[0]?.size ?? '?'}.`;
    const output = [heading, '', machine, loadLine, '', ...table, '', 'Targets (issue 3):', ...targets, ''].join('\n');
    log(`\n${output}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `api-${engine}-${ticketCount}.md`);
    writeFileSync(file, `${output}\n${explained.length ? `\n## EXPLAIN (ANALYZE, BUFFERS) of the SQL the app sends\n\n${explained.join('\n\n')}\n` : ''}`);
    log(`written to ${file}`);
  } finally {
    capture.restore();
    await load?.stop();
    await running?.close();
    await opened.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
