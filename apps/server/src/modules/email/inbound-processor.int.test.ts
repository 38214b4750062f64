/**
 * The inbound processor end to end: receipts written by receiveEmail (or, to stage a crash, by
 * hand) are claimed, parsed and turned into ticket messages, quarantined, held or ignored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { loadTicketDetail } from '../tickets/get-ticket.ts';
import { buildTicket, bearer } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { buildEmailShop, type EmailShop } from '../../../../../tests/support/email.ts';
import { loadEmailSettings } from './email-settings.ts';
import { maxInboundAttempts, startInboundProcessor, type InboundProcessor } from './inbound-processor.ts';
import { processInboundEmail } from './process-inbound.ts';
import { receiveEmail } from './receive-email.ts';
import { makeReplyToken, replyAddress } from '@rapport/email/reply-token';

let rapport: TestRapport;
let processor: InboundProcessor;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web' });
  processor = await startInboundProcessor(rapport.deps, { pollMs: 60_000 });
});
afterAll(async () => {
  await processor?.stop();
  await rapport?.stop();
});

type Shop = EmailShop;
const buildShop = () => buildEmailShop(rapport);

const uid = () => randomBytes(6).toString('hex');
const mail = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);

function textMail(shop: Shop, options: { from?: string; subject?: string; messageId?: string | null; body?: string; extra?: string[] } = {}) {
  return mail([
    `From: ${options.from ?? `"Ann Example" <ann-${uid()}@customer.test>`}`,
    `To: ${shop.address}`,
    `Subject: ${options.subject ?? 'Order 1001 has not arrived'}`,
    ...(options.messageId === null ? [] : [`Message-ID: ${options.messageId ?? `<${uid()}@customer.test>`}`]),
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    ...(options.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hello, where is my order?',
  ]);
}

interface ReceiptRow extends Record<string, unknown> {
  id: string;
  status: string;
  reason: string | null;
  reason_detail: string | null;
  ticket_id: string | null;
  message_id: string | null;
  attempts: number;
  raw_key: string;
}

async function receipt(id: string): Promise<ReceiptRow> {
  const [row] = await rapport.database.query<ReceiptRow>(
    'select id, status, reason, reason_detail, ticket_id, message_id, attempts, raw_key from inbound_emails where id = $1',
    [id],
  );
  if (!row) throw new Error(`no receipt ${id}`);
  return row;
}

async function receive(shop: Shop, raw: Uint8Array, envelope: { from?: string | null; to?: string[] } = {}) {
  const result = await receiveEmail(rapport.deps, { raw, source: 'smtp', envelopeFrom: envelope.from ?? null, envelopeTo: envelope.to ?? [shop.address] });
  return result.receipts.find((item) => item.workspaceId === shop.workspace.id)!;
}

async function deliver(shop: Shop, raw: Uint8Array, envelope: { from?: string | null; to?: string[] } = {}): Promise<ReceiptRow> {
  const received = await receive(shop, raw, envelope);
  if (!received.id) throw new Error('duplicate receipt');
  await processor.drain();
  return receipt(received.id);
}

/** A receipt row written by hand (as a processor that died would have left it). */
async function stageReceipt(shop: Shop, raw: Uint8Array | null, values: { claimedUntil?: Date | null; attempts?: number } = {}): Promise<string> {
  const rawKey = raw ? (await rapport.deps.storage.put(raw)).key : randomBytes(32).toString('hex'); // null: bytes missing from storage
  const [row] = await rapport.database.query<{ id: string }>(
    `insert into inbound_emails (workspace_id, source, raw_key, raw_size, dedupe_key, envelope_to, claimed_until, attempts)
     values ($1, 'smtp', $2, $3, $4, $5, $6, $7) returning id`,
    [shop.workspace.id, rawKey, raw?.byteLength ?? 0, `test:${uid()}`, [shop.address], values.claimedUntil ?? null, values.attempts ?? 0],
  );
  return row!.id;
}

async function messageCount(shop: Shop): Promise<number> {
  const [row] = await rapport.database.query<{ count: number }>("select count(*)::int as count from messages where workspace_id = $1 and direction = 'inbound'", [shop.workspace.id]);
  return row!.count;
}

describe('inbound processor', () => {
  it('stores attachments content-addressed and maps the inline cid: image to its download URL', async () => {
    const shop = await buildShop();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const pdf = Buffer.from('%PDF-1.4\n% test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const raw = mail([
      'From: "Ann Example" <ann@customer.test>',
      `To: ${shop.address}`,
      'Subject: Photo of the damaged box',
      `Message-ID: <att-${uid()}@customer.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><p>The box arrived like this:</p><img src="cid:box-photo@customer.test" alt="box"><img src="https://tracker.example/pixel.gif"></body></html>',
      '--rel',
      'Content-Type: image/png; name="box.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <box-photo@customer.test>',
      'Content-Disposition: inline; filename="../../etc/box.png"',
      '',
      png.toString('base64'),
      '--rel--',
      '--outer',
      'Content-Type: application/pdf; name="receipt.pdf"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="receipt.pdf"',
      '',
      pdf.toString('base64'),
      '--outer--',
    ]);
    const row = await deliver(shop, raw);
    expect(row.status).toBe('processed');
    const attachments = await rapport.database.query<{ id: string; filename: string; sha256: string; is_inline: boolean; content_id: string | null; size: number }>(
      'select id, filename, sha256, is_inline, content_id, size from attachments where workspace_id = $1 and message_id = $2 order by filename',
      [shop.workspace.id, row.message_id],
    );
    expect(attachments).toHaveLength(2);
    const image = attachments.find((item) => item.content_id !== null)!;
    const document = attachments.find((item) => item.content_id === null)!;
    expect(image).toMatchObject({ is_inline: true, content_id: 'box-photo@customer.test', size: png.length, sha256: createHash('sha256').update(png).digest('hex') });
    expect(image.filename).not.toContain('/');
    expect(document).toMatchObject({ filename: 'receipt.pdf', is_inline: false, size: pdf.length });
    const detail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, row.ticket_id!);
    const html = detail.messages.find((message) => message.id === row.message_id)!.html ?? '';
    expect(html).toContain(`/api/v1/attachments/${image.id}`);
    expect(html).not.toContain('cid:');
    // The URL serves the image to an agent of the workspace.
    const download = await rapport.app!.inject({ method: 'GET', url: `/api/v1/attachments/${image.id}`, headers: bearer(shop.workspace.agent) });
    expect(download.statusCode).toBe(200);
    expect(Buffer.from(download.rawPayload)).toEqual(png);
  });

  it('keeps one message for a Message-ID received twice, even past the receipt dedupe', async () => {
    const shop = await buildShop();
    const messageId = `<dup-${uid()}@customer.test>`;
    const first = await deliver(shop, textMail(shop, { messageId, from: 'ann@customer.test' }));
    expect(first.status).toBe('processed');
    // The same Message-ID again (other bytes): the receipt dedupes it.
    const again = await receive(shop, textMail(shop, { messageId, from: 'ann@customer.test', body: 'resent' }));
    expect(again).toMatchObject({ duplicate: true, id: null });
    // A second receipt that slipped past (e.g. a replay under another key): ignored as a duplicate.
    const staged = await stageReceipt(shop, textMail(shop, { messageId, from: 'ann@customer.test', body: 'resent' }));
    await processor.drain();
    expect(await receipt(staged)).toMatchObject({ status: 'ignored', reason: 'duplicate', ticket_id: first.ticket_id, message_id: first.message_id });
    expect(await messageCount(shop)).toBe(1);
  });

  it('keeps one message for the same bytes without a Message-ID received twice', async () => {
    const shop = await buildShop();
    const raw = textMail(shop, { messageId: null });
    const first = await deliver(shop, raw);
    expect(first.status).toBe('processed');
    expect(await receive(shop, raw)).toMatchObject({ duplicate: true });
    await processor.drain();
    expect(await messageCount(shop)).toBe(1);
  });

  it('quarantines a message without From with its reason, keeps the raw, and release delivers it with the original attached', async () => {
    const shop = await buildShop();
    const raw = mail([`To: ${shop.address}`, 'Subject: who am I', `Message-ID: <nofrom-${uid()}@x.test>`, '', 'body']);
    const row = await deliver(shop, raw, { from: 'bounce-sender@customer.test' });
    expect(row).toMatchObject({ status: 'quarantined', reason: 'no_from', ticket_id: null });
    expect(row.reason_detail).toBeTruthy();
    expect(await rapport.deps.storage.get(row.raw_key)).toEqual(new Uint8Array(raw));

    const released = await processInboundEmail(rapport.deps, shop.workspace.id, row.id, { override: { kind: 'release' }, actor: shop.workspace.admin.actor });
    expect(released.status).toBe('processed');
    const detail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, released.ticketId!);
    const message = detail.messages.find((item) => item.id === released.messageId)!;
    expect(message.text).toBe('This email could not be read (no_from). The original is attached.');
    expect(message.hasRaw).toBe(true);
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'original.eml', contentType: 'message/rfc822', size: raw.length })]);
    expect(detail.customer.email).toBe('bounce-sender@customer.test');
    const audit = await rapport.database.query<{ actor_id: string }>("select actor_id from audit_log where action = 'inbound_email.released' and subject_id = $1", [row.id]);
    expect(audit.map((item) => item.actor_id)).toEqual([shop.workspace.admin.id]);
    // A second release is refused: the email is no longer quarantined.
    await expect(processInboundEmail(rapport.deps, shop.workspace.id, row.id, { override: { kind: 'release' } })).rejects.toMatchObject({ code: 'INBOUND_EMAIL_STATE' });
  });

  it('releases a message quarantined by a limit with relaxed limits, as a readable message', async () => {
    const shop = await buildShop();
    const recipients = Array.from({ length: 700 }, (_, index) => `r${index}@list.test`).join(',\r\n ');
    const raw = mail([
      'From: "Big Sender" <big@customer.test>',
      `To: ${shop.address},\r\n ${recipients}`,
      'Subject: To everyone',
      `Message-ID: <many-${uid()}@customer.test>`,
      'Content-Type: text/plain',
      '',
      'Hello all',
    ]);
    const row = await deliver(shop, raw);
    expect(row).toMatchObject({ status: 'quarantined', reason: 'too_many_recipients' });
    const released = await processInboundEmail(rapport.deps, shop.workspace.id, row.id, { override: { kind: 'release' } });
    expect(released.status).toBe('processed');
    const detail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, released.ticketId!);
    expect(detail.messages.find((item) => item.id === released.messageId)!.text).toContain('Hello all');
    expect(detail.customer.email).toBe('big@customer.test');
  });

  it('marks the outbound message failed when its bounce arrives, and ignores a bounce about nothing we sent', async () => {
    const shop = await buildShop();
    const ticket = await buildTicket(rapport.deps, shop.workspace.agent.actor);
    const [outboundMessage] = await rapport.database.query<{ id: string }>(
      `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_user_id, text, delivery_status)
       values ($1, $2, 'outbound', 'email', 'agent', $3, 'We shipped it again.', 'sent') returning id`,
      [shop.workspace.id, ticket.id, shop.workspace.agent.id],
    );
    const rfcMessageId = `rapport.out-${uid()}@${shop.domain}`;
    const [outbound] = await rapport.database.query<{ id: string }>(
      `insert into outbound_emails (workspace_id, kind, ticket_id, message_id, rfc_message_id, from_address, from_name, to_addresses, subject, text, status, sent_at)
       values ($1, 'reply', $2, $3, $4, $5, 'Shop', $6, 'Re: Order', 'We shipped it again.', 'sent', now()) returning id`,
      [shop.workspace.id, ticket.id, outboundMessage!.id, rfcMessageId, shop.address, ['bob@customer.test']],
    );
    const dsn = (originalId: string) =>
      mail([
        'From: Mail Delivery Subsystem <mailer-daemon@mx.customer.test>',
        `To: ${shop.address}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <dsn-${uid()}@mx.customer.test>`,
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
        '',
        '--dsn',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'Your message could not be delivered to bob@customer.test.',
        '--dsn',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.customer.test',
        '',
        'Final-Recipient: rfc822; bob@customer.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <bob@customer.test>: Recipient address rejected: User unknown',
        '',
        '--dsn',
        'Content-Type: text/rfc822-headers',
        '',
        `From: Shop support <${shop.address}>`,
        'To: bob@customer.test',
        'Subject: Re: Order',
        `Message-ID: <${originalId}>`,
        '',
        '--dsn--',
      ]);
    const row = await deliver(shop, dsn(rfcMessageId), { from: '' });
    expect(row).toMatchObject({ status: 'processed', ticket_id: ticket.id, message_id: outboundMessage!.id });
    const [sent] = await rapport.database.query<{ status: string; last_error: string }>('select status, last_error from outbound_emails where id = $1', [outbound!.id]);
    expect(sent!.status).toBe('failed');
    expect(sent!.last_error).toMatch(/^5\.1\.1 bob@customer\.test: .*User unknown/);
    const detail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, ticket.id);
    expect(detail.messages.find((message) => message.id === outboundMessage!.id)?.delivery).toEqual({ status: 'failed', error: sent!.last_error });
    expect(detail.messages).toHaveLength(2); // the bounce is not a message of its own

    const stray = await deliver(shop, dsn(`never-sent-${uid()}@elsewhere.test`), { from: '' });
    expect(stray).toMatchObject({ status: 'ignored', reason: 'bounce_unmatched' });
  });

  it('ignores mail from the workspace’s own address (a loop), creating nothing', async () => {
    const shop = await buildShop();
    const row = await deliver(shop, textMail(shop, { from: `Shop support <${shop.address.toUpperCase()}>` }));
    expect(row).toMatchObject({ status: 'ignored', reason: 'from_own_address', ticket_id: null });
    expect(await messageCount(shop)).toBe(0);
  });

  it('takes over a receipt whose processor died (lease expired) but not one that is still leased', async () => {
    const shop = await buildShop();
    const leased = await stageReceipt(shop, textMail(shop), { claimedUntil: new Date(Date.now() + 60 * 60 * 1000), attempts: 1 });
    await processor.drain();
    expect(await receipt(leased)).toMatchObject({ status: 'received', attempts: 1 });
    // Its processor dies: the lease runs out.
    await rapport.database.query("update inbound_emails set claimed_until = now() - interval '1 second' where id = $1", [leased]);
    await processor.drain();
    expect(await receipt(leased)).toMatchObject({ status: 'processed', attempts: 2 });
    expect(await messageCount(shop)).toBe(1);
  });

  it('retries an unexpected failure with backoff and quarantines it as processing_failed after the last attempt', async () => {
    const shop = await buildShop();
    const early = await stageReceipt(shop, null);
    const last = await stageReceipt(shop, null, { attempts: maxInboundAttempts - 1 });
    const crashedTooOften = await stageReceipt(shop, textMail(shop), { attempts: maxInboundAttempts, claimedUntil: new Date(Date.now() - 1000) });
    await processor.drain();
    const retried = await receipt(early);
    expect(retried).toMatchObject({ status: 'received', attempts: 1 });
    expect(retried.reason_detail).toContain('missing from storage');
    const [lease] = await rapport.database.query<{ due: boolean }>('select claimed_until > now() as due from inbound_emails where id = $1', [early]);
    expect(lease!.due).toBe(true);
    expect(await receipt(last)).toMatchObject({ status: 'quarantined', reason: 'processing_failed', attempts: maxInboundAttempts });
    expect(await receipt(crashedTooOften)).toMatchObject({ status: 'quarantined', reason: 'processing_failed' });
    // Stop the first one from retrying in later tests.
    await rapport.database.query("update inbound_emails set status = 'deleted' where id = $1", [early]);
  });

  it('moves a held email to a new ticket or into a chosen ticket, audited, and refuses a wrong state', async () => {
    const shop = await buildShop();
    const owner = await deliver(shop, textMail(shop, { from: 'owner@customer.test' }));
    const settings = await loadEmailSettings(rapport.deps.db, shop.workspace.id);
    const [ownerTicket] = await rapport.database.query<{ number: number }>('select number from tickets where id = $1', [owner.ticket_id]);
    const tokenAddress = replyAddress(shop.address, makeReplyToken(settings.signingSecret, Number(ownerTicket!.number)));
    const spoof = () => deliver(shop, textMail(shop, { from: `intruder-${uid()}@evil.test` }), { to: [tokenAddress] });

    const first = await spoof();
    expect(first).toMatchObject({ status: 'held', reason: 'unverified_sender', ticket_id: owner.ticket_id });
    const moved = await processInboundEmail(rapport.deps, shop.workspace.id, first.id, { override: { kind: 'new_ticket' }, actor: shop.workspace.agent.actor });
    expect(moved.status).toBe('processed');
    expect(moved.ticketId).not.toBe(owner.ticket_id);
    const newTicket = await loadTicketDetail(rapport.deps.db, shop.workspace.id, moved.ticketId!);
    expect(newTicket.messages.map((message) => message.threadRule)).toEqual(['moved']); // no auto-acknowledgement for a held email

    const other = await buildTicket(rapport.deps, shop.workspace.agent.actor);
    const second = await spoof();
    const into = await processInboundEmail(rapport.deps, shop.workspace.id, second.id, {
      override: { kind: 'ticket', ticketId: other.id },
      actor: shop.workspace.agent.actor,
    });
    expect(into).toMatchObject({ status: 'processed', ticketId: other.id });
    const otherDetail = await loadTicketDetail(rapport.deps.db, shop.workspace.id, other.id);
    expect(otherDetail.messages.map((message) => message.threadRule)).toEqual([null, 'moved']);

    const actions = await rapport.database.query<{ action: string; actor_id: string }>(
      "select action, actor_id from audit_log where workspace_id = $1 and subject_type = 'inbound_email' and action like 'inbound_email.moved%' order by id",
      [shop.workspace.id],
    );
    expect(actions).toEqual([
      { action: 'inbound_email.moved_to_new_ticket', actor_id: shop.workspace.agent.id },
      { action: 'inbound_email.moved', actor_id: shop.workspace.agent.id },
    ]);
    const error = await processInboundEmail(rapport.deps, shop.workspace.id, owner.id, { override: { kind: 'accept' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INBOUND_EMAIL_STATE');
    // Without an override, a processed receipt is left as it is.
    expect(await processInboundEmail(rapport.deps, shop.workspace.id, owner.id)).toMatchObject({ status: 'processed', ticketId: owner.ticket_id });
  });

  it('processes a burst with two processors in parallel, each receipt exactly once', async () => {
    const shop = await buildShop();
    const second = await startInboundProcessor(rapport.deps, { pollMs: 60_000 });
    try {
      const ids: string[] = [];
      for (let index = 0; index < 24; index += 1) {
        const received = await receive(shop, textMail(shop, { from: `burst${index % 6}@customer.test`, subject: `Burst ${index}` }));
        ids.push(received.id!);
      }
      await Promise.all([processor.drain(), second.drain(), processor.drain()]);
      const rows = await Promise.all(ids.map((id) => receipt(id)));
      expect(rows.every((row) => row.status === 'processed')).toBe(true);
      expect(await messageCount(shop)).toBe(24);
      const [customers] = await rapport.database.query<{ count: number }>('select count(*)::int as count from customers where workspace_id = $1', [shop.workspace.id]);
      expect(customers!.count).toBe(6);
    } finally {
      await second.stop();
    }
  });
});
