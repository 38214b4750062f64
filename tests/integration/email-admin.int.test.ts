/**
 * The email admin API: addresses, settings, IMAP mailboxes (with a real Dovecot for the connection
 * test) and the triage of quarantined and held emails. Received emails are real: crafted raw
 * messages go through receiveEmail and the inbound processor, exactly as SMTP or IMAP mail would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EmailAddressDto,
  EmailAddressList,
  EmailSettingsDto,
  ImapMailboxDto,
  ImapMailboxList,
  InboundActionResult,
  InboundEmailDetail,
  InboundEmailList,
  InboundEmailPage,
  MailboxTestResult,
} from '../../packages/contracts/src/email.ts';
import type { TicketDetail } from '../../packages/contracts/src/tickets.ts';
import { processInboundEmail } from '../../apps/server/src/modules/email/process-inbound.ts';
import { receiveEmail } from '../../apps/server/src/modules/email/receive-email.ts';
import { apiAs } from '../support/api-client.ts';
import { isDovecotInstalled, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { buildWorkspace, type Member, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let other: WorkspaceFixture;
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;
const api = (member: Member) => apiAs(rapport, member);

beforeAll(async () => {
  rapport = await startTestRapport();
  other = await buildWorkspace(rapport.deps, 'Other shop');
});
afterAll(async () => {
  await rapport.stop();
});

async function auditActions(workspaceId: string, subjectId: string): Promise<string[]> {
  const rows = await rapport.database.query<{ action: string }>(
    'select action from audit_log where workspace_id = $1 and subject_id = $2 order by created_at, id',
    [workspaceId, subjectId],
  );
  return rows.map((row) => row.action);
}

// ---- Received-email fixtures ----------------------------------------------------------------

interface Mail {
  from?: string | null;
  to?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  body?: string;
  extraHeaders?: string[];
}

function rawEmail(mail: Mail): string {
  const headers = [
    ...(mail.from === null ? [] : [`From: ${mail.from ?? `Ana <ana-${unique()}@customer.test>`}`]),
    `To: ${mail.to ?? 'help@shop.test'}`,
    `Subject: ${mail.subject ?? `Question ${unique()}`}`,
    `Message-ID: <${mail.messageId ?? `${unique()}@customer.test`}>`,
    'Date: Tue, 4 Nov 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`, `References: <${mail.inReplyTo}>`] : []),
    ...(mail.extraHeaders ?? []),
  ];
  return `${headers.join('\r\n')}\r\n\r\n${mail.body ?? 'Hello, a question about my order.'}\r\n`;
}

/** Receives a raw email into the workspace and runs the inbound processor on it, as the worker would. */
async function deliver(workspace: WorkspaceFixture, raw: string): Promise<{ id: string; status: string; ticketId: string | null }> {
  const { receipts } = await receiveEmail(rapport.deps, { raw: new TextEncoder().encode(raw), source: 'import', workspaceId: workspace.id });
  const id = receipts[0]?.id;
  if (!id) throw new Error('not received');
  const result = await processInboundEmail(rapport.deps, workspace.id, id);
  return { id, status: result.status, ticketId: result.ticketId };
}

/** A message without From: the processor quarantines it (no_from). */
const quarantinedNoFrom = (workspace: WorkspaceFixture) => deliver(workspace, rawEmail({ from: null, subject: `No sender ${unique()}` }));

/** Too many recipients: quarantined under the normal limits, readable under the relaxed ones of a release. */
function quarantinedTooManyRecipients(workspace: WorkspaceFixture) {
  const to = Array.from({ length: 520 }, (_, index) => `person${index}@list.test`).join(',\r\n ');
  return deliver(workspace, rawEmail({ to, subject: `Crowded ${unique()}`, body: 'A message to far too many people.' }));
}

/**
 * A ticket of customer Ana (her email created it), then a message from Mallory that claims to
 * answer it (In-Reply-To Ana's Message-ID): held as unverified_sender, claiming Ana's ticket.
 */
async function heldReply(workspace: WorkspaceFixture) {
  const ticketMessageId = `${unique()}@customer.test`;
  const original = await deliver(workspace, rawEmail({ from: `Ana <ana-${unique()}@customer.test>`, messageId: ticketMessageId, subject: 'Broken kettle' }));
  expect(original.status).toBe('processed');
  const held = await deliver(
    workspace,
    rawEmail({
      from: `Mallory <mallory-${unique()}@elsewhere.test>`,
      subject: 'Re: Broken kettle',
      inReplyTo: ticketMessageId,
      body: 'Please send the refund to my account instead.\r\n\r\nOn Tue, Ana wrote:\r\n> My kettle is broken.',
    }),
  );
  expect(held.status).toBe('held');
  return { ticketId: original.ticketId!, heldId: held.id };
}

// ---- Addresses ------------------------------------------------------------------------------

describe('email addresses API', () => {
  it('adds addresses lower-cased, keeps exactly one default, edits and deletes them, audited', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const first = await api(shop.admin).post('/api/v1/email/addresses', { address: `  Help-${shop.slug}@Shop.TEST `, displayName: 'Shop help' });
    expect(first.statusCode).toBe(201);
    const help = first.json() as EmailAddressDto;
    expect(help).toMatchObject({ address: `help-${shop.slug}@shop.test`, displayName: 'Shop help', isDefault: true });

    const second = (await api(shop.admin).post('/api/v1/email/addresses', { address: `sales-${shop.slug}@shop.test`, displayName: 'Sales', isDefault: true })).json() as EmailAddressDto;
    expect(second.isDefault).toBe(true);
    let list = ((await api(shop.admin).get('/api/v1/email/addresses')).json() as EmailAddressList).items;
    expect(list.map((item) => [item.address, item.isDefault])).toEqual([
      [second.address, true],
      [help.address, false],
    ]);

    const renamed = await api(shop.admin).patch(`/api/v1/email/addresses/${help.id}`, { displayName: 'Support team', isDefault: true });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: 'Support team', isDefault: true });
    list = ((await api(shop.admin).get('/api/v1/email/addresses')).json() as EmailAddressList).items;
    expect(list.filter((item) => item.isDefault).map((item) => item.id)).toEqual([help.id]);

    const removed = await api(shop.admin).delete(`/api/v1/email/addresses/${help.id}`);
    expect(removed.statusCode).toBe(200);
    list = ((await api(shop.admin).get('/api/v1/email/addresses')).json() as EmailAddressList).items;
    expect(list).toEqual([{ ...second, isDefault: true }]);
    expect(await auditActions(shop.id, help.id)).toEqual(['email_address.created', 'email_address.updated', 'email_address.deleted']);

    const again = await api(shop.admin).delete(`/api/v1/email/addresses/${help.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'EMAIL_ADDRESS_NOT_FOUND' } });
  });

  it('refuses an address any workspace already has (EMAIL_ADDRESS_TAKEN), on create and on rename', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const taken = `taken-${shop.slug}@shop.test`;
    expect((await api(other.admin).post('/api/v1/email/addresses', { address: taken, displayName: 'Theirs' })).statusCode).toBe(201);
    const create = await api(shop.admin).post('/api/v1/email/addresses', { address: taken.toUpperCase(), displayName: 'Mine' });
    expect(create.statusCode).toBe(409);
    expect(create.json()).toMatchObject({ error: { code: 'EMAIL_ADDRESS_TAKEN', details: { field: 'address' } } });
    const own = (await api(shop.admin).post('/api/v1/email/addresses', { address: `own-${shop.slug}@shop.test`, displayName: 'Mine' })).json() as EmailAddressDto;
    const rename = await api(shop.admin).patch(`/api/v1/email/addresses/${own.id}`, { address: taken });
    expect(rename.statusCode).toBe(409);
    expect(rename.json()).toMatchObject({ error: { code: 'EMAIL_ADDRESS_TAKEN' } });
    const duplicateHere = await api(shop.admin).post('/api/v1/email/addresses', { address: own.address, displayName: 'Again' });
    expect(duplicateHere.statusCode).toBe(409);
  });

  it('validates the body and keeps other workspaces and non-admins out', async () => {
    const shop = await buildWorkspace(rapport.deps);
    for (const body of [
      { address: 'not an address', displayName: 'X' },
      { address: `plus+tag-${shop.slug}@shop.test`, displayName: 'X' },
      { address: `ok-${shop.slug}@shop.test`, displayName: '' },
      { address: `ok-${shop.slug}@shop.test`, displayName: 'X', colour: 'red' },
    ]) {
      const response = await api(shop.admin).post('/api/v1/email/addresses', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    const theirs = (await api(other.admin).post('/api/v1/email/addresses', { address: `theirs-${unique()}@other.test`, displayName: 'Theirs' })).json() as EmailAddressDto;
    const patch = await api(shop.admin).patch(`/api/v1/email/addresses/${theirs.id}`, { displayName: 'Hijacked' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json()).toMatchObject({ error: { code: 'EMAIL_ADDRESS_NOT_FOUND' } });
    expect((await api(shop.admin).delete(`/api/v1/email/addresses/${theirs.id}`)).statusCode).toBe(404);
    expect(((await api(shop.admin).get('/api/v1/email/addresses')).json() as EmailAddressList).items).toEqual([]);
    expect((await api(shop.lead).get('/api/v1/email/addresses')).statusCode).toBe(403);
    expect((await api(shop.agent).post('/api/v1/email/addresses', { address: `a-${unique()}@shop.test`, displayName: 'A' })).statusCode).toBe(403);
  });

  it('routes inbound mail by a newly added address', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const address = `inbox-${shop.slug}@shop.test`;
    await api(shop.admin).post('/api/v1/email/addresses', { address, displayName: 'Inbox' });
    const { receipts } = await receiveEmail(rapport.deps, {
      raw: new TextEncoder().encode(rawEmail({ to: address })),
      source: 'smtp',
      envelopeTo: [`${address.replace('@', '+sometoken@')}`],
    });
    expect(receipts.map((receipt) => receipt.workspaceId)).toEqual([shop.id]);
  });
});

// ---- Settings -------------------------------------------------------------------------------

describe('email settings API', () => {
  it('returns the defaults without the signing secret, saves changes, and restores built-in templates', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const initial = await api(shop.admin).get('/api/v1/email/settings');
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({
      subjectThreading: false,
      autoAckEnabled: true,
      autoAckSubject: null,
      autoAckBody: null,
      autoMessageDailyLimit: 5,
    });
    // Business hours moved to their own API (/api/v1/business-hours).
    expect(initial.json()).not.toHaveProperty('businessHours');
    const [secretRow] = await rapport.database.query<{ signing_secret: string }>('select signing_secret from email_settings where workspace_id = $1', [shop.id]);
    expect(secretRow?.signing_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(initial.body).not.toContain(secretRow?.signing_secret);
    expect(initial.body).not.toMatch(/secret/i);

    const patch = await api(shop.admin).patch('/api/v1/email/settings', {
      subjectThreading: true,
      autoAckSubject: 'We got it: ticket #{{ticketNumber}}',
      autoAckBody: 'Expect an answer {{estimate}}.',
      autoMessageDailyLimit: 3,
    });
    expect(patch.statusCode).toBe(200);
    const saved = patch.json() as EmailSettingsDto;
    expect(saved).toMatchObject({
      subjectThreading: true,
      autoAckSubject: 'We got it: ticket #{{ticketNumber}}',
      autoMessageDailyLimit: 3,
    });
    expect(patch.body).not.toContain(secretRow?.signing_secret);

    const cleared = (await api(shop.admin).patch('/api/v1/email/settings', { autoAckSubject: '   ', autoAckBody: null })).json() as EmailSettingsDto;
    expect(cleared).toMatchObject({ autoAckSubject: null, autoAckBody: null, subjectThreading: true });
    expect(((await api(other.admin).get('/api/v1/email/settings')).json() as EmailSettingsDto).subjectThreading).toBe(false);
    const audit = await rapport.database.query<{ action: string }>("select action from audit_log where workspace_id = $1 and action = 'email_settings.updated'", [shop.id]);
    expect(audit).toHaveLength(2);
  });

  it('refuses invalid settings and non-admins', async () => {
    const shop = await buildWorkspace(rapport.deps);
    for (const body of [
      {},
      { autoMessageDailyLimit: -1 },
      { businessHours: { days: [1], start: '09:00', end: '17:00' } },
      { signingSecret: 'mine' },
    ]) {
      const response = await api(shop.admin).patch('/api/v1/email/settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await api(shop.lead).patch('/api/v1/email/settings', { subjectThreading: true })).statusCode).toBe(403);
    expect((await api(shop.agent).get('/api/v1/email/settings')).statusCode).toBe(403);
  });
});

// ---- IMAP mailboxes -------------------------------------------------------------------------

describe.skipIf(!isDovecotInstalled)('IMAP mailboxes API', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('never returns the password; the password is write-only; changing the connection clears the failure state', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const password = `pw-${unique()}-secret`;
    const created = await api(shop.admin).post('/api/v1/email/mailboxes', { name: 'Support inbox', host: 'imap.shop.test', username: 'support', password });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(password);
    const mailbox = created.json() as ImapMailboxDto;
    expect(mailbox).toMatchObject({
      name: 'Support inbox',
      port: 993,
      secure: true,
      mailbox: 'INBOX',
      processedAction: 'flag',
      moveTo: null,
      enabled: true,
      status: 'idle',
      hasPassword: true,
      failures: 0,
      nextRetryAt: null,
    });
    expect(mailbox).not.toHaveProperty('password');

    // The worker recorded failures: the list shows the error, when, how many, and when it retries.
    await rapport.database.query(
      "update imap_mailboxes set status = 'failing', last_error = 'Authentication failed', last_error_at = now() - interval '1 second', failures = 3, last_uid = 40, uid_validity = 7 where id = $1",
      [mailbox.id],
    );
    const listed = await api(shop.admin).get('/api/v1/email/mailboxes');
    expect(listed.body).not.toContain(password);
    const [failing] = (listed.json() as ImapMailboxList).items;
    expect(failing).toMatchObject({ status: 'failing', lastError: 'Authentication failed', failures: 3, lastUid: 40 });
    expect(Date.parse(failing!.nextRetryAt!)).toBeGreaterThan(Date.parse(failing!.lastErrorAt!));

    const newPassword = `pw-${unique()}-changed`;
    const renamed = await api(shop.admin).patch(`/api/v1/email/mailboxes/${mailbox.id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', status: 'failing', failures: 3 });
    const updated = await api(shop.admin).patch(`/api/v1/email/mailboxes/${mailbox.id}`, { password: newPassword });
    expect(updated.statusCode).toBe(200);
    expect(updated.body).not.toContain(newPassword);
    expect(updated.json()).toMatchObject({ status: 'idle', failures: 0, lastError: null, nextRetryAt: null, lastUid: 40 });
    const moved = (await api(shop.admin).patch(`/api/v1/email/mailboxes/${mailbox.id}`, { mailbox: 'Support', processedAction: 'move', moveTo: 'Done' })).json() as ImapMailboxDto;
    expect(moved).toMatchObject({ mailbox: 'Support', processedAction: 'move', moveTo: 'Done', lastUid: 0 });
    const [stored] = await rapport.database.query<{ password: string; uid_validity: number | null }>('select password, uid_validity from imap_mailboxes where id = $1', [mailbox.id]);
    expect(stored).toEqual({ password: newPassword, uid_validity: null });

    const audit = await rapport.database.query<{ data: Record<string, unknown> }>('select data from audit_log where workspace_id = $1 and subject_id = $2', [shop.id, mailbox.id]);
    expect(audit.length).toBe(4);
    expect(JSON.stringify(audit)).not.toContain(password);
    expect(JSON.stringify(audit)).not.toContain(newPassword);

    expect((await api(shop.admin).delete(`/api/v1/email/mailboxes/${mailbox.id}`)).statusCode).toBe(200);
    expect(((await api(shop.admin).get('/api/v1/email/mailboxes')).json() as ImapMailboxList).items).toEqual([]);
  });

  it('validates mailboxes, answers 404 across workspaces, and is admin-only', async () => {
    const shop = await buildWorkspace(rapport.deps);
    for (const body of [
      { name: 'X', host: 'imap.test', username: 'u' },
      { name: 'X', host: 'imap.test', username: 'u', password: 'p', port: 0 },
      { name: 'X', host: 'imap.test', username: 'u', password: 'p', processedAction: 'move' },
      { name: 'X', host: 'bad host/name', username: 'u', password: 'p' },
    ]) {
      expect((await api(shop.admin).post('/api/v1/email/mailboxes', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const flagging = (await api(shop.admin).post('/api/v1/email/mailboxes', { name: 'X', host: 'imap.test', username: 'u', password: 'p' })).json() as ImapMailboxDto;
    const toMove = await api(shop.admin).patch(`/api/v1/email/mailboxes/${flagging.id}`, { processedAction: 'move' });
    expect(toMove.statusCode).toBe(400);
    const theirs = (await api(other.admin).post('/api/v1/email/mailboxes', { name: 'Theirs', host: 'imap.other.test', username: 'u', password: 'p' })).json() as ImapMailboxDto;
    for (const response of [
      await api(shop.admin).patch(`/api/v1/email/mailboxes/${theirs.id}`, { name: 'Mine now' }),
      await api(shop.admin).delete(`/api/v1/email/mailboxes/${theirs.id}`),
      await api(shop.admin).post(`/api/v1/email/mailboxes/${theirs.id}/test`, {}),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'MAILBOX_NOT_FOUND' } });
    }
    expect((await api(shop.lead).get('/api/v1/email/mailboxes')).statusCode).toBe(403);
  });

  it('tests the connection against a real IMAP server: success with the folder size, and a wrong password without leaking it', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const user = dovecot.addUser(`support-${unique()}`);
    await dovecot.append(user, 'INBOX', [rawEmail({}), rawEmail({})]);
    const good = (await api(shop.admin).post('/api/v1/email/mailboxes', { name: 'Dovecot', host: dovecot.host, port: dovecot.port, secure: false, username: user.user, password: user.password })).json() as ImapMailboxDto;
    const ok = await api(shop.admin).post(`/api/v1/email/mailboxes/${good.id}/test`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, error: null, messages: 2 });

    const wrongPassword = `wrong-${unique()}`;
    const bad = (await api(shop.admin).post('/api/v1/email/mailboxes', { name: 'Wrong', host: dovecot.host, port: dovecot.port, secure: false, username: user.user, password: wrongPassword })).json() as ImapMailboxDto;
    const failed = await api(shop.admin).post(`/api/v1/email/mailboxes/${bad.id}/test`, {});
    expect(failed.statusCode).toBe(200);
    const result = failed.json() as MailboxTestResult;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/auth/i);
    expect(failed.body).not.toContain(wrongPassword);

    const closed = (await api(shop.admin).post('/api/v1/email/mailboxes', { name: 'Closed', host: '127.0.0.1', port: 1, secure: false, username: 'u', password: 'p' })).json() as ImapMailboxDto;
    const refused = (await api(shop.admin).post(`/api/v1/email/mailboxes/${closed.id}/test`, {})).json() as MailboxTestResult;
    expect(refused).toMatchObject({ ok: false, messages: null });
    expect(refused.error).toMatch(/ECONNREFUSED|refused/i);
  });
});

// ---- Quarantine and held --------------------------------------------------------------------

describe('received emails: quarantine', () => {
  it('lists quarantined emails newest first with cursor pages, for leads and admins only', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const first = await quarantinedNoFrom(shop);
    const second = await quarantinedNoFrom(shop);
    const third = await quarantinedNoFrom(shop);
    expect([first.status, second.status, third.status]).toEqual(['quarantined', 'quarantined', 'quarantined']);
    await quarantinedNoFrom(other);

    const page1 = (await api(shop.lead).get('/api/v1/email/inbound?status=quarantined&limit=2')).json() as InboundEmailPage;
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await api(shop.lead).get(`/api/v1/email/inbound?status=quarantined&limit=2&cursor=${page1.nextCursor}`)).json() as InboundEmailPage;
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items].map((item) => item.id);
    expect(new Set(ids)).toEqual(new Set([first.id, second.id, third.id]));
    expect(page1.items[0]).toMatchObject({ status: 'quarantined', reason: 'no_from', fromAddress: null, ticket: null, source: 'import' });

    const asAgent = await api(shop.agent).get('/api/v1/email/inbound?status=quarantined');
    expect(asAgent.statusCode).toBe(403);
    expect((await api(shop.agent).get(`/api/v1/email/inbound/${first.id}`)).statusCode).toBe(403);
    expect((await api(shop.agent).get(`/api/v1/email/inbound/${first.id}/raw`)).statusCode).toBe(403);
    expect((await api(shop.lead).get('/api/v1/email/inbound')).statusCode).toBe(400);
    expect((await api(shop.lead).get('/api/v1/email/inbound?status=processed')).statusCode).toBe(400);
  });

  it('shows one email and downloads its raw original as message/rfc822, always as an attachment', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const raw = rawEmail({ from: null, subject: 'Raw <script>alert(1)</script>' });
    const quarantined = await deliver(shop, raw);
    const detail = await api(shop.admin).get(`/api/v1/email/inbound/${quarantined.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: quarantined.id,
      status: 'quarantined',
      reason: 'no_from',
      subject: 'Raw <script>alert(1)</script>',
      rawSize: new TextEncoder().encode(raw).byteLength,
      envelopeTo: [],
      messageId: null,
    });
    const download = await api(shop.lead).get(`/api/v1/email/inbound/${quarantined.id}/raw`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('message/rfc822');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="received-\d{4}-\d{2}-\d{2}-[0-9a-f-]{36}\.eml"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.body).toBe(raw);

    const foreign = await api(other.admin).get(`/api/v1/email/inbound/${quarantined.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_NOT_FOUND' } });
    expect((await api(other.admin).get(`/api/v1/email/inbound/${quarantined.id}/raw`)).statusCode).toBe(404);
  });

  it('retries (still quarantined when the message is still bad), releases with relaxed limits, then refuses a second release', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const crowded = await quarantinedTooManyRecipients(shop);
    expect(crowded.status).toBe('quarantined');
    const retried = await api(shop.lead).post(`/api/v1/email/inbound/${crowded.id}/retry`, {});
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ inboundEmail: { status: 'quarantined', reason: 'too_many_recipients' }, ticket: null });

    const released = await api(shop.lead).post(`/api/v1/email/inbound/${crowded.id}/release`, {});
    expect(released.statusCode).toBe(200);
    const result = released.json() as InboundActionResult;
    expect(result.inboundEmail.status).toBe('processed');
    expect(result.ticket).not.toBeNull();
    const ticket = (await api(shop.agent).get(`/api/v1/tickets/${result.ticket!.id}`)).json() as TicketDetail;
    expect(ticket.messages.map((message) => message.text.trim())).toEqual(['A message to far too many people.']);
    expect(ticket.messages[0]?.hasRaw).toBe(true);

    const again = await api(shop.lead).post(`/api/v1/email/inbound/${crowded.id}/release`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_STATE' } });
    const retryProcessed = await api(shop.lead).post(`/api/v1/email/inbound/${crowded.id}/retry`, {});
    expect(retryProcessed.statusCode).toBe(409);
    expect(await auditActions(shop.id, crowded.id)).toEqual(['inbound_email.retried', 'inbound_email.released']);
    expect(((await api(shop.lead).get('/api/v1/email/inbound?status=quarantined')).json() as InboundEmailPage).items).toEqual([]);
  });

  it('retry processes a message that is readable now (as if it had just arrived)', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const raw = rawEmail({ from: `Bo <bo-${unique()}@customer.test>`, subject: 'Readable after all', body: 'It works now.' });
    const { receipts } = await receiveEmail(rapport.deps, { raw: new TextEncoder().encode(raw), source: 'import', workspaceId: shop.id });
    const id = receipts[0]!.id!;
    // As a worker crash loop leaves it: quarantined by processing_failed, the message itself fine.
    await rapport.database.query("update inbound_emails set status = 'quarantined', reason = 'processing_failed', reason_detail = 'worker died' where id = $1", [id]);
    const retried = (await api(shop.admin).post(`/api/v1/email/inbound/${id}/retry`, {})).json() as InboundActionResult;
    expect(retried.inboundEmail).toMatchObject({ status: 'processed', reason: null });
    expect(retried.ticket?.subject).toBe('Readable after all');
    const ticket = (await api(shop.agent).get(`/api/v1/tickets/${retried.ticket!.id}`)).json() as TicketDetail;
    expect(ticket.messages[0]).toMatchObject({ threadRule: 'new_ticket' });
  });

  it('releases an unreadable message as an "unreadable" message with the original attached', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const noFrom = await quarantinedNoFrom(shop);
    const released = (await api(shop.admin).post(`/api/v1/email/inbound/${noFrom.id}/release`, {})).json() as InboundActionResult;
    expect(released.inboundEmail.status).toBe('processed');
    const ticket = (await api(shop.agent).get(`/api/v1/tickets/${released.ticket!.id}`)).json() as TicketDetail;
    expect(ticket.messages[0]?.attachments.map((attachment) => attachment.contentType)).toEqual(['message/rfc822']);
  });

  it('deletes quarantined emails (leads and admins), keeping the raw original in storage', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const quarantined = await quarantinedNoFrom(shop);
    expect((await api(shop.agent).delete(`/api/v1/email/inbound/${quarantined.id}`)).statusCode).toBe(403);
    expect((await api(other.admin).delete(`/api/v1/email/inbound/${quarantined.id}`)).statusCode).toBe(404);
    const deleted = await api(shop.lead).delete(`/api/v1/email/inbound/${quarantined.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id: quarantined.id, status: 'deleted' });
    expect(((await api(shop.lead).get('/api/v1/email/inbound?status=quarantined')).json() as InboundEmailPage).items).toEqual([]);
    const [row] = await rapport.database.query<{ raw_key: string }>('select raw_key from inbound_emails where id = $1', [quarantined.id]);
    expect(await rapport.deps.storage.get(row!.raw_key)).not.toBeNull();
    const again = await api(shop.lead).delete(`/api/v1/email/inbound/${quarantined.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_STATE' } });
    for (const action of ['retry', 'release']) {
      expect((await api(shop.lead).post(`/api/v1/email/inbound/${quarantined.id}/${action}`, {})).statusCode).toBe(409);
    }
    expect(await auditActions(shop.id, quarantined.id)).toEqual(['inbound_email.deleted']);
  });
});

describe('received emails: held (unverified senders)', () => {
  it('shows held emails to agents, on the list and on the ticket they claim', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const { ticketId, heldId } = await heldReply(shop);
    const list = (await api(shop.agent).get('/api/v1/email/inbound?status=held')).json() as InboundEmailPage;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: heldId, status: 'held', reason: 'unverified_sender', subject: 'Re: Broken kettle', ticket: { id: ticketId, subject: 'Broken kettle' } });
    expect(list.items[0]?.fromAddress).toMatch(/^mallory-/);
    const detail = (await api(shop.agent).get(`/api/v1/email/inbound/${heldId}`)).json() as InboundEmailDetail;
    expect(detail.reasonDetail).toContain('belongs to');
    const raw = await api(shop.agent).get(`/api/v1/email/inbound/${heldId}/raw`);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-disposition']).toMatch(/^attachment;/);

    const onTicket = (await api(shop.agent).get(`/api/v1/tickets/${ticketId}/held-emails`)).json() as InboundEmailList;
    expect(onTicket.items.map((item) => item.id)).toEqual([heldId]);
    const ticket = (await api(shop.agent).get(`/api/v1/tickets/${ticketId}`)).json() as TicketDetail;
    expect(ticket.messages).toHaveLength(1);
    expect((await api(shop.agent).get(`/api/v1/tickets/${ticket.number}/held-emails`)).json()).toEqual(onTicket);
    expect((await api(other.agent).get(`/api/v1/tickets/${ticketId}/held-emails`)).statusCode).toBe(404);
    expect((await api(other.agent).get(`/api/v1/email/inbound/${heldId}`)).statusCode).toBe(404);
  });

  it('accepts a held email into the ticket it claims, with the "accepted" rule and the quoted text kept aside', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const { ticketId, heldId } = await heldReply(shop);
    const accepted = await api(shop.agent).post(`/api/v1/email/inbound/${heldId}/accept`, {});
    expect(accepted.statusCode).toBe(200);
    const result = accepted.json() as InboundActionResult;
    expect(result.inboundEmail.status).toBe('processed');
    expect(result.ticket?.id).toBe(ticketId);
    const ticket = (await api(shop.agent).get(`/api/v1/tickets/${ticketId}`)).json() as TicketDetail;
    const added = ticket.messages.at(-1);
    expect(added).toMatchObject({ threadRule: 'accepted', hasRaw: true });
    expect(added?.text).toContain('refund to my account');
    expect(added?.quotedText).toContain('My kettle is broken');
    expect(((await api(shop.agent).get(`/api/v1/tickets/${ticketId}/held-emails`)).json() as InboundEmailList).items).toEqual([]);
    const again = await api(shop.agent).post(`/api/v1/email/inbound/${heldId}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'INBOUND_EMAIL_STATE' } });
    expect((await api(shop.agent).post(`/api/v1/email/inbound/${heldId}/move`, { kind: 'new_ticket' })).statusCode).toBe(409);
    expect(await auditActions(shop.id, heldId)).toEqual(['inbound_email.held', 'inbound_email.accepted']);
  });

  it('moves held emails to a new ticket or to another ticket by number', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const first = await heldReply(shop);
    const toNew = (await api(shop.agent).post(`/api/v1/email/inbound/${first.heldId}/move`, { kind: 'new_ticket' })).json() as InboundActionResult;
    expect(toNew.inboundEmail.status).toBe('processed');
    expect(toNew.ticket?.id).not.toBe(first.ticketId);
    const created = (await api(shop.agent).get(`/api/v1/tickets/${toNew.ticket!.id}`)).json() as TicketDetail;
    expect(created.messages[0]?.threadRule).toBe('moved');
    expect(created.customer.email).toMatch(/^mallory-/);

    const second = await heldReply(shop);
    const target = (await api(shop.agent).get(`/api/v1/tickets/${toNew.ticket!.id}`)).json() as TicketDetail;
    const moved = await api(shop.agent).post(`/api/v1/email/inbound/${second.heldId}/move`, { kind: 'ticket', ticketRef: String(target.number) });
    expect(moved.statusCode).toBe(200);
    expect((moved.json() as InboundActionResult).ticket?.id).toBe(target.id);
    const after = (await api(shop.agent).get(`/api/v1/tickets/${target.id}`)).json() as TicketDetail;
    expect(after.messages.map((message) => message.threadRule)).toEqual(['moved', 'moved']);

    const third = await heldReply(shop);
    const missing = await api(shop.agent).post(`/api/v1/email/inbound/${third.heldId}/move`, { kind: 'ticket', ticketRef: '999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });
    const foreignTicket = (await deliver(other, rawEmail({}))).ticketId!;
    const crossWorkspace = await api(shop.agent).post(`/api/v1/email/inbound/${third.heldId}/move`, { kind: 'ticket', ticketRef: foreignTicket });
    expect(crossWorkspace.statusCode).toBe(404);
    expect((await api(shop.agent).post(`/api/v1/email/inbound/${third.heldId}/move`, { kind: 'ticket' })).statusCode).toBe(400);
    expect((await api(shop.agent).post(`/api/v1/email/inbound/${third.heldId}/retry`, {})).statusCode).toBe(403);
    expect((await api(shop.lead).post(`/api/v1/email/inbound/${third.heldId}/retry`, {})).statusCode).toBe(409);
    expect((await api(shop.lead).post(`/api/v1/email/inbound/${third.heldId}/release`, {})).statusCode).toBe(409);
    expect((await api(other.admin).post(`/api/v1/email/inbound/${third.heldId}/accept`, {})).statusCode).toBe(404);

    const deleted = await api(shop.lead).delete(`/api/v1/email/inbound/${third.heldId}`);
    expect(deleted.json()).toMatchObject({ status: 'deleted' });
    expect((await api(shop.agent).post(`/api/v1/email/inbound/${third.heldId}/accept`, {})).statusCode).toBe(409);
    expect(await auditActions(shop.id, first.heldId)).toEqual(['inbound_email.held', 'inbound_email.moved_to_new_ticket']);
    expect(await auditActions(shop.id, second.heldId)).toEqual(['inbound_email.held', 'inbound_email.moved']);
  });
});
