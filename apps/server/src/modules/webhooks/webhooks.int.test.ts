/**
 * Outgoing webhooks end to end, on both databases, against a real HTTP server on 127.0.0.1 playing
 * the shop: an outbox event becomes one signed POST per enabled, subscribed endpoint; retries
 * follow the backoff on the test clock and give up after 8 attempts; timeouts, secret rotation,
 * the test event, manual retry, the deliveries log, URL validation, audit without secrets, events
 * of the real use cases (an agent's within-limit refund through the API, a new ticket), and the
 * worker's sender waking on NOTIFY.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookDeliveryDto, WebhookDeliveryPage, WebhookEndpointDto, WebhookEndpointList, WebhookEventBody } from '@rapport/contracts/webhooks';
import { ResolutionApprovedEventData } from '@rapport/contracts/resolutions';
import { outbox } from '@rapport/db/schema';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { publishEvent } from '../../platform/events.ts';
import { deliverDueWebhooks, startWebhookSender, webhooksListener } from './webhook-sender.ts';
import { createWebhook } from './webhooks.ts';
import { webhookDeliveries, webhookEndpoints } from '@rapport/db/schema';
import { pruneWebhookDeliveries, webhookDeliveryRetentionDays } from './prune-deliveries.ts';
import { verifyWebhookSignature } from './webhook-signature.ts';

const start = new Date('2026-06-10T08:00:00.000Z');
const clock = fixedClock(start);
let rapport: TestRapport;

// ---- The shop: records every request; answers per path from a script (default 200) ---------------

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** Per path, the answers to give in order: a status, or 'hang' (never answer). */
const scripts = new Map<string, (number | 'hang')[]>();
let shop: Server;
let shopUrl: string;

beforeAll(async () => {
  rapport = await startTestRapport({ role: 'web', clock });
  shop = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = scripts.get(path)?.shift() ?? 200;
      if (answer === 'hang') return;
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
beforeEach(() => {
  clock.set(start);
});
afterAll(async () => {
  shop?.closeAllConnections();
  await new Promise((resolve) => shop?.close(resolve));
  await rapport?.stop();
});

const deliver = (options: { timeoutMs?: number } = {}) => deliverDueWebhooks(rapport.deps, clock.now(), { timeoutMs: 2_000, ...options });
const receivedAt = (path: string) => received.filter((request) => request.path === path);
let pathCounter = 0;
const newPath = (name: string) => `/${name}-${(pathCounter += 1)}`;

async function addEndpoint(workspace: WorkspaceFixture, path: string, body: Record<string, unknown> = {}): Promise<WebhookEndpointDto> {
  const response = await apiAs(rapport, workspace.admin).post('/api/v1/webhooks', { url: `${shopUrl}${path}`, topics: ['resolution_action.approved'], ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as WebhookEndpointDto;
}

async function deliveries(workspace: WorkspaceFixture, endpointId: string, query = ''): Promise<WebhookDeliveryPage> {
  const response = await apiAs(rapport, workspace.admin).get(`/api/v1/webhooks/${endpointId}/deliveries${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as WebhookDeliveryPage;
}

const approvedPayload = {
  resolutionActionId: '00000000-0000-4000-8000-000000000001',
  ticketId: '00000000-0000-4000-8000-000000000002',
  ticketNumber: 7,
  customer: { id: '00000000-0000-4000-8000-000000000003', name: 'Dana Customer', email: 'dana@example.test' },
  action: 'refund',
  amount: '12.50',
  currency: 'EUR',
  reason: 'Parcel arrived damaged',
  requestedBy: null,
  approver: null,
  approval: 'within_limit',
  approvedAt: start.toISOString(),
};

/** Publishes an event as a use case would (in a transaction) and hands it to the webhooks listener, as the dispatcher does. */
async function publishAndDispatch(workspace: WorkspaceFixture, topic: string, payload: Record<string, unknown>, times = 1) {
  await rapport.deps.db.transaction((tx) => publishEvent(tx, workspace.admin.actor, { topic, payload }));
  return dispatchLatest(workspace, topic, times);
}

/** Hands the workspace's newest outbox event of the topic to the webhooks listener (`times` times). */
async function dispatchLatest(workspace: WorkspaceFixture, topic: string, times = 1) {
  const [event] = await rapport.deps.db.select().from(outbox).where(and(eq(outbox.workspaceId, workspace.id), eq(outbox.topic, topic))).orderBy(desc(outbox.id)).limit(1);
  expect(event).toBeDefined();
  const outboxEvent = { eventId: Number(event!.id), topic: event!.topic, version: event!.version, workspaceId: workspace.id, payload: event!.payload };
  const listener = webhooksListener(rapport.deps);
  expect(listener.topics).toContain(topic);
  for (let round = 0; round < times; round += 1) await listener.handle(outboxEvent);
  return outboxEvent;
}

describe('delivering an event', () => {
  it('POSTs a resolution_action.approved event once, signed, only to enabled endpoints subscribed to it', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Webhook shop');
    const okPath = newPath('ok');
    const disabledPath = newPath('disabled');
    const otherTopicPath = newPath('other-topic');
    const endpoint = await addEndpoint(workspace, okPath, { description: 'Shop refunds' });
    await addEndpoint(workspace, disabledPath, { enabled: false });
    await addEndpoint(workspace, otherTopicPath, { topics: ['ticket.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ description: 'Shop refunds', topics: ['resolution_action.approved'], enabled: true, lastDelivery: null });

    // The listener handles the same event twice (at-least-once dispatch): one delivery.
    const event = await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload, 2);
    await deliver();
    await deliver();

    const [request, ...more] = receivedAt(okPath);
    expect(more).toHaveLength(0);
    expect(receivedAt(disabledPath)).toHaveLength(0);
    expect(receivedAt(otherTopicPath)).toHaveLength(0);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('Rapport-Webhooks/1');
    expect(request!.headers['rapport-event']).toBe('resolution_action.approved');
    const body = JSON.parse(request!.body) as WebhookEventBody;
    expect(body).toEqual({ id: String(event.eventId), type: 'resolution_action.approved', createdAt: start.toISOString(), workspaceId: workspace.id, data: approvedPayload });

    const signature = String(request!.headers['rapport-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(endpoint.secret, signature, request!.body, { now: clock.now() })).toBe(true);
    expect(verifyWebhookSignature('whsec_someone-else', signature, request!.body, { now: clock.now() })).toBe(false);
    expect(verifyWebhookSignature(endpoint.secret, signature, request!.body.replace('12.50', '125.00'), { now: clock.now() })).toBe(false);

    const log = await deliveries(workspace, endpoint.id);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: request!.headers['rapport-delivery'], eventId: String(event.eventId), topic: 'resolution_action.approved', status: 'delivered', attempts: 1, responseStatus: 200, lastError: null, nextAttemptAt: null, deliveredAt: start.toISOString() });
    const list = (await apiAs(rapport, workspace.admin).get('/api/v1/webhooks')).json() as WebhookEndpointList;
    expect(list.items.find((item) => item.id === endpoint.id)?.lastDelivery).toEqual({ status: 'delivered', responseStatus: 200, at: start.toISOString() });
  });

  it("sends nothing for another workspace's event or an unsubscribed topic", async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Quiet shop');
    const other = await buildWorkspace(rapport.deps, 'Busy shop');
    const path = newPath('quiet');
    const endpoint = await addEndpoint(workspace, path);
    await publishAndDispatch(other, 'resolution_action.approved', approvedPayload);
    await publishAndDispatch(workspace, 'sla.breached', { ticketId: approvedPayload.ticketId, ticketNumber: 7, metric: 'first_reply' });
    await deliver();
    expect(receivedAt(path)).toHaveLength(0);
    expect((await deliveries(workspace, endpoint.id)).items).toEqual([]);
  });

  it('a 500 is retried after 30 s by the backoff, then delivered', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Flaky shop');
    const path = newPath('flaky');
    scripts.set(path, [500, 200]);
    const endpoint = await addEndpoint(workspace, path);
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);

    await deliver();
    const [first] = (await deliveries(workspace, endpoint.id)).items;
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, lastError: 'The endpoint answered HTTP 500', nextAttemptAt: new Date(start.getTime() + 30_000).toISOString(), deliveredAt: null });

    clock.advance(29_000);
    await deliver();
    expect(receivedAt(path)).toHaveLength(1);
    clock.advance(1_000);
    await deliver();
    const [second] = (await deliveries(workspace, endpoint.id)).items;
    expect(second).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200, lastError: null, nextAttemptAt: null, deliveredAt: clock.now().toISOString() });
    const requests = receivedAt(path);
    expect(requests).toHaveLength(2);
    // The same event and body on the retry; signed again at the new time.
    expect(requests[1]!.body).toBe(requests[0]!.body);
    expect(requests[1]!.headers['rapport-signature']).not.toBe(requests[0]!.headers['rapport-signature']);
  });

  it('records a timeout when the shop never answers in time', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Slow shop');
    const path = newPath('hang');
    scripts.set(path, ['hang']);
    const endpoint = await addEndpoint(workspace, path);
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);
    await deliver({ timeoutMs: 200 });
    const [delivery] = (await deliveries(workspace, endpoint.id)).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, nextAttemptAt: new Date(start.getTime() + 30_000).toISOString() });
    expect(delivery!.lastError).toMatch(/timed out/);
    expect(receivedAt(path)).toHaveLength(1);
  });

  it('gives up as failed after 8 attempts, and a manual retry tries once more', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Broken shop');
    const path = newPath('broken');
    scripts.set(path, Array.from({ length: 8 }, () => 503));
    const endpoint = await addEndpoint(workspace, path);
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);
    const waits = [30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000];
    await deliver();
    for (const wait of waits) {
      const [pending] = (await deliveries(workspace, endpoint.id)).items;
      expect(pending).toMatchObject({ status: 'pending', nextAttemptAt: new Date(clock.now().getTime() + wait).toISOString() });
      const before = receivedAt(path).length;
      clock.advance(wait);
      await deliver();
      expect(receivedAt(path)).toHaveLength(before + 1);
    }
    const [failed] = (await deliveries(workspace, endpoint.id)).items;
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, responseStatus: 503, nextAttemptAt: null, deliveredAt: null });
    expect(receivedAt(path)).toHaveLength(8);
    clock.advance(86_400_000);
    await deliver();
    expect(receivedAt(path)).toHaveLength(8);

    // The shop is fixed: "Retry" sends it now.
    const retried = await apiAs(rapport, workspace.admin).post(`/api/v1/webhook-deliveries/${failed!.id}/retry`, {});
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: failed!.id, status: 'pending', nextAttemptAt: clock.now().toISOString() });
    await deliver();
    expect(receivedAt(path)).toHaveLength(9);
    const [delivered] = (await deliveries(workspace, endpoint.id)).items;
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 9, responseStatus: 200 });

    const again = await apiAs(rapport, workspace.admin).post(`/api/v1/webhook-deliveries/${failed!.id}/retry`, {});
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const missing = await apiAs(rapport, workspace.admin).post('/api/v1/webhook-deliveries/00000000-0000-4000-8000-00000000dead/retry', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'WEBHOOK_NOT_FOUND' } });
    const other = await buildWorkspace(rapport.deps, 'Nosy shop');
    const nosy = await apiAs(rapport, other.admin).post(`/api/v1/webhook-deliveries/${failed!.id}/retry`, {});
    expect(nosy.json()).toMatchObject({ error: { code: 'WEBHOOK_NOT_FOUND' } });
  });

  it('a disabled endpoint holds its deliveries until it is enabled again', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Paused shop');
    const path = newPath('paused');
    const endpoint = await addEndpoint(workspace, path);
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);
    const disabled = await apiAs(rapport, workspace.admin).patch(`/api/v1/webhooks/${endpoint.id}`, { enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false });
    await deliver();
    expect(receivedAt(path)).toHaveLength(0);
    await apiAs(rapport, workspace.admin).patch(`/api/v1/webhooks/${endpoint.id}`, { enabled: true });
    await deliver();
    expect(receivedAt(path)).toHaveLength(1);
  });
});

describe('managing endpoints', () => {
  it('the test event reaches the endpoint whatever its topics, and a rotated secret signs from then on', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Testing shop');
    const path = newPath('test-event');
    const endpoint = await addEndpoint(workspace, path, { topics: ['ticket.created'] });

    const test = await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {});
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json()).toMatchObject({ endpointId: endpoint.id, topic: 'webhook.test', status: 'pending', attempts: 0 });
    await deliver();
    const [request] = receivedAt(path);
    expect(request!.headers['rapport-event']).toBe('webhook.test');
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'webhook.test', workspaceId: workspace.id, data: { endpointId: endpoint.id } });
    expect(verifyWebhookSignature(endpoint.secret, String(request!.headers['rapport-signature']), request!.body, { now: clock.now() })).toBe(true);

    const rotated = await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, {});
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret } = rotated.json() as WebhookEndpointDto;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {});
    await deliver();
    const [, after] = receivedAt(path);
    const signature = String(after!.headers['rapport-signature']);
    expect(verifyWebhookSignature(secret, signature, after!.body, { now: clock.now() })).toBe(true);
    expect(verifyWebhookSignature(endpoint.secret, signature, after!.body, { now: clock.now() })).toBe(false);
    // Every test event has an event id of its own.
    expect(JSON.parse(after!.body).id).not.toBe(JSON.parse(request!.body).id);
  });

  it('creating with the same Idempotency-Key twice makes one endpoint with one secret', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Retrying shop');
    const body = { url: `${shopUrl}${newPath('idempotent')}`, topics: ['resolution_action.approved'] };
    const first = await apiAs(rapport, workspace.admin).post('/api/v1/webhooks', body, { 'idempotency-key': 'create-hook-1' });
    const second = await apiAs(rapport, workspace.admin).post('/api/v1/webhooks', body, { 'idempotency-key': 'create-hook-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect((second.json() as WebhookEndpointDto).id).toBe((first.json() as WebhookEndpointDto).id);
    expect((second.json() as WebhookEndpointDto).secret).toBe((first.json() as WebhookEndpointDto).secret);
    expect(((await apiAs(rapport, workspace.admin).get('/api/v1/webhooks')).json() as WebhookEndpointList).items).toHaveLength(1);
  });

  it('lists deliveries newest first, keyset paged', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Paged shop');
    const endpoint = await addEndpoint(workspace, newPath('paged'));
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      clock.advance(1_000);
      ids.push(((await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {})).json() as WebhookDeliveryDto).id);
    }
    const first = await deliveries(workspace, endpoint.id, '?limit=2');
    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await deliveries(workspace, endpoint.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('edits and deletes endpoints, audits every change without the secret, and hides them from other workspaces', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Audited shop');
    const endpoint = await addEndpoint(workspace, newPath('audited'));
    const patched = await apiAs(rapport, workspace.admin).patch(`/api/v1/webhooks/${endpoint.id}`, { url: `${shopUrl}/moved`, description: 'Moved', topics: ['sla.breached', 'ticket.created'] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ url: `${shopUrl}/moved`, description: 'Moved', topics: ['sla.breached', 'ticket.created'], secret: endpoint.secret });
    await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, {});
    await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {});

    const other = await buildWorkspace(rapport.deps, 'Other audited shop');
    for (const response of [
      await apiAs(rapport, other.admin).patch(`/api/v1/webhooks/${endpoint.id}`, { enabled: false }),
      await apiAs(rapport, other.admin).delete(`/api/v1/webhooks/${endpoint.id}`),
      await apiAs(rapport, other.admin).get(`/api/v1/webhooks/${endpoint.id}/deliveries`),
      await apiAs(rapport, other.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {}),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_NOT_FOUND' } });
    }
    expect(((await apiAs(rapport, other.admin).get('/api/v1/webhooks')).json() as WebhookEndpointList).items).toEqual([]);
    for (const member of [workspace.agent, workspace.lead]) {
      expect((await apiAs(rapport, member).get('/api/v1/webhooks')).statusCode).toBe(403);
    }

    const deleted = await apiAs(rapport, workspace.admin).delete(`/api/v1/webhooks/${endpoint.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(((await apiAs(rapport, workspace.admin).get('/api/v1/webhooks')).json() as WebhookEndpointList).items).toEqual([]);
    expect((await apiAs(rapport, workspace.admin).delete(`/api/v1/webhooks/${endpoint.id}`)).statusCode).toBe(404);

    const audit = await rapport.database.query<{ action: string; data: unknown }>(
      "select action, data from audit_log where workspace_id = $1 and subject_type = 'webhook' order by id",
      [workspace.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.secret_rotated', 'webhook.test_sent', 'webhook.deleted']);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });

  it('refuses URLs that are not http(s), carry credentials, are too long or malformed, and empty or unknown topics', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Strict shop');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ url: 'ftp://shop.example.com/hook', topics: ['ticket.created'] }, /must start with https:\/\//],
      [{ url: 'https://user:pass@shop.example.com/hook', topics: ['ticket.created'] }, /user name or password/],
      [{ url: `https://shop.example.com/${'a'.repeat(2000)}`, topics: ['ticket.created'] }, /at most 2000 characters/],
      [{ url: 'shop.example.com/hook', topics: ['ticket.created'] }, /full URL/],
      [{ url: 'https://shop.example.com/hook', topics: [] }, /at least one event/],
      [{ url: 'https://shop.example.com/hook', topics: ['message.created'] }, /topics/],
    ];
    for (const [body, message] of cases) {
      const response = await apiAs(rapport, workspace.admin).post('/api/v1/webhooks', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const error = (response.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    }
    const endpoint = await addEndpoint(workspace, newPath('strict'));
    const patch = await apiAs(rapport, workspace.admin).patch(`/api/v1/webhooks/${endpoint.id}`, { url: 'javascript:alert(1)' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(((await apiAs(rapport, workspace.admin).get('/api/v1/webhooks')).json() as WebhookEndpointList).items).toHaveLength(1);
  });
});

describe('events of the real use cases', () => {
  it("an agent's within-limit refund reaches the shop as a signed resolution_action.approved with a decimal amount", async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Refund shop');
    const limits = await apiAs(rapport, workspace.admin).put('/api/v1/discretion-limits', {
      items: [{ role: 'agent', action: 'refund', currency: 'EUR', perAction: '50', perPeriod: null, period: 'month' }],
    });
    expect(limits.statusCode, limits.body).toBe(200);
    const path = newPath('refunds');
    const endpoint = await addEndpoint(workspace, path);
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor, { customer: { email: 'rosa@example.test', name: 'Rosa Quint' } });

    const given = await apiAs(rapport, workspace.agent).post(`/api/v1/tickets/${ticket.id}/resolution-actions`, { action: 'refund', amount: '12.5', currency: 'EUR', reason: 'Parcel arrived damaged' });
    expect(given.statusCode, given.body).toBe(201);
    const action = given.json() as { id: string; status: string };
    expect(action.status).toBe('approved');

    await dispatchLatest(workspace, 'resolution_action.approved');
    await deliver();
    const [request, ...more] = receivedAt(path);
    expect(more).toHaveLength(0);
    expect(verifyWebhookSignature(endpoint.secret, String(request!.headers['rapport-signature']), request!.body, { now: clock.now() })).toBe(true);
    const body = JSON.parse(request!.body) as WebhookEventBody;
    expect(body.type).toBe('resolution_action.approved');
    const data = ResolutionApprovedEventData.strict().parse(body.data);
    expect(data).toMatchObject({
      resolutionActionId: action.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customer: { name: 'Rosa Quint', email: 'rosa@example.test' },
      action: 'refund',
      amount: '12.50',
      currency: 'EUR',
      reason: 'Parcel arrived damaged',
      requestedBy: { id: workspace.agent.id },
      approver: null,
      approval: 'within_limit',
    });
  });

  it('a new ticket reaches an endpoint subscribed to ticket.created', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Ticket shop');
    const path = newPath('tickets');
    await addEndpoint(workspace, path, { topics: ['ticket.created'] });
    const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
    await dispatchLatest(workspace, 'ticket.created');
    await deliver();
    const [request] = receivedAt(path);
    expect(request!.headers['rapport-event']).toBe('ticket.created');
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'ticket.created', workspaceId: workspace.id, data: { ticketId: ticket.id } });
  });
});

describe('the worker', () => {
  it('the webhook-sender service wakes on NOTIFY and delivers a queued event', async () => {
    const sender = await startWebhookSender(rapport.deps, { pollMs: 60_000, timeoutMs: 2_000 });
    try {
      const workspace = await buildWorkspace(rapport.deps, 'Worker shop');
      const path = newPath('worker');
      const endpoint = await addEndpoint(workspace, path);
      await apiAs(rapport, workspace.admin).post(`/api/v1/webhooks/${endpoint.id}/test`, {});
      const deadline = Date.now() + 10_000;
      while (receivedAt(path).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(receivedAt(path)).toHaveLength(1);
      await sender.drain();
      const [delivery] = (await deliveries(workspace, endpoint.id)).items;
      expect(delivery).toMatchObject({ status: 'delivered', responseStatus: 200 });
    } finally {
      await sender.stop();
    }
  });
});

describe('webhooks never reach into the private network (SSRF guard, on unless RAPPORT_WEBHOOK_ALLOW_PRIVATE_NETWORKS)', () => {
  const guarded = () => ({ ...rapport.deps, config: { ...rapport.deps.config, webhookAllowPrivateNetworks: false } });

  it('refuses to save an endpoint on localhost or a private, loopback or link-local address', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Guarded shop');
    for (const url of ['http://127.0.0.1:8080/hook', 'https://10.1.2.3/hook', 'https://192.168.1.20/hook', 'http://[::1]:8080/hook', 'https://169.254.169.254/latest/meta-data', 'http://localhost:3000/hook']) {
      await expect(createWebhook(guarded(), workspace.admin.actor, { url, topics: ['ticket.created'] }), url).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const saved = await createWebhook(guarded(), workspace.admin.actor, { url: 'https://shop.example.com/rapport-webhook', topics: ['ticket.created'] });
    expect(saved.url).toBe('https://shop.example.com/rapport-webhook');
  });

  it('does not connect when the host name resolves to a private address, or the URL is a private IP, and says why', async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Re-pointed shop');
    const byName = newPath('ssrf-name');
    const byAddress = newPath('ssrf-ip');
    const port = (shop.address() as AddressInfo).port;
    // Saved while allowed (or its DNS re-pointed since): the delivery must still be refused.
    const named = await addEndpoint(workspace, byName);
    const literal = await addEndpoint(workspace, byAddress);
    await rapport.deps.db.update(webhookEndpoints).set({ url: `http://localhost:${port}${byName}` }).where(eq(webhookEndpoints.id, named.id));
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);

    await deliverDueWebhooks(guarded(), clock.now(), { timeoutMs: 2_000 });
    expect(receivedAt(byName)).toHaveLength(0);
    expect(receivedAt(byAddress)).toHaveLength(0);
    const [nameDelivery] = (await deliveries(workspace, named.id)).items;
    const [addressDelivery] = (await deliveries(workspace, literal.id)).items;
    expect(nameDelivery).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, lastError: 'Refused: the host resolves to no public address' });
    expect(addressDelivery).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, lastError: 'Refused: the URL points at a private or reserved address' });

    // The same deliveries go out where private targets are allowed (the control).
    clock.advance(30_000);
    await deliver();
    expect(receivedAt(byName)).toHaveLength(1);
    expect(receivedAt(byAddress)).toHaveLength(1);
  });
});

describe('the delivery log is pruned', () => {
  it(`forgets delivered and failed deliveries after ${webhookDeliveryRetentionDays} days and keeps pending ones`, async () => {
    const workspace = await buildWorkspace(rapport.deps, 'Pruned shop');
    const okPath = newPath('prune-ok');
    const downPath = newPath('prune-down');
    scripts.set(downPath, [500, 500, 500]);
    const delivered = await addEndpoint(workspace, okPath);
    const pending = await addEndpoint(workspace, downPath);
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);
    await deliver();
    const old = new Date(start.getTime() - (webhookDeliveryRetentionDays + 1) * 86_400_000);
    await rapport.deps.db.update(webhookDeliveries).set({ createdAt: old }).where(eq(webhookDeliveries.workspaceId, workspace.id));
    // A recent finished delivery stays.
    await publishAndDispatch(workspace, 'resolution_action.approved', approvedPayload);
    clock.advance(30_000);
    await deliver();

    expect(await pruneWebhookDeliveries({ db: rapport.deps.db, clock })).toBeGreaterThanOrEqual(1);
    const okLog = (await deliveries(workspace, delivered.id)).items;
    expect(okLog).toHaveLength(1);
    expect(new Date(okLog[0]!.createdAt).getTime()).toBeGreaterThan(old.getTime());
    // The old pending one (the shop is still down) is kept until it finishes, whatever its age.
    const downLog = (await deliveries(workspace, pending.id)).items;
    expect(downLog.map((item) => item.status)).toEqual(['pending', 'pending']);
    expect(downLog.some((item) => new Date(item.createdAt).getTime() === old.getTime())).toBe(true);
  });
});

