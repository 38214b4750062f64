/**
 * Notification emails to agents, end to end on a real Rapport (web + worker: outbox, listeners,
 * outbound sender) against a real SMTP peer on loopback: an assignment by one agent emails the
 * assignee (link, headers, not on the ticket's timeline); a kind switched off, the actor, a
 * deactivated member and a non-member get no email; a redelivered event sends one email; the
 * hourly limit keeps the in-app notification. Plus the settings routes.
 */
import { and, eq } from 'drizzle-orm';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '@rapport/contracts/notification-settings';
import { auditLog, emailAddresses, memberships, notifications, outbox, outboundEmails, users } from '@rapport/db/schema';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildMember, buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { startSmtpSink, type SmtpSink } from '../../../../../tests/support/smtp-sink.ts';
import type { OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { notifyAssigneeListener } from './notifications.listeners.ts';
import { storeNotification } from './store-notification.ts';

const hourlyLimit = 3;
const publicUrl = 'https://help.acme.test';
let rapport: TestRapport;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  rapport = await startTestRapport({ role: 'all', config: testConfig({ smtpRelayUrl: sink.url, publicUrl, notificationEmailsPerHour: hourlyLimit }) });
});

afterEach(() => sink.clear());

afterAll(async () => {
  await rapport?.stop();
  await sink?.stop();
});

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Shop {
  workspace: WorkspaceFixture;
  address: string;
}

async function shop(): Promise<Shop> {
  const workspace = await buildWorkspace(rapport.deps, 'Acme Outdoor');
  const address = `support@${workspace.slug}.example.test`;
  await rapport.deps.db.insert(emailAddresses).values({ workspaceId: workspace.id, address, displayName: 'Acme Support', isDefault: true });
  return { workspace, address };
}

async function assign(by: Member, ticketNumber: number, to: Member): Promise<void> {
  const response = await apiAs(rapport, by).patch(`/api/v1/tickets/${ticketNumber}`, { assigneeId: to.id });
  expect(response.statusCode, response.body).toBe(200);
}

async function notificationsOf(member: Member, kind = 'assigned') {
  return rapport.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, member.actor.workspaceId), eq(notifications.userId, member.id), eq(notifications.kind, kind)));
}

/** Notification emails queued or sent to `member` (the rows carry no ticket and no message). */
async function emailRowsTo(member: Member) {
  const rows = await rapport.deps.db.select().from(outboundEmails).where(and(eq(outboundEmails.workspaceId, member.actor.workspaceId), eq(outboundEmails.kind, 'notification')));
  return rows.filter((row) => row.toAddresses.includes(member.email));
}

async function allSent(member: Member, count: number) {
  return waitFor(async () => {
    const rows = await emailRowsTo(member);
    return rows.length === count && rows.every((row) => row.status === 'sent') && rows;
  }, `${count} sent emails to ${member.email}`);
}

const mailsTo = (address: string) => sink.messages.filter((message) => message.envelopeTo.includes(address));

function addressesOf(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((item) => item.value.map((entry) => ({ address: entry.address ?? '', name: entry.name })));
}

describe('notification emails', () => {
  it('an assignment by one agent emails the assignee, with the link, from the workspace address, marked automatic; nobody else', async () => {
    const { workspace, address } = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { subject: 'Tent pole snapped <on day 1>' });
    const messagesBefore = ticket.messages.length;

    await assign(workspace.lead, ticket.number, workspace.agent);
    await waitFor(async () => (await notificationsOf(workspace.agent)).length === 1, 'the in-app notification');
    const [row] = await allSent(workspace.agent, 1);
    expect(row).toMatchObject({ ticketId: null, messageId: null, kind: 'notification', toAddresses: [workspace.agent.email] });

    const [received] = await sink.waitForMessages(1);
    expect(mailsTo(workspace.agent.email)).toHaveLength(1);
    expect(received!.envelopeTo).toEqual([workspace.agent.email]);
    const mail: ParsedMail = await simpleParser(received!.raw);
    expect(addressesOf(mail.from)).toEqual([{ address, name: 'Rapport · Acme Outdoor' }]);
    expect(addressesOf(mail.to)).toEqual([{ address: workspace.agent.email, name: '' }]);
    expect(mail.subject).toBe(`[#${ticket.number}] Assigned to you: Tent pole snapped <on day 1>`);
    expect(mail.text).toContain(`${publicUrl}/tickets/${ticket.number}`);
    expect(mail.text).toContain(`Lead ${workspace.slug} assigned ticket #${ticket.number} to you.`);
    expect(mail.text).toContain(`${publicUrl}/preferences#notifications`);
    expect(mail.html).toContain(`<a href="${publicUrl}/tickets/${ticket.number}">`);
    expect(mail.html).toContain('Tent pole snapped &lt;on day 1&gt;');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.headers.get('x-rapport-ticket')).toBeUndefined();

    // The actor (the lead) got nothing, and the email is no message on the customer's ticket.
    expect(await emailRowsTo(workspace.lead)).toEqual([]);
    expect(mailsTo(workspace.lead.email)).toEqual([]);
    const detail = (await apiAs(rapport, workspace.agent).get(`/api/v1/tickets/${ticket.number}`)).json() as { messages: unknown[] };
    expect(detail.messages).toHaveLength(messagesBefore);
  });

  it('a kind switched off makes the in-app notification only', async () => {
    const { workspace } = await shop();
    const put = await apiAs(rapport, workspace.agent).put('/api/v1/me/notification-settings', { email: [{ kind: 'assigned', isEnabled: false }] });
    expect(put.statusCode, put.body).toBe(200);
    const ticket = await buildTicket(rapport.deps, workspace.lead.actor);
    await assign(workspace.lead, ticket.number, workspace.agent);
    // The email would be written in the notification's transaction: once it exists, nothing more can come.
    await waitFor(async () => (await notificationsOf(workspace.agent)).length === 1, 'the in-app notification');
    expect(await emailRowsTo(workspace.agent)).toEqual([]);

    // Switched back on, the next assignment is emailed.
    await apiAs(rapport, workspace.agent).put('/api/v1/me/notification-settings', { email: [{ kind: 'assigned', isEnabled: true }] });
    const second = await buildTicket(rapport.deps, workspace.lead.actor);
    await assign(workspace.lead, second.number, workspace.agent);
    await allSent(workspace.agent, 1);
  });

  it('never emails the person who caused it, a deactivated member or someone outside the workspace', async () => {
    const { workspace } = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.lead.actor);
    // Assigning to yourself notifies nobody.
    await assign(workspace.agent, ticket.number, workspace.agent);
    const outsider = await buildWorkspace(rapport.deps, 'Elsewhere');
    const leaving = await buildMember(rapport.deps, workspace, 'agent', 'leaving');
    await rapport.deps.db.update(memberships).set({ isActive: false }).where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, leaving.id)));

    const store = (userId: string, actorId: string | null, eventId: number) =>
      rapport.deps.db.transaction((tx) =>
        storeNotification(rapport.deps, tx, { workspaceId: workspace.id, userId, ticketId: ticket.id, kind: 'mention', eventId, data: { number: ticket.number, actorId, actorName: 'Someone' } }),
      );
    const base = Date.now();
    expect(await store(workspace.lead.id, workspace.lead.id, base + 1)).not.toBeNull();
    expect(await store(leaving.id, workspace.lead.id, base + 2)).not.toBeNull();
    expect(await store(outsider.agent.id, workspace.lead.id, base + 3)).not.toBeNull();
    // The control: the same call for an active member caused by someone else is emailed.
    expect(await store(workspace.admin.id, workspace.lead.id, base + 4)).not.toBeNull();

    await allSent(workspace.admin, 1);
    expect(await notificationsOf(workspace.agent)).toEqual([]);
    expect(await emailRowsTo(workspace.agent)).toEqual([]);
    expect(await emailRowsTo(workspace.lead)).toEqual([]);
    expect(await emailRowsTo(leaving)).toEqual([]);
    const outsiderRows = await rapport.deps.db.select().from(outboundEmails).where(eq(outboundEmails.workspaceId, workspace.id));
    expect(outsiderRows.flatMap((row) => row.toAddresses)).toEqual([workspace.admin.email]);
  });

  it('a redelivered event makes no second notification and no second email', async () => {
    const { workspace } = await shop();
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await assign(workspace.lead, ticket.number, workspace.agent);
    await allSent(workspace.agent, 1);

    const [row] = await rapport.deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspace.id), eq(outbox.topic, 'ticket.assigned')));
    const event: OutboxEvent = { eventId: row!.id, topic: row!.topic, version: row!.version, workspaceId: row!.workspaceId, payload: row!.payload };
    const listener = notifyAssigneeListener(rapport.deps);
    await listener.handle(event);
    await listener.handle(event);

    expect(await notificationsOf(workspace.agent)).toHaveLength(1);
    expect(await emailRowsTo(workspace.agent)).toHaveLength(1);
    expect(mailsTo(workspace.agent.email)).toHaveLength(1);
  });

  it(`sends at most ${hourlyLimit} an hour to one member; beyond that only the in-app notification`, async () => {
    const { workspace } = await shop();
    const count = hourlyLimit + 2;
    for (let index = 0; index < count; index += 1) {
      const ticket = await buildTicket(rapport.deps, workspace.lead.actor);
      await assign(workspace.lead, ticket.number, workspace.agent);
    }
    await waitFor(async () => (await notificationsOf(workspace.agent)).length === count, 'every in-app notification');
    await allSent(workspace.agent, hourlyLimit);
    await sink.waitForMessages(hourlyLimit);
    expect(mailsTo(workspace.agent.email)).toHaveLength(hourlyLimit);
  });
});

describe('GET/PUT /api/v1/me/notification-settings', () => {
  it('shows the defaults, saves only the signed-in member\'s choices, audits them and refuses unknown kinds', async () => {
    const { workspace } = await shop();
    const agent = apiAs(rapport, workspace.agent);
    const initial = (await agent.get('/api/v1/me/notification-settings')).json() as NotificationSettings;
    expect(initial.emailAddress).toBe(workspace.agent.email);
    expect(initial.hourlyEmailLimit).toBe(hourlyLimit);
    const setting = (settings: NotificationSettings, kind: string) => settings.email.find((item) => item.kind === kind);
    expect(setting(initial, 'assigned')).toEqual({ kind: 'assigned', isEnabled: true, isDefault: true, defaultEnabled: true });
    expect(setting(initial, 'note')).toEqual({ kind: 'note', isEnabled: false, isDefault: true, defaultEnabled: false });

    const put = await agent.put('/api/v1/me/notification-settings', { email: [{ kind: 'note', isEnabled: true }, { kind: 'mention', isEnabled: false }] });
    expect(put.statusCode, put.body).toBe(200);
    const saved = put.json() as NotificationSettings;
    expect(setting(saved, 'note')).toMatchObject({ isEnabled: true, isDefault: false });
    expect(setting(saved, 'mention')).toMatchObject({ isEnabled: false, isDefault: false });
    expect(setting(saved, 'assigned')).toMatchObject({ isEnabled: true, isDefault: true });

    // Another member's settings are untouched.
    const lead = (await apiAs(rapport, workspace.lead).get('/api/v1/me/notification-settings')).json() as NotificationSettings;
    expect(setting(lead, 'note')).toMatchObject({ isEnabled: false, isDefault: true });

    const [audit] = await rapport.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, 'notification_settings.updated')));
    expect(audit).toMatchObject({ actorId: workspace.agent.id, subjectId: workspace.agent.id });
    expect(audit!.data).toEqual({ email: [{ kind: 'note', isEnabled: true }, { kind: 'mention', isEnabled: false }] });

    expect((await agent.put('/api/v1/me/notification-settings', { email: [{ kind: 'everything', isEnabled: true }] })).statusCode).toBe(400);
    expect((await agent.put('/api/v1/me/notification-settings', { email: [{ kind: 'note', isEnabled: true }, { kind: 'note', isEnabled: false }] })).statusCode).toBe(400);
    expect((await agent.put('/api/v1/me/notification-settings', { email: [], userId: workspace.lead.id })).statusCode).toBe(400);
    const [user] = await rapport.deps.db.select({ email: users.email }).from(users).where(eq(users.id, workspace.agent.id));
    expect(user!.email).toBe(workspace.agent.email);
  });
});
