/**
 * Delivering webhooks (worker role). The `webhooks` outbox listener turns each event of a webhook
 * topic into one pending delivery per enabled endpoint subscribed to it (idempotent per event and
 * endpoint) and wakes the sender. The `webhook-sender` work loop wakes on NOTIFY `rapport_webhooks`
 * and on a timer (retries come due), leases due deliveries (`for update skip locked`,
 * `claimed_until`) and POSTs each, signed, with a timeout:
 *
 * - 2xx → 'delivered'. Redirects are not followed (a 3xx is a failure).
 * - Anything else (a status, a network error, the timeout) → attempts + 1, the short reason, and
 *   due again after 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h; after 8 attempts 'failed'.
 *
 * Delivery is at least once: a crash after the shop answered and before the mark commits sends
 * the same event again after the lease; the body's `id` (the event id) lets the shop drop it.
 * The sender renews the leases of the batch it is posting every lease/3 in one statement
 * (platform/lease-keeper.ts; a lease is identified by the lease end it set), so the lease is short
 * (30 s); a delivery whose lease was lost is not posted, and an outcome is recorded only under the lease.
 * Neither the secret nor the payload is ever logged.
 */
import { fetch, type Dispatcher } from 'undici';
import { webhookTopics, type WebhookEventBody } from '@rapport/contracts/webhooks';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { EventBatch, EventListener, OutboxEvent } from '../../platform/outbox-dispatcher.ts';
import { keepLeases } from '../../platform/lease-keeper.ts';
import { deliveryBlockedReason, webhookDispatcher } from './webhook-address.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { nextWebhookAttemptAt, signWebhook } from './webhook-signature.ts';
import {
  claimDueDeliveries,
  insertEventDeliveries,
  notifyWebhookSender,
  recordAttempt,
  releaseAllDeliveryLeases,
  renewDeliveryLeases,
  subscribedTopicsOf,
  webhookChannel,
  type AttemptResult,
  type ClaimedDelivery,
} from './webhooks.queries.ts';

export const webhookTimeoutMs = 10_000;
/** Renewed every third of it while the POSTs run, so a crashed sender's deliveries are taken over soon. */
export const webhookLeaseMs = 30_000;
const batchSize = 10;

/** The event's payload as sent: without the envelope fields publishEvent adds. */
function eventData(payload: Record<string, unknown>): Record<string, unknown> {
  const data = { ...payload };
  delete data['workspaceId'];
  delete data['actorId'];
  return data;
}

/** webhooks: queues a delivery of the event to each enabled endpoint of its workspace subscribed to its topic. */
export function webhooksListener(deps: Pick<AppDeps, 'db' | 'clock'>): EventListener {
  // Most workspaces subscribe to few topics or none: one look per workspace and claim, and no job
  // for an event no enabled endpoint takes (insertEventDeliveries picks the endpoints itself).
  const wants = async (event: OutboxEvent, batch: EventBatch) =>
    (await batch.once(`webhook-topics:${event.workspaceId}`, () => subscribedTopicsOf(deps.db, event.workspaceId))).has(event.topic);
  return {
    name: 'webhooks',
    topics: webhookTopics,
    wants,
    async handle(event) {
      await deps.db.transaction(async (tx) => {
        const added = await insertEventDeliveries(tx, { workspaceId: event.workspaceId, eventId: event.eventId, topic: event.topic, payload: eventData(event.payload), now: deps.clock.now() });
        if (added > 0) await notifyWebhookSender(tx);
      });
    },
  };
}

/** The JSON body of a delivery: the same on every attempt. */
export function webhookBody(delivery: Pick<ClaimedDelivery, 'eventId' | 'topic' | 'createdAt' | 'workspaceId' | 'payload'>): string {
  const body: WebhookEventBody = { id: String(delivery.eventId), type: delivery.topic, createdAt: delivery.createdAt.toISOString(), workspaceId: delivery.workspaceId, data: delivery.payload };
  return JSON.stringify(body);
}

/** A short reason for a failed attempt: never the URL (it may carry a token), the body or the secret. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `No answer within ${timeoutMs / 1000} s (timed out)`;
  // undici puts the system error (ECONNREFUSED, ENOTFOUND, …) in `cause`; its code is checked below.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  if (code === 'EPRIVATEADDRESS') return 'Refused: the host resolves to no public address';
  return code ? `Could not connect (${code})` : 'Could not connect to the endpoint';
}

const dispatchers = new Map<boolean, Dispatcher>();

/** One connection pool per setting: public addresses only, or (when allowed) private ones too. */
function dispatcherFor(allowPrivateNetworks: boolean): Dispatcher {
  let dispatcher = dispatchers.get(allowPrivateNetworks);
  if (!dispatcher) {
    dispatcher = webhookDispatcher(allowPrivateNetworks);
    dispatchers.set(allowPrivateNetworks, dispatcher);
  }
  return dispatcher;
}

async function attempt(
  delivery: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
  allowPrivateNetworks: boolean,
): Promise<Pick<AttemptResult, 'responseStatus' | 'lastError'> & { ok: boolean }> {
  const body = webhookBody(delivery);
  const blocked = deliveryBlockedReason(delivery.url, allowPrivateNetworks);
  if (blocked) return { ok: false, responseStatus: null, lastError: blocked };
  try {
    const response = await fetch(delivery.url, {
      dispatcher: dispatcherFor(allowPrivateNetworks),
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rapport-Webhooks/1',
        'rapport-event': delivery.topic,
        'rapport-delivery': delivery.id,
        'rapport-signature': signWebhook(delivery.secret, body, now),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not needed: drop it so the connection is freed.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, responseStatus: response.status, lastError: null };
    return { ok: false, responseStatus: response.status, lastError: `The endpoint answered HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, responseStatus: null, lastError: describeFailure(error, timeoutMs) };
  }
}

export interface DeliverOptions {
  /** How long one request may take (default 10 s; tests pass less). */
  timeoutMs?: number;
  /** Lease length (default 30 s; tests pass less). */
  leaseMs?: number;
}

/**
 * One pass (tests call it with their clock's time): sends every delivery due at `now`, in leased
 * batches sent in parallel, until none is due. Returns how many attempts it made.
 */
export async function deliverDueWebhooks(deps: Pick<AppDeps, 'db' | 'logger' | 'config'>, now: Date, options: DeliverOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? webhookTimeoutMs;
  const leaseMs = options.leaseMs ?? webhookLeaseMs;
  // Lease ends are in the time of `now` (a test's clock), moved on by the real time elapsed since.
  const startedAt = performance.now();
  const leaseEnd = () => new Date(now.getTime() + Math.round(performance.now() - startedAt) + leaseMs);
  const leases = keepLeases<Date>({
    name: 'webhook-sender',
    leaseMs,
    logger: deps.logger,
    renew: async (held) => {
      const until = leaseEnd();
      const renewed = await renewDeliveryLeases(deps.db, until, held.map((lease) => ({ id: lease.id, leaseUntil: lease.token })));
      return new Map(renewed.map((id) => [id, until]));
    },
  });
  let total = 0;
  try {
    for (;;) {
      const claimedAt = performance.now();
      const leaseUntil = leaseEnd();
      const claimed = await claimDueDeliveries(deps.db, now, leaseUntil, batchSize);
      if (claimed.length === 0) return total;
      for (const delivery of claimed) leases.hold(delivery.id, leaseUntil, claimedAt);
      await Promise.all(claimed.map((delivery) => deliver(delivery).finally(() => leases.release(delivery.id))));
      total += claimed.length;
    }
  } finally {
    leases.stop();
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    // Claimed by another sender after our lease ran out: it posts it.
    if (!leases.isHeld(delivery.id)) return;
    const outcome = await attempt(delivery, now, timeoutMs, deps.config.webhookAllowPrivateNetworks);
    const leaseToken = leases.token(delivery.id);
    if (!leaseToken || !leases.isHeld(delivery.id)) {
      deps.logger.warn({ deliveryId: delivery.id }, 'webhook delivery lease lost during the attempt; its outcome is not recorded');
      return;
    }
    const attempts = delivery.attempts + 1;
    const nextAttemptAt = outcome.ok ? null : nextWebhookAttemptAt(attempts, now);
    const status = outcome.ok ? 'delivered' : nextAttemptAt ? 'pending' : 'failed';
    await recordAttempt(deps.db, delivery.workspaceId, delivery.id, leaseToken, { status, attempts, at: now, responseStatus: outcome.responseStatus, lastError: outcome.lastError, nextAttemptAt });
    if (!outcome.ok) {
      deps.logger.warn({ deliveryId: delivery.id, endpointId: delivery.endpointId, topic: delivery.topic, attempts, status, reason: outcome.lastError }, 'webhook delivery attempt failed');
    }
  }
}

export interface WebhookSender {
  /** Sends every due delivery now (or after the running pass) and resolves when done. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebhookSender(deps: AppDeps, options: DeliverOptions & { pollMs?: number; releaseLeasesOnStart?: boolean } = {}): Promise<WebhookSender> {
  if (options.releaseLeasesOnStart ?? deps.database.kind === 'pglite') {
    const released = await releaseAllDeliveryLeases(deps.database);
    if (released > 0) deps.logger.info({ released }, 'webhook sender took over deliveries claimed before a restart');
  }
  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'webhook-sender',
    channel: webhookChannel,
    pollMs: options.pollMs ?? 10_000,
    drain: async () => {
      const count = await deliverDueWebhooks(deps, deps.clock.now(), options);
      if (count > 0) deps.logger.info({ attempts: count }, 'webhook deliveries attempted');
    },
  });
  return { drain: () => loop.kick(), stop: () => loop.stop() };
}
