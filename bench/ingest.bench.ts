/**
 * Ingest benchmark (issue 4): N generated customer emails (30 % replies to earlier ones, by
 * In-Reply-To/References) sent over SMTP to the real server, counted when stored, threaded and
 * searchable (the inbound message row is committed: its full-text vector is a stored generated
 * column, so commit = searchable; a sample is then checked through GET /api/v1/search).
 * In the same run, a raw-SQL baseline inserts the same rows (customer + ticket + message, or a
 * message + ticket touch for a reply) one transaction per email, and the ratio is printed.
 *
 *   npm run bench -- ingest [--database postgres|pglite] [--messages 20000] [--connections 8]
 *                           [--baseline-connections 4] [--url postgres://…] [--keep]
 *                           [--server-cpu-prof <dir>]  (PostgreSQL: V8 CPU profile of the server process)
 *                           [--workers N]  (PostgreSQL: a web process (SMTP, receipts) and N worker
 *                                           processes, as a production deployment scales; default 0:
 *                                           one `serve --role all` process)
 *
 * PostgreSQL: `rapport serve --role all` runs as a child process; the sender and the observer
 * (polling the messages table) run here. PGlite: one process owns the database, so the server
 * runs in this process (startRapport), sharing its event loop with the sender.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { loadConfig } from '../apps/server/src/config.ts';
import { startRapport, type RunningRapport } from '../apps/server/src/main.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { parseArgs } from './lib/args.ts';
import {
  createFreshPostgres,
  freePort,
  generateMail,
  prepareWorkspace,
  sleep,
  spawnServer,
  waitServerReady,
  type GeneratedMail,
  type PreparedWorkspace,
  type ServerProcess,
} from './lib/email-rig.ts';
import { createCpuMeter } from './lib/process-cpu.ts';
import { runBaseline, type BaselineClient } from './lib/raw-baseline.ts';
import { createSmtpSender } from './lib/smtp-send.ts';
import { startSmtpSink } from './lib/smtp-sink.ts';
import { duration, ms, rate, ratio, summarise } from './lib/stats.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), ['database', 'url', 'messages', 'connections', 'baseline-connections', 'reply-share', 'inbound-concurrency', 'seed', 'keep', 'timeout', 'server-cpu-prof', 'workers']);
const engine = args.get('database') ?? 'postgres';
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--database must be postgres or pglite');
const messageCount = Math.max(20, Math.round(args.number('messages', 20_000)));
const connections = Math.max(1, Math.round(args.number('connections', 8)));
const baselineConnections = Math.max(1, Math.round(args.number('baseline-connections', engine === 'postgres' ? 4 : 1)));
const replyShare = args.number('reply-share', 0.3);
const inboundConcurrency = args.get('inbound-concurrency');
const seed = Math.round(args.number('seed', 4242));
const stallTimeoutMs = args.number('timeout', 120) * 1000;
const workerCount = engine === 'postgres' ? Math.max(0, Math.round(args.number('workers', 0))) : 0;
const runId = Date.now().toString(36);
const log = (line: string) => console.log(line);
const lines: string[] = [];
const out = (line: string) => {
  lines.push(line);
  log(line);
};

interface Observer {
  query<Row extends Record<string, unknown>>(text: string, params: unknown[]): Promise<Row[]>;
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg().map((value) => value.toFixed(2)).join(', ')}`;
  }
}

/** Workers are up once the first one's job queue made the listeners' queues (pg-boss creates them at start); the others follow within moments. */
async function waitWorkersReady(databaseUrl: string, processes: readonly ServerProcess[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const process of processes) {
        if (process.child.exitCode !== null) throw new Error(`a worker exited during start:\n${process.output().slice(-4000)}`);
      }
      const ready = await client
        .query<{ ready: boolean }>(`select exists (select 1 from pgboss.queue where name = 'listener.automations') as ready`)
        .then((result) => result.rows[0]?.ready === true, () => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error('the workers did not start in time');
      await sleep(200);
    }
  } finally {
    await client.end();
  }
}

/** Sends every mail with `connections` parallel senders; retries a refused one a few times. */
async function sendAll(mail: readonly GeneratedMail[], port: number, to: string) {
  const sender = createSmtpSender({ port, to, connections });
  const acceptedAt = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < mail.length) {
        const item = mail[next++]!;
        for (let attempt = 0; ; attempt += 1) {
          try {
            await sender.send(item);
            acceptedAt.set(item.messageId, Date.now());
            break;
          } catch (error) {
            errors += 1;
            if (attempt >= 5) {
              log(`gave up on ${item.messageId}: ${(error as Error).message}`);
              break;
            }
            await sleep(200 * (attempt + 1));
          }
        }
      }
    }),
  );
  sender.close();
  return { acceptedAt, errors, started, finished: Date.now() };
}

/** Polls for committed inbound messages; records when each Message-ID first became visible. */
function observe(observer: Observer, workspaceId: string, expected: number, onPoll: () => Promise<void> = async () => undefined) {
  const seenAt = new Map<string, number>();
  const threadRules = new Map<string, string | null>();
  let since = new Date(0);
  let stopped = false;
  let lastProgress = Date.now();
  const done = (async () => {
    while (!stopped && seenAt.size < expected) {
      const pollStarted = Date.now();
      const rows = await observer.query<{ external_id: string | null; thread_rule: string | null; created_at: Date | string }>(
        `select external_id, thread_rule, created_at from messages
          where workspace_id = $1 and direction = 'inbound' and created_at >= $2`,
        [workspaceId, since],
      );
      let newest = since.getTime();
      for (const row of rows) {
        const createdAt = new Date(row.created_at).getTime();
        if (createdAt > newest) newest = createdAt;
        if (!row.external_id || seenAt.has(row.external_id)) continue;
        seenAt.set(row.external_id, pollStarted);
        threadRules.set(row.external_id, row.thread_rule);
        lastProgress = Date.now();
      }
      // Overlap by 2 s: a row stamped earlier can commit later than a newer one.
      since = new Date(Math.max(0, newest - 2_000));
      if (Date.now() - lastProgress > stallTimeoutMs) {
        log(`no new message for ${stallTimeoutMs / 1000} s: stopping the observer at ${seenAt.size}/${expected}`);
        break;
      }
      await onPoll();
      await sleep(200);
    }
  })();
  return {
    seenAt,
    threadRules,
    done,
    stop() {
      stopped = true;
    },
  };
}

// CPU of the database's own backends plus the WAL writer: what a message costs PostgreSQL.
const backendPidsSql = `select pid from pg_stat_activity
  where (datname = current_database() and pid <> pg_backend_pid()) or backend_type = 'walwriter'`;

function cpuPerEmail(seconds: number, count: number): string {
  return `${((seconds * 1000) / Math.max(1, count)).toFixed(2)} ms`;
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

// ---- main ------------------------------------------------------------------------------------------

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'rapport-ingest-'));
  const mail = generateMail(messageCount, { seed, replyShare, domain: 'customers.bench.test', runId });
  const expectedReplies = mail.filter((item) => item.inReplyTo).length;
  out(`# ingest: ${messageCount.toLocaleString('en-US')} emails (${expectedReplies} replies) over SMTP into ${engine}`);
  out('');
  out(`Machine: ${cpus().length} cores; ${uptime()}`);
  out(`SMTP connections: ${connections}; raw baseline connections: ${baselineConnections}; server inbound concurrency: ${inboundConcurrency ?? 'default'}`);
  if (workerCount > 0) out(`Processes: one web (SMTP listener, receipts, API) and ${workerCount} worker(s) (processing, sending, listeners)`);

  const sink = await startSmtpSink();
  let pgDatabase: Awaited<ReturnType<typeof createFreshPostgres>> | null = null;
  let server: ServerProcess | null = null;
  let workers: ServerProcess[] = [];
  let inProcess: RunningRapport | null = null;
  let observerClient: pg.Client | null = null;
  const dataDir = join(workDir, 'data');
  const filesDir = join(workDir, 'files');
  mkdirSync(filesDir, { recursive: true });
  try {
    const adminUrl = args.get('url') ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    if (engine === 'postgres') pgDatabase = await createFreshPostgres(adminUrl, 'rapport_bench_ingest');
    const target = { databaseUrl: pgDatabase?.url ?? null, dataDir };
    const workspace: PreparedWorkspace = await prepareWorkspace(target, 'ingest');
    const baselineWorkspace = await prepareWorkspace(target, 'baseline');

    let smtpPort: number;
    let httpPort: number;
    let observer: Observer;
    if (engine === 'postgres') {
      httpPort = await freePort();
      smtpPort = await freePort();
      server = spawnServer({
        ...target,
        role: workerCount > 0 ? 'web' : 'all',
        httpPort,
        smtpPort,
        filesDir,
        relayPort: sink.port,
        ...(args.get('server-cpu-prof') ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${args.get('server-cpu-prof')}`] } : {}),
        extraEnv: {
          ...(inboundConcurrency ? { RAPPORT_INBOUND_CONCURRENCY: inboundConcurrency } : {}),
          LOG_LEVEL: 'error',
        },
      });
      await waitServerReady(server, { httpPort, smtpPort });
      for (let index = 0; index < workerCount; index += 1) {
        workers.push(spawnServer({ ...target, httpPort: await freePort(), smtpPort: await freePort(), filesDir, relayPort: sink.port, role: 'worker', extraEnv: { LOG_LEVEL: 'error' } }));
      }
      if (workerCount > 0) await waitWorkersReady(target.databaseUrl!, workers);
      observerClient = new pg.Client({ connectionString: target.databaseUrl! });
      await observerClient.connect();
      const client = observerClient;
      observer = { query: async (text, params) => (await client.query(text, params)).rows };
    } else {
      const config = loadConfig({
        env: {},
        configFile: false,
        overrides: {
          dataDir,
          filesDir,
          port: 0,
          logLevel: 'error',
          seedDemo: false,
          webDistDir: join(workDir, 'no-web'),
          smtpEnabled: true,
          smtpPort: 0,
          smtpHost: '127.0.0.1',
          smtpMaxConnectionsPerClient: 1000,
          smtpMaxMessagesPerClientPerMinute: 10_000_000,
          emailAuthentication: false,
          smtpRelayUrl: `smtp://127.0.0.1:${sink.port}`,
          ...(inboundConcurrency ? { inboundConcurrency: Number(inboundConcurrency) } : {}),
        },
      });
      inProcess = await startRapport(config, { role: 'all', logger: createLogger({ level: 'error' }) });
      const port = inProcess.services.get('smtp-listener')?.port;
      if (!port) throw new Error('the SMTP listener is not running (is it registered in background-services.ts?)');
      smtpPort = port;
      httpPort = Number(new URL(inProcess.url!).port);
      const database = inProcess.deps.database;
      observer = { query: (text, params) => database.query(text, params) };
    }

    // ---- the run ----
    const loadBefore = loadavg()[0]!;
    const serverCpu = createCpuMeter();
    const databaseCpu = createCpuMeter();
    const sampleCpu = async () => {
      if (engine !== 'postgres') return;
      serverCpu.sample([server, ...workers].flatMap((process) => (process?.child.pid ? [process.child.pid] : [])));
      databaseCpu.sample((await observer.query<{ pid: number }>(backendPidsSql, [])).map((row) => row.pid));
    };
    await sampleCpu();
    const clientCpuStart = process.cpuUsage();
    const watcher = observe(observer, workspace.workspaceId, messageCount, sampleCpu);
    const sent = await sendAll(mail, smtpPort, workspace.address);
    log(`sent: ${sent.acceptedAt.size} accepted (250) in ${duration((sent.finished - sent.started) / 1000)}, ${sent.errors} refused attempts`);
    await watcher.done;
    watcher.stop();
    await sampleCpu();
    const clientCpu = process.cpuUsage(clientCpuStart);
    const loadDuring = loadavg()[0]!;
    const atEnd = { server: serverCpu.total(), database: databaseCpu.total() };
    // The outbox listeners (routing, automations, webhooks, notifications, auto-follow) run after
    // a message is searchable: their backlog when the last one was, and how long it took to clear.
    const pendingListenerJobs = async () =>
      (await observer.query<{ pending: number }>(`select count(*)::int as pending from pgboss.job where name like 'listener.%' and state < 'completed'`, []))[0]?.pending ?? 0;
    const backlogAtEnd = await pendingListenerJobs();
    const drainStarted = Date.now();
    let backlogLeft = backlogAtEnd;
    while (backlogLeft > 0 && Date.now() - drainStarted < stallTimeoutMs) {
      await sleep(200);
      await sampleCpu();
      backlogLeft = await pendingListenerJobs();
    }
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const latencies: number[] = [];
    let lastSeen = 0;
    for (const [messageId, seenAt] of watcher.seenAt) {
      const accepted = sent.acceptedAt.get(messageId);
      if (accepted !== undefined) latencies.push(Math.max(0, seenAt - accepted));
      lastSeen = Math.max(lastSeen, seenAt);
    }
    const endToEndSeconds = (lastSeen - sent.started) / 1000;
    const appRate = watcher.seenAt.size / endToEndSeconds;
    const latency = summarise(latencies, 0, endToEndSeconds);
    const threadedReplies = mail.filter((item) => item.inReplyTo && ['references', 'reply_token'].includes(watcher.threadRules.get(item.messageId) ?? '')).length;

    // Searchable: a sample of the unique marker words through the real search endpoint.
    const sample = mail.filter((_, index) => index % Math.max(1, Math.floor(mail.length / 50)) === 0).slice(0, 50);
    let found = 0;
    for (const item of sample) {
      const response = await fetch(`http://127.0.0.1:${httpPort}/api/v1/search?q=${encodeURIComponent(item.marker)}`, {
        headers: { authorization: `Bearer ${workspace.agentToken}` },
      });
      if (response.ok) {
        const body = (await response.json()) as { hits?: unknown[]; items?: unknown[] };
        if ((body.hits ?? body.items ?? []).length > 0) found += 1;
      }
    }
    const [counts] = await observer.query<{ tickets: number; receipts: number; processed: number }>(
      `select (select count(*)::int from tickets where workspace_id = $1) as tickets,
              (select count(*)::int from inbound_emails where workspace_id = $1) as receipts,
              (select count(*)::int from inbound_emails where workspace_id = $1 and status = 'processed') as processed`,
      [workspace.workspaceId],
    );

    // Stop the server before the baseline, so the two do not share the cores.
    for (const process of [server, ...workers]) {
      if (!process) continue;
      process.child.kill('SIGTERM');
      await process.exited;
    }
    server = null;
    workers = [];
    if (inProcess) {
      await inProcess.close();
      inProcess = null;
    }

    // ---- raw-SQL baseline ----
    let baseline;
    const baselineDatabaseCpu = createCpuMeter();
    let baselineClientSeconds = 0;
    if (engine === 'postgres') {
      const clients = await Promise.all(
        Array.from({ length: baselineConnections }, async () => {
          const client = new pg.Client({ connectionString: target.databaseUrl! });
          await client.connect();
          return client;
        }),
      );
      const pids = (await clients[0]!.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() or backend_type = 'walwriter'`)).rows.map((row) => row.pid);
      baselineDatabaseCpu.sample(pids);
      const started = process.cpuUsage();
      baseline = await runBaseline(clients, baselineWorkspace.workspaceId, mail, () => {
        baselineDatabaseCpu.sample(pids);
        baselineClientSeconds = cpuSeconds(process.cpuUsage(started));
      });
      await Promise.all(clients.map((client) => client.end()));
    } else {
      const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
      const client: BaselineClient = { query: async (text, params) => ({ rows: await database.query(text, params ?? []) }) };
      baseline = await runBaseline([client], baselineWorkspace.workspaceId, mail);
      await database.close();
    }

    out('');
    out(`| measure | value |`);
    out(`|---|---|`);
    out(`| emails accepted (250) | ${sent.acceptedAt.size.toLocaleString('en-US')} of ${messageCount.toLocaleString('en-US')} (${sent.errors} refused attempts) |`);
    out(`| SMTP intake rate (250s/s) | ${rate(sent.acceptedAt.size / ((sent.finished - sent.started) / 1000))} |`);
    out(`| stored + threaded + searchable | ${watcher.seenAt.size.toLocaleString('en-US')} in ${duration(endToEndSeconds)} |`);
    out(`| **end-to-end rate** | **${rate(appRate)}** |`);
    out(`| 250 → searchable p50 / p95 / p99 / max (±200 ms poll) | ${ms(latency.p50)} / ${ms(latency.p95)} / **${ms(latency.p99)}** / ${ms(latency.max)} |`);
    out(`| replies threaded by In-Reply-To/References | ${threadedReplies} of ${expectedReplies} |`);
    out(`| receipts / processed / tickets | ${counts?.receipts} / ${counts?.processed} / ${counts?.tickets} (expected tickets: ${messageCount - threadedReplies}) |`);
    out(`| search sample (GET /api/v1/search, unique word) | ${found} of ${sample.length} found |`);
    out(`| outbound mail received by the relay sink (auto-acknowledgements) | ${sink.messages.length} |`);
    out(`| raw-SQL baseline (${baselineConnections} connection(s), 1 txn per email) | ${rate(baseline.perSecond)} (txn p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}) |`);
    out(`| **Rapport / raw baseline** | **${ratio(appRate, baseline.perSecond)}** |`);
    out(`| load average (1 min) before / after the run | ${loadBefore.toFixed(2)} / ${loadDuring.toFixed(2)} |`);
    out(`| outbox listener jobs still queued when the last email was searchable | ${backlogAtEnd.toLocaleString('en-US')} (${backlogLeft === 0 ? `cleared ${duration(drainSeconds)} later` : `${backlogLeft} left after ${duration(drainSeconds)}`}) |`);
    if (engine === 'postgres') {
      const rapportCpu = atEnd.server + atEnd.database;
      const baselineCpu = baselineDatabaseCpu.total() + baselineClientSeconds;
      out(`| CPU per email, Rapport: server / PostgreSQL (its backends + WAL writer) / sender, observer and relay sink | ${cpuPerEmail(atEnd.server, messageCount)} / ${cpuPerEmail(atEnd.database, messageCount)} / ${cpuPerEmail(cpuSeconds(clientCpu), messageCount)} |`);
      out(`| CPU per email including the listeners' work after the end: server / PostgreSQL | ${cpuPerEmail(serverCpu.total(), messageCount)} / ${cpuPerEmail(databaseCpu.total(), messageCount)} |`);
      out(`| CPU per email, raw baseline: PostgreSQL / client | ${cpuPerEmail(baselineDatabaseCpu.total(), messageCount)} / ${cpuPerEmail(baselineClientSeconds, messageCount)} |`);
      out(`| **server + PostgreSQL CPU per email vs the baseline's** | **${cpuPerEmail(rapportCpu, messageCount)} vs ${cpuPerEmail(baselineCpu, messageCount)} (${ratio(baselineCpu, rapportCpu)})**; on ${cpus().length} cores that CPU alone caps Rapport at ${rate((cpus().length * messageCount) / Math.max(1e-9, rapportCpu))} |`);
    }
    out('');
    out(`After: ${uptime()}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `ingest-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    log(`\nwritten to ${file}`);
  } finally {
    for (const process of [server, ...workers]) {
      if (!process) continue;
      process.child.kill('SIGKILL');
      await process.exited;
    }
    await inProcess?.close().catch(() => undefined);
    await observerClient?.end().catch(() => undefined);
    await sink.close();
    if (pgDatabase && !args.flag('keep')) await pgDatabase.drop().catch((error: unknown) => log(`could not drop: ${(error as Error).message}`));
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
