import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@rapport/contracts/common';
import { WebhookDeliveryDto, WebhookDeliveryPage, WebhookEndpointDto, WebhookEndpointList, type CreateWebhookBody, type UpdateWebhookBody } from '@rapport/contracts/webhooks';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';
import { hasPendingDelivery } from './webhook-form.ts';

/* Server state of the webhooks admin screen: the endpoints and each one's deliveries log. */
export const webhookKeys = {
  all: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'webhooks'] as const,
  deliveries: (workspaceId: string, endpointId: string) => [...queryKeys.workspace(workspaceId), 'webhooks', endpointId, 'deliveries'] as const,
};

const pollMs = 5_000;

export function useWebhooks() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: webhookKeys.all(workspaceId),
    queryFn: ({ signal }) => api.get('/webhooks', { schema: WebhookEndpointList, signal }),
    select: (result) => result.items,
  });
}

/** An endpoint's deliveries, newest first, a page at a time; polled while one is still pending. */
export function useWebhookDeliveries(endpointId: string) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(workspaceId, endpointId),
    queryFn: ({ pageParam, signal }) => api.get(`/webhooks/${endpointId}/deliveries`, { schema: WebhookDeliveryPage, query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (query) => (hasPendingDelivery(query.state.data?.pages.flatMap((page) => page.items) ?? []) ? pollMs : false),
  });
}

function useInvalidateWebhooks() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookKeys.all(workspaceId) });
}

export function useCreateWebhook() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => api.post('/webhooks', { schema: WebhookEndpointDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (endpoint) => announce(t('webhooks.admin.added', { url: endpoint.url })),
    onSettled: invalidate,
  });
}

export function useUpdateWebhook() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookBody }) => api.patch(`/webhooks/${id}`, { schema: WebhookEndpointDto, body }),
    onSuccess: (endpoint, { body }) => {
      const isToggle = Object.keys(body).length === 1 && body.enabled !== undefined;
      if (!isToggle) announce(t('webhooks.admin.saved', { url: endpoint.url }));
      else announce(t(endpoint.enabled ? 'webhooks.admin.enabledAnnounce' : 'webhooks.admin.disabledAnnounce', { url: endpoint.url }));
    },
    onSettled: invalidate,
  });
}

export function useDeleteWebhook() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpointDto) => api.delete(`/webhooks/${endpoint.id}`, { schema: Ok }),
    onSuccess: (_result, endpoint) => announce(t('webhooks.admin.deleted', { url: endpoint.url })),
    onSettled: invalidate,
  });
}

export function useRotateWebhookSecret() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpointDto) => api.post(`/webhooks/${endpoint.id}/rotate-secret`, { schema: WebhookEndpointDto }),
    onSuccess: (endpoint) => announce(t('webhooks.secret.rotated', { url: endpoint.url })),
    onSettled: invalidate,
  });
}

export function useSendTestEvent() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpointDto) => api.post(`/webhooks/${endpoint.id}/test`, { schema: WebhookDeliveryDto }),
    onSuccess: (_delivery, endpoint) => announce(t('webhooks.admin.testQueued', { url: endpoint.url })),
    onSettled: invalidate,
  });
}

export function useRetryDelivery() {
  const invalidate = useInvalidateWebhooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (delivery: WebhookDeliveryDto) => api.post(`/webhook-deliveries/${delivery.id}/retry`, { schema: WebhookDeliveryDto }),
    onSuccess: (delivery) => announce(t('webhooks.deliveries.retried', { event: delivery.eventId })),
    onSettled: invalidate,
  });
}
