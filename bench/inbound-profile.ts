/**
 * Profiling harness of the inbound path (not the official benchmark: that is bench/ingest.bench.ts,
 * over SMTP). In one process and one fresh database it measures separately:
 *   (a) receipt     — receiveEmail (disk storage with fsync, receipt row, NOTIFY), 8 concurrent
 *   (b) processing  — the inbound processor draining those receipts (parse, thread, ticket/message,
 *                     audit/outbox/realtime, auto-acknowledgement), round trips counted
 *   (c) raw baseline — the same rows (customer lookup/insert, ticket, message; or message + ticket
 *                     touch for a reply) by hand-written SQL, one transaction per message
 * and prints msg/s, the ratio processing / baseline and the machine load next to each figure.
 *
 *   npx tsx bench/inbound-profile.ts --db postgres|pglite [--messages 2000] [--receipt-concurrency 8]
 *        [--inbound-concurrency N] [--baseline-connections N] [--url postgres://…] [--auto-ack on|off]
 *        [--parse-only] [--batch on|off] [--batch-size 50]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '@rapport/db/database';
import { createPgliteDatabase } from '@rapport/db/pglite-database';
import { createPostgresDatabase } from '@rapport/db/postgres-database';
import { parseEmail } from '@rapport/email/parse';
import { loadConfig } from '../apps/server/src/config.ts';
import { createAppDeps } from '../apps/server/src/main.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { provisionWorkspace } from '../apps/server/src/modules/workspaces/provision-workspace.ts';
import { receiveEmail } from '../apps/server/src/modules/email/receive-email.ts';
import { startInboundProcessor } from '../apps/server/src/modules/email/inbound-processor.ts';
import { parseArgs } from './lib/args.ts';
import { createRandom } from './lib/email-rig.ts';

const args = parseArgs(process.argv.slice(2), [
  'db', 'messages', 'receipt-concurrency', 'inbound-concurrency', 'baseline-connections', 'url', 'auto-ack', 'parse-only', 'seed', 'skip-baseline', 'batch', 'batch-size',
]);
const engine = args.get('db') ?? 'postgres';
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--db must be postgres or pglite');
const messageCount = Math.max(10, Math.round(args.number('messages', 2000)));
const receiptConcurrency = Math.max(1, Math.round(args.number('receipt-concurrency', 8)));
const baselineConnections = Math.max(1, Math.round(args.number('baseline-connections', engine === 'postgres' ? 4 : 1)));
const autoAck = (args.get('auto-ack') ?? 'on') !== 'off';
const batch = (args.get('batch') ?? 'on') === 'off' ? false : { size: Math.max(1, Math.round(args.number('batch-size', 50))) };
const seed = Math.round(args.number('seed', 7));

const load = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average/, 'load average');
  } catch {
    return 'load average ?';
  }
};
const rate = (count: number, ms: number) => `${Math.round((count * 1000) / ms).toLocaleString('en-US')} msg/s`;

// ---- round-trip counting -------------------------------------------------------------------------

let roundTrips = 0;
function countPostgresRoundTrips() {
  const original = pg.Client.prototype.query;
  // Every statement of the pool and of transactions goes through Client#query.
  pg.Client.prototype.query = function (this: pg.Client, ...rest: unknown[]) {
    roundTrips += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, rest);
  } as typeof original;
}
function countPgliteRoundTrips(client: PGlite) {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (async (...rest: Parameters<PGlite['query']>) => {
    roundTrips += 1;
    return query(...rest);
  }) as PGlite['query'];
  client.exec = (async (...rest: Parameters<PGlite['exec']>) => {
    roundTrips += 1;
    return exec(...rest);
  }) as PGlite['exec'];
  client.transaction = (async (callback: Parameters<PGlite['transaction']>[0]) =>
    transaction(async (tx) => {
      roundTrips += 2; // begin + commit
      const txQuery = tx.query.bind(tx);
      const txExec = tx.exec.bind(tx);
      tx.query = (async (...rest: Parameters<typeof tx.query>) => {
        roundTrips += 1;
        return txQuery(...rest);
      }) as typeof tx.query;
      tx.exec = (async (...rest: Parameters<typeof tx.exec>) => {
        roundTrips += 1;
        return txExec(...rest);
      }) as typeof tx.exec;
      return callback(tx);
    })) as PGlite['transaction'];
}

// ---- generated mail ------------------------------------------------------------------------------

interface Mail {
  index: number;
  from: string;
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  text: string;
  raw: Buffer;
}

const words = 'order delivery parcel refund invoice account password login shipping tracking warehouse courier damaged missing replacement subscription renewal discount coupon payment card declined address postcode weekend delay update status support question thanks please help urgent soon'.split(' ');

async function generate(count: number, to: string, runId: string): Promise<Mail[]> {
  const random = createRandom(seed);
  const pick = () => words[Math.floor(random() * words.length)]!;
  const mail: Mail[] = [];
  for (let index = 0; index < count; index += 1) {
    const isReply = index > 30 && random() < 0.3;
    const parent = isReply ? mail[Math.floor(random() * (index - 20))]! : null;
    const from = parent ? parent.from : `customer${index}@example.org`;
    const subject = parent ? `Re: ${parent.subject.replace(/^Re: /, '')}` : `My ${pick()} ${pick()} ${index}`;
    const body: string[] = [];
    for (let word = 80 + Math.floor(random() * 120); word > 0; word -= 1) body.push(pick());
    const text = `${body.join(' ')}.\n\nRegards,\nCustomer ${index}`;
    const messageId = `<prof-${runId}-${index}@example.org>`;
    const composer = new MailComposer({
      from: `Customer ${from.split('@')[0]} <${from}>`,
      to,
      subject,
      messageId,
      date: new Date(),
      text,
      ...(parent ? { inReplyTo: parent.messageId, references: [parent.messageId] } : {}),
    });
    const raw = await composer.compile().build();
    mail.push({ index, from, subject, messageId: messageId.slice(1, -1), inReplyTo: parent ? parent.messageId.slice(1, -1) : null, text, raw });
  }
  return mail;
}

// ---- databases -----------------------------------------------------------------------------------

interface Opened {
  database: Database;
  databaseUrl: string | null;
  dataDir: string;
  cleanup(): Promise<void>;
}

async function openDatabase(): Promise<Opened> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-inbound-profile-'));
  if (engine === 'pglite') {
    const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
    countPgliteRoundTrips(database.client);
    await database.migrate();
    return {
      database,
      databaseUrl: null,
      dataDir,
      async cleanup() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = args.get('url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `rapport_prof_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createPostgresDatabase({ connectionString: url.toString(), poolSize: 10 });
  await database.migrate();
  countPostgresRoundTrips();
  return {
    database,
    databaseUrl: url.toString(),
    dataDir,
    async cleanup() {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function makeWorkspace(database: Database, slug: string): Promise<{ workspaceId: string; address: string }> {
  const workspace = await provisionWorkspace(database.db, { slug, name: `Profile ${slug}`, now: new Date() });
  const address = `support@${slug}.profile.test`;
  await database.query('insert into email_addresses (workspace_id, address, display_name, is_default) values ($1, $2, $3, true)', [workspace.id, address, `${slug} support`]);
  if (!autoAck) {
    await database.query(
      `insert into email_settings (workspace_id, signing_secret, auto_ack_enabled) values ($1, $2, false)
       on conflict (workspace_id) do update set auto_ack_enabled = false`,
      [workspace.id, randomBytes(32).toString('hex')],
    );
  }
  return { workspaceId: workspace.id, address };
}

// ---- raw-SQL baseline ----------------------------------------------------------------------------

interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

async function baselineInsert(client: SqlClient, workspaceId: string, mail: Mail, text: string): Promise<void> {
  await client.query('begin');
  try {
    if (mail.inReplyTo) {
      const parent = await client.query('select ticket_id, author_customer_id from messages where workspace_id = $1 and external_id = $2', [workspaceId, mail.inReplyTo]);
      const found = parent.rows[0] as { ticket_id: string; author_customer_id: string } | undefined;
      if (found) {
        await client.query(
          `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, external_id, thread_rule)
           values ($1, $2, 'inbound', 'email', 'customer', $3, $4, $5, 'references')`,
          [workspaceId, found.ticket_id, found.author_customer_id, text, mail.messageId],
        );
        await client.query(`update tickets set status = 'open', updated_at = now(), last_message_at = now() where workspace_id = $1 and id = $2`, [workspaceId, found.ticket_id]);
        await client.query('commit');
        return;
      }
    }
    const identity = await client.query(`select customer_id from customer_identities where workspace_id = $1 and kind = 'email' and value = $2`, [workspaceId, mail.from]);
    let customerId = identity.rows[0]?.['customer_id'] as string | undefined;
    if (!customerId) {
      const customer = await client.query('insert into customers (workspace_id, name) values ($1, $2) returning id', [workspaceId, mail.from]);
      customerId = customer.rows[0]!['id'] as string;
      await client.query(`insert into customer_identities (workspace_id, customer_id, kind, value) values ($1, $2, 'email', $3)`, [workspaceId, customerId, mail.from]);
    }
    const counter = await client.query('update workspace_counters set next_ticket_number = next_ticket_number + 1 where workspace_id = $1 returning next_ticket_number - 1 as number', [workspaceId]);
    const ticket = await client.query(
      `insert into tickets (workspace_id, number, subject, status, channel, customer_id, last_message_at) values ($1, $2, $3, 'new', 'email', $4, now()) returning id`,
      [workspaceId, counter.rows[0]!['number'], mail.subject, customerId],
    );
    await client.query(
      `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, external_id, thread_rule)
       values ($1, $2, 'inbound', 'email', 'customer', $3, $4, $5, 'new_ticket')`,
      [workspaceId, ticket.rows[0]!['id'], customerId, text, mail.messageId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function runBaseline(opened: Opened, mail: Mail[]): Promise<number> {
  const { workspaceId } = await makeWorkspace(opened.database, `base-${randomBytes(3).toString('hex')}`);
  // The message text the app stores is the parsed body; the baseline stores the same words.
  const texts = mail.map((item) => item.text);
  // Each email in order, as the app's lanes keep a sender's mail in order: a reply waits for its parent.
  const done = new Map<number, Promise<void>>();
  const byMessageId = new Map(mail.map((item) => [item.messageId, item.index]));
  const started = performance.now();
  if (opened.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opened.databaseUrl, max: baselineConnections });
    let next = 0;
    await Promise.all(
      Array.from({ length: baselineConnections }, async () => {
        const client = await pool.connect();
        try {
          while (next < mail.length) {
            const item = mail[next++]!;
            const parent = item.inReplyTo ? done.get(byMessageId.get(item.inReplyTo)!) : undefined;
            if (parent) await parent;
            const work = baselineInsert(client, workspaceId, item, texts[item.index]!);
            done.set(item.index, work);
            await work;
          }
        } finally {
          client.release();
        }
      }),
    );
    await pool.end();
  } else {
    const client = (opened.database as Database & { client: PGlite }).client;
    const sqlClient: SqlClient = { query: (text, params) => client.query(text, params) as Promise<{ rows: Record<string, unknown>[] }> };
    for (const item of mail) await baselineInsert(sqlClient, workspaceId, item, texts[item.index]!);
  }
  return performance.now() - started;
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  const runId = Date.now().toString(36);
  console.log(`inbound-profile: ${engine}, ${messageCount} messages (30% replies), auto-ack ${autoAck ? 'on' : 'off'}, batch ${batch ? batch.size : 'off'}`);
  const opened = await openDatabase();
  try {
    const config = loadConfig({
      env: {},
      configFile: false,
      overrides: {
        ...(opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : {}),
        dataDir: opened.dataDir,
        filesDir: join(opened.dataDir, 'files'),
        logLevel: 'silent',
        seedDemo: false,
        emailAuthentication: false,
        ...(args.get('inbound-concurrency') ? { inboundConcurrency: Number(args.get('inbound-concurrency')) } : {}),
      },
    });
    const deps = createAppDeps(config, opened.database, { logger: createLogger({ level: 'silent' }) });
    const { workspaceId, address } = await makeWorkspace(opened.database, `prof-${runId}`);
    const mail = await generate(messageCount, address, runId);
    const replies = mail.filter((item) => item.inReplyTo).length;
    console.log(`generated ${mail.length} messages (${replies} replies), ${Math.round(mail.reduce((sum, item) => sum + item.raw.length, 0) / mail.length)} bytes each on average`);

    // parse cost alone (the processor pays it per message)
    const parseSample = mail.slice(0, Math.min(500, mail.length));
    const parseStarted = performance.now();
    for (const item of parseSample) await parseEmail(item.raw);
    const parseMs = (performance.now() - parseStarted) / parseSample.length;
    console.log(`parse: ${parseMs.toFixed(2)} ms/message (${Math.round(1000 / parseMs)} msg/s on one core)  [${load()}]`);
    if (args.flag('parse-only')) return;

    // (a) receipt
    let next = 0;
    roundTrips = 0;
    const receiptStarted = performance.now();
    await Promise.all(
      Array.from({ length: receiptConcurrency }, async () => {
        while (next < mail.length) {
          const item = mail[next++]!;
          await receiveEmail(deps, { raw: item.raw, source: 'smtp', envelopeFrom: item.from, envelopeTo: [address], remoteAddress: '127.0.0.1', helo: 'client.example.org' });
        }
      }),
    );
    const receiptMs = performance.now() - receiptStarted;
    console.log(`(a) receipt: ${rate(mail.length, receiptMs)} (${receiptConcurrency} concurrent; ${(roundTrips / mail.length).toFixed(1)} round trips/msg)  [${load()}]`);

    // (b) processing
    roundTrips = 0;
    const processStarted = performance.now();
    const processor = await startInboundProcessor(deps, { pollMs: 60_000, batch });
    for (;;) {
      await processor.drain();
      const [row] = await opened.database.query<{ left: number }>(`select count(*)::int as left from inbound_emails where workspace_id = $1 and status = 'received'`, [workspaceId]);
      if (!row || row.left === 0) break;
    }
    const processMs = performance.now() - processStarted;
    await processor.stop();
    const trips = roundTrips;
    const outcome = await opened.database.query<{ status: string; n: number }>(`select status, count(*)::int as n from inbound_emails where workspace_id = $1 group by status`, [workspaceId]);
    const [threaded] = await opened.database.query<{ rule: string; n: number }[] & Record<string, unknown>>(
      `select count(*) filter (where thread_rule = 'references')::int as references, count(*) filter (where thread_rule = 'new_ticket')::int as new_tickets,
              (select count(*)::int from outbound_emails where workspace_id = $1) as acks
         from messages where workspace_id = $1 and direction = 'inbound'`,
      [workspaceId],
    );
    console.log(
      `(b) processing: ${rate(mail.length, processMs)} (inbound concurrency ${config.inboundConcurrency}; ${(trips / mail.length).toFixed(1)} round trips/msg)  [${load()}]`,
    );
    console.log(`    receipts ${outcome.map((row) => `${row.status} ${row.n}`).join(', ')}; ${JSON.stringify(threaded)}`);

    // (c) raw baseline
    if (!args.flag('skip-baseline')) {
      const baselineMs = await runBaseline(opened, mail);
      const processRate = (mail.length * 1000) / processMs;
      const baselineRate = (mail.length * 1000) / baselineMs;
      console.log(`(c) raw baseline: ${rate(mail.length, baselineMs)} (${engine === 'postgres' ? `${baselineConnections} connections` : 'one connection'}, 1 txn per message)  [${load()}]`);
      console.log(`processing / baseline = ${(processRate / baselineRate).toFixed(2)}×; receipt / baseline = ${((mail.length * 1000) / receiptMs / baselineRate).toFixed(2)}×`);
    }
  } finally {
    await opened.cleanup();
  }
}

await main();
