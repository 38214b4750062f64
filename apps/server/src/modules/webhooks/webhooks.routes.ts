/** Outgoing webhooks (issue 7 part 7): endpoints, their secret, a test event and the deliveries log. Admins only (webhook.manage). */
import { IdParams, Ok } from '@rapport/contracts/common';
import { CreateWebhookBody, UpdateWebhookBody, WebhookDeliveriesQuery, WebhookDeliveryDto, WebhookDeliveryPage, WebhookEndpointDto, WebhookEndpointList } from '@rapport/contracts/webhooks';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, retryDelivery, rotateWebhookSecret, sendTestEvent, updateWebhook } from './webhooks.ts';

export function webhookRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'webhooks';
  const permission = 'webhook.manage';
  return [
    defineRoute({
      id: 'webhooks.list',
      method: 'GET',
      url: '/api/v1/webhooks',
      permission,
      tag,
      summary: 'Webhook endpoints of the workspace (oldest first) with their secret, topics and newest delivery',
      response: WebhookEndpointList,
      handler: ({ actor }) => listWebhooks(deps, actor),
    }),
    defineRoute({
      id: 'webhooks.create',
      method: 'POST',
      url: '/api/v1/webhooks',
      permission,
      tag,
      summary: 'Add an endpoint (http or https URL) for some topics; the answer carries its new signing secret',
      body: CreateWebhookBody,
      response: WebhookEndpointDto,
      successStatus: 201,
      isIdempotent: true,
      handler: ({ actor, body }) => createWebhook(deps, actor, body),
    }),
    defineRoute({
      id: 'webhooks.update',
      method: 'PATCH',
      url: '/api/v1/webhooks/:id',
      permission,
      tag,
      summary: "Change an endpoint's URL, description or topics, or enable or disable it (a disabled endpoint's deliveries wait)",
      params: IdParams,
      body: UpdateWebhookBody,
      response: WebhookEndpointDto,
      handler: ({ actor, params, body }) => updateWebhook(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'webhooks.delete',
      method: 'DELETE',
      url: '/api/v1/webhooks/:id',
      permission,
      tag,
      summary: 'Delete an endpoint and its deliveries log',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteWebhook(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      id: 'webhooks.rotateSecret',
      method: 'POST',
      url: '/api/v1/webhooks/:id/rotate-secret',
      permission,
      tag,
      summary: 'Replace the signing secret; every request from now on (retries too) is signed with the new one',
      params: IdParams,
      response: WebhookEndpointDto,
      successStatus: 200,
      handler: ({ actor, params }) => rotateWebhookSecret(deps, actor, params.id),
    }),
    defineRoute({
      id: 'webhooks.test',
      method: 'POST',
      url: '/api/v1/webhooks/:id/test',
      permission,
      tag,
      summary: 'Queue a signed `webhook.test` event to this endpoint (whatever its topics) and return the delivery',
      params: IdParams,
      response: WebhookDeliveryDto,
      successStatus: 201,
      handler: ({ actor, params }) => sendTestEvent(deps, actor, params.id),
    }),
    defineRoute({
      id: 'webhooks.deliveries',
      method: 'GET',
      url: '/api/v1/webhooks/:id/deliveries',
      permission,
      tag,
      summary: "An endpoint's deliveries, newest first (keyset paged): status, attempts, response status, last error and next attempt",
      params: IdParams,
      query: WebhookDeliveriesQuery,
      response: WebhookDeliveryPage,
      handler: ({ actor, params, query }) => listDeliveries(deps, actor, params.id, query),
    }),
    defineRoute({
      id: 'webhooks.deliveries.retry',
      method: 'POST',
      url: '/api/v1/webhook-deliveries/:id/retry',
      permission,
      tag,
      summary: 'Try a pending or failed delivery again now (a failed one gets one more attempt)',
      params: IdParams,
      response: WebhookDeliveryDto,
      successStatus: 200,
      handler: ({ actor, params }) => retryDelivery(deps, actor, params.id),
    }),
  ];
}
