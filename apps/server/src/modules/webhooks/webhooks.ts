/**
 * Outgoing webhooks, the admin side (issue 7 part 7): endpoints with their signing secret and
 * topics, a test event, the deliveries log and a manual retry. Every change is audited (never with
 * the secret). The delivery itself is in webhook-sender.ts.
 */
import { webhookTestTopic, type CreateWebhookBody, type UpdateWebhookBody, type WebhookDeliveriesQuery, type WebhookDeliveryDto, type WebhookDeliveryPage, type WebhookEndpointDto } from '@rapport/contracts/webhooks';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { privateTargetReason } from './webhook-address.ts';
import { recordAudit } from '../../platform/events.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { newWebhookSecret } from './webhook-signature.ts';
import {
  deleteEndpointRow,
  insertDelivery,
  insertEndpoint,
  insertTestEvent,
  listEndpointViews,
  lockDelivery,
  lockEndpoint,
  makeDeliveryDue,
  notifyWebhookSender,
  selectDeliveryPage,
  updateEndpointRow,
  type EndpointView,
  type WebhookDeliveryRow,
} from './webhooks.queries.ts';

const webhookNotFound = () => new AppError('WEBHOOK_NOT_FOUND', { message: 'No such webhook endpoint in this workspace.' });
const deliveryNotFound = () => new AppError('WEBHOOK_NOT_FOUND', { message: 'No such webhook delivery in this workspace.' });

function toEndpointDto(view: EndpointView): WebhookEndpointDto {
  return {
    id: view.id,
    url: view.url,
    description: view.description,
    topics: view.topics,
    enabled: view.enabled,
    secret: view.secret,
    lastDelivery: view.lastStatus && view.lastAt ? { status: view.lastStatus, responseStatus: view.lastResponseStatus, at: view.lastAt.toISOString() } : null,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: WebhookDeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: String(row.eventId),
    topic: row.topic,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function endpointDto(db: DbOrTx, workspaceId: string, id: string): Promise<WebhookEndpointDto> {
  const [view] = await listEndpointViews(db, workspaceId, id);
  if (!view) throw webhookNotFound();
  return toEndpointDto(view);
}

/** What the audit keeps of an endpoint: never its secret. */
const auditedFields = (endpoint: { url: string; description: string; topics: readonly string[]; enabled: boolean }) => ({
  url: endpoint.url,
  description: endpoint.description,
  topics: [...endpoint.topics],
  enabled: endpoint.enabled,
});

export async function listWebhooks(deps: AppDeps, actor: Actor): Promise<{ items: WebhookEndpointDto[] }> {
  const views = await listEndpointViews(deps.db, actor.workspaceId);
  return { items: views.map(toEndpointDto) };
}

/** An endpoint on localhost or a private IP literal is refused (SSRF; see webhook-address.ts). */
function assertPublicTarget(deps: AppDeps, url: string): void {
  if (deps.config.webhookAllowPrivateNetworks) return;
  const reason = privateTargetReason(url);
  if (reason) throw new AppError('VALIDATION_FAILED', { message: reason, details: { issues: [{ path: ['url'], message: reason }] } });
}

export async function createWebhook(deps: AppDeps, actor: Actor, input: CreateWebhookBody): Promise<WebhookEndpointDto> {
  const now = deps.clock.now();
  assertPublicTarget(deps, input.url);
  return deps.db.transaction(async (tx) => {
    const values = { url: input.url, description: input.description ?? '', topics: [...new Set(input.topics)], enabled: input.enabled ?? true };
    const id = await insertEndpoint(tx, { workspaceId: actor.workspaceId, ...values, secret: newWebhookSecret(), createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { action: 'webhook.created', subjectType: 'webhook', subjectId: id, data: { after: auditedFields(values) } });
    return endpointDto(tx, actor.workspaceId, id);
  });
}

export async function updateWebhook(deps: AppDeps, actor: Actor, id: string, input: UpdateWebhookBody): Promise<WebhookEndpointDto> {
  if (input.url !== undefined) assertPublicTarget(deps, input.url);
  return deps.db.transaction(async (tx) => {
    const existing = await lockEndpoint(tx, actor.workspaceId, id);
    if (!existing) throw webhookNotFound();
    const after = {
      url: input.url ?? existing.url,
      description: input.description ?? existing.description,
      topics: input.topics ? [...new Set(input.topics)] : existing.topics,
      enabled: input.enabled ?? existing.enabled,
    };
    await updateEndpointRow(tx, actor.workspaceId, id, { ...after, updatedAt: deps.clock.now() });
    await recordAudit(tx, actor, { action: 'webhook.updated', subjectType: 'webhook', subjectId: id, data: { before: auditedFields(existing), after: auditedFields(after) } });
    // Enabling an endpoint lets its waiting deliveries go.
    if (after.enabled && !existing.enabled) await notifyWebhookSender(tx);
    return endpointDto(tx, actor.workspaceId, id);
  });
}

export async function deleteWebhook(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const existing = await lockEndpoint(tx, actor.workspaceId, id);
    if (!existing || !(await deleteEndpointRow(tx, actor.workspaceId, id))) throw webhookNotFound();
    await recordAudit(tx, actor, { action: 'webhook.deleted', subjectType: 'webhook', subjectId: id, data: { before: auditedFields(existing) } });
  });
}

/** A new signing secret; requests signed from now on use it (pending retries too). */
export async function rotateWebhookSecret(deps: AppDeps, actor: Actor, id: string): Promise<WebhookEndpointDto> {
  return deps.db.transaction(async (tx) => {
    const existing = await lockEndpoint(tx, actor.workspaceId, id);
    if (!existing) throw webhookNotFound();
    await updateEndpointRow(tx, actor.workspaceId, id, { secret: newWebhookSecret(), updatedAt: deps.clock.now() });
    await recordAudit(tx, actor, { action: 'webhook.secret_rotated', subjectType: 'webhook', subjectId: id, data: { url: existing.url } });
    return endpointDto(tx, actor.workspaceId, id);
  });
}

/** Queues a `webhook.test` event to this endpoint alone (whatever its topics) and wakes the sender. */
export async function sendTestEvent(deps: AppDeps, actor: Actor, id: string): Promise<WebhookDeliveryDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const existing = await lockEndpoint(tx, actor.workspaceId, id);
    if (!existing) throw webhookNotFound();
    const payload = { endpointId: id, message: 'A test event from Rapport: your endpoint receives and verifies webhooks.' };
    const eventId = await insertTestEvent(tx, actor.workspaceId, { ...payload, workspaceId: actor.workspaceId, actorId: actor.userId }, now);
    const delivery = await insertDelivery(tx, {
      workspaceId: actor.workspaceId,
      endpointId: id,
      eventId,
      topic: webhookTestTopic,
      payload,
      status: 'pending',
      nextAttemptAt: now,
      createdAt: now,
    });
    await recordAudit(tx, actor, { action: 'webhook.test_sent', subjectType: 'webhook', subjectId: id, data: { deliveryId: delivery.id, eventId: String(eventId) } });
    await notifyWebhookSender(tx);
    return toDeliveryDto(delivery);
  });
}

export async function listDeliveries(deps: AppDeps, actor: Actor, endpointId: string, query: WebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const [endpoint] = await listEndpointViews(deps.db, actor.workspaceId, endpointId);
  if (!endpoint) throw webhookNotFound();
  const rows = await selectDeliveryPage(deps.db, actor.workspaceId, endpointId, query.limit, cursor);
  return toPage(rows, query.limit, (page) => page.map(toDeliveryDto), (last) => ({ values: [last.cursorAt], id: last.id }));
}

/** A pending or failed delivery is tried again now (a failed one gets one more attempt). */
export async function retryDelivery(deps: AppDeps, actor: Actor, id: string): Promise<WebhookDeliveryDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const existing = await lockDelivery(tx, actor.workspaceId, id);
    if (!existing) throw deliveryNotFound();
    if (existing.status === 'delivered') {
      throw new AppError('VALIDATION_FAILED', { message: 'This delivery was delivered already; only pending or failed deliveries can be retried.', details: { status: existing.status } });
    }
    const row = await makeDeliveryDue(tx, actor.workspaceId, id, now);
    if (!row) throw deliveryNotFound();
    await recordAudit(tx, actor, { action: 'webhook.delivery_retried', subjectType: 'webhook', subjectId: existing.endpointId, data: { deliveryId: id, before: { status: existing.status, attempts: existing.attempts } } });
    await notifyWebhookSender(tx);
    return toDeliveryDto(row);
  });
}
