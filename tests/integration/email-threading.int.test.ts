/**
 * Threading end to end: raw messages go through the receipt (receiveEmail) and the inbound
 * processor, and the resulting tickets and messages are checked. Header styles of the common
 * clients are written out literally (RFC 5322), as those clients send them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessageId, makeReplyToken, replyAddress } from '../../packages/email/src/reply-token.ts';
import type { TicketDetail } from '../../packages/contracts/src/tickets.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { startInboundProcessor, type InboundProcessor } from '../../apps/server/src/modules/email/inbound-processor.ts';
import { processInboundEmail } from '../../apps/server/src/modules/email/process-inbound.ts';
import { loadTicketDetail } from '../../apps/server/src/modules/tickets/get-ticket.ts';
import { mergeTickets } from '../../apps/server/src/modules/tickets/merge-tickets.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';
import { buildEmailShop, type EmailShop } from '../support/email.ts';

let rapport: TestRapport;
let processor: InboundProcessor;

beforeAll(async () => {
  // Web role: no worker services start on their own; the test drives its own processor.
  rapport = await startTestRapport({ role: 'web' });
  processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000 });
});
afterAll(async () => {
  await processor?.stop();
  await rapport?.stop();
});

type Shop = EmailShop;
const buildShop = (options: { subjectThreading?: boolean } = {}) => buildEmailShop(rapport, options);

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const uid = () => randomBytes(6).toString('hex');

function textMail(headers: Record<string, string>, body: string): Uint8Array {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return Buffer.from(crlf([...lines, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', ...body.split('\n')]));
}

interface Receipt {
  id: string;
  status: string;
  reason: string | null;
  reason_detail: string | null;
  ticket_id: string | null;
  message_id: string | null;
}

async function deliver(shop: Shop, raw: Uint8Array, envelope: { from?: string; to?: string[] } = {}): Promise<Receipt> {
  const result = await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: envelope.from ?? null, envelopeTo: envelope.to ?? [shop.address] });
  const receipt = result.receipts.find((item) => item.workspaceId === shop.workspace.id);
  if (!receipt?.id) throw new Error('not received');
  await processor.drain();
  const [row] = await rapport.database.query<Receipt & Record<string, unknown>>(
    'select id, status, reason, reason_detail, ticket_id, message_id from inbound_emails where id = $1',
    [receipt.id],
  );
  return row!;
}

/** The ticket, with only the customer's (inbound) messages: auto-acknowledgements are not the subject here. */
async function ticketOf(shop: Shop, ticketId: string): Promise<TicketDetail> {
  const detail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, ticketId);
  return { ...detail, messages: detail.messages.filter((message) => message.direction === 'inbound') };
}

/** A first message from the customer: a new ticket. */
async function firstMail(shop: Shop, options: { from?: string; name?: string; subject?: string } = {}) {
  const messageId = `<first-${uid()}@mail.customer.test>`;
  const from = options.from ?? `ann-${uid()}@customer.test`;
  const receipt = await deliver(
    shop,
    textMail(
      {
        From: `"${options.name ?? 'Ann Example'}" <${from}>`,
        To: shop.address,
        Subject: options.subject ?? 'Order 1001 has not arrived',
        Date: new Date().toUTCString(),
        'Message-ID': messageId,
      },
      'Hello,\n\nmy order 1001 was due last week. Where is it?\n\nAnn',
    ),
  );
  expect(receipt.status).toBe('processed');
  const ticket = await ticketOf(shop, receipt.ticket_id!);
  return { receipt, ticket, messageId, from };
}

describe('email threading', () => {
  it('creates a ticket from a new email: customer from the From name, raw kept, rule new_ticket', async () => {
    const shop = await buildShop();
    const { ticket, receipt, from } = await firstMail(shop, { name: 'Ann Example' });
    expect(ticket).toMatchObject({ subject: 'Order 1001 has not arrived', status: 'new', channel: 'email' });
    expect(ticket.customer).toMatchObject({ name: 'Ann Example', email: from });
    expect(ticket.messages).toHaveLength(1);
    const [message] = ticket.messages;
    expect(message).toMatchObject({ direction: 'inbound', channel: 'email', threadRule: 'new_ticket', hasRaw: true, author: { type: 'customer', name: 'Ann Example' } });
    expect(message!.text).toContain('my order 1001 was due last week');
    expect(message!.email).toMatchObject({ from: { address: from, name: 'Ann Example' }, to: [{ address: shop.address }], auth: null });
    expect(receipt.message_id).toBe(message!.id);
    const events = await rapport.database.query<{ topic: string }>("select topic from outbox where workspace_id = $1 and topic = 'ticket.created'", [
      shop.workspace.id,
    ]);
    expect(events).toHaveLength(1);
  });

  it('threads a reply by the reply token in the Reply-To plus address, whatever its subject', async () => {
    const shop = await buildShop();
    const { ticket, from } = await firstMail(shop);
    const token = makeReplyToken(shop.secret, ticket.number);
    const tokenAddress = replyAddress(shop.address, token);
    const receipt = await deliver(
      shop,
      textMail({ From: from, To: tokenAddress, Subject: 'something else entirely', 'Message-ID': `<r-${uid()}@customer.test>` }, 'Any news?'),
      { to: [tokenAddress] },
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const after = await ticketOf(shop, ticket.id);
    expect(after.messages.map((message) => message.threadRule)).toEqual(['new_ticket', 'reply_token']);
  });

  it('threads a Gmail-style reply (In-Reply-To + References) by the stored Message-ID and strips the quote', async () => {
    const shop = await buildShop();
    const { ticket, from, messageId } = await firstMail(shop);
    const receipt = await deliver(
      shop,
      textMail(
        {
          From: `Ann Example <${from}>`,
          To: `Shop support <${shop.address}>`,
          Subject: 'Re: Order 1001 has not arrived',
          Date: new Date().toUTCString(),
          'Message-ID': `<CAG${uid()}xYz=Q@mail.gmail.com>`,
          'In-Reply-To': messageId,
          References: `<unrelated-${uid()}@elsewhere.test> ${messageId}`,
        },
        `It arrived today, thank you!\n\nOn Mon, 3 Mar 2025 at 10:00, Ann Example <${from}> wrote:\n> Hello,\n> my order 1001 was due last week.`,
      ),
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const reply = (await ticketOf(shop, ticket.id)).messages[1]!;
    expect(reply.threadRule).toBe('references');
    expect(reply.text).toContain('It arrived today');
    expect(reply.text).not.toContain('> my order 1001');
  });

  it('threads an Outlook-style reply (Thread-Index + In-Reply-To, no References)', async () => {
    const shop = await buildShop();
    const { ticket, from, messageId } = await firstMail(shop);
    const receipt = await deliver(
      shop,
      textMail(
        {
          From: `Ann Example <${from}>`,
          To: `"Shop support" <${shop.address}>`,
          Subject: 'RE: Order 1001 has not arrived',
          'Thread-Topic': 'Order 1001 has not arrived',
          'Thread-Index': 'AQHZmJ0bXk1Wz2aZ0k+Qn3X5v7y8Cw==',
          Date: new Date().toUTCString(),
          'Message-ID': `<DB9PR0${uid()}@DB9PR01MB1234.eurprd01.prod.outlook.com>`,
          'In-Reply-To': messageId,
          'X-MS-Has-Attach': '',
          'Content-Language': 'en-GB',
        },
        'Still nothing here.',
      ),
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    expect((await ticketOf(shop, ticket.id)).messages[1]!.threadRule).toBe('references');
  });

  it('threads an Apple Mail-style reply to an agent’s outbound email (References to its Message-ID)', async () => {
    const shop = await buildShop();
    const { ticket, from } = await firstMail(shop);
    const outboundId = `out-${uid()}@${shop.domain}`;
    await rapport.database.query(
      `insert into outbound_emails (workspace_id, kind, ticket_id, rfc_message_id, from_address, from_name, to_addresses, subject, text, status)
       values ($1, 'reply', $2, $3, $4, 'Shop', $5, 'Re: Order 1001', 'We are on it', 'sent')`,
      [shop.workspace.id, ticket.id, outboundId, shop.address, [from]],
    );
    const receipt = await deliver(
      shop,
      textMail(
        {
          From: `Ann Example <${from}>`,
          Subject: 'Re: Order 1001 has not arrived',
          'Message-Id': `<${uid().toUpperCase()}-4B6E-4F4C-9A40-2D1C0C0DDEAD@customer.test>`,
          References: `<${outboundId}>`,
          'In-Reply-To': `<${outboundId}>`,
          To: shop.address,
          'X-Mailer': 'Apple Mail (2.3731.700.6)',
          Date: new Date().toUTCString(),
        },
        'Thanks, that helps.\n\n> On 3 Mar 2025, at 10:00, Shop support wrote:\n> We are on it',
      ),
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    expect((await ticketOf(shop, ticket.id)).messages[1]!.threadRule).toBe('references');
  });

  it('threads a reply whose client dropped the plus address but kept our Message-ID in References', async () => {
    const shop = await buildShop();
    const { ticket, from } = await firstMail(shop);
    // Never stored anywhere: only the signed token inside it can say which ticket it belongs to.
    const ours = makeMessageId(makeReplyToken(shop.secret, ticket.number), uid(), shop.domain);
    const receipt = await deliver(
      shop,
      textMail({ From: from, To: shop.address, Subject: 'Re: your reply', 'Message-ID': `<${uid()}@customer.test>`, References: `<${ours}>` }, 'ok'),
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    expect((await ticketOf(shop, ticket.id)).messages[1]!.threadRule).toBe('reply_token');
  });

  it('makes forwarded mail a new ticket even with subject threading on, while a plain same-subject mail joins', async () => {
    const shop = await buildShop({ subjectThreading: true });
    const { ticket, from } = await firstMail(shop, { subject: 'Your invoice 2024-113' });
    const sameSubject = await deliver(
      shop,
      textMail({ From: from, To: shop.address, Subject: 'RE: [#99] your invoice 2024-113', 'Message-ID': `<s-${uid()}@customer.test>` }, 'One more thing.'),
    );
    expect(sameSubject.ticket_id).toBe(ticket.id);
    expect((await ticketOf(shop, ticket.id)).messages[1]!.threadRule).toBe('subject');

    const forwarded = await deliver(
      shop,
      textMail(
        { From: from, To: shop.address, Subject: 'Fwd: Your invoice 2024-113', 'Message-ID': `<fwd-${uid()}@customer.test>` },
        'See below.\n\n---------- Forwarded message ---------\nFrom: Billing <billing@vendor.test>\nSubject: Your invoice 2024-113\n\nPlease pay.',
      ),
    );
    expect(forwarded.status).toBe('processed');
    expect(forwarded.ticket_id).not.toBe(ticket.id);
    expect((await ticketOf(shop, forwarded.ticket_id!)).messages[0]!.threadRule).toBe('new_ticket');

    // Subject threading never joins another customer's ticket.
    const stranger = await deliver(
      shop,
      textMail({ From: `bob-${uid()}@other.test`, To: shop.address, Subject: 'Re: Your invoice 2024-113', 'Message-ID': `<b-${uid()}@other.test>` }, 'Me too'),
    );
    expect(stranger.ticket_id).not.toBe(ticket.id);
  });

  it('reopens an old solved ticket when the customer replies, 30 days later', async () => {
    const shop = await buildShop({ subjectThreading: true });
    const { ticket, from, messageId } = await firstMail(shop);
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    await rapport.database.query(
      `update tickets set status = 'solved', solved_at = $3, outcome = 'solved', created_at = $3, updated_at = $3, last_message_at = $3
       where workspace_id = $1 and id = $2`,
      [shop.workspace.id, ticket.id, monthAgo],
    );
    const receipt = await deliver(
      shop,
      textMail({ From: from, To: shop.address, Subject: 'Re: Order 1001 has not arrived', 'Message-ID': `<late-${uid()}@customer.test>`, 'In-Reply-To': messageId }, 'It broke again.'),
    );
    expect(receipt.ticket_id).toBe(ticket.id);
    const after = await ticketOf(shop, ticket.id);
    expect(after).toMatchObject({ status: 'open', solvedAt: null, outcome: null });
    // Subject threading is on, but its 14-day window has passed: References still joins.
    expect(after.messages[1]!.threadRule).toBe('references');
    expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(monthAgo.getTime());
  });

  it('keeps a solved ticket solved when the reply only thanks us, and says so on the timeline', async () => {
    const shop = await buildShop();
    const { ticket, from, messageId } = await firstMail(shop);
    await rapport.database.query("update tickets set status = 'solved', solved_at = now(), outcome = 'solved' where id = $1", [ticket.id]);
    const thanks = await deliver(
      shop,
      textMail({ From: from, To: shop.address, Subject: 'Re: Order 1001 has not arrived', 'Message-ID': `<thx-${uid()}@customer.test>`, 'In-Reply-To': messageId }, 'Got it today, thanks a lot!'),
    );
    expect(thanks).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const kept = await ticketOf(shop, ticket.id);
    expect(kept.status).toBe('solved');
    expect(kept.messages).toHaveLength(2);
    const events = await rapport.database.query<{ data: Record<string, unknown> }>(
      "select data from audit_log where workspace_id = $1 and subject_id = $2 and action = 'ticket.customer_replied'",
      [shop.workspace.id, ticket.id],
    );
    expect(events.map((row) => row.data['keptSolved'])).toEqual(['thanks_only']);

    // Thanks that still reports a problem reopens it, as any other reply.
    const notSettled = await deliver(
      shop,
      textMail({ From: from, To: shop.address, Subject: 'Re: Order 1001 has not arrived', 'Message-ID': `<thx2-${uid()}@customer.test>`, 'In-Reply-To': messageId }, 'Thanks, but one item is still missing.'),
    );
    expect(notSettled.ticket_id).toBe(ticket.id);
    expect((await ticketOf(shop, ticket.id)).status).toBe('open');
  });

  it('reads a short reply to a solved ticket against the agent reply it answers', async () => {
    const shop = await buildShop();
    const agentReply = (ticketId: string, text: string, minutesAgo: number, withdrawn = false) =>
      rapport.database.query(
        `insert into messages (id, workspace_id, ticket_id, direction, channel, author_type, text, created_at, withdrawn_at)
         values (gen_random_uuid(), $1, $2, 'outbound', 'email', 'agent', $3, now() - make_interval(mins => $4), case when $5 then now() end)`,
        [shop.workspace.id, ticketId, text, minutesAgo, withdrawn],
      );
    const solve = (ticketId: string) => rapport.database.query("update tickets set status = 'solved', solved_at = now(), outcome = 'solved' where id = $1", [ticketId]);
    const reply = (from: string, messageId: string, body: string) =>
      deliver(shop, textMail({ From: from, To: shop.address, Subject: 'Re: Order 1001 has not arrived', 'Message-ID': `<ctx-${uid()}@customer.test>`, 'In-Reply-To': messageId }, body));

    // "Yes, thanks!" accepts the agent's offer: there is work to do, so the ticket reopens.
    const offered = await firstMail(shop);
    await agentReply(offered.ticket.id, 'Your refund has been issued.', 30);
    await agentReply(offered.ticket.id, 'The parcel is lost, sorry. Shall I send you a replacement?\n\nBest regards,\nTom', 10);
    await solve(offered.ticket.id);
    expect((await reply(offered.from, offered.messageId, 'Yes, thanks!')).ticket_id).toBe(offered.ticket.id);
    expect((await ticketOf(shop, offered.ticket.id)).status).toBe('open');

    // The same words after a reply that asked nothing only thank us: the ticket stays solved. A
    // withdrawn (undone) reply is not what the customer answers.
    const shipped = await firstMail(shop);
    await agentReply(shipped.ticket.id, 'Your replacement has been shipped and should arrive on Friday.', 10);
    await agentReply(shipped.ticket.id, 'Shall I send you a replacement?', 5, true);
    await solve(shipped.ticket.id);
    await reply(shipped.from, shipped.messageId, 'Yes, thanks!');
    expect((await ticketOf(shop, shipped.ticket.id)).status).toBe('solved');

    // A bare "No." to "Anything else?" signs off; the same "No." with no agent reply to answer reopens.
    const closing = await firstMail(shop);
    await agentReply(closing.ticket.id, 'Your refund has been issued. Is there anything else I can help you with?', 10);
    await solve(closing.ticket.id);
    await reply(closing.from, closing.messageId, 'No.');
    expect((await ticketOf(shop, closing.ticket.id)).status).toBe('solved');
    const unanswered = await firstMail(shop);
    await solve(unanswered.ticket.id);
    await reply(unanswered.from, unanswered.messageId, 'No.');
    expect((await ticketOf(shop, unanswered.ticket.id)).status).toBe('open');
  });

  it('adds an out-of-office reply to a solved ticket without reopening it', async () => {
    const shop = await buildShop();
    const { ticket, from, messageId } = await firstMail(shop);
    await rapport.database.query("update tickets set status = 'solved', solved_at = now(), outcome = 'solved' where id = $1", [ticket.id]);
    const receipt = await deliver(
      shop,
      textMail(
        {
          From: from,
          To: shop.address,
          Subject: 'Automatic reply: Order 1001 has not arrived',
          'Message-ID': `<ooo-${uid()}@customer.test>`,
          'In-Reply-To': messageId,
          'Auto-Submitted': 'auto-replied',
          'X-Auto-Response-Suppress': 'All',
        },
        'I am out of the office until Monday.',
      ),
    );
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const after = await ticketOf(shop, ticket.id);
    expect(after.status).toBe('solved');
    expect(after.messages[1]!.email?.autoSubmitted).not.toBeNull();
  });

  it('holds a spoofed reply carrying a valid token of another customer’s ticket; an agent can accept it', async () => {
    const shop = await buildShop();
    const { ticket, from } = await firstMail(shop);
    const tokenAddress = replyAddress(shop.address, makeReplyToken(shop.secret, ticket.number));
    const mallory = `mallory-${uid()}@evil.test`;
    const receipt = await deliver(
      shop,
      textMail({ From: mallory, To: tokenAddress, Subject: 'Re: Order 1001', 'Message-ID': `<spoof-${uid()}@evil.test>` }, 'Please send the refund to my account instead.'),
      { to: [tokenAddress] },
    );
    expect(receipt).toMatchObject({ status: 'held', reason: 'unverified_sender', ticket_id: ticket.id, message_id: null });
    expect(receipt.reason_detail).toContain(`From ${mallory} but ticket #${ticket.number}`);
    expect(receipt.reason_detail).toContain(from);
    expect((await ticketOf(shop, ticket.id)).messages).toHaveLength(1);
    const held = await rapport.database.query<{ payload: Record<string, unknown> }>("select payload from outbox where workspace_id = $1 and topic = 'email.held'", [
      shop.workspace.id,
    ]);
    expect(held.map((row) => row.payload['inboundEmailId'])).toEqual([receipt.id]);

    const accepted = await processInboundEmail(rapport.deps, shop.workspace.id, receipt.id, { override: { kind: 'accept' }, actor: shop.workspace.lead.actor });
    expect(accepted).toMatchObject({ status: 'processed', ticketId: ticket.id });
    const after = await ticketOf(shop, ticket.id);
    expect(after.messages.map((message) => message.threadRule)).toEqual(['new_ticket', 'accepted']);
    expect(after.messages[1]!.author.name).not.toBe(after.messages[0]!.author.name);
    const audit = await rapport.database.query<{ actor_id: string }>(
      "select actor_id from audit_log where workspace_id = $1 and action = 'inbound_email.accepted' and subject_id = $2",
      [shop.workspace.id, receipt.id],
    );
    expect(audit.map((row) => row.actor_id)).toEqual([shop.workspace.lead.id]);
  });

  it('lets a colleague of the same organisation reply on the ticket', async () => {
    const shop = await buildShop();
    const { ticket } = await firstMail(shop);
    const colleague = `carol-${uid()}@customer.test`;
    const [organisation] = await rapport.database.query<{ id: string }>('insert into organisations (workspace_id, name) values ($1, $2) returning id', [
      shop.workspace.id,
      'Customer Ltd',
    ]);
    const [customer] = await rapport.database.query<{ id: string }>(
      'insert into customers (workspace_id, name, organisation_id) values ($1, $2, $3) returning id',
      [shop.workspace.id, 'Carol', organisation!.id],
    );
    await rapport.database.query("insert into customer_identities (workspace_id, customer_id, kind, value) values ($1, $2, 'email', $3)", [
      shop.workspace.id,
      customer!.id,
      colleague,
    ]);
    await rapport.database.query('update customers set organisation_id = $2 where id = $1', [ticket.customer.id, organisation!.id]);
    const tokenAddress = replyAddress(shop.address, makeReplyToken(shop.secret, ticket.number));
    const receipt = await deliver(shop, textMail({ From: colleague, To: tokenAddress, Subject: 'Re: Order', 'Message-ID': `<c-${uid()}@customer.test>` }, 'I can confirm.'), {
      to: [tokenAddress],
    });
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: ticket.id });
  });

  it('forwards a reply to a merged ticket to the ticket it was merged into', async () => {
    const shop = await buildShop();
    const first = await firstMail(shop);
    const second = await firstMail(shop, { from: first.from, subject: 'Another question' });
    await mergeTickets(rapport.deps, shop.workspace.lead.actor, String(first.ticket.number), second.ticket.id);
    const tokenAddress = replyAddress(shop.address, makeReplyToken(shop.secret, first.ticket.number));
    const receipt = await deliver(shop, textMail({ From: first.from, To: tokenAddress, Subject: 'Re: Order', 'Message-ID': `<m-${uid()}@customer.test>` }, 'Hello?'), {
      to: [tokenAddress],
    });
    expect(receipt).toMatchObject({ status: 'processed', ticket_id: second.ticket.id });
  });
});
