/**
 * The composer's server side (issue 6, part 3) through the real API: macros (CRUD, permissions,
 * placeholders, actions and usage on send), drafts with stale revisions, the new-message warning,
 * composer uploads sent as email attachments through a real SMTP peer, undo-send (inside the
 * window the email is never sent; after it the reply stays), and mention notifications (once).
 *
 * Rapport runs in the web role with a test clock and a 10 s undo window; each test starts the
 * outbound sender itself, so it decides when sending happens.
 */
import { simpleParser } from 'mailparser';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DraftResponse, MacroDto, RenderedMacro, UndoResult, UploadDto } from '../../packages/contracts/src/composer.ts';
import type { MessageDto, NoteDto, TicketDetail } from '../../packages/contracts/src/tickets.ts';
import { auditLog, emailAddresses, macros, messages, notifications, outbox, outboundEmails, uploads } from '../../packages/db/src/schema.ts';
import { startOutboundSender } from '../../apps/server/src/modules/email/outbound-sender.ts';
import { pruneExpired } from '../../apps/server/src/modules/maintenance/prune-expired.ts';
import { notifyMentionedListener } from '../../apps/server/src/modules/notifications/mention-notifications.ts';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import { fixedClock } from '../../apps/server/src/platform/clock.ts';
import { apiAs } from '../support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const clock = fixedClock(new Date());
let rapport: TestRapport;
let deps: AppDeps;
let sink: SmtpSink;
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  rapport = await startTestRapport({ role: 'web', clock, config: testConfig({ smtpRelayUrl: sink.url, undoSendSeconds: 10 }) });
  deps = rapport.deps;
});
afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
  await deps.database.query(`update outbound_emails set status = 'failed', last_error = 'left by an earlier test' where status = 'queued'`);
  sink.clear();
});
afterAll(async () => {
  await rapport?.stop();
  await sink?.stop();
});

async function sender() {
  const started = await startOutboundSender(deps, { pollMs: 3_600_000, releaseLeasesOnStart: false });
  running.push(started);
  return started;
}

/** A workspace with an email address, and an email ticket of Dana's. */
async function emailShop() {
  const shop = await buildWorkspace(deps, 'Acme Coffee');
  await deps.db.insert(emailAddresses).values({ workspaceId: shop.id, address: `support@${shop.slug}.example.test`, displayName: 'Acme Support', isDefault: true });
  const ticket = await buildTicket(deps, shop.agent.actor, {
    subject: 'Grinder hopper cracked',
    text: 'My grinder arrived with a cracked hopper. Can you send a new one?',
    customer: { email: `dana-${shop.slug}@customer.example`, name: 'Dana Buyer' },
    channel: 'email',
  });
  return { shop, ticket };
}

async function addCustomerMessage(shop: WorkspaceFixture, ticket: TicketDetail, text: string) {
  clock.advance(1_000);
  const [row] = await deps.db
    .insert(messages)
    .values({ workspaceId: shop.id, ticketId: ticket.id, direction: 'inbound', channel: 'email', authorType: 'customer', authorCustomerId: ticket.customer.id, text, createdAt: clock.now() })
    .returning({ id: messages.id });
  return row!.id;
}

describe('macros', () => {
  it('CRUD with shared macros for admins and leads, personal ones for their owner only', async () => {
    const shop = await buildWorkspace(deps);
    const agent = apiAs(rapport, shop.agent);
    const lead = apiAs(rapport, shop.lead);

    const refused = await agent.post('/api/v1/macros', { name: 'Refund', body: 'Hi', scope: 'shared' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });

    const shared = await lead.post('/api/v1/macros', { name: 'Refund sent', body: 'Hi {{customer.first_name}}, refund sent.', scope: 'shared', actions: { status: 'solved', addTags: ['refund'] } });
    expect(shared.statusCode, shared.body).toBe(201);
    const sharedMacro = shared.json() as MacroDto;
    expect(sharedMacro).toMatchObject({ scope: 'shared', ownerId: null, usageCount: 0, actions: { status: 'solved', addTags: ['refund'] } });

    const personal = await agent.post('/api/v1/macros', { name: 'My greeting', body: 'Hello {{customer.name}}', scope: 'personal' });
    expect(personal.statusCode, personal.body).toBe(201);
    const personalMacro = personal.json() as MacroDto;

    // The agent sees both; the lead sees only the shared one (personal macros are private). The built-in playbooks' macros aside.
    const names = (items: MacroDto[]) => items.map((item) => item.name).filter((name) => !name.startsWith('Playbook: '));
    expect(names(((await agent.get('/api/v1/macros')).json() as { items: MacroDto[] }).items)).toEqual(['My greeting', 'Refund sent']);
    expect(names(((await lead.get('/api/v1/macros')).json() as { items: MacroDto[] }).items)).toEqual(['Refund sent']);
    expect((await lead.patch(`/api/v1/macros/${personalMacro.id}`, { name: 'Taken' })).statusCode).toBe(404);

    // An agent cannot change or delete a shared macro; the lead can.
    expect((await agent.patch(`/api/v1/macros/${sharedMacro.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await agent.delete(`/api/v1/macros/${sharedMacro.id}`)).statusCode).toBe(403);
    const renamed = await lead.patch(`/api/v1/macros/${sharedMacro.id}`, { name: 'Refund on its way' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((renamed.json() as MacroDto).name).toBe('Refund on its way');

    expect((await agent.patch(`/api/v1/macros/${personalMacro.id}`, { body: 'Hi {{customer.first_name}}' })).statusCode).toBe(200);
    expect((await agent.delete(`/api/v1/macros/${personalMacro.id}`)).statusCode).toBe(200);
    expect((await agent.get(`/api/v1/macros/${personalMacro.id}/render?ticket=1`)).statusCode).toBe(404);

    const audit = await deps.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.workspaceId, shop.id), eq(auditLog.subjectType, 'macro')));
    expect(audit.map((row) => row.action).sort()).toEqual(['macro.created', 'macro.created', 'macro.deleted', 'macro.updated', 'macro.updated']);
  });

  it('renders placeholders from the ticket, customer, agent and workspace, and reports unknown ones', async () => {
    const { shop, ticket } = await emailShop();
    const agent = apiAs(rapport, shop.agent);
    const created = await agent.post('/api/v1/macros', {
      name: 'Replacement',
      body: 'Hi {{customer.first_name}} ({{customer.name}}, {{customer.email}}), about #{{ticket.number}} "{{ticket.subject}}": {{order.id}}. {{agent.name}}, {{workspace.name}}',
      scope: 'personal',
    });
    const macro = created.json() as MacroDto;
    const response = await agent.get(`/api/v1/macros/${macro.id}/render?ticket=${ticket.number}`);
    expect(response.statusCode, response.body).toBe(200);
    const rendered = response.json() as RenderedMacro;
    expect(rendered.text).toBe(
      `Hi Dana (Dana Buyer, dana-${shop.slug}@customer.example), about #${ticket.number} "Grinder hopper cracked": {{order.id}}. Agent ${shop.slug}, Acme Coffee`,
    );
    expect(rendered.unknownPlaceholders).toEqual(['order.id']);
    expect(rendered.emptyPlaceholders).toEqual([]);
  });

  it('applies its actions and counts its use when the reply is sent; an explicit status wins', async () => {
    const { shop, ticket } = await emailShop();
    const lead = apiAs(rapport, shop.lead);
    const macro = (await lead.post('/api/v1/macros', { name: 'Escalate', body: 'We are on it.', scope: 'shared', actions: { status: 'pending', priority: 'high', addTags: ['hopper'] } })).json() as MacroDto;

    const sent = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'We are on it, Dana.', macroId: macro.id });
    expect(sent.statusCode, sent.body).toBe(201);
    const detail = (await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticket.number}`)).json() as TicketDetail;
    expect(detail).toMatchObject({ status: 'pending', priority: 'high', tags: ['hopper'] });

    const again = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Solved now.', macroId: macro.id, status: 'solved' });
    expect(again.statusCode, again.body).toBe(201);
    expect(((await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticket.number}`)).json() as TicketDetail).status).toBe('solved');
    const [row] = await deps.db.select({ usageCount: macros.usageCount }).from(macros).where(eq(macros.id, macro.id));
    expect(row!.usageCount).toBe(2);
  });
});

describe('drafts', () => {
  it('saves with rising revisions, refuses a stale save, restores, and is deleted by sending', async () => {
    const { shop, ticket } = await emailShop();
    const agent = apiAs(rapport, shop.agent);
    const url = `/api/v1/tickets/${ticket.number}/drafts/reply`;
    const put = (body: string, revision: number) => rapport.app!.inject({ method: 'PUT', url, payload: { body, revision }, headers: { authorization: `Bearer ${shop.agent.token}` } });

    expect((await agent.get(url)).json()).toEqual({ draft: null });
    expect((await put('Hello Da', 1)).statusCode).toBe(200);
    clock.advance(500);
    const newer = await put('Hello Dana, a new hopper', 3);
    expect(newer.statusCode, newer.body).toBe(200);
    const stale = await put('Hello Dana', 2);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'DRAFT_STALE', details: { revision: 3 } } });

    const restored = (await agent.get(url)).json() as DraftResponse;
    expect(restored.draft).toMatchObject({ kind: 'reply', body: 'Hello Dana, a new hopper', revision: 3 });
    // Another agent's draft on the same ticket is their own.
    expect((await apiAs(rapport, shop.lead).get(url)).json()).toEqual({ draft: null });

    const sent = await agent.post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Hello Dana, a new hopper ships today.' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await agent.get(url)).json()).toEqual({ draft: null });
  });

  it('warns before sending when the customer wrote after the draft was started', async () => {
    const { shop, ticket } = await emailShop();
    const agent = apiAs(rapport, shop.agent);
    clock.advance(1_000);
    await rapport.app!.inject({ method: 'PUT', url: `/api/v1/tickets/${ticket.number}/drafts/reply`, payload: { body: 'Sending a new hopper', revision: 1 }, headers: { authorization: `Bearer ${shop.agent.token}` } });
    const newId = await addCustomerMessage(shop, ticket, 'Actually, could I get a refund instead?');

    const refused = await agent.post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Sending a new hopper today.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'NEW_CUSTOMER_MESSAGE', details: { messageIds: [newId] } } });
    expect(await deps.db.select().from(messages).where(and(eq(messages.ticketId, ticket.id), eq(messages.direction, 'outbound')))).toHaveLength(0);

    const confirmed = await agent.post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Sending a new hopper today.', confirmNewMessages: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });
});

describe('uploads and undo-send', () => {
  it('sends an uploaded file as an attachment of the reply email, after the undo window', async () => {
    const { shop, ticket } = await emailShop();
    const agent = apiAs(rapport, shop.agent);
    const bytes = Buffer.from('%PDF-1.4 the attachment: returns label\n');
    const upload = await agent.post('/api/v1/uploads', { filename: 'returns-label.pdf', contentType: 'application/pdf', data: bytes.toString('base64') });
    expect(upload.statusCode, upload.body).toBe(201);
    const uploaded = upload.json() as UploadDto;
    expect(uploaded).toMatchObject({ filename: 'returns-label.pdf', contentType: 'application/pdf', size: bytes.length });

    const refused = await agent.post('/api/v1/uploads', { filename: 'setup.exe', contentType: 'application/octet-stream', data: bytes.toString('base64') });
    expect(refused.json()).toMatchObject({ error: { code: 'UPLOAD_REFUSED' } });
    // Another agent cannot send someone else's upload.
    const stolen = await apiAs(rapport, shop.lead).post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Mine', attachmentIds: [uploaded.id] });
    expect(stolen.json()).toMatchObject({ error: { code: 'UPLOAD_NOT_FOUND' } });

    const sent = await agent.post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Here is your returns label.', attachmentIds: [uploaded.id] });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json() as MessageDto;
    expect(message.attachments).toMatchObject([{ filename: 'returns-label.pdf', contentType: 'application/pdf', size: bytes.length }]);
    expect(await deps.db.select().from(uploads).where(eq(uploads.id, uploaded.id))).toHaveLength(0);
    expect(new Date(message.undoUntil!).getTime()).toBe(clock.now().getTime() + 10_000);

    // Inside the window nothing goes out.
    const worker = await sender();
    await worker.drain();
    expect(sink.messages).toHaveLength(0);

    clock.advance(10_001);
    await worker.drain();
    const [received] = await sink.waitForMessages(1);
    const mail = await simpleParser(received!.raw);
    expect(mail.text).toContain('Here is your returns label.');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'returns-label.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(mail.attachments[0]!.content).equals(bytes)).toBe(true);

    // After the window: too late to undo.
    const late = await agent.post(`/api/v1/tickets/${ticket.number}/messages/${message.id}/undo`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'UNDO_WINDOW_CLOSED' } });
  });

  it('undo inside the window: the email is never sent, the reply is hidden, the status restored and the text back in the draft', async () => {
    const { shop, ticket } = await emailShop();
    const agent = apiAs(rapport, shop.agent);
    const sent = await agent.post(`/api/v1/tickets/${ticket.number}/replies`, { text: 'Oops, wrong customer.', status: 'solved' });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json() as MessageDto;
    expect(((await agent.get(`/api/v1/tickets/${ticket.number}`)).json() as TicketDetail).status).toBe('solved');

    // Only the author may undo.
    expect((await apiAs(rapport, shop.lead).post(`/api/v1/tickets/${ticket.number}/messages/${message.id}/undo`, {})).statusCode).toBe(404);

    clock.advance(9_000);
    const undone = await agent.post(`/api/v1/tickets/${ticket.number}/messages/${message.id}/undo`, {});
    expect(undone.statusCode, undone.body).toBe(200);
    const result = undone.json() as UndoResult;
    expect(result).toMatchObject({ messageId: message.id, text: 'Oops, wrong customer.', draft: { kind: 'reply', body: 'Oops, wrong customer.' } });

    const detail = (await agent.get(`/api/v1/tickets/${ticket.number}`)).json() as TicketDetail;
    expect(detail.messages.map((item) => item.id)).not.toContain(message.id);
    expect(detail.status).toBe('new'); // as it was before the reply
    expect(((await agent.get(`/api/v1/tickets/${ticket.number}/drafts/reply`)).json() as DraftResponse).draft?.body).toBe('Oops, wrong customer.');
    expect(await deps.db.select().from(outboundEmails).where(eq(outboundEmails.messageId, message.id))).toHaveLength(0);
    // Search does not find what was never sent.
    const found = (await agent.get('/api/v1/search?q=oops')).json() as { hits: unknown[] };
    expect(found.hits).toEqual([]);

    // Long after the window, a sender finds nothing to send.
    clock.advance(60_000);
    const worker = await sender();
    await worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.messages).toHaveLength(0);
    expect((await agent.post(`/api/v1/tickets/${ticket.number}/messages/${message.id}/undo`, {})).statusCode).toBe(404);
  });

  it('prunes uploads never sent after a day', async () => {
    const shop = await buildWorkspace(deps);
    const upload = (await apiAs(rapport, shop.agent).post('/api/v1/uploads', { filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('x').toString('base64') })).json() as UploadDto;
    clock.advance(86_400_000 + 1_000);
    await pruneExpired(deps);
    expect(await deps.db.select().from(uploads).where(eq(uploads.id, upload.id))).toHaveLength(0);
    expect((await apiAs(rapport, shop.agent).delete(`/api/v1/uploads/${upload.id}`)).json()).toMatchObject({ error: { code: 'UPLOAD_NOT_FOUND' } });
  });
});

describe('notes with a macro, and coach dismissals', () => {
  it('applies the actions of a macro at once for a note, and records a dismissed coach finding in the audit trail', async () => {
    const { shop, ticket } = await emailShop();
    const lead = apiAs(rapport, shop.lead);
    const macro = (await lead.post('/api/v1/macros', { name: 'Hold for supplier', body: 'Waiting for the supplier.', scope: 'shared', actions: { status: 'on_hold', addTags: ['supplier'] } })).json() as MacroDto;
    const noted = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/notes`, { text: 'Waiting for the supplier.', macroId: macro.id });
    expect(noted.statusCode, noted.body).toBe(201);
    const detail = (await apiAs(rapport, shop.agent).get(`/api/v1/tickets/${ticket.number}`)).json() as TicketDetail;
    expect(detail).toMatchObject({ status: 'on_hold', tags: ['supplier'] });

    const dismissed = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/coach-dismissals`, { rule: 'jargon', reason: 'customer_prefers', excerpt: 'RMA' });
    expect(dismissed.statusCode, dismissed.body).toBe(201);
    const [entry] = await deps.db.select().from(auditLog).where(and(eq(auditLog.subjectId, ticket.id), eq(auditLog.action, 'coach.finding_dismissed')));
    expect(entry).toMatchObject({ actorId: shop.agent.id, data: { rule: 'jargon', reason: 'customer_prefers', excerpt: 'RMA' } });
    const invalid = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/coach-dismissals`, { rule: 'jargon', reason: 'because', excerpt: 'RMA' });
    expect(invalid.statusCode).toBe(400);
  });
});

describe('mentions', () => {
  it('stores the mentions of a note and notifies each mentioned member exactly once', async () => {
    const { shop, ticket } = await emailShop();
    const other = await buildWorkspace(deps, 'Other');
    const response = await apiAs(rapport, shop.agent).post(`/api/v1/tickets/${ticket.number}/notes`, {
      text: '@Lead could you approve a replacement hopper? The customer has been patient for a week.',
      mentions: [shop.lead.id, shop.agent.id, other.agent.id],
    });
    expect(response.statusCode, response.body).toBe(201);
    const note = response.json() as NoteDto;
    const [stored] = await deps.database.query<{ mentions: string[] | string }>('select mentions from notes where id = $1', [note.id]);
    const mentions = Array.isArray(stored!.mentions) ? stored!.mentions : String(stored!.mentions).replace(/[{}]/g, '').split(',');
    // A member of another workspace is dropped.
    expect(mentions.sort()).toEqual([shop.lead.id, shop.agent.id].sort());

    const [event] = await deps.db.select().from(outbox).where(and(eq(outbox.workspaceId, shop.id), eq(outbox.topic, 'note.created')));
    const listener = notifyMentionedListener(deps);
    const outboxEvent = { eventId: Number(event!.id), topic: event!.topic, version: event!.version, workspaceId: shop.id, payload: event!.payload as Record<string, unknown> };
    await listener.handle(outboxEvent);
    await listener.handle(outboxEvent); // redelivered: nothing new

    const rows = await deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, shop.id), eq(notifications.kind, 'mention')));
    expect(rows).toHaveLength(1); // the lead; never the author
    expect(rows[0]).toMatchObject({
      userId: shop.lead.id,
      ticketId: ticket.id,
      data: { number: ticket.number, subject: 'Grinder hopper cracked', authorId: shop.agent.id, authorName: `Agent ${shop.slug}`, noteId: note.id },
    });
    expect(String(rows[0]!.data['excerpt'])).toContain('could you approve a replacement hopper');

    const listed = await apiAs(rapport, shop.lead).get('/api/v1/notifications');
    expect(listed.statusCode).toBe(200);
    expect(JSON.stringify(listed.json())).toContain('mention');
  });
});
