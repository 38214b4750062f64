/**
 * The inbound batch path end to end: one claim holding many new-ticket emails of distinct senders
 * plus replies, a duplicate and an unreadable email; a batch that fails and falls back to one by
 * one; two processors racing on the same receipts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { buildEmailShop, type EmailShop } from '../../../../../tests/support/email.ts';
import { realtimeChannel } from '../../platform/events.ts';
import { outboundChannel } from './outbound.queries.ts';
import { processInboundBatch } from './inbound-batch.ts';
import { startInboundProcessor } from './inbound-processor.ts';
import { claimDueReceipts } from './inbound.queries.ts';
import { processInboundEmail } from './process-inbound.ts';
import { receiveEmail } from './receive-email.ts';

let rapport: TestRapport;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
});
afterAll(async () => {
  await rapport?.stop();
});

type Shop = EmailShop;
const buildShop = () => buildEmailShop(rapport);

const uid = () => randomBytes(6).toString('hex');
const mail = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);

function textMail(shop: Shop, options: { from: string; subject?: string; messageId?: string; inReplyTo?: string; body?: string }) {
  return mail([
    `From: ${options.from}`,
    `To: ${shop.address}`,
    `Subject: ${options.subject ?? `Question ${uid()}`}`,
    `Message-ID: ${options.messageId ?? `<${uid()}@customer.test>`}`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hello, where is my order?',
  ]);
}

async function receive(shop: Shop, raw: Uint8Array, envelopeFrom: string | null, receivedAt?: Date): Promise<string> {
  const result = await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom, envelopeTo: [shop.address], ...(receivedAt ? { receivedAt } : {}) });
  const receipt = result.receipts.find((item) => item.workspaceId === shop.workspace.id)!;
  if (!receipt.id) throw new Error('duplicate receipt');
  return receipt.id;
}

/** A receipt row written by hand (a replay under another dedupe key: slips past the receipt dedupe). */
async function stageReceipt(shop: Shop, raw: Uint8Array): Promise<string> {
  const rawKey = (await rapport.deps.storage.put(raw)).key;
  const [row] = await rapport.database.query<{ id: string }>(
    `insert into inbound_emails (workspace_id, source, raw_key, raw_size, dedupe_key, envelope_to) values ($1, 'smtp', $2, $3, $4, $5) returning id`,
    [shop.workspace.id, rawKey, raw.byteLength, `test:${uid()}`, [shop.address]],
  );
  return row!.id;
}

interface Receipt extends Record<string, unknown> {
  id: string;
  status: string;
  reason: string | null;
  ticket_id: string | null;
  message_id: string | null;
}

async function receipts(ids: string[]): Promise<Map<string, Receipt>> {
  const rows = await rapport.database.query<Receipt>('select id, status, reason, ticket_id, message_id from inbound_emails where id = any($1::uuid[])', [ids]);
  return new Map(rows.map((row) => [row.id, row]));
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await rapport.database.query<{ count: number }>(sql, params);
  return Number(row!.count);
}

async function ticketNumbers(shop: Shop): Promise<number[]> {
  const rows = await rapport.database.query<{ number: number | string }>('select number from tickets where workspace_id = $1 order by number', [shop.workspace.id]);
  return rows.map((row) => Number(row.number));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

interface Scenario {
  shop: Shop;
  fresh: string[];
  ownReply: string;
  oldReply: string;
  duplicate: string;
  malformed: string;
  repeat: string;
  repeatTicketId: string;
  oldTicketId: string;
  closer: string;
  closerTicketId: string;
}

/**
 * One existing ticket (from old@), then in one claim: 40 new emails from 40 senders, a reply by
 * sender 3 to their new email (same lane), a reply by old@ to the existing ticket, a replayed
 * duplicate of old@'s first email, an email without From, a second email from repeat@ with
 * the subject repeat@ was acknowledged for a moment ago, and closer@'s "No." to the agent's
 * "Anything else?" on a solved ticket.
 */
async function stageScenario(): Promise<Scenario> {
  const shop = await buildShop();
  // The prelude with a processor of its own, stopped before the claim under test is staged (a
  // running processor would start on the first NOTIFY and split the claim).
  const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: false });
  const tag = uid();
  const oldMessageId = `<old-${tag}@customer.test>`;
  const first = await receive(shop, textMail(shop, { from: `old-${tag}@customer.test`, messageId: oldMessageId, subject: 'My first question' }), `old-${tag}@customer.test`);
  const repeatFirst = await receive(shop, textMail(shop, { from: `repeat-${tag}@customer.test`, subject: 'Printer on fire' }), `repeat-${tag}@customer.test`);
  const closerMessageId = `<closer-${tag}@customer.test>`;
  const closerFirst = await receive(shop, textMail(shop, { from: `closer-${tag}@customer.test`, messageId: closerMessageId, subject: 'Refund please' }), `closer-${tag}@customer.test`);
  await processor.drain();
  await processor.stop();
  const before = await receipts([first, repeatFirst, closerFirst]);
  const oldTicketId = before.get(first)!.ticket_id!;
  const repeatTicketId = before.get(repeatFirst)!.ticket_id!;
  const closerTicketId = before.get(closerFirst)!.ticket_id!;
  // The old ticket was solved meanwhile: old@'s reply reopens it. Closer@'s ticket was solved with
  // an agent reply asking whether anything else is needed.
  await rapport.database.query("update tickets set status = 'solved', solved_at = now(), outcome = 'solved' where id = any($1)", [[oldTicketId, closerTicketId]]);
  await rapport.database.query(
    `insert into messages (id, workspace_id, ticket_id, direction, channel, author_type, text)
     values (gen_random_uuid(), $1, $2, 'outbound', 'email', 'agent', 'Your refund has been issued. Is there anything else I can help you with?')`,
    [shop.workspace.id, closerTicketId],
  );
  expect(before.get(repeatFirst)!.status).toBe('processed');

  const fresh: string[] = [];
  let ownReply = '';
  for (let index = 0; index < 40; index += 1) {
    const sender = `sender${index}-${tag}@customer.test`;
    const messageId = `<new${index}-${tag}@customer.test>`;
    fresh.push(await receive(shop, textMail(shop, { from: `"Sender ${index}" <${sender}>`, messageId, subject: `Order ${index} is late` }), sender));
    if (index === 3) {
      ownReply = await receive(shop, textMail(shop, { from: sender, inReplyTo: messageId, subject: `Re: Order ${index} is late`, body: 'Any news?' }), sender);
    }
  }
  const oldReply = await receive(shop, textMail(shop, { from: `old-${tag}@customer.test`, inReplyTo: oldMessageId, subject: 'Re: My first question' }), `old-${tag}@customer.test`);
  const duplicate = await stageReceipt(shop, textMail(shop, { from: `old-${tag}@customer.test`, messageId: oldMessageId, subject: 'My first question', body: 'resent' }));
  const malformed = await receive(shop, mail([`To: ${shop.address}`, 'Subject: who am I', `Message-ID: <nofrom-${tag}@x.test>`, '', 'body']), `nobody-${tag}@customer.test`);
  const repeat = await receive(shop, textMail(shop, { from: `repeat-${tag}@customer.test`, subject: 'Printer on fire' }), `repeat-${tag}@customer.test`);
  const closer = await receive(shop, textMail(shop, { from: `closer-${tag}@customer.test`, inReplyTo: closerMessageId, subject: 'Re: Refund please', body: 'No.' }), `closer-${tag}@customer.test`);
  return { shop, fresh, ownReply, oldReply, duplicate, malformed, repeat, repeatTicketId, oldTicketId, closer, closerTicketId };
}

async function expectScenarioResult(scenario: Scenario): Promise<void> {
  const { shop } = scenario;
  const all = await receipts([...scenario.fresh, scenario.ownReply, scenario.oldReply, scenario.duplicate, scenario.malformed, scenario.repeat, scenario.closer]);
  const fresh = scenario.fresh.map((id) => all.get(id)!);
  expect(fresh.every((row) => row.status === 'processed' && row.ticket_id && row.message_id)).toBe(true);
  expect(new Set(fresh.map((row) => row.ticket_id)).size).toBe(40);
  // Sender 3's reply joined the ticket of the message it answers; old@'s reply the old ticket.
  expect(all.get(scenario.ownReply)).toMatchObject({ status: 'processed', ticket_id: fresh[3]!.ticket_id });
  expect(all.get(scenario.oldReply)).toMatchObject({ status: 'processed', ticket_id: scenario.oldTicketId });
  const [old] = await rapport.database.query<{ status: string; solved_at: Date | null; outcome: string | null }>('select status, solved_at, outcome from tickets where id = $1', [
    scenario.oldTicketId,
  ]);
  expect(old).toMatchObject({ status: 'open', solved_at: null, outcome: null });
  const [replied] = await rapport.database.query<{ data: Record<string, unknown> }>(
    "select data from audit_log where action = 'ticket.customer_replied' and subject_id = $1 and data->>'inboundEmailId' = $2",
    [scenario.oldTicketId, scenario.oldReply],
  );
  expect(replied!.data).toMatchObject({ status: 'open', previousStatus: 'solved', threadRule: 'references', direction: 'inbound', channel: 'email' });
  // Closer@'s "No." answers the agent's "Anything else?": it signs off, so the ticket stays solved.
  expect(all.get(scenario.closer)).toMatchObject({ status: 'processed', ticket_id: scenario.closerTicketId });
  const [closer] = await rapport.database.query<{ status: string }>('select status from tickets where id = $1', [scenario.closerTicketId]);
  expect(closer!.status).toBe('solved');
  const [ownReply] = await rapport.database.query<{ thread_rule: string }>('select thread_rule from messages where id = $1', [all.get(scenario.ownReply)!.message_id]);
  expect(ownReply!.thread_rule).toBe('references');
  expect(all.get(scenario.duplicate)).toMatchObject({ status: 'ignored', reason: 'duplicate', ticket_id: scenario.oldTicketId });
  expect(all.get(scenario.malformed)).toMatchObject({ status: 'quarantined', reason: 'no_from', ticket_id: null });
  expect(all.get(scenario.repeat)!.status).toBe('processed');

  // Tickets: the old one, repeat@'s first, closer@'s, the 40 new ones, and repeat@'s second unless
  // threaded by subject; numbers unique and gapless.
  const numbers = await ticketNumbers(shop);
  expect(numbers).toEqual(range(1, numbers.length));
  const repeatOwnTicket = all.get(scenario.repeat)!.ticket_id !== scenario.repeatTicketId;
  expect(numbers.length).toBe(repeatOwnTicket ? 44 : 43);
  expect(await count("select count(*)::int as count from messages where workspace_id = $1 and direction = 'inbound'", [shop.workspace.id])).toBe(47);
  for (const row of fresh) {
    expect(await count('select count(*)::int as count from messages where workspace_id = $1 and id = $2 and ticket_id = $3', [shop.workspace.id, row.message_id, row.ticket_id])).toBe(1);
  }

  // One acknowledgement per new ticket, never twice to a sender (repeat@ is acknowledged once).
  const acks = await rapport.database.query<{ to_addresses: string[]; ticket_id: string }>(
    "select to_addresses, ticket_id from outbound_emails where workspace_id = $1 and kind = 'auto_ack'",
    [shop.workspace.id],
  );
  const recipients = acks.map((row) => row.to_addresses.join(','));
  expect(new Set(recipients).size).toBe(recipients.length);
  expect(acks).toHaveLength(43);
  expect(new Set(acks.map((row) => row.ticket_id))).toEqual(
    new Set([...fresh.map((row) => row.ticket_id), scenario.oldTicketId, scenario.repeatTicketId, scenario.closerTicketId]),
  );
  expect(await count("select count(*)::int as count from automatic_emails where workspace_id = $1 and kind = 'auto_ack'", [shop.workspace.id])).toBe(43);
  expect(await count("select count(*)::int as count from messages where workspace_id = $1 and direction = 'outbound' and author_type = 'system'", [shop.workspace.id])).toBe(43);

  // Audit and outbox rows of every new ticket, and of every acknowledgement.
  const ticketIds = fresh.map((row) => row.ticket_id);
  expect(await count("select count(*)::int as count from audit_log where workspace_id = $1 and action = 'ticket.created' and subject_id = any($2::uuid[])", [shop.workspace.id, ticketIds])).toBe(40);
  expect(await count("select count(*)::int as count from audit_log where workspace_id = $1 and action = 'email.auto_ack_queued' and subject_id = any($2::uuid[])", [shop.workspace.id, ticketIds])).toBe(40);
  expect(
    await count("select count(*)::int as count from outbox where workspace_id = $1 and topic = 'ticket.created' and (payload->>'ticketId')::uuid = any($2::uuid[])", [
      shop.workspace.id,
      ticketIds,
    ]),
  ).toBe(40);
  const payload = await rapport.database.query<{ payload: Record<string, unknown> }>("select payload from outbox where workspace_id = $1 and topic = 'ticket.created' and payload->>'ticketId' = $2", [
    shop.workspace.id,
    fresh[0]!.ticket_id,
  ]);
  expect(payload[0]!.payload).toMatchObject({ ticketId: fresh[0]!.ticket_id, channel: 'email', inboundEmailId: scenario.fresh[0], threadRule: 'new_ticket', workspaceId: shop.workspace.id });
  // Customers: one per sender, named after the From display name.
  const [customer] = await rapport.database.query<{ name: string }>(
    "select c.name from customers c join customer_identities ci on ci.customer_id = c.id where ci.workspace_id = $1 and ci.value like 'sender0-%'",
    [shop.workspace.id],
  );
  expect(customer!.name).toBe('Sender 0');
}

describe('inbound batch path', () => {
  it('writes 40 new tickets of 40 senders and a reply to an existing ticket in one batch; later replies, a duplicate and an unreadable email one by one', async () => {
    const scenario = await stageScenario();
    const batches: string[][] = [];
    const realtime: { type: string; ticketId: string }[] = [];
    let outboundWakeups = 0;
    const unlisten = [
      await rapport.database.listen(realtimeChannel, (payload) => realtime.push(JSON.parse(payload) as { type: string; ticketId: string })),
      await rapport.database.listen(outboundChannel, () => (outboundWakeups += 1)),
    ];
    const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: { size: 50, beforeCommit: (_, ids) => void batches.push(ids) } });
    try {
      await processor.drain();
      // The realtime events: ticket.created and the acknowledgement's message.created of each new
      // ticket, and the message.created of sender 3's reply.
      const ticketIds = new Set([...(await receipts(scenario.fresh)).values()].map((row) => row.ticket_id));
      const deadline = Date.now() + 5_000;
      while (realtime.filter((event) => ticketIds.has(event.ticketId)).length < 81 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const ours = realtime.filter((event) => ticketIds.has(event.ticketId));
      expect(ours.filter((event) => event.type === 'ticket.created')).toHaveLength(40);
      expect(ours.filter((event) => event.type === 'message.created')).toHaveLength(41);
      expect(outboundWakeups).toBeGreaterThan(0);
      // The 40 first emails of their senders went in one batch (the lane heads that open a ticket).
      expect(batches).toHaveLength(1);
      expect(batches[0]!.length).toBeGreaterThanOrEqual(40);
      expect(scenario.fresh.every((id) => batches[0]!.includes(id))).toBe(true);
      // old@'s reply to the existing ticket joined the batch too; sender 3's reply (second in its
      // lane) ran after the batch committed.
      expect(batches[0]).toContain(scenario.oldReply);
      expect(batches[0]).not.toContain(scenario.ownReply);
      await expectScenarioResult(scenario);
    } finally {
      await processor.stop();
      for (const stop of unlisten) await stop();
    }
  });

  it('falls back to one by one when the batch transaction fails, with the same result', async () => {
    const scenario = await stageScenario();
    let attempts = 0;
    const processor = await startInboundProcessor(rapport.deps, {
      pollMs: 60_000,
      batch: {
        size: 50,
        beforeCommit: () => {
          attempts += 1;
          throw new Error('injected failure inside the batch transaction');
        },
      },
    });
    try {
      await processor.drain();
      expect(attempts).toBeGreaterThan(0);
      await expectScenarioResult(scenario);
    } finally {
      await processor.stop();
    }
  });

  it('offers the next email of a batched sender to the next round, after the previous one committed', async () => {
    const shop = await buildShop();
    const tag = uid();
    const expected: { sender: string; ids: string[] }[] = [];
    // All within one millisecond (received_at's precision when a burst comes in): arrival order decides.
    const at = new Date();
    for (let index = 0; index < 10; index += 1) {
      const sender = `round${index}-${tag}@customer.test`;
      const first = `<round${index}-a-${tag}@customer.test>`;
      const second = `<round${index}-b-${tag}@customer.test>`;
      const ids = [
        await receive(shop, textMail(shop, { from: sender, messageId: first, subject: `Round ${index}` }), sender, at),
        await receive(shop, textMail(shop, { from: sender, messageId: second, inReplyTo: first, subject: `Re: Round ${index}` }), sender, at),
        await receive(shop, textMail(shop, { from: sender, inReplyTo: second, subject: `Re: Round ${index}`, body: 'third' }), sender, at),
      ];
      expected.push({ sender, ids });
    }
    const batches: string[][] = [];
    const processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000, batch: { size: 50, beforeCommit: (_, ids) => void batches.push(ids) } });
    try {
      await processor.drain();
    } finally {
      await processor.stop();
    }
    // Three rounds: the first emails, then the replies to them, then the replies to those.
    expect(batches.map((ids) => ids.length)).toEqual([10, 10, 10]);
    for (const [round, ids] of batches.entries()) expect(new Set(ids)).toEqual(new Set(expected.map((item) => item.ids[round])));
    for (const item of expected) {
      const rows = await receipts(item.ids);
      const ticketId = rows.get(item.ids[0]!)!.ticket_id;
      expect(item.ids.map((id) => rows.get(id)!.status)).toEqual(['processed', 'processed', 'processed']);
      expect(item.ids.map((id) => rows.get(id)!.ticket_id)).toEqual([ticketId, ticketId, ticketId]);
      const thread = await rapport.database.query<{ inbound_email_id: string; thread_rule: string }>(
        "select inbound_email_id, thread_rule from messages where ticket_id = $1 and direction = 'inbound' order by created_at, id",
        [ticketId],
      );
      expect(thread.map((row) => row.thread_rule)).toEqual(['new_ticket', 'references', 'references']);
      expect(new Set(thread.map((row) => row.inbound_email_id))).toEqual(new Set(item.ids));
    }
    expect(await ticketNumbers(shop)).toEqual(range(1, 10));
    expect(await count("select count(*)::int as count from outbound_emails where workspace_id = $1 and kind = 'auto_ack'", [shop.workspace.id])).toBe(10);
    expect(await count("select count(*)::int as count from audit_log where workspace_id = $1 and action = 'ticket.customer_replied'", [shop.workspace.id])).toBe(20);
  });

  it('never processes a receipt twice when two processors race on the same claimed receipts', async () => {
    const shop = await buildShop();
    const tag = uid();
    const ids: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      const sender = `race${index}-${tag}@customer.test`;
      ids.push(await receive(shop, textMail(shop, { from: sender, subject: `Race ${index}` }), sender));
    }
    // The same rows in the hands of two batch processors (a lease taken over) and a one-by-one one.
    const claimed = (await claimDueReceipts(rapport.deps.db, 120, 500)).filter((row) => row.workspaceId === shop.workspace.id);
    expect(claimed).toHaveLength(30);
    const [firstOutcome, secondOutcome] = await Promise.all([
      processInboundBatch(rapport.deps, claimed, { size: 50 }),
      processInboundBatch(rapport.deps, claimed, { size: 50 }),
      ...claimed.slice(0, 5).map((row) => processInboundEmail(rapport.deps, row.workspaceId, row.id, { receipt: row })),
    ]);
    const first = (firstOutcome as Awaited<ReturnType<typeof processInboundBatch>>).done;
    const second = (secondOutcome as Awaited<ReturnType<typeof processInboundBatch>>).done;
    // What no batch processed goes one by one (as the processor does); each is idempotent.
    for (const row of claimed) {
      if (!first.has(row.id) && !second.has(row.id)) await processInboundEmail(rapport.deps, row.workspaceId, row.id, { receipt: row });
    }
    const overlap = [...first].filter((id) => second.has(id));
    expect(overlap).toEqual([]);
    const rows = await receipts(ids);
    expect([...rows.values()].every((row) => row.status === 'processed')).toBe(true);
    expect(new Set([...rows.values()].map((row) => row.ticket_id)).size).toBe(30);
    expect(await ticketNumbers(shop)).toEqual(range(1, 30));
    expect(await count("select count(*)::int as count from messages where workspace_id = $1 and direction = 'inbound'", [shop.workspace.id])).toBe(30);
    expect(await count('select count(*)::int as count from customers where workspace_id = $1', [shop.workspace.id])).toBe(30);
    expect(await count("select count(*)::int as count from outbound_emails where workspace_id = $1 and kind = 'auto_ack'", [shop.workspace.id])).toBe(30);
    expect(await count("select count(*)::int as count from audit_log where workspace_id = $1 and action = 'ticket.created'", [shop.workspace.id])).toBe(30);
  });
});
