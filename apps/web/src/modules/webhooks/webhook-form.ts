/** The webhook endpoint form and the deliveries log's small rules (pure, unit-tested). */
import { webhookTopics, webhookUrlIssue, type CreateWebhookBody, type UpdateWebhookBody, type WebhookDeliveryDto, type WebhookEndpointDto, type WebhookTopic, type WebhookUrlIssue } from '@rapport/contracts/webhooks';
import type { MessageKey } from '../../i18n/i18n.ts';

export interface WebhookForm {
  url: string;
  description: string;
  topics: WebhookTopic[];
  enabled: boolean;
}

export const emptyWebhookForm = (): WebhookForm => ({ url: '', description: '', topics: ['resolution_action.approved'], enabled: true });

const isWebhookTopic = (topic: string): topic is WebhookTopic => (webhookTopics as readonly string[]).includes(topic);

export function formFromWebhook(endpoint: WebhookEndpointDto): WebhookForm {
  return { url: endpoint.url, description: endpoint.description, topics: endpoint.topics.filter(isWebhookTopic), enabled: endpoint.enabled };
}

export interface WebhookFormErrors {
  url: WebhookUrlIssue | null;
  topics: boolean;
}

export function webhookFormErrors(form: WebhookForm): WebhookFormErrors {
  return { url: webhookUrlIssue(form.url), topics: form.topics.length === 0 };
}

export const hasFormErrors = (errors: WebhookFormErrors) => errors.url !== null || errors.topics;

/** Adds or removes a topic, keeping the catalogue's order. */
export function toggleTopic(topics: readonly WebhookTopic[], topic: WebhookTopic): WebhookTopic[] {
  const chosen = new Set(topics);
  if (chosen.has(topic)) chosen.delete(topic);
  else chosen.add(topic);
  return webhookTopics.filter((item) => chosen.has(item));
}

export function bodyFromWebhookForm(form: WebhookForm): CreateWebhookBody {
  return { url: form.url.trim(), description: form.description.trim(), topics: form.topics, enabled: form.enabled };
}

/** Only what changed (null when nothing did). */
export function patchFromWebhookForm(form: WebhookForm, endpoint: WebhookEndpointDto): UpdateWebhookBody | null {
  const body = bodyFromWebhookForm(form);
  const patch: { url?: string; description?: string; topics?: WebhookTopic[]; enabled?: boolean } = {};
  if (body.url !== endpoint.url) patch.url = body.url;
  if ((body.description ?? '') !== endpoint.description) patch.description = body.description ?? '';
  if (body.topics.join(',') !== endpoint.topics.join(',')) patch.topics = body.topics;
  if (body.enabled !== endpoint.enabled) patch.enabled = body.enabled;
  return Object.keys(patch).length > 0 ? patch : null;
}

export const urlIssueKeys: Record<WebhookUrlIssue, MessageKey> = {
  required: 'webhooks.url.required',
  tooLong: 'webhooks.url.tooLong',
  invalid: 'webhooks.url.invalid',
  scheme: 'webhooks.url.scheme',
  credentials: 'webhooks.url.credentials',
};

const topicKeys: Record<string, MessageKey> = {
  'resolution_action.approved': 'webhooks.topic.resolutionApproved',
  'resolution_action.requested': 'webhooks.topic.resolutionRequested',
  'resolution_action.rejected': 'webhooks.topic.resolutionRejected',
  'sla.breached': 'webhooks.topic.slaBreached',
  'ticket.created': 'webhooks.topic.ticketCreated',
  'webhook.test': 'webhooks.topic.test',
};

/** The label key of a topic; null for a topic this screen does not know (shown as is). */
export const topicLabelKey = (topic: string): MessageKey | null => topicKeys[topic] ?? null;

export const deliveryStatusKeys: Record<WebhookDeliveryDto['status'], MessageKey> = {
  pending: 'webhooks.status.pending',
  delivered: 'webhooks.status.delivered',
  failed: 'webhooks.status.failed',
};

/** The badge tone of a delivery status. */
export function deliveryTone(status: WebhookDeliveryDto['status']): string {
  return status === 'delivered' ? 'status-solved' : status === 'failed' ? 'priority-urgent' : 'status-pending';
}

/** Only undelivered deliveries can be retried. */
export const canRetry = (delivery: Pick<WebhookDeliveryDto, 'status'>) => delivery.status !== 'delivered';

/** The deliveries log polls while something is still on its way. */
export const hasPendingDelivery = (deliveries: readonly Pick<WebhookDeliveryDto, 'status'>[]) => deliveries.some((delivery) => delivery.status === 'pending');
