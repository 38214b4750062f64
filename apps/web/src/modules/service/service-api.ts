import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@rapport/contracts/common';
import {
  BusinessHoursDto,
  SlaPolicyDto,
  SlaPolicyList,
  TicketSlaList,
  type CreateSlaPolicyBody,
  type UpdateBusinessHoursBody,
  type UpdateSlaPolicyBody,
} from '@rapport/contracts/service';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';

/*
 * Server state of business hours, SLA policies and a ticket's SLA clocks. A ticket's clocks sit
 * under its detail key, so the realtime `ticket.updated` event (sent on SLA warnings and breaches
 * too) refreshes them with the ticket.
 */
export const serviceKeys = {
  businessHours: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'service', 'business-hours'] as const,
  slaPolicies: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'service', 'sla-policies'] as const,
  ticketSla: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'sla'] as const,
};

export function useBusinessHours() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: serviceKeys.businessHours(workspaceId),
    queryFn: ({ signal }) => api.get('/business-hours', { schema: BusinessHoursDto, signal }),
  });
}

export function useSaveBusinessHours() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: UpdateBusinessHoursBody) => api.put('/business-hours', { schema: BusinessHoursDto, body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(serviceKeys.businessHours(workspaceId), saved);
      announce(t('service.hours.saved'));
      // Due times of running clocks move with the hours.
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) });
    },
  });
}

export function useSlaPolicies() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: serviceKeys.slaPolicies(workspaceId),
    queryFn: ({ signal }) => api.get('/sla-policies', { schema: SlaPolicyList, signal }),
    select: (result) => result.items,
  });
}

function useInvalidatePolicies() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: serviceKeys.slaPolicies(workspaceId) });
}

export function useCreateSlaPolicy() {
  const invalidate = useInvalidatePolicies();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateSlaPolicyBody) => api.post('/sla-policies', { schema: SlaPolicyDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (policy) => announce(t('service.policies.added', { name: policy.name })),
    onSettled: invalidate,
  });
}

export function useUpdateSlaPolicy() {
  const invalidate = useInvalidatePolicies();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSlaPolicyBody }) => api.patch(`/sla-policies/${id}`, { schema: SlaPolicyDto, body }),
    onSuccess: (policy) => announce(t('service.policies.saved', { name: policy.name })),
    onSettled: invalidate,
  });
}

export function useDeleteSlaPolicy() {
  const invalidate = useInvalidatePolicies();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (policy: SlaPolicyDto) => api.delete(`/sla-policies/${policy.id}`, { schema: Ok }),
    onSuccess: (_result, policy) => announce(t('service.policies.deleted', { name: policy.name })),
    onSettled: invalidate,
  });
}

/** Moves policies: the list shows the new order at once and rolls back if the server refuses. */
export function useReorderSlaPolicies() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const key = serviceKeys.slaPolicies(workspaceId);
  return useMutation({
    mutationFn: (ids: string[]) => api.put('/sla-policies/order', { schema: SlaPolicyList, body: { ids } }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<SlaPolicyList>(key);
      if (previous) {
        const byId = new Map(previous.items.map((policy) => [policy.id, policy]));
        const items = ids.map((id) => byId.get(id)).filter((policy): policy is SlaPolicyDto => policy !== undefined);
        queryClient.setQueryData<SlaPolicyList>(key, { items });
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (list) => queryClient.setQueryData(key, list),
  });
}

/** The SLA clocks of one ticket (by number or id, as its URL holds it). */
export function useTicketSla(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: serviceKeys.ticketSla(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/sla`, { schema: TicketSlaList, signal }),
    select: (result) => result.items,
  });
}
