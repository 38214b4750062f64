/**
 * Email chaos run (issue 4): the real server as a child process receives mail over SMTP and sends
 * agent replies through a relay (an smtp-server sink here) while it is killed with SIGKILL at random
 * moments and restarted. Afterwards:
 *  - every message that got 250 exists exactly once (one receipt and one ticket message by Message-ID);
 *  - every reply the API acknowledged before a kill was delivered to the sink;
 *  - duplicate sends (the same Message-ID delivered twice) and duplicate replies are counted.
 * Target: 0 lost, at most 1 duplicate send per kill. Exit code 0 when met, 1 when not.
 *
 *   npm run chaos -- email [--database postgres|pglite] [--kills 30] [--url postgres://…]
 *                          [--min-uptime-ms 800] [--max-uptime-ms 4000] [--connections 4] [--json]
 *
 * The sender behaves like an MTA: a message that did not get 250 is retried later with the same
 * Message-ID; a reply whose request failed is retried with the same Idempotency-Key.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { parseArgs } from './lib/args.ts';
import {
  createFreshPostgres,
  createRandom,
  freePort,
  generateMail,
  prepareWorkspace,
  sleep,
  spawnServer,
  waitServerReady,
  type GeneratedMail,
  type ServerProcess,
} from './lib/email-rig.ts';
import { createSmtpSender, type SmtpSender } from './lib/smtp-send.ts';
import { startSmtpSink } from './lib/smtp-sink.ts';

const args = parseArgs(process.argv.slice(2), ['database', 'url', 'kills', 'min-uptime-ms', 'max-uptime-ms', 'connections', 'seed', 'json', 'keep', 'drain-timeout']);
const engine = args.get('database') ?? 'postgres';
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--database must be postgres or pglite');
const kills = Math.max(1, Math.round(args.number('kills', 30)));
const minUptimeMs = args.number('min-uptime-ms', 800);
const maxUptimeMs = Math.max(minUptimeMs, args.number('max-uptime-ms', 4_000));
const connections = Math.max(1, Math.round(args.number('connections', 4)));
const seed = Math.round(args.number('seed', Date.now() % 1_000_000));
const drainTimeoutMs = args.number('drain-timeout', 180) * 1000;
const asJson = args.flag('json');
const runId = Date.now().toString(36);
const random = createRandom(seed);
const log = (line: string) => {
  if (!asJson) console.log(line);
  else console.error(line);
};

interface ReplyAttempt {
  key: string;
  ticketId: string;
  text: string;
  /** The ticket message id, once the API answered 2xx. */
  messageId: string | null;
  acknowledgedAt: number | null;
  /** A retry answered IDEMPOTENT_REQUEST_DONE: the reply was queued but its response died with the server. */
  responseLost?: boolean;
}

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'rapport-chaos-'));
  const dataDir = join(workDir, 'data');
  const filesDir = join(workDir, 'files');
  mkdirSync(filesDir, { recursive: true });
  const sink = await startSmtpSink();
  const adminUrl = args.get('url') ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pgDatabase = engine === 'postgres' ? await createFreshPostgres(adminUrl, `rapport_chaos_${runId.replace(/[^a-z0-9]/g, '')}`) : null;
  const target = { databaseUrl: pgDatabase?.url ?? null, dataDir };
  let server: ServerProcess | null = null;
  try {
    const workspace = await prepareWorkspace(target, 'chaos');
    const httpPort = await freePort();
    const smtpPort = await freePort();
    const spawnIt = () => spawnServer({ ...target, httpPort, smtpPort, filesDir, relayPort: sink.port, extraEnv: { LOG_LEVEL: 'error' } });
    log(`chaos: ${engine}, ${kills} kills, server up ${minUptimeMs}-${maxUptimeMs} ms between kills, seed ${seed}; ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    server = spawnIt();
    await waitServerReady(server, { httpPort, smtpPort });

    // ---- load: mail over SMTP, replies over HTTP ----
    const mail = generateMail(200_000, { seed, replyShare: 0.3, domain: 'customers.chaos.test', runId });
    let nextMail = 0;
    const acked = new Map<string, GeneratedMail>();
    const retryMail: GeneratedMail[] = [];
    let smtpFailures = 0;
    let stopLoad = false;
    let sender: SmtpSender = createSmtpSender({ port: smtpPort, to: workspace.address, connections, timeoutMs: 5_000 });

    const sendLoop = async () => {
      while (!stopLoad) {
        const item = retryMail.shift() ?? mail[nextMail++]!;
        try {
          await sender.send(item);
          acked.set(item.messageId, item);
        } catch {
          smtpFailures += 1;
          retryMail.push(item);
          await sleep(100);
        }
      }
    };

    const replies: ReplyAttempt[] = [];
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${httpPort}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${workspace.agentToken}`, 'content-type': 'application/json', ...init.headers },
        signal: AbortSignal.timeout(10_000),
      });
    const tryReply = async (attempt: ReplyAttempt): Promise<boolean> => {
      try {
        const response = await api(`/api/v1/tickets/${attempt.ticketId}/replies`, {
          method: 'POST',
          headers: { 'idempotency-key': attempt.key },
          body: JSON.stringify({ text: attempt.text }),
        });
        if (response.status === 409) {
          const error = (await response.json()) as { error?: { code?: string } };
          if (error.error?.code !== 'IDEMPOTENT_REQUEST_DONE') return false;
          // Carried out before a kill; the id is looked up by the reply's unique text afterwards.
          attempt.responseLost = true;
          attempt.acknowledgedAt = Date.now();
          return true;
        }
        if (!response.ok) return false;
        const body = (await response.json()) as { id: string };
        attempt.messageId = body.id;
        attempt.acknowledgedAt = Date.now();
        return true;
      } catch {
        return false;
      }
    };
    const replyLoop = async () => {
      let n = 0;
      while (!stopLoad) {
        await sleep(150 + random() * 300);
        // Requests cut off by a kill are retried (same Idempotency-Key) once the load stops.
        try {
          const response = await api('/api/v1/tickets?limit=50');
          if (!response.ok) continue;
          const page = (await response.json()) as { items: { id: string }[] };
          if (page.items.length === 0) continue;
          const ticket = page.items[Math.floor(random() * page.items.length)]!;
          n += 1;
          const attempt: ReplyAttempt = { key: `chaos-${runId}-${n}`, ticketId: ticket.id, text: `Thanks, we are on it (chaos reply ${runId} ${n}).`, messageId: null, acknowledgedAt: null };
          replies.push(attempt);
          await tryReply(attempt);
        } catch {
          // the server is down: try again after the restart
        }
      }
    };

    const loops = [...Array.from({ length: connections }, () => sendLoop()), replyLoop()];
    const startedAt = Date.now();
    const restartMs: number[] = [];
    const killTimes: number[] = [];
    for (let kill = 1; kill <= kills; kill += 1) {
      await sleep(minUptimeMs + random() * (maxUptimeMs - minUptimeMs));
      killTimes.push(Date.now());
      server.child.kill('SIGKILL');
      await server.exited;
      const killedAt = Date.now();
      server = spawnIt();
      await waitServerReady(server, { httpPort, smtpPort });
      restartMs.push(Date.now() - killedAt);
      // A pooled SMTP connection to the dead process is gone; start a fresh pool.
      const old = sender;
      sender = createSmtpSender({ port: smtpPort, to: workspace.address, connections, timeoutMs: 5_000 });
      old.close();
      log(`kill ${kill}/${kills}: ${acked.size} mails accepted, ${replies.filter((reply) => reply.messageId).length} replies queued, restart took ${Date.now() - killedAt} ms`);
    }
    await sleep(minUptimeMs);
    stopLoad = true;
    await Promise.all(loops);
    const loadSeconds = (Date.now() - startedAt) / 1000;

    // ---- settle: retry what was not acknowledged, then let the server drain its queues ----
    const settleDeadline = Date.now() + drainTimeoutMs;
    while (retryMail.length > 0 && Date.now() < settleDeadline) {
      const item = retryMail.shift()!;
      try {
        await sender.send(item);
        acked.set(item.messageId, item);
      } catch {
        retryMail.push(item);
        await sleep(200);
      }
    }
    for (const attempt of replies) {
      // A key whose first request was cut off by a kill reads as "still being processed" for a minute.
      while (attempt.messageId === null && !attempt.responseLost && Date.now() < settleDeadline) if (!(await tryReply(attempt))) await sleep(1_000);
    }
    sender.close();
    const ackedReplies = replies.filter((attempt) => attempt.messageId !== null || attempt.responseLost);

    const query = async <Row extends Record<string, unknown>>(text: string, params: unknown[]): Promise<Row[]> => {
      if (!target.databaseUrl) throw new Error('unreachable');
      const client = new pg.Client({ connectionString: target.databaseUrl });
      await client.connect();
      try {
        return (await client.query<Row>(text, params)).rows;
      } finally {
        await client.end();
      }
    };
    const pendingCount = async () => {
      const [row] = await query<{ inbound: number; outbound: number }>(
        `select (select count(*)::int from inbound_emails where workspace_id = $1 and status = 'received') as inbound,
                (select count(*)::int from outbound_emails where workspace_id = $1 and status = 'queued') as outbound`,
        [workspace.workspaceId],
      );
      return row!;
    };
    if (target.databaseUrl) {
      for (;;) {
        const pending = await pendingCount();
        if (pending.inbound === 0 && pending.outbound === 0) break;
        if (Date.now() > settleDeadline) {
          log(`drain timed out: ${pending.inbound} inbound and ${pending.outbound} outbound still pending`);
          break;
        }
        await sleep(500);
      }
      server.child.kill('SIGTERM');
      await server.exited;
      server = null;
    } else {
      // One process owns PGlite: stop the server to look; while work is pending, start it again and wait.
      for (;;) {
        await sleep(5_000);
        server.child.kill('SIGTERM');
        await server.exited;
        server = null;
        const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
        const [pending] = await database
          .query<{ inbound: number; outbound: number }>(
            `select (select count(*)::int from inbound_emails where workspace_id = $1 and status = 'received') as inbound,
                    (select count(*)::int from outbound_emails where workspace_id = $1 and status = 'queued') as outbound`,
            [workspace.workspaceId],
          )
          .finally(() => database.close());
        if (pending!.inbound === 0 && pending!.outbound === 0) break;
        if (Date.now() > settleDeadline) {
          log(`drain timed out: ${pending!.inbound} inbound and ${pending!.outbound} outbound still pending`);
          break;
        }
        log(`draining: ${pending!.inbound} inbound and ${pending!.outbound} outbound pending`);
        server = spawnIt();
        await waitServerReady(server, { httpPort, smtpPort });
      }
    }

    // ---- verify ----
    let rows: { receipts: { dedupe_key: string; n: number }[]; messages: { external_id: string; n: number }[]; outbound: { message_id: string; rfc_message_id: string; status: string }[]; statuses: { dedupe_key: string; status: string; reason: string | null }[]; replyTexts: { text: string; n: number; id: string }[] };
    const collect = async (run: <Row extends Record<string, unknown>>(text: string, params: unknown[]) => Promise<Row[]>) => ({
      receipts: await run<{ dedupe_key: string; n: number }>('select dedupe_key, count(*)::int as n from inbound_emails where workspace_id = $1 group by dedupe_key', [workspace.workspaceId]),
      messages: await run<{ external_id: string; n: number }>(
        `select external_id, count(*)::int as n from messages where workspace_id = $1 and direction = 'inbound' and external_id is not null group by external_id`,
        [workspace.workspaceId],
      ),
      outbound: await run<{ message_id: string; rfc_message_id: string; status: string }>(
        `select message_id::text, rfc_message_id, status from outbound_emails where workspace_id = $1 and message_id is not null`,
        [workspace.workspaceId],
      ),
      statuses: await run<{ dedupe_key: string; status: string; reason: string | null }>(
        `select dedupe_key, status, reason from inbound_emails where workspace_id = $1 and status <> 'processed'`,
        [workspace.workspaceId],
      ),
      replyTexts: await run<{ text: string; n: number; id: string }>(
        `select text, count(*)::int as n, min(id::text) as id from messages where workspace_id = $1 and direction = 'outbound' and text like $2 group by text`,
        [workspace.workspaceId, `%chaos reply ${runId} %`],
      ),
    });
    if (target.databaseUrl) rows = await collect(query);
    else {
      const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        rows = await collect((text, params) => database.query(text, params));
      } finally {
        await database.close();
      }
    }

    const receiptCount = new Map(rows.receipts.map((row) => [row.dedupe_key, row.n]));
    const messageCount = new Map(rows.messages.map((row) => [row.external_id, row.n]));
    let lostReceipts = 0;
    let duplicateReceipts = 0;
    let unprocessed = 0;
    const statusOf = new Map(rows.statuses.map((row) => [row.dedupe_key, `${row.status}${row.reason ? ` (${row.reason})` : ''}`]));
    const unprocessedByStatus = new Map<string, number>();
    for (const messageId of acked.keys()) {
      const receipts = receiptCount.get(`mid:${messageId}`) ?? 0;
      if (receipts === 0) lostReceipts += 1;
      if (receipts > 1) duplicateReceipts += receipts - 1;
      if (receipts > 0 && (messageCount.get(messageId) ?? 0) === 0) {
        unprocessed += 1;
        const status = statusOf.get(`mid:${messageId}`) ?? 'processed without a ticket message';
        unprocessedByStatus.set(status, (unprocessedByStatus.get(status) ?? 0) + 1);
      }
    }
    const duplicateMessages = rows.messages.reduce((sum, row) => sum + Math.max(0, row.n - 1), 0);
    const sunk = new Map<string, number>();
    for (const message of sink.messages) if (message.messageId) sunk.set(message.messageId, (sunk.get(message.messageId) ?? 0) + 1);
    const rfcByMessage = new Map(rows.outbound.map((row) => [row.message_id, row]));
    const replyIdByText = new Map(rows.replyTexts.map((row) => [row.text, row.id]));
    for (const attempt of ackedReplies) if (attempt.responseLost) attempt.messageId = replyIdByText.get(attempt.text) ?? 'missing';
    const responsesLost = ackedReplies.filter((attempt) => attempt.responseLost).length;
    let repliesNotQueued = 0;
    let repliesNotDelivered = 0;
    for (const attempt of ackedReplies) {
      const outbound = rfcByMessage.get(attempt.messageId!);
      if (!outbound) repliesNotQueued += 1;
      else if (!sunk.has(outbound.rfc_message_id)) repliesNotDelivered += 1;
    }
    const duplicateSends = [...sunk.values()].reduce((sum, n) => sum + n - 1, 0);
    // For each resent email: how long before the kill that caught it the relay accepted it first
    // (the window between the relay's 250 and the 'sent' mark), and how many each kill caused.
    const firstDelivery = new Map<string, number>();
    for (const message of sink.messages) if (message.messageId && !firstDelivery.has(message.messageId)) firstDelivery.set(message.messageId, message.at);
    const duplicateWindowsMs: number[] = [];
    const duplicatesPerKill = killTimes.map(() => 0);
    for (const [messageId, n] of sunk) {
      if (n < 2) continue;
      const at = firstDelivery.get(messageId)!;
      const kill = killTimes.findIndex((time) => time >= at);
      if (kill < 0) continue;
      duplicateWindowsMs.push(killTimes[kill]! - at);
      duplicatesPerKill[kill]! += n - 1;
    }
    const duplicateReplies = rows.replyTexts.reduce((sum, row) => sum + row.n - 1, 0);
    const lost = lostReceipts + unprocessed + repliesNotQueued + repliesNotDelivered;
    // Inbound: exactly once. Outbound: a resend of one Message-ID and a reply queued twice both reach
    // the customer twice; together they stay within one per kill.
    const duplicateCustomerEmails = duplicateSends + duplicateReplies;
    const passed = lost === 0 && duplicateReceipts === 0 && duplicateMessages === 0 && duplicateCustomerEmails <= kills;
    const summary = {
      engine,
      kills,
      seconds: Math.round(loadSeconds),
      restartMsMedian: restartMs.sort((a, b) => a - b)[Math.floor(restartMs.length / 2)] ?? null,
      mailSent: nextMail,
      mailAccepted: acked.size,
      smtpFailures,
      mailNeverAccepted: retryMail.length,
      lostReceipts,
      unprocessed,
      unprocessedByStatus: Object.fromEntries(unprocessedByStatus),
      duplicateReceipts,
      duplicateMessages,
      repliesAttempted: replies.length,
      repliesAcknowledged: ackedReplies.length,
      repliesWithLostResponse: responsesLost,
      repliesNotQueued,
      repliesNotDelivered,
      sinkMessages: sink.messages.length,
      duplicateSends,
      duplicatesPerKill,
      duplicateWindowsMs: duplicateWindowsMs.sort((a, b) => a - b),
      duplicateReplies,
      duplicateCustomerEmails,
      lost,
      passed,
    };
    if (asJson) console.log(JSON.stringify(summary));
    else {
      log('');
      log(`kills: ${kills} in ${summary.seconds} s (median restart ${summary.restartMsMedian} ms)`);
      log(`mail: ${acked.size} accepted with 250 (${smtpFailures} failed attempts retried, ${retryMail.length} never accepted)`);
      log(`      lost receipts ${lostReceipts}, accepted but not on a ticket ${unprocessed}, duplicate receipts ${duplicateReceipts}, duplicate ticket messages ${duplicateMessages}`);
      if (unprocessed > 0) log(`      not on a ticket, by receipt status: ${JSON.stringify(Object.fromEntries(unprocessedByStatus))}`);
      log(`replies: ${ackedReplies.length} acknowledged of ${replies.length}; not queued ${repliesNotQueued}, not delivered ${repliesNotDelivered}`);
      log(`         replies queued twice (a retried request re-ran after a kill) ${duplicateReplies}; retries told "already done" ${responsesLost}`);
      log(`relay sink: ${sink.messages.length} messages; duplicate sends (same Message-ID twice) ${duplicateSends}`);
      if (duplicateSends > 0) log(`            per kill ${JSON.stringify(duplicatesPerKill)}; first accepted this long before the kill (ms) ${JSON.stringify(summary.duplicateWindowsMs)}`);
      log(`duplicate emails to customers: ${duplicateCustomerEmails} (${(duplicateCustomerEmails / kills).toFixed(2)} per kill; target ≤ 1)`);
      log(passed ? 'PASS: 0 lost, duplicates within 1 per kill' : 'FAIL');
    }
    process.exitCode = passed ? 0 : 1;
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await sink.close();
    if (pgDatabase && !args.flag('keep')) await pgDatabase.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
