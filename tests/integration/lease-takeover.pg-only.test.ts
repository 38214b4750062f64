/**
 * Short leases with renewal on PostgreSQL (issue 4 follow-up): two inbound processors (or two
 * outbound senders, or two outbox dispatchers) in one test process stand for two workers. A worker that stops renewing (its database cut, as when the
 * process is killed) loses its receipts to the other within the lease plus a margin, and each
 * receipt is acted on once; a slow but alive worker keeps renewing and is never taken over.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { startInboundProcessor, type InboundProcessor } from '../../apps/server/src/modules/email/inbound-processor.ts';
import { startOutboundSender, type OutboundSender } from '../../apps/server/src/modules/email/outbound-sender.ts';
import type { MailTransport, OutgoingMail, SendOutcome } from '../../apps/server/src/modules/email/transport.ts';
import type { JobQueue } from '../../apps/server/src/platform/jobs.ts';
import { startOutboxDispatcher, type OutboxDispatcher } from '../../apps/server/src/platform/outbox-dispatcher.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { buildEmailShop, type EmailShop } from '../support/email.ts';
import { waitFor } from '../support/imap.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';
import { withCuttableDatabase } from '../support/cuttable-database.ts';

const leaseSeconds = 2;
let rapport: TestRapport;
let shop: EmailShop;
const processors: (InboundProcessor | OutboundSender | OutboxDispatcher)[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
  shop = await buildEmailShop(rapport);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(processors.splice(0).map((processor) => processor.stop()));
});
afterAll(async () => {
  await rapport?.stop();
});

/** Deps whose storage reads of raw originals wait for `gate` (the worker is busy on the receipt) and whose database can be cut. */
function workerDeps(gate: Promise<void> | null): { deps: AppDeps; cut(): void; restore(): void; reads: string[] } {
  const reads: string[] = [];
  const base = rapport.deps;
  const storage: AppDeps['storage'] = {
    put: (bytes: Uint8Array) => base.storage.put(bytes),
    has: (key: string) => base.storage.has(key),
    get: async (key: string) => {
      reads.push(key);
      if (gate) await gate;
      return base.storage.get(key);
    },
  };
  return { ...withCuttableDatabase(base, storage), reads };
}

async function receiveOne(label: string): Promise<{ id: string; messageId: string }> {
  const messageId = `<${label}-${randomBytes(6).toString('hex')}@customer.test>`;
  const raw = Buffer.from(
    [`From: Ann <ann-${label}@customer.test>`, `To: ${shop.address}`, `Subject: ${label}`, `Message-ID: ${messageId}`, 'Content-Type: text/plain; charset=utf-8', '', `Hello ${label}`, ''].join('\r\n'),
  );
  const result = await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: null, envelopeTo: [shop.address] });
  const id = result.receipts[0]?.id;
  if (!id) throw new Error(`no receipt in ${JSON.stringify(result)}`);
  return { id, messageId };
}

const receipt = async (id: string) =>
  (await rapport.deps.database.query<{ status: string; attempts: number; left_ms: number | null }>(
    `select status, attempts, (extract(epoch from (claimed_until - now())) * 1000)::float8 as left_ms from inbound_emails where id = $1`,
    [id],
  ))[0]!;
const messagesWith = async (messageId: string) =>
  Number((await rapport.deps.database.query<{ count: string }>('select count(*) as count from messages where external_id in ($1, $2)', [messageId, messageId.replace(/^<|>$/g, '')]))[0]!.count);

describe('inbound leases on PostgreSQL', () => {
  it('a crashed worker (stops renewing) loses its receipt to another within the lease; it is processed once', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    const crashed = workerDeps(gate);
    cleanups.push(unblock);
    const first = await startInboundProcessor(crashed.deps, { leaseSeconds, pollMs: 60_000, batch: false });
    processors.push(first);
    const mail = await receiveOne('crash');
    void first.drain();
    await waitFor('the first worker is busy on it', () => crashed.reads.length, (count) => count >= 1, 10_000, 20);
    expect((await receipt(mail.id)).attempts).toBe(1);

    const crashedAt = Date.now();
    crashed.cut(); // renewals fail from now on, as after SIGKILL
    const healthy = workerDeps(null);
    const second = await startInboundProcessor(healthy.deps, { leaseSeconds, pollMs: 200, batch: false });
    processors.push(second);
    const done = await waitFor('the second worker processed it', () => receipt(mail.id), (row) => row.status !== 'received', (leaseSeconds + 5) * 1000, 50);
    expect(Date.now() - crashedAt).toBeLessThan((leaseSeconds + 3) * 1000);
    expect(done.status).toBe('processed');
    expect(done.attempts).toBe(2);
    expect(await messagesWith(mail.messageId)).toBe(1);

    // The stalled worker comes back (its database reachable again) and goes on with the receipt it
    // was processing: it finds the receipt done under the row lock and writes nothing.
    crashed.restore();
    cleanups.pop();
    unblock();
    await first.drain();
    expect(await messagesWith(mail.messageId)).toBe(1);
    expect(await receipt(mail.id)).toMatchObject({ status: 'processed', attempts: 2 });
  });

  it('a slow but alive worker keeps renewing and is not taken over', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    cleanups.push(unblock);
    const slow = workerDeps(gate);
    const first = await startInboundProcessor(slow.deps, { leaseSeconds, pollMs: 60_000, batch: false });
    processors.push(first);
    const mail = await receiveOne('slow');
    const firstDrain = first.drain();
    await waitFor('the first worker is busy on it', () => slow.reads.length, (count) => count >= 1, 10_000, 20);
    const other = workerDeps(null);
    const second = await startInboundProcessor(other.deps, { leaseSeconds, pollMs: 200, batch: false });
    processors.push(second);

    // Three leases long: the lease is renewed every lease/3, so it never runs out.
    await new Promise((resolve) => setTimeout(resolve, leaseSeconds * 3 * 1000));
    const held = await receipt(mail.id);
    expect(held.status).toBe('received');
    expect(held.attempts).toBe(1);
    expect(held.left_ms).toBeGreaterThan(0);
    expect(other.reads).toHaveLength(0);

    unblock();
    await firstDrain;
    const done = await receipt(mail.id);
    expect(done.status).toBe('processed');
    expect(done.attempts).toBe(1);
    expect(await messagesWith(mail.messageId)).toBe(1);
  });
});

/** A transport that records what it handed over; `gate` holds every send until it opens. */
function recordingTransport(gate: Promise<void> | null): MailTransport & { started: string[]; sent: string[] } {
  const started: string[] = [];
  const sent: string[] = [];
  return {
    mode: 'relay',
    started,
    sent,
    async send(mail: OutgoingMail): Promise<SendOutcome> {
      started.push(mail.messageId);
      if (gate) await gate;
      sent.push(mail.messageId);
      return { status: 'accepted', response: '250 ok', host: 'test' };
    },
    close() {},
  };
}

async function queueOutbound(label: string): Promise<{ id: string; rfcMessageId: string }> {
  const rfcMessageId = `${label}-${randomBytes(6).toString('hex')}@${shop.domain}`;
  const [row] = await rapport.deps.database.query<{ id: string }>(
    `insert into outbound_emails (workspace_id, kind, rfc_message_id, from_address, from_name, to_addresses, subject, text)
     values ($1, 'auto_ack', $2, $3, 'Support', array['ann@customer.test'], $4, 'Hello') returning id`,
    [shop.workspace.id, rfcMessageId, shop.address, label],
  );
  return { id: row!.id, rfcMessageId };
}

const outbound = async (id: string) =>
  (await rapport.deps.database.query<{ status: string; attempts: number }>('select status, attempts from outbound_emails where id = $1', [id]))[0]!;

describe('outbound leases on PostgreSQL', () => {
  const options = { leaseSeconds, releaseLeasesOnStart: false } as const;
  // Only this test's email is due (the inbound tests queued auto-acknowledgements).
  beforeEach(async () => {
    await rapport.deps.database.query("update outbound_emails set status = 'sent', claimed_until = null where status = 'queued'");
  });

  it('a crashed sender loses its email to another within the lease; it is sent once', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    cleanups.push(unblock);
    const crashed = workerDeps(null);
    const stuck = recordingTransport(gate);
    const first = await startOutboundSender(crashed.deps, { ...options, pollMs: 60_000, transport: stuck });
    processors.push(first);
    const email = await queueOutbound('out-crash');
    void first.drain();
    await waitFor('the first sender is sending it', () => stuck.started, (ids) => ids.includes(email.rfcMessageId), 10_000, 20);

    const crashedAt = Date.now();
    crashed.cut(); // its renewals fail from now on, as after SIGKILL; its send never completes
    const healthy = recordingTransport(null);
    const second = await startOutboundSender(workerDeps(null).deps, { ...options, pollMs: 200, transport: healthy });
    processors.push(second);
    const done = await waitFor('the second sender sent it', () => outbound(email.id), (row) => row.status === 'sent', (leaseSeconds + 5) * 1000, 50);
    expect(Date.now() - crashedAt).toBeLessThan((leaseSeconds + 3) * 1000);
    expect(done.attempts).toBe(2);
    expect(healthy.sent).toEqual([email.rfcMessageId]);
    expect(stuck.sent).toEqual([]);
  });

  it('a slow sender keeps renewing and is not taken over: the email is sent once', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    cleanups.push(unblock);
    const slow = recordingTransport(gate);
    const first = await startOutboundSender(workerDeps(null).deps, { ...options, pollMs: 60_000, transport: slow });
    processors.push(first);
    const email = await queueOutbound('out-slow');
    const firstDrain = first.drain();
    await waitFor('the first sender is sending it', () => slow.started, (ids) => ids.includes(email.rfcMessageId), 10_000, 20);
    const other = recordingTransport(null);
    const second = await startOutboundSender(workerDeps(null).deps, { ...options, pollMs: 200, transport: other });
    processors.push(second);

    await new Promise((resolve) => setTimeout(resolve, leaseSeconds * 3 * 1000));
    expect(other.started).toEqual([]);
    expect(await outbound(email.id)).toMatchObject({ status: 'queued', attempts: 1 });

    unblock();
    await firstDrain;
    expect(await outbound(email.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(slow.sent).toEqual([email.rfcMessageId]);
    expect(other.started).toEqual([]);
  });
});

/** A job queue that records the events handed to it; `gate` holds every hand-over until it opens. */
function recordingQueue(gate: Promise<void> | null): JobQueue & { started: number[]; sent: number[] } {
  const started: number[] = [];
  const sent: number[] = [];
  const record = async (events: number[]) => {
    started.push(...events);
    if (gate) await gate;
    sent.push(...events);
  };
  return {
    started,
    sent,
    send: (_queue, data) => record([Number(data['eventId'])]),
    sendMany: (jobs) => record(jobs.map((job) => Number(job.data['eventId']))),
    work: async () => {},
    schedule: async () => {},
    stop: async () => {},
  };
}

describe('outbox dispatcher leases on PostgreSQL', () => {
  const listeners = [{ name: 'lease-test', topics: ['lease.test'], handle: async () => {} }];
  const logger = () => rapport.deps.logger;

  async function publish(): Promise<number> {
    // Only this test's event is pending (other tests' events are not this dispatcher's business).
    await rapport.deps.database.query('update outbox set dispatched_at = now(), claimed_until = null where dispatched_at is null');
    const [row] = await rapport.deps.database.query<{ id: string }>(
      `insert into outbox (workspace_id, topic, payload) values ($1, 'lease.test', '{}'::jsonb) returning id`,
      [shop.workspace.id],
    );
    return Number(row!.id);
  }
  const event = async (id: number) =>
    (await rapport.deps.database.query<{ dispatched: boolean; attempts: number }>('select dispatched_at is not null as dispatched, attempts from outbox where id = $1', [id]))[0]!;

  it('a crashed dispatcher loses its batch to another within the lease; each event is handed over once', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    cleanups.push(unblock);
    const crashed = workerDeps(null);
    const stuck = recordingQueue(gate);
    const id = await publish();
    const first = await startOutboxDispatcher(crashed.deps.database, stuck, listeners, logger(), { pollMs: 60_000, leaseSeconds });
    processors.push(first);
    await waitFor('the first dispatcher is handing it over', () => stuck.started, (ids) => ids.includes(id), 10_000, 20);

    const crashedAt = Date.now();
    crashed.cut();
    const healthy = recordingQueue(null);
    const second = await startOutboxDispatcher(workerDeps(null).deps.database, healthy, listeners, logger(), { pollMs: 200, leaseSeconds });
    processors.push(second);
    const done = await waitFor('the second dispatcher dispatched it', () => event(id), (row) => row.dispatched, (leaseSeconds + 5) * 1000, 50);
    expect(Date.now() - crashedAt).toBeLessThan((leaseSeconds + 3) * 1000);
    expect(done.attempts).toBe(2);
    expect(healthy.sent).toEqual([id]);
    expect(stuck.sent).toEqual([]);
  });

  it('a slow dispatcher keeps renewing and is not taken over', async () => {
    let unblock = () => {};
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    cleanups.push(unblock);
    const slow = recordingQueue(gate);
    const id = await publish();
    const first = await startOutboxDispatcher(workerDeps(null).deps.database, slow, listeners, logger(), { pollMs: 60_000, leaseSeconds });
    processors.push(first);
    await waitFor('the first dispatcher is handing it over', () => slow.started, (ids) => ids.includes(id), 10_000, 20);
    const other = recordingQueue(null);
    const second = await startOutboxDispatcher(workerDeps(null).deps.database, other, listeners, logger(), { pollMs: 200, leaseSeconds });
    processors.push(second);

    await new Promise((resolve) => setTimeout(resolve, leaseSeconds * 3 * 1000));
    expect(other.started).toEqual([]);
    expect(await event(id)).toEqual({ dispatched: false, attempts: 1 });

    unblock();
    await waitFor('the first dispatcher marked it', () => event(id), (row) => row.dispatched, 5_000, 50);
    expect(await event(id)).toEqual({ dispatched: true, attempts: 1 });
    expect(slow.sent).toEqual([id]);
    expect(other.started).toEqual([]);
  });
});
