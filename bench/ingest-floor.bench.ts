/**
 * The measured floor under the ingest targets (issue 4): the CPU each step an ingest MUST do costs
 * per email, each step measured alone and done as cheaply as that step can be done, over the same
 * generated mail as `ingest` (seed 4242, 30 % replies). Summed, it is the least CPU any
 * implementation doing what the issue demands spends per email; on this machine's cores that caps
 * its rate, and that cap over the raw baseline's rate (measured here, in the same run) caps the
 * ratio that the "≥ 60 % of the raw baseline" target asks for. Prints figures; asserts nothing.
 *
 *   npm run bench -- ingest-floor [--messages 4000] [--database postgres|pglite] [--url postgres://…]
 *                                 [--connections 8] [--baseline-connections 4] [--keep]
 *
 * Steps (CPU = user + system; in this process from process.cpuUsage(), which counts every thread
 * of the process, libuv's file-system threads and PGlite included; in other processes from /proc):
 *
 * 1. SMTP. a) Receive: the generated mails (bench/lib/smtp-send.ts, a nodemailer pool of 8 as in
 *    `ingest`) to a bare smtp-server in a child process that joins each message's chunks into one
 *    Buffer and answers 250 (bench/lib/smtp-bare.ts): the child's CPU is the server's receive cost,
 *    this process's the load generator's send cost. b) Send: the composed auto-acknowledgements
 *    (step 4's bytes, sent raw: composing is counted in step 4) through a nodemailer pool of 8 to
 *    the same kind of child: this process's CPU is the server's send cost, the child's the relay
 *    sink's (load generator). Leaves out: TLS, AUTH, SPF/DKIM/DMARC checks, connection limits,
 *    Received headers, DKIM signing; any TCP cost the kernel does not charge to these processes.
 * 2. Durable raw store: `createDiskStorage(dir).put(raw)` for every mail, 8 at a time: SHA-256 key,
 *    existence stat, temporary file, write, fsync, close, rename, directory fsync. The object's
 *    two directory levels are created before the clock starts (a running server has made them long
 *    ago; a fresh store of N objects would make up to 2 per object). Leaves out: the kernel's
 *    journal threads (jbd2), whose work is charged to no process here.
 * 3. Parse: `parseEmail(raw)` (the real one: structure scan, mailparser, limits, derived views,
 *    language) of every mail, one after the other.
 * 4. Auto-acknowledgement compose, per new ticket: the real template (`renderAutoAck`, English,
 *    verified sender), its HTML (`textToHtml`), reply token, Message-ID, then nodemailer's
 *    MailComposer with the options Rapport's transport gives sendMail (text + html alternative,
 *    Reply-To, In-Reply-To, References, Auto-Submitted, X-Auto-Response-Suppress,
 *    X-Rapport-Ticket, Date) built to bytes. Leaves out: the first-reply estimate (a fixed
 *    phrase here; Rapport reads queue figures for it), the loop guard, settings.
 * 5. Database, raw SQL (`pg`, `--baseline-connections` connections, default 4; PGlite: one, in
 *    this process), on a fresh database with the real schema (migrated, workspaces provisioned):
 *    a) the raw baseline exactly as `ingest` runs it (bench/lib/raw-baseline.ts): customer +
 *       identity when new, ticket + message, or message + ticket touch for a reply; one
 *       transaction per email; a 23505 (two connections creating one sender) retried once.
 *    b) a) plus the least the issue adds: the receipt (one INSERT into inbound_emails committed
 *       on its own, as before the 250), in the processing transaction one UPDATE marking it
 *       processed (status, processed_at, ticket_id) and, for a new ticket, the outbox row (one
 *       INSERT into outbound_emails with the acknowledgement's real content), then after the
 *       relay's 250 one UPDATE marking it sent, in its own transaction. Leaves out everything
 *       Rapport also writes (the acknowledgement as a ticket message, the loop guard's row,
 *       audit, realtime notification, search, SLA, outbox events, job queue, leases).
 *    CPU: PostgreSQL's backends of these connections + the WAL writer (/proc), and this
 *    process (the client). Leaves out the checkpointer, background writer and autovacuum.
 *    Order: the baseline over the same mail in a warm-up workspace (unmeasured) and ANALYZE, so
 *    the tables hold rows and statistics as in `ingest` (whose baseline runs after the ingest);
 *    then 5a, 5b, and 5a again in a fresh workspace. The baseline's rate is bound by commit
 *    (fsync) latency, not CPU, and moves from run to run: both 5a rates are printed, with the
 *    ratio ceiling against each.
 *
 * The floor sums 1a + 1b + 2 + 3 + 4 + 5b (PostgreSQL and its client) per email (steps for new
 * tickets weighted by their share); the load generator's floor is 1a's sender + 1b's receiver.
 * Every step is warmed up (JIT) on other mails before its clock starts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import pg from 'pg';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { parseEmail } from '@rapport/email/parse';
import { makeMessageId, makeReplyToken, replyAddress } from '@rapport/email/reply-token';
import { createDiskStorage } from '@rapport/storage/disk-storage';
import { sha256Key } from '@rapport/storage/storage';
import { renderAutoAck, textToHtml } from '../apps/server/src/modules/email/outbound-message.ts';
import { parseArgs } from './lib/args.ts';
import { createFreshPostgres, generateMail, prepareWorkspace, type GeneratedMail } from './lib/email-rig.ts';
import { createCpuMeter, processCpuSeconds } from './lib/process-cpu.ts';
import { runBaseline, type BaselineClient, type BaselineHooks } from './lib/raw-baseline.ts';
import { forkBareServer } from './lib/smtp-bare.ts';
import { createSmtpSender, rawMail } from './lib/smtp-send.ts';
import { rate, ratio } from './lib/stats.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), ['messages', 'database', 'url', 'connections', 'baseline-connections', 'keep']);
const engine = args.get('database') ?? 'postgres';
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--database must be postgres or pglite');
const messageCount = Math.max(50, Math.round(args.number('messages', 4_000)));
const smtpConnections = Math.max(1, Math.round(args.number('connections', 8)));
const dbConnections = engine === 'pglite' ? 1 : Math.max(1, Math.round(args.number('baseline-connections', 4)));
const seed = 4242;
const replyShare = 0.3;
const warmUpCount = 200;
const runId = Date.now().toString(36);
const inboundAddress = 'support@floor.bench.test';
const signingSecret = randomBytes(32).toString('hex');
const lines: string[] = [];
const out = (line: string) => {
  lines.push(line);
  console.log(line);
};
const log = (line: string) => console.log(line);

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg().map((value) => value.toFixed(2)).join(', ')}`;
  }
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
    }),
  );
}

/** This process's CPU (ms) and the wall time (s) of `work`. */
async function measure(work: () => Promise<unknown>): Promise<{ ms: number; seconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  return { ms: cpuMs(process.cpuUsage(cpu)), seconds: (performance.now() - started) / 1000 };
}

// ---- the auto-acknowledgement: content (for the outbox row) and its MIME bytes ---------------------

interface AckPlan {
  ticketNumber: number;
  rfcMessageId: string;
  fromAddress: string;
  fromName: string;
  replyTo: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo: string;
  references: string[];
}

function planAck(mail: GeneratedMail, ticketNumber: number): AckPlan {
  const content = renderAutoAck({
    language: 'en',
    verified: true,
    values: { ticketNumber, estimate: 'within about 4 business hours', customerName: '', subject: mail.subject },
    customSubject: null,
    customBody: null,
  });
  const token = makeReplyToken(signingSecret, ticketNumber);
  return {
    ticketNumber,
    rfcMessageId: makeMessageId(token, randomBytes(10).toString('hex'), 'floor.bench.test'),
    fromAddress: inboundAddress,
    fromName: 'Bench floor support',
    replyTo: replyAddress(inboundAddress, token),
    to: mail.from,
    subject: content.subject,
    text: content.text,
    html: textToHtml(content.text),
    inReplyTo: mail.messageId,
    references: [mail.messageId],
  };
}

/** The message as Rapport's transport hands it to nodemailer (transport.ts mailOptions + outbound-sender headers). */
function composeAck(plan: AckPlan): Promise<Buffer> {
  return new MailComposer({
    from: { name: plan.fromName, address: plan.fromAddress },
    replyTo: plan.replyTo,
    to: [plan.to],
    subject: plan.subject,
    text: plan.text,
    html: plan.html,
    messageId: `<${plan.rfcMessageId}>`,
    inReplyTo: `<${plan.inReplyTo}>`,
    references: plan.references.map((id) => `<${id}>`),
    headers: { 'X-Rapport-Ticket': String(plan.ticketNumber), 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    date: new Date(),
    attachments: [],
    envelope: { from: plan.replyTo, to: [plan.to] },
  })
    .compile()
    .build();
}

// ---- step 1: SMTP, receiver in a child process -----------------------------------------------------

interface SmtpCost {
  senderMs: number;
  receiverMs: number;
  seconds: number;
}

async function smtpInbound(mail: readonly GeneratedMail[], warm: readonly GeneratedMail[]): Promise<SmtpCost> {
  const child = await forkBareServer({ collect: true });
  try {
    const sender = createSmtpSender({ port: child.port, to: inboundAddress, connections: smtpConnections });
    await eachLimited(warm, smtpConnections, (item) => sender.send(item));
    const childBefore = processCpuSeconds(child.pid) ?? 0;
    const own = await measure(() => eachLimited(mail, smtpConnections, (item) => sender.send(item)));
    const childAfter = processCpuSeconds(child.pid) ?? 0;
    sender.close();
    return { senderMs: own.ms, receiverMs: (childAfter - childBefore) * 1000, seconds: own.seconds };
  } finally {
    await child.close();
  }
}

async function smtpOutbound(acks: readonly { raw: Buffer; plan: AckPlan }[], warm: readonly { raw: Buffer; plan: AckPlan }[]): Promise<SmtpCost> {
  const child = await forkBareServer({ collect: true });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: child.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: smtpConnections,
    maxMessages: Infinity,
  });
  const send = async (ack: { raw: Buffer; plan: AckPlan }) => {
    const info = (await transport.sendMail({ envelope: { from: ack.plan.replyTo, to: [ack.plan.to] }, raw: ack.raw })) as { response?: string };
    if (!String(info.response ?? '').startsWith('250')) throw new Error(`not accepted: ${info.response}`);
  };
  try {
    await eachLimited(warm, smtpConnections, send);
    const childBefore = processCpuSeconds(child.pid) ?? 0;
    const own = await measure(() => eachLimited(acks, smtpConnections, send));
    const childAfter = processCpuSeconds(child.pid) ?? 0;
    return { senderMs: own.ms, receiverMs: (childAfter - childBefore) * 1000, seconds: own.seconds };
  } finally {
    transport.close();
    await child.close();
  }
}

// ---- step 5: the database ---------------------------------------------------------------------------

interface DbCost {
  databaseMs: number;
  clientMs: number;
  seconds: number;
  perSecond: number;
}

/** What 5b adds to the baseline: receipt before, processed mark + outbox row inside, sent mark after. */
function floorStepHooks(workspaceId: string, raws: Map<string, { key: string; size: number }>, acks: Map<string, AckPlan>): BaselineHooks {
  const receipts = new Map<string, string>();
  const outbound = new Map<string, string>();
  return {
    // The receipt, committed on its own (before the 250).
    async before(client, item) {
      const raw = raws.get(item.messageId)!;
      const receipt = await client.query<{ id: string }>(
        `insert into inbound_emails (workspace_id, source, raw_key, raw_size, dedupe_key, envelope_from, envelope_to, remote_address, helo)
         values ($1, 'smtp', $2, $3, $4, $5, $6, '127.0.0.1', 'localhost') returning id`,
        [workspaceId, raw.key, raw.size, `mid:${item.messageId}`, item.from, [inboundAddress]],
      );
      receipts.set(item.messageId, receipt.rows[0]!.id);
    },
    // In the processing transaction: the receipt marked processed; for a new ticket, the outbox row.
    async extra(client, item, written) {
      await client.query(`update inbound_emails set status = 'processed', processed_at = now(), ticket_id = $3 where workspace_id = $1 and id = $2`, [
        workspaceId,
        receipts.get(item.messageId)!,
        written.ticketId,
      ]);
      if (!written.newTicket) return;
      const ack = acks.get(item.messageId);
      if (!ack) throw new Error(`no acknowledgement planned for ${item.messageId}`);
      const row = await client.query<{ id: string }>(
        `insert into outbound_emails (workspace_id, kind, ticket_id, rfc_message_id, from_address, from_name, reply_to, to_addresses, subject, in_reply_to, "references", text, html)
         values ($1, 'auto_ack', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
        [workspaceId, written.ticketId, ack.rfcMessageId, ack.fromAddress, ack.fromName, ack.replyTo, [ack.to], ack.subject, ack.inReplyTo, ack.references, ack.text, ack.html],
      );
      outbound.set(item.messageId, row.rows[0]!.id);
    },
    // After the relay's 250: marked sent, in a statement (transaction) of its own.
    async after(client, item, written) {
      if (!written.newTicket) return;
      await client.query(`update outbound_emails set status = 'sent', sent_at = now(), attempts = attempts + 1 where workspace_id = $1 and id = $2`, [
        workspaceId,
        outbound.get(item.messageId)!,
      ]);
    },
  };
}

async function runDatabaseStep(
  clients: BaselineClient[],
  workspaceId: string,
  mail: readonly GeneratedMail[],
  hooks: BaselineHooks,
  sampleDatabase: (meter: ReturnType<typeof createCpuMeter>) => Promise<void>,
): Promise<DbCost> {
  const meter = createCpuMeter();
  await sampleDatabase(meter);
  const cpu = process.cpuUsage();
  let clientMs = 0;
  let sampled: Promise<void> = Promise.resolve();
  const summary = await runBaseline(
    clients,
    workspaceId,
    mail,
    () => {
      clientMs = cpuMs(process.cpuUsage(cpu));
      sampled = sampleDatabase(meter);
    },
    hooks,
  );
  await sampled;
  return { databaseMs: meter.total() * 1000, clientMs, seconds: summary.seconds, perSecond: summary.perSecond };
}

// ---- main ----------------------------------------------------------------------------------------------

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'rapport-floor-'));
  const mail = generateMail(messageCount, { seed, replyShare, domain: 'customers.bench.test', runId });
  const warm = generateMail(warmUpCount, { seed: seed + 1, replyShare, domain: 'warm.bench.test', runId: `${runId}w` });
  const fresh = mail.filter((item) => !item.inReplyTo);
  const newShare = fresh.length / mail.length;
  const raws = mail.map((item) => Buffer.from(rawMail(item, inboundAddress)));
  const warmRaws = warm.map((item) => Buffer.from(rawMail(item, inboundAddress)));
  const cores = cpus().length;
  out(`# ingest-floor: ${messageCount.toLocaleString('en-US')} emails (${mail.length - fresh.length} replies, ${fresh.length} new tickets), database ${engine}`);
  out('');
  out(`Machine: ${cores} cores; ${uptime()}`);
  out(`SMTP connections: ${smtpConnections}; database connections: ${dbConnections}; warm-up: ${warmUpCount} other mails per step`);
  let pgDatabase: Awaited<ReturnType<typeof createFreshPostgres>> | null = null;
  try {
    // 1a. SMTP receive (server) and send (load generator).
    log('step 1a: SMTP, generated mail → bare receiver');
    const inbound = await smtpInbound(mail, warm);

    // 4. Compose (before 1b, which sends its bytes).
    log('step 4: auto-acknowledgement compose');
    for (const [index, item] of warm.entries()) await composeAck(planAck(item, index + 1));
    const acks: { raw: Buffer; plan: AckPlan }[] = [];
    const compose = await measure(async () => {
      for (const [index, item] of fresh.entries()) {
        const plan = planAck(item, index + 1);
        acks.push({ plan, raw: await composeAck(plan) });
      }
    });
    const warmAcks = await Promise.all(warm.map(async (item, index) => {
      const plan = planAck(item, index + 1);
      return { plan, raw: await composeAck(plan) };
    }));

    // 1b. SMTP send (server) of the acknowledgements and receive (relay sink, load generator).
    log('step 1b: SMTP, acknowledgements → bare relay');
    const outbound = await smtpOutbound(acks, warmAcks);

    // 2. Durable raw store.
    log('step 2: durable raw store');
    const storeDir = join(workDir, 'store');
    const storage = createDiskStorage(storeDir);
    await eachLimited(warmRaws, smtpConnections, (raw) => storage.put(raw));
    const keys = raws.map((raw) => sha256Key(raw));
    await Promise.all([...new Set(keys.map((key) => join(storeDir, key.slice(0, 2), key.slice(2, 4))))].map((directory) => mkdir(directory, { recursive: true })));
    const store = await measure(() => eachLimited(raws, smtpConnections, (raw) => storage.put(raw)));
    // Let the disk settle (writeback of step 2's files), so step 5's commits do not wait behind it.
    execFileSync('sync');

    // 3. Parse.
    log('step 3: parse');
    for (const raw of warmRaws) await parseEmail(raw);
    const parse = await measure(async () => {
      for (const raw of raws) await parseEmail(raw);
    });

    // 5. Database.
    log(`step 5: database (${engine})`);
    const dataDir = join(workDir, 'data');
    const adminUrl = args.get('url') ?? process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    if (engine === 'postgres') pgDatabase = await createFreshPostgres(adminUrl, 'rapport_bench_floor');
    const target = { databaseUrl: pgDatabase?.url ?? null, dataDir };
    const workspaceA = await prepareWorkspace(target, 'floora');
    const workspaceB = await prepareWorkspace(target, 'floorb');
    const workspaceC = await prepareWorkspace(target, 'floorc');
    const workspaceWarm = await prepareWorkspace(target, 'floorw');
    execFileSync('sync');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rawByMessage = new Map(mail.map((item, index) => [item.messageId, { key: keys[index]!, size: raws[index]!.byteLength }]));
    const ackByMessage = new Map(fresh.map((item, index) => [item.messageId, acks[index]!.plan]));
    // Warm-up: the baseline over the same mail in a workspace of its own, then ANALYZE, so the
    // measured runs meet tables with rows and statistics (as a running desk's are), not empty ones.
    // Then 5a, 5b, and 5a again in a third workspace: the baseline's rate moves with commit
    // (fsync) latency from run to run; both are printed, and 5b − 5a uses their mean CPU.
    let baseline: DbCost;
    let floor: DbCost;
    let baselineAgain: DbCost;
    if (engine === 'postgres') {
      const connect = () =>
        Promise.all(
          Array.from({ length: dbConnections }, async () => {
            const client = new pg.Client({ connectionString: target.databaseUrl! });
            await client.connect();
            return client;
          }),
        );
      const withClients = async (run: (clients: pg.Client[], sample: (meter: ReturnType<typeof createCpuMeter>) => Promise<void>) => Promise<DbCost>) => {
        const clients = await connect();
        try {
          const pids = (await clients[0]!.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() or backend_type = 'walwriter'`)).rows.map((row) => row.pid);
          return await run(clients, async (meter) => meter.sample(pids));
        } finally {
          await Promise.all(clients.map((client) => client.end()));
        }
      };
      await withClients((clients, sample) => runDatabaseStep(clients, workspaceWarm.workspaceId, mail, {}, sample));
      const analyzer = new pg.Client({ connectionString: target.databaseUrl! });
      await analyzer.connect();
      await analyzer.query('analyze');
      await analyzer.end();
      baseline = await withClients((clients, sample) => runDatabaseStep(clients, workspaceA.workspaceId, mail, {}, sample));
      floor = await withClients((clients, sample) => runDatabaseStep(clients, workspaceB.workspaceId, mail, floorStepHooks(workspaceB.workspaceId, rawByMessage, ackByMessage), sample));
      baselineAgain = await withClients((clients, sample) => runDatabaseStep(clients, workspaceC.workspaceId, mail, {}, sample));
    } else {
      const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        const client: BaselineClient = { query: async (text, params) => ({ rows: await database.query(text, params ?? []) }) };
        // One process: PGlite's CPU is this process's, counted as the client's; nothing to sample.
        const none = async () => undefined;
        await runDatabaseStep([client], workspaceWarm.workspaceId, mail, {}, none);
        await client.query('analyze');
        baseline = await runDatabaseStep([client], workspaceA.workspaceId, mail, {}, none);
        floor = await runDatabaseStep([client], workspaceB.workspaceId, mail, floorStepHooks(workspaceB.workspaceId, rawByMessage, ackByMessage), none);
        baselineAgain = await runDatabaseStep([client], workspaceC.workspaceId, mail, {}, none);
      } finally {
        await database.close();
      }
    }

    // ---- the table ----
    const n = mail.length;
    const acksN = acks.length;
    const per = (totalMs: number, count: number) => totalMs / Math.max(1, count);
    const f = (value: number) => `${value.toFixed(3)} ms`;
    const receiveMs = per(inbound.receiverMs, n);
    const ackSendMs = per(outbound.senderMs, acksN);
    const storeMs = per(store.ms, n);
    const parseMs = per(parse.ms, n);
    const composeMs = per(compose.ms, acksN);
    const baseDbMs = per((baseline.databaseMs + baselineAgain.databaseMs) / 2, n);
    const baseClientMs = per((baseline.clientMs + baselineAgain.clientMs) / 2, n);
    const floorDbMs = per(floor.databaseMs, n);
    const floorClientMs = per(floor.clientMs, n);
    const serverFloor = receiveMs + ackSendMs * newShare + storeMs + parseMs + composeMs * newShare + floorDbMs + floorClientMs;
    const senderMs = per(inbound.senderMs, n);
    const relayMs = per(outbound.receiverMs, acksN);
    const generatorFloor = senderMs + relayMs * newShare;
    const total = serverFloor + generatorFloor;
    const ceiling = (cores * 1000) / total;
    const serverOnlyCeiling = (cores * 1000) / serverFloor;
    const dbLabel = engine === 'postgres' ? 'PostgreSQL (backends + WAL writer) / client' : 'none apart / PGlite + client (one process)';
    out('');
    out(`| step | CPU per unit | per email (avg) | wall |`);
    out(`|---|---|---|---|`);
    out(`| 1a. SMTP receive, server side (bare smtp-server, child process) | ${f(receiveMs)} per email | ${f(receiveMs)} | ${inbound.seconds.toFixed(1)} s (${rate(n / inbound.seconds)}) |`);
    out(`| 1b. SMTP send of the acknowledgement, server side (nodemailer pool of ${smtpConnections}, raw bytes) | ${f(ackSendMs)} per new ticket | ${f(ackSendMs * newShare)} | ${outbound.seconds.toFixed(1)} s (${rate(acksN / outbound.seconds)}) |`);
    out(`| 2. durable raw store (createDiskStorage.put: write, fsync, rename, dir fsync; ${smtpConnections} at a time) | ${f(storeMs)} per email | ${f(storeMs)} | ${store.seconds.toFixed(1)} s |`);
    out(`| 3. parse (parseEmail) | ${f(parseMs)} per email | ${f(parseMs)} | ${parse.seconds.toFixed(1)} s |`);
    out(`| 4. acknowledgement compose (template + MailComposer build) | ${f(composeMs)} per new ticket | ${f(composeMs * newShare)} | ${compose.seconds.toFixed(1)} s |`);
    out(`| 5a. raw baseline (${dbConnections} conn.): ${dbLabel} | ${f(per(baseline.databaseMs, n))} / ${f(per(baseline.clientMs, n))} per email | ${f(per(baseline.databaseMs + baseline.clientMs, n))} | ${baseline.seconds.toFixed(1)} s (**${rate(baseline.perSecond)}**) |`);
    out(`| 5b. baseline + receipt, processed mark, outbox row, sent mark: ${dbLabel} | ${f(floorDbMs)} / ${f(floorClientMs)} per email | ${f(floorDbMs + floorClientMs)} | ${floor.seconds.toFixed(1)} s (${rate(floor.perSecond)}) |`);
    out(`| 5a again, after 5b: ${dbLabel} | ${f(per(baselineAgain.databaseMs, n))} / ${f(per(baselineAgain.clientMs, n))} per email | ${f(per(baselineAgain.databaseMs + baselineAgain.clientMs, n))} | ${baselineAgain.seconds.toFixed(1)} s (**${rate(baselineAgain.perSecond)}**) |`);
    out(`| 5b − 5a (mean of both 5a runs): what the issue adds in the database | | ${f(floorDbMs + floorClientMs - baseDbMs - baseClientMs)} | |`);
    out(`| **server + database floor (1a + 1b + 2 + 3 + 4 + 5b)** | | **${f(serverFloor)}** | |`);
    out(`| load generator floor: inbound sender ${f(senderMs)} per email + relay receiver ${f(relayMs)} per acknowledgement | | ${f(generatorFloor)} | |`);
    out(`| **total CPU per email** | | **${f(total)}** | |`);
    out('');
    out(`| figure | value |`);
    out(`|---|---|`);
    out(`| new tickets (acknowledgements) per email | ${newShare.toFixed(3)} (${acksN} of ${n}) |`);
    out(`| throughput ceiling on ${cores} cores from the total (${cores} × 1000 / ${total.toFixed(3)} ms) | **${rate(ceiling)}** |`);
    out(`| … from the server + database floor alone (load generator elsewhere) | ${rate(serverOnlyCeiling)} |`);
    out(`| raw baseline rate measured in this run (5a / 5a again; ${dbConnections} connection(s), nothing else running) | ${rate(baseline.perSecond)} / ${rate(baselineAgain.perSecond)} |`);
    out(`| raw baseline CPU per email (mean of both 5a runs, database + client) | ${f(baseDbMs + baseClientMs)} (at the faster 5a rate that is ${((Math.max(baseline.perSecond, baselineAgain.perSecond) * (baseDbMs + baseClientMs)) / 1000).toFixed(2)} of ${cores} cores busy: ${engine === 'postgres' ? 'the baseline waits on commits, not CPU' : 'PGlite runs on one thread'}) |`);
    out(`| **ratio ceiling = ceiling / baseline rate** (5a / 5a again) | **${ratio(ceiling, baseline.perSecond)} / ${ratio(ceiling, baselineAgain.perSecond)}** (target ≥ 0.60×) |`);
    out(`| ratio ceiling with the load generator on other cores (5a / 5a again) | ${ratio(serverOnlyCeiling, baseline.perSecond)} / ${ratio(serverOnlyCeiling, baselineAgain.perSecond)} |`);
    if (engine === 'pglite') {
      out(`| PGlite target | ≥ 300/s: ceiling ${rate(ceiling)} (${ratio(ceiling, 300)} of it) |`);
      // PGlite runs on the thread that calls it: a server doing every step on that one thread (as
      // Rapport's single process does, apart from libuv's file-system threads) gets one core.
      out(`| … with every server step on PGlite's one thread (1000 / server + database floor) | ${rate(1000 / serverFloor)} |`);
    }
    out('');
    out(`After: ${uptime()}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `ingest-floor-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    log(`\nwritten to ${file}`);
  } finally {
    if (pgDatabase && !args.flag('keep')) await pgDatabase.drop().catch((error: unknown) => log(`could not drop: ${(error as Error).message}`));
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
