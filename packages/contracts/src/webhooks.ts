/**
 * Outgoing webhooks (issue 7 part 7): admins register endpoints of a shop or other system; Rapport
 * POSTs the events they subscribe to, signed with the endpoint's secret (HMAC-SHA256), and retries
 * with backoff until the endpoint answers 2xx. Rapport moves no money itself: a shop carries out
 * an approved resolution action when it receives `resolution_action.approved`. See docs/webhooks.md.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.ts';
import { resolutionTopics } from './resolutions.ts';

/** The topics an endpoint may subscribe to (each is an outbox event the server really publishes). */
export const webhookTopics = [resolutionTopics.approved, resolutionTopics.requested, resolutionTopics.rejected, 'sla.breached', 'ticket.created'] as const;
export const WebhookTopic = z.enum(webhookTopics);
export type WebhookTopic = z.infer<typeof WebhookTopic>;

/** The topic of the test event an admin sends to one endpoint ("Send test event"). */
export const webhookTestTopic = 'webhook.test';

export const webhookUrlMaxLength = 2000;

export type WebhookUrlIssue = 'required' | 'tooLong' | 'invalid' | 'scheme' | 'credentials';

/** Why a URL cannot be a webhook endpoint, or null when it can (shared by the server and the form). */
export function webhookUrlIssue(raw: string): WebhookUrlIssue | null {
  const value = raw.trim();
  if (value === '') return 'required';
  if (value.length > webhookUrlMaxLength) return 'tooLong';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.hostname === '') return 'invalid';
  if (url.username !== '' || url.password !== '') return 'credentials';
  return null;
}

/** The API's error message for each issue. */
export const webhookUrlMessages: Record<WebhookUrlIssue, string> = {
  required: 'Enter the URL the events are sent to.',
  tooLong: `The URL is too long: at most ${webhookUrlMaxLength} characters.`,
  invalid: 'Enter a full URL such as https://shop.example.com/rapport-webhook.',
  scheme: 'The URL must start with https:// (or http://).',
  credentials: 'The URL must not contain a user name or password; every request is signed with the secret instead.',
};

export const WebhookUrl = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const issue = webhookUrlIssue(value);
    if (issue) context.addIssue({ code: 'custom', message: webhookUrlMessages[issue] });
  })
  .describe('An http or https URL without user name or password, at most 2,000 characters');

const Topics = z.array(WebhookTopic).min(1, 'Choose at least one event.').max(webhookTopics.length);

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookEndpointDto = z
  .object({
    id: Id,
    url: z.string(),
    description: z.string(),
    topics: z.array(z.string()),
    enabled: z.boolean(),
    secret: z.string().describe('The signing secret (whsec_…): verify the rapport-signature header with it'),
    lastDelivery: z
      .object({ status: WebhookDeliveryStatus, responseStatus: z.number().int().nullable(), at: Timestamp })
      .nullable()
      .describe('The newest delivery to the endpoint, if any'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpointDto = z.infer<typeof WebhookEndpointDto>;

export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpointDto) }).meta({ id: 'WebhookEndpointList' });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

export const CreateWebhookBody = z
  .object({
    url: WebhookUrl,
    description: z.string().trim().max(500).optional(),
    topics: Topics,
    enabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'CreateWebhook' });
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    description: z.string().trim().max(500).optional(),
    topics: Topics.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of url, description, topics or enabled.')
  .meta({ id: 'UpdateWebhook' });
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const WebhookDeliveryDto = z
  .object({
    id: Id,
    endpointId: Id,
    eventId: z.string().describe('The event id, the same on every attempt: the receiver\'s idempotency key'),
    topic: z.string(),
    status: WebhookDeliveryStatus,
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: Timestamp.nullable(),
    lastAttemptAt: Timestamp.nullable(),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliveryDto>;

export const WebhookDeliveryPage = z.object({ items: z.array(WebhookDeliveryDto), nextCursor: z.string().nullable() }).meta({ id: 'WebhookDeliveryPage' });
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;

export const WebhookDeliveriesQuery = PageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(25) });
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuery>;

/** What every webhook request carries as its JSON body. */
export const WebhookEventBody = z
  .object({
    id: z.string().describe('The event id (the same on every retry)'),
    type: z.string().describe('The topic, e.g. resolution_action.approved'),
    createdAt: Timestamp,
    workspaceId: Id,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookEventBody' });
export type WebhookEventBody = z.infer<typeof WebhookEventBody>;
