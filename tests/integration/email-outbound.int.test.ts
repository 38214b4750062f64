/**
 * Outbound email against a real SMTP peer on loopback (tests/support/smtp-sink.ts): an agent's
 * reply through the API becomes one email with the right headers; retries with backoff keep the
 * Message-ID; a permanent failure shows on the message; a dead sender's lease is taken over; DKIM
 * signatures verify with mailauth; the auto-acknowledgement and its loop guard.
 *
 * Rapport runs in the web role with a test clock; each test starts the outbound sender itself
 * when its emails are queued, so it decides when sending happens.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail, type AddressObject } from 'mailparser';
import { dkimVerify } from 'mailauth';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, emailAddresses, emailSettings, messages, outboundEmails, tickets } from '../../packages/db/src/schema.ts';
import { makeReplyToken, replyAddress, tokenFromMessageId, verifyReplyToken } from '../../packages/email/src/reply-token.ts';
import type { MessageDto, TicketDetail } from '../../packages/contracts/src/tickets.ts';
import { queueAutoAcknowledgement, type AutoAckInput } from '../../apps/server/src/modules/email/auto-ack.ts';
import { loadEmailSettings } from '../../apps/server/src/modules/email/email-settings.ts';
import { claimNextOutbound } from '../../apps/server/src/modules/email/outbound.queries.ts';
import { processInboundEmail } from '../../apps/server/src/modules/email/process-inbound.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { startOutboundSender, type OutboundSenderOptions } from '../../apps/server/src/modules/email/outbound-sender.ts';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { fixedClock } from '../../apps/server/src/platform/clock.ts';
import { apiAs } from '../support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';
import { startDnsServer } from '../support/dns-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const clock = fixedClock(new Date());
let rapport: TestRapport;
let deps: AppDeps;
let sink: SmtpSink;
const temporary = mkdtempSync(join(tmpdir(), 'rapport-outbound-'));
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  rapport = await startTestRapport({ role: 'web', clock, config: testConfig({ smtpRelayUrl: sink.url, outboundConcurrency: 2 }) });
  deps = rapport.deps;
});

afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
  // Emails a test queued but did not send must not reach the next test's sink.
  await deps.database.query(`update outbound_emails set status = 'failed', last_error = 'left by an earlier test' where status = 'queued'`);
  sink.clear();
});

afterAll(async () => {
  await rapport?.stop();
  await sink?.stop();
  rmSync(temporary, { recursive: true, force: true });
});

async function sender(options: OutboundSenderOptions = {}, depsOverride: AppDeps = deps) {
  const started = await startOutboundSender(depsOverride, { pollMs: 3_600_000, releaseLeasesOnStart: false, ...options });
  running.push(started);
  return started;
}

interface Shop {
  workspace: WorkspaceFixture;
  address: string;
  domain: string;
}

async function shopWithAddress(displayName = 'Acme Support'): Promise<Shop> {
  const workspace = await buildWorkspace(deps, 'Acme');
  const domain = `${workspace.slug}.example.test`;
  const address = `support@${domain}`;
  await deps.db.insert(emailAddresses).values({ workspaceId: workspace.id, address, displayName, isDefault: true });
  return { workspace, address, domain };
}

/** A ticket whose first message is a customer's email (Message-ID and From stored as the processor does). */
async function emailTicket(shop: Shop, customer: string, subject = 'Parcel 77 has not arrived') {
  const detail = await buildTicket(deps, shop.workspace.agent.actor, { subject, customer: { email: customer, name: 'Dana Buyer' }, channel: 'email' });
  const first = detail.messages[0]!;
  const externalId = `first.${detail.number}.${shop.workspace.slug}@mail.customer.example`;
  await deps.db
    .update(messages)
    .set({ externalId, emailMeta: { from: { address: customer, name: 'Dana Buyer' }, to: [{ address: shop.address, name: '' }], cc: [], auth: null, autoSubmitted: null, warnings: [] } })
    .where(and(eq(messages.workspaceId, shop.workspace.id), eq(messages.id, first.id)));
  return { id: detail.id, number: detail.number, externalId };
}

async function addCustomerEmail(shop: Shop, ticketId: string, externalId: string, customer: string, text: string) {
  clock.advance(1_000);
  const [ticket] = await deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
  await deps.db.insert(messages).values({
    workspaceId: shop.workspace.id,
    ticketId,
    direction: 'inbound',
    channel: 'email',
    authorType: 'customer',
    authorCustomerId: ticket!.customerId,
    text,
    externalId,
    emailMeta: { from: { address: customer, name: 'Dana Buyer' }, to: [], cc: [], auth: null, autoSubmitted: null, warnings: [] },
    createdAt: clock.now(),
  });
}

async function reply(shop: Shop, ticketNumber: number, text: string): Promise<MessageDto> {
  clock.advance(1_000);
  const response = await apiAs(rapport, shop.workspace.agent).post(`/api/v1/tickets/${ticketNumber}/replies`, { text });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as MessageDto;
}

async function ticketDetail(shop: Shop, ticketNumber: number): Promise<TicketDetail> {
  const response = await apiAs(rapport, shop.workspace.agent).get(`/api/v1/tickets/${ticketNumber}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TicketDetail;
}

async function outboundOf(messageId: string) {
  const rows = await deps.db.select().from(outboundEmails).where(eq(outboundEmails.messageId, messageId));
  return rows;
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((item) => item.value.map((entry) => ({ address: entry.address ?? '', name: entry.name })));
}

function strip(id: string | undefined): string {
  return (id ?? '').replace(/^<|>$/g, '');
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

describe('agent replies by email', () => {
  it('sends one email with From, Reply-To token, Message-ID, In-Reply-To, References, text + HTML and the attachment', async () => {
    const shop = await shopWithAddress();
    const customer = 'dana@customer.example';
    const ticket = await emailTicket(shop, customer);
    await addCustomerEmail(shop, ticket.id, `second.${ticket.number}@mail.customer.example`, customer, 'Any news?');
    const message = await reply(shop, ticket.number, 'Hello Dana,\n\nyour parcel left our warehouse: https://track.example/77?x=1&y=2\n\n<b>Alice</b>');
    expect(message.delivery).toEqual({ status: 'queued', error: null });

    // An attachment on the reply message (content-addressed in storage, like uploads and inbound files).
    const bytes = new TextEncoder().encode('%PDF-1.4 invoice 77\n');
    const stored = await deps.storage.put(bytes);
    await deps.db.insert(attachments).values({
      workspaceId: shop.workspace.id,
      messageId: message.id,
      filename: 'invoice-77.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: stored.key,
    });

    const [queued] = await outboundOf(message.id);
    expect(queued).toMatchObject({ status: 'queued', kind: 'reply', toAddresses: [customer], attempts: 0 });

    const worker = await sender();
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    expect(sink.messages).toHaveLength(1);
    const mail = await parse(received!.raw);

    const settings = await loadEmailSettings(deps.db, shop.workspace.id);
    const token = makeReplyToken(settings.signingSecret, ticket.number);
    expect(addressesOf(mail.from)).toEqual([{ address: shop.address, name: expect.stringMatching(/^Agent .* at Acme Support$/) as unknown as string }]);
    expect(addressesOf(mail.replyTo)[0]?.address).toBe(replyAddress(shop.address, token));
    expect(verifyReplyToken(settings.signingSecret, token)).toBe(ticket.number);
    expect(addressesOf(mail.to)[0]?.address).toBe(customer);
    expect(received!.envelopeTo).toEqual([customer]);
    expect(received!.envelopeFrom).toBe(replyAddress(shop.address, token));
    expect(mail.subject).toBe(`Re: Parcel 77 has not arrived [#${ticket.number}]`);

    const messageId = strip(mail.messageId);
    expect(messageId).toBe(queued!.rfcMessageId);
    expect(tokenFromMessageId(messageId)).toBe(token);
    expect(messageId.endsWith(`@${shop.domain}`)).toBe(true);
    const detail = await ticketDetail(shop, ticket.number);
    const sentMessage = detail.messages.find((item) => item.id === message.id)!;
    expect(sentMessage.delivery).toEqual({ status: 'sent', error: null });
    const [stored2] = await deps.db.select({ externalId: messages.externalId }).from(messages).where(eq(messages.id, message.id));
    expect(stored2!.externalId).toBe(messageId);

    expect(strip(mail.inReplyTo)).toBe(`second.${ticket.number}@mail.customer.example`);
    const references = (Array.isArray(mail.references) ? mail.references : [mail.references]).map((id) => strip(id));
    expect(references).toEqual([ticket.externalId, `second.${ticket.number}@mail.customer.example`]);
    expect(mail.headers.get('x-rapport-ticket')).toBe(String(ticket.number));
    expect(mail.headers.get('auto-submitted')).toBeUndefined();

    expect(mail.text).toContain('your parcel left our warehouse');
    expect(mail.html).toContain('<a href="https://track.example/77?x=1&amp;y=2">');
    expect(mail.html).toContain('&lt;b&gt;Alice&lt;/b&gt;');
    expect(received!.raw.toString('latin1')).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'invoice-77.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(mail.attachments[0]!.content).equals(Buffer.from(bytes))).toBe(true);

    const [sent] = await outboundOf(message.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, claimedUntil: null });
    expect(sent!.sentAt?.getTime()).toBe(clock.now().getTime());
  });

  it('threads a second reply after the first (References carry our own Message-ID too)', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'eve@customer.example');
    const first = await reply(shop, ticket.number, 'First answer.');
    const second = await reply(shop, ticket.number, 'Second answer.');
    const worker = await sender();
    await worker.drain();
    await sink.waitForMessages(2);
    const [firstRow] = await outboundOf(first.id);
    const [secondRow] = await outboundOf(second.id);
    expect(secondRow!.references).toEqual([ticket.externalId, firstRow!.rfcMessageId]);
    expect(secondRow!.inReplyTo).toBe(ticket.externalId);
    expect(firstRow!.rfcMessageId).not.toBe(secondRow!.rfcMessageId);
  });

  it('keeps the reply but queues no email when the workspace has no address', async () => {
    const workspace = await buildWorkspace(deps, 'No address');
    const ticket = await buildTicket(deps, workspace.agent.actor, { channel: 'email' });
    const response = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Saved anyway.' });
    expect(response.statusCode).toBe(201);
    const message = response.json() as MessageDto;
    expect(message.delivery).toBeNull();
    expect(await outboundOf(message.id)).toHaveLength(0);
  });

  it('does not email replies on chat tickets', async () => {
    const shop = await shopWithAddress();
    const ticket = await buildTicket(deps, shop.workspace.agent.actor, { channel: 'chat', customer: { email: 'chat@customer.example', name: 'Chat' } });
    const message = await reply(shop, ticket.number, 'Hi from chat.');
    expect(message.delivery).toBeNull();
    expect(await outboundOf(message.id)).toHaveLength(0);
  });
});

describe('retries and failures', () => {
  it('retries a 4xx with backoff and sends once, with the same Message-ID', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'frank@customer.example');
    const message = await reply(shop, ticket.number, 'We are on it.');
    const [queued] = await outboundOf(message.id);
    sink.script({ kind: 'temporary', code: 451, message: '4.7.1 Greylisted, try again' });

    const worker = await sender();
    await worker.drain();
    expect(sink.attempts).toBe(1);
    expect(sink.messages).toHaveLength(0);
    const [deferred] = await outboundOf(message.id);
    expect(deferred).toMatchObject({ status: 'queued', attempts: 1, claimedUntil: null });
    expect(deferred!.lastError).toContain('Greylisted');
    expect(deferred!.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 60_000);
    expect((await ticketDetail(shop, ticket.number)).messages.find((item) => item.id === message.id)!.delivery?.status).toBe('queued');

    // Not due yet: nothing happens.
    clock.advance(59_000);
    await worker.drain();
    expect(sink.attempts).toBe(1);

    clock.advance(1_000);
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    expect(sink.attempts).toBe(2);
    expect(sink.messages).toHaveLength(1);
    expect(strip((await parse(received!.raw)).messageId)).toBe(queued!.rfcMessageId);
    const [sent] = await outboundOf(message.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('marks a 5xx failed with the reason visible on the message', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'nobody@customer.example');
    const message = await reply(shop, ticket.number, 'Hello?');
    sink.script({ kind: 'permanent', code: 550, message: '5.1.1 <nobody@customer.example>: mailbox unknown' });
    const worker = await sender();
    await worker.drain();
    const [failed] = await outboundOf(message.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('mailbox unknown');
    const shown = (await ticketDetail(shop, ticket.number)).messages.find((item) => item.id === message.id)!;
    expect(shown.delivery?.status).toBe('failed');
    expect(shown.delivery?.error).toMatch(/550.*mailbox unknown/);
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, shop.workspace.id), eq(auditLog.action, 'message.delivery_failed')));
    expect(audit).toHaveLength(1);
    // Nothing left to retry.
    clock.advance(3_600_000);
    await worker.drain();
    expect(sink.attempts).toBe(1);
  });

  it('retries a dropped connection', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'gina@customer.example');
    const message = await reply(shop, ticket.number, 'Second try works.');
    sink.script({ kind: 'drop' });
    const worker = await sender();
    await worker.drain();
    const [deferred] = await outboundOf(message.id);
    expect(deferred).toMatchObject({ status: 'queued', attempts: 1 });
    expect(deferred!.lastError).toBeTruthy();
    clock.advance(60_000);
    await worker.drain();
    await sink.waitForMessages(1);
    expect((await outboundOf(message.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a lost 250 resends once, with the same Message-ID (the at most one duplicate)', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'hal@customer.example');
    const message = await reply(shop, ticket.number, 'Once, hopefully.');
    sink.script({ kind: 'accept-then-drop' });
    const worker = await sender();
    await worker.drain();
    clock.advance(60_000);
    await worker.drain();
    const received = await sink.waitForMessages(2);
    const ids = await Promise.all(received.map(async (item) => strip((await parse(item.raw)).messageId)));
    expect(new Set(ids).size).toBe(1);
    expect((await outboundOf(message.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('takes over an email whose sender died mid-flight once the lease runs out, and sends it once', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'ivy@customer.example');
    const message = await reply(shop, ticket.number, 'Survives a crash.');
    // A sender claims the row and dies (nothing else happens to it).
    const now = clock.now();
    const claimed = await claimNextOutbound(deps.database, now, new Date(now.getTime() + 90_000));
    expect(claimed?.messageId).toBe(message.id);

    const worker = await sender();
    await worker.drain();
    expect(sink.attempts).toBe(0);
    clock.advance(91_000);
    await worker.drain();
    await sink.waitForMessages(1);
    await worker.drain();
    expect(sink.messages).toHaveLength(1);
    expect((await outboundOf(message.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('in embedded mode a restarted sender takes over stale leases at once', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'jo@customer.example');
    const message = await reply(shop, ticket.number, 'Resumed after restart.');
    const now = clock.now();
    await claimNextOutbound(deps.database, now, new Date(now.getTime() + 90_000));
    const worker = await sender({ releaseLeasesOnStart: true });
    await worker.drain();
    await sink.waitForMessages(1);
    expect((await outboundOf(message.id))[0]).toMatchObject({ status: 'sent' });
  });

  it('sends many queued replies once each with several lanes', async () => {
    const shop = await shopWithAddress();
    const replies: MessageDto[] = [];
    for (let index = 0; index < 6; index += 1) {
      const ticket = await emailTicket(shop, `bulk${index}@customer.example`, `Bulk ${index}`);
      replies.push(await reply(shop, ticket.number, `Answer ${index}`));
    }
    const workers = [await sender(), await sender()];
    await Promise.all(workers.map((worker) => worker.drain()));
    const received = await sink.waitForMessages(6);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((item) => item.envelopeTo[0])).size).toBe(6);
  });
});

describe('the worker role', () => {
  it('runs the outbound sender, which wakes on the queuing commit', async () => {
    const worker = await startTestRapport({ role: 'worker', database: rapport.database, clock, config: testConfig({ smtpRelayUrl: sink.url }) });
    running.push(worker);
    expect(worker.services.has('outbound-sender')).toBe(true);
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'notify@customer.example');
    const message = await reply(shop, ticket.number, 'Sent without anyone calling drain().');
    const [received] = await sink.waitForMessages(1, 15_000);
    expect(received!.envelopeTo).toEqual(['notify@customer.example']);
    await expect.poll(async () => (await outboundOf(message.id))[0]?.status, { timeout: 5_000 }).toBe('sent');
  });
});

describe('direct delivery (no relay)', () => {
  it('resolves the MX hosts in priority order through the configured DNS server and delivers', async () => {
    const shop = await shopWithAddress();
    const dns = await startDnsServer({
      'customer-direct.example': { MX: [{ exchange: 'mx-live.customer-direct.example', priority: 20 }, { exchange: 'mx-dead.customer-direct.example', priority: 10 }] },
      'mx-dead.customer-direct.example': {},
      'mx-live.customer-direct.example': { A: ['127.0.0.1'] },
      'a-only.example': { A: ['127.0.0.1'] },
    });
    try {
      const config = testConfig({ dnsServers: dns.address, outboundConcurrency: 1 });
      const direct = { ...deps, config };
      const first = await emailTicket(shop, 'lee@customer-direct.example');
      const viaMx = await reply(shop, first.number, 'Straight to your MX.');
      const second = await emailTicket(shop, 'max@a-only.example');
      const viaA = await reply(shop, second.number, 'Straight to your host.');
      const third = await emailTicket(shop, 'ned@nonexistent.example');
      const nowhere = await reply(shop, third.number, 'Nobody home.');
      const worker = await sender({ transportOptions: { directPort: sink.port, connectionTimeoutMs: 5_000 } }, direct);
      await worker.drain();
      await sink.waitForMessages(2);
      expect(sink.messages.map((item) => item.envelopeTo[0]).sort()).toEqual(['lee@customer-direct.example', 'max@a-only.example']);
      expect((await outboundOf(viaMx.id))[0]).toMatchObject({ status: 'sent' });
      expect((await outboundOf(viaA.id))[0]).toMatchObject({ status: 'sent' });
      const failed = (await outboundOf(nowhere.id))[0]!;
      expect(failed.status).toBe('failed');
      expect(failed.lastError).toContain('nonexistent.example does not exist');
      const order = dns.queries.filter((query) => query.includes('mx-'));
      expect(order.findIndex((query) => query.includes('mx-dead'))).toBeLessThan(order.findIndex((query) => query.includes('mx-live')));
    } finally {
      await dns.stop();
    }
  });
});

describe('DKIM', () => {
  it('signs with the configured key, verifiably', async () => {
    const shop = await shopWithAddress();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(temporary, 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const publicKeyB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const config = testConfig({ smtpRelayUrl: sink.url, dkimDomain: shop.domain, dkimSelector: 'rapport', dkimPrivateKeyFile: keyFile });
    const ticket = await emailTicket(shop, 'kim@customer.example');
    await reply(shop, ticket.number, 'Signed and sealed.');
    const worker = await sender({}, { ...deps, config });
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    const signature = received!.raw.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
    expect(signature).toMatch(new RegExp(`^DKIM-Signature: .*\\bd=${shop.domain.replace(/\./g, '\\.')};.*\\bs=rapport;`, 'm'));
    const queried: string[] = [];
    const result = await dkimVerify(received!.raw, {
      resolver: async (name: string, type: string) => {
        queried.push(`${type} ${name}`);
        if (type === 'TXT' && name === `rapport._domainkey.${shop.domain}`) return [[`v=DKIM1; k=rsa; p=${publicKeyB64}`]];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    expect(queried).toContain(`TXT rapport._domainkey.${shop.domain}`);
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.status.result).toBe('pass');
    expect(result.results[0]!.signingDomain).toBe(shop.domain);
  });
});

describe('auto-acknowledgement', () => {
  function ackInput(ticket: { id: string; number: number; externalId: string }, shop: Shop, overrides: Partial<AutoAckInput> = {}): AutoAckInput {
    return {
      workspaceId: shop.workspace.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      subject: 'Parcel 77 has not arrived',
      to: { address: 'dana@customer.example', name: 'Dana Buyer' },
      inboundMessageId: ticket.externalId,
      references: [],
      autoSubmitted: null,
      isBounce: false,
      listId: null,
      senderVerified: true,
      now: clock.now(),
      ...overrides,
    };
  }

  async function ack(input: AutoAckInput) {
    return deps.db.transaction((tx) => queueAutoAcknowledgement(tx, deps, input));
  }

  it('is sent once for a new ticket, with the number and the estimate, and shown on the ticket', async () => {
    const shop = await shopWithAddress();
    // Three unanswered tickets ahead of this one.
    for (let index = 0; index < 3; index += 1) await emailTicket(shop, `ahead${index}@customer.example`, `Ahead ${index}`);
    clock.advance(1_000);
    const ticket = await emailTicket(shop, 'dana@customer.example');
    const result = await ack(ackInput(ticket, shop, { inboundMessageId: ticket.externalId, references: ['root@mail.customer.example'] }));
    expect(result).toEqual({ queued: true, reason: null });

    const detail = await ticketDetail(shop, ticket.number);
    const shown = detail.messages.find((item) => item.author.type === 'system')!;
    expect(shown).toMatchObject({ direction: 'outbound', channel: 'email', delivery: { status: 'queued', error: null } });
    expect(shown.text).toContain(`#${ticket.number}`);
    const [audit] = await deps.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, shop.workspace.id), eq(auditLog.action, 'email.auto_ack_queued')));
    expect((audit!.data as { figures: { ticketsAhead: number; agentsAvailable: number } }).figures).toMatchObject({ ticketsAhead: 3, agentsAvailable: 3 });

    const worker = await sender();
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    const mail = await parse(received!.raw);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.subject).toBe(`Re: Parcel 77 has not arrived [#${ticket.number}]`);
    expect(mail.text).toContain('Hello Dana Buyer,');
    expect(mail.text).toMatch(/We expect to reply (within|by) /);
    expect(strip(mail.inReplyTo)).toBe(ticket.externalId);
    expect((Array.isArray(mail.references) ? mail.references : [mail.references]).map((id) => strip(id))).toEqual(['root@mail.customer.example', ticket.externalId]);
    expect(addressesOf(mail.from)[0]).toEqual({ address: shop.address, name: 'Acme Support' });
    expect(strip(mail.messageId)).toBe((await outboundOf(shown.id))[0]!.rfcMessageId);
    expect((await ticketDetail(shop, ticket.number)).messages.find((item) => item.id === shown.id)!.delivery?.status).toBe('sent');
  });

  it('is not sent to auto-replies, mailing lists, bounces or no-reply addresses', async () => {
    const shop = await shopWithAddress();
    const ticket = await emailTicket(shop, 'dana@customer.example');
    expect(await ack(ackInput(ticket, shop, { autoSubmitted: 'auto-replied' }))).toEqual({ queued: false, reason: 'auto_submitted' });
    expect(await ack(ackInput(ticket, shop, { listId: '<news.customer.example>' }))).toEqual({ queued: false, reason: 'mailing_list' });
    expect(await ack(ackInput(ticket, shop, { isBounce: true }))).toEqual({ queued: false, reason: 'bounce' });
    expect(await ack(ackInput(ticket, shop, { to: { address: 'no-reply@customer.example', name: '' } }))).toEqual({ queued: false, reason: 'no_reply_address' });
    expect(await ack(ackInput(ticket, shop, { to: { address: `support+x@${shop.domain}`, name: '' } }))).toEqual({ queued: false, reason: 'own_address' });
    const rows = await deps.db.select().from(outboundEmails).where(eq(outboundEmails.workspaceId, shop.workspace.id));
    expect(rows).toHaveLength(0);
  });

  it('is not sent twice to one sender within 24 h for the same thread', async () => {
    const shop = await shopWithAddress();
    const first = await emailTicket(shop, 'dana@customer.example', 'Broken zipper');
    expect((await ack(ackInput(first, shop, { subject: 'Broken zipper' }))).queued).toBe(true);
    // The same ticket again, a new ticket with the same subject, a new ticket referencing the first.
    expect(await ack(ackInput(first, shop, { subject: 'Broken zipper' }))).toEqual({ queued: false, reason: 'already_acknowledged' });
    const sameSubject = await emailTicket(shop, 'dana@customer.example', 'Re: Broken zipper');
    expect(await ack(ackInput(sameSubject, shop, { subject: 'RE: Broken zipper' }))).toEqual({ queued: false, reason: 'already_acknowledged' });
    const referencing = await emailTicket(shop, 'dana@customer.example', 'Photos attached');
    expect(await ack(ackInput(referencing, shop, { subject: 'Photos attached', references: [first.externalId] }))).toEqual({ queued: false, reason: 'already_acknowledged' });
    // Another thread is acknowledged; and the same thread again after 24 h.
    const other = await emailTicket(shop, 'dana@customer.example', 'Invoice question');
    expect((await ack(ackInput(other, shop, { subject: 'Invoice question' }))).queued).toBe(true);
    clock.advance(24 * 3_600_000 + 1_000);
    const later = await emailTicket(shop, 'dana@customer.example', 'Broken zipper');
    expect((await ack(ackInput(later, shop, { subject: 'Broken zipper', now: clock.now() }))).queued).toBe(true);
  });

  it('echoes nothing of an unverified sender', async () => {
    const shop = await shopWithAddress();
    const spam = 'CHEAP PILLS at pills.spam.example';
    const ticket = await emailTicket(shop, 'victim@customer.example', spam);
    const result = await ack(ackInput(ticket, shop, { subject: spam, to: { address: 'victim@customer.example', name: 'Visit pills.spam.example' }, senderVerified: false }));
    expect(result.queued).toBe(true);
    const worker = await sender();
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    const mail = await parse(received!.raw);
    expect(mail.subject).toBe(`We received your message [#${ticket.number}]`);
    expect(mail.text).toContain(`#${ticket.number}`);
    expect(mail.text).toMatch(/We expect to reply /);
    expect(addressesOf(mail.to)).toEqual([{ address: 'victim@customer.example', name: '' }]);
    const visible = `${mail.subject}\n${mail.text}\n${mail.html || ''}\n${received!.raw.toString('latin1')}`;
    expect(visible).not.toMatch(/PILLS|pills\.spam/i);
  });

  it('uses the workspace template', async () => {
    const shop = await shopWithAddress();
    await loadEmailSettings(deps.db, shop.workspace.id);
    await deps.db
      .update(emailSettings)
      .set({ autoAckSubject: 'Ticket {{ticketNumber}} – {{subject}}', autoAckBody: 'Hi {{customerName}}, you will hear from us {{estimate}}. Ref {{ticketNumber}}.' })
      .where(eq(emailSettings.workspaceId, shop.workspace.id));
    const ticket = await emailTicket(shop, 'dana@customer.example');
    expect((await ack(ackInput(ticket, shop))).queued).toBe(true);
    const [row] = await deps.db.select().from(outboundEmails).where(eq(outboundEmails.workspaceId, shop.workspace.id));
    expect(row!.subject).toBe(`Ticket ${ticket.number} – Parcel 77 has not arrived`);
    expect(row!.text).toMatch(new RegExp(`^Hi Dana Buyer, you will hear from us (within|by) .+\\. Ref ${ticket.number}\\.\\n$`));
  });

  it('is not sent when disabled or without a workspace address', async () => {
    const shop = await shopWithAddress();
    await loadEmailSettings(deps.db, shop.workspace.id);
    await deps.db.update(emailSettings).set({ autoAckEnabled: false }).where(eq(emailSettings.workspaceId, shop.workspace.id));
    const ticket = await emailTicket(shop, 'dana@customer.example');
    expect(await ack(ackInput(ticket, shop))).toEqual({ queued: false, reason: 'disabled' });

    const bare = await buildWorkspace(deps, 'Bare');
    const bareTicket = await buildTicket(deps, bare.agent.actor, { channel: 'email' });
    const result = await deps.db.transaction((tx) =>
      queueAutoAcknowledgement(tx, deps, {
        ...ackInput({ id: bareTicket.id, number: bareTicket.number, externalId: 'x@y' }, shop),
        workspaceId: bare.id,
      }),
    );
    expect(result).toEqual({ queued: false, reason: 'no_workspace_address' });
  });

  it('the loop guard caps automatic emails per address per day', async () => {
    const shop = await shopWithAddress();
    await loadEmailSettings(deps.db, shop.workspace.id);
    await deps.db.update(emailSettings).set({ autoMessageDailyLimit: 2 }).where(eq(emailSettings.workspaceId, shop.workspace.id));
    const results = [];
    for (let index = 0; index < 4; index += 1) {
      const ticket = await emailTicket(shop, 'loop@customer.example', `Topic ${index}`);
      results.push(await ack(ackInput(ticket, shop, { subject: `Topic ${index}`, to: { address: 'Loop@Customer.example', name: 'Loop' } })));
    }
    expect(results.map((item) => item.reason)).toEqual([null, null, 'loop_guard', 'loop_guard']);
    // Another address is not affected.
    const ticket = await emailTicket(shop, 'other@customer.example', 'Topic X');
    expect((await ack(ackInput(ticket, shop, { subject: 'Topic X', to: { address: 'other@customer.example', name: '' } }))).queued).toBe(true);
  });

  it('concurrent acknowledgements to one address respect the limit', async () => {
    const shop = await shopWithAddress();
    await loadEmailSettings(deps.db, shop.workspace.id);
    await deps.db.update(emailSettings).set({ autoMessageDailyLimit: 1 }).where(eq(emailSettings.workspaceId, shop.workspace.id));
    const made = [];
    for (let index = 0; index < 4; index += 1) made.push(await emailTicket(shop, 'race@customer.example', `Race ${index}`));
    const results = await Promise.all(
      made.map((ticket, index) => ack(ackInput(ticket, shop, { subject: `Race ${index}`, to: { address: 'race@customer.example', name: '' } }))),
    );
    expect(results.filter((item) => item.queued)).toHaveLength(1);
  });
});

describe('end to end with the inbound processor', () => {
  function customerEmail(input: { from: string; to: string; subject: string; messageId: string; text: string; headers?: string[] }): Uint8Array {
    const lines = [
      `From: Dana Buyer <${input.from}>`,
      `To: ${input.to}`,
      `Subject: ${input.subject}`,
      `Message-ID: <${input.messageId}>`,
      `Date: ${clock.now().toUTCString()}`,
      ...(input.headers ?? []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      input.text,
      '',
    ];
    return new TextEncoder().encode(lines.join('\r\n'));
  }

  async function deliver(shop: Shop, raw: Uint8Array, from: string, to = shop.address) {
    clock.advance(1_000);
    const received = await receiveEmail(deps, { raw, source: 'smtp', envelopeFrom: from, envelopeTo: [to] });
    const receipt = received.receipts.find((item) => item.workspaceId === shop.workspace.id);
    expect(receipt?.id).toBeTruthy();
    return processInboundEmail(deps, shop.workspace.id, receipt!.id!);
  }

  it('a new email gets one auto-acknowledgement; the reply to our reply threads into the ticket', async () => {
    const shop = await shopWithAddress();
    const customer = 'dana.e2e@customer.example';
    const created = await deliver(
      shop,
      customerEmail({ from: customer, to: shop.address, subject: 'Where is parcel 88?', messageId: `p88.${shop.workspace.slug}@mail.customer.example`, text: 'It has not arrived.' }),
      customer,
    );
    expect(created.status).toBe('processed');
    const [ticketRow] = await deps.db.select().from(tickets).where(eq(tickets.id, created.ticketId!));

    const worker = await sender();
    await worker.drain();
    const [ackMail] = await sink.waitForMessages(1);
    const ack = await parse(ackMail!.raw);
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.subject).toContain(`[#${ticketRow!.number}]`);
    expect(strip(ack.inReplyTo)).toBe(`p88.${shop.workspace.slug}@mail.customer.example`);
    expect(ackMail!.envelopeTo).toEqual([customer]);

    const answer = await reply(shop, ticketRow!.number, 'It is in the depot, out for delivery tomorrow.');
    await worker.drain();
    const received = await sink.waitForMessages(2);
    const replyMail = await parse(received[1]!.raw);
    const replyTo = addressesOf(replyMail.replyTo)[0]!.address;

    // The customer answers our reply: to the +token address, In-Reply-To our Message-ID.
    const followUp = await deliver(
      shop,
      customerEmail({
        from: customer,
        to: replyTo,
        subject: `Re: ${replyMail.subject}`,
        messageId: `p88-2.${shop.workspace.slug}@mail.customer.example`,
        text: 'Great, thanks!',
        headers: [`In-Reply-To: ${replyMail.messageId}`, `References: <p88.${shop.workspace.slug}@mail.customer.example> ${replyMail.messageId}`],
      }),
      customer,
      replyTo,
    );
    expect(followUp).toMatchObject({ status: 'processed', ticketId: ticketRow!.id });
    const detail = await ticketDetail(shop, ticketRow!.number);
    expect(detail.messages.map((item) => [item.direction, item.author.type])).toEqual([
      ['inbound', 'customer'],
      ['outbound', 'system'],
      ['outbound', 'agent'],
      ['inbound', 'customer'],
    ]);
    expect(detail.messages.find((item) => item.id === answer.id)!.delivery?.status).toBe('sent');
    // No second acknowledgement for the follow-up.
    await worker.drain();
    expect(sink.messages).toHaveLength(2);
  });

  it('an auto-reply creating a ticket gets no acknowledgement', async () => {
    const shop = await shopWithAddress();
    const from = 'ooo@customer.example';
    const created = await deliver(
      shop,
      customerEmail({ from, to: shop.address, subject: 'Out of office', messageId: `ooo.${shop.workspace.slug}@mail.customer.example`, text: 'I am away.', headers: ['Auto-Submitted: auto-replied'] }),
      from,
    );
    expect(['processed', 'ignored']).toContain(created.status);
    const rows = await deps.db.select().from(outboundEmails).where(eq(outboundEmails.workspaceId, shop.workspace.id));
    expect(rows).toHaveLength(0);
  });
});
