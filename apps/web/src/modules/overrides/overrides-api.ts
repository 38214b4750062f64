import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DecisionOverrideList,
  DecisionOverridePage,
  TicketRoutingState,
  type OverrideKind,
  type RoutingOverrideBody,
  type SlaOverrideBody,
} from '@rapport/contracts/overrides';
import { TicketSlaList } from '@rapport/contracts/service';
import type { SlaMetric } from '@rapport/contracts/tickets';
import { api } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';
import { serviceKeys } from '../service/service-api.ts';

/*
 * Server state of overrides (P7). A ticket's overrides and routing state sit under its detail key,
 * so the realtime `ticket.updated` event (every override sends one) refreshes them; an override
 * made here refreshes the whole ticket at once.
 */
export const overrideKeys = {
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'overrides'] as const,
  routing: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'routing'] as const,
  report: (workspaceId: string, kind: OverrideKind | null) => [...queryKeys.workspace(workspaceId), 'reports', 'overrides', kind ?? 'all'] as const,
};

const ticketPath = (ticketRef: string) => `/tickets/${encodeURIComponent(ticketRef)}`;

export function useTicketOverrides(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: overrideKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`${ticketPath(ticketRef)}/overrides`, { schema: DecisionOverrideList, signal }),
    select: (result) => result.items,
  });
}

export function useTicketRouting(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: overrideKeys.routing(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`${ticketPath(ticketRef)}/routing`, { schema: TicketRoutingState, signal }),
  });
}

/** Refreshes everything of the ticket (detail, SLA, routing, overrides) after an override. */
function useRefreshTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.ticket(workspaceId, ticketRef) });
}

export function useOverrideSla(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const refresh = useRefreshTicket(ticketRef);
  return useMutation({
    mutationFn: ({ metric, body }: { metric: SlaMetric; body: SlaOverrideBody }) =>
      api.post(`${ticketPath(ticketRef)}/sla/${metric}/override`, { schema: TicketSlaList, body }),
    onSuccess: (clocks) => {
      queryClient.setQueryData(serviceKeys.ticketSla(workspaceId, ticketRef), clocks);
      void refresh();
    },
  });
}

export function useOverrideRouting(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const refresh = useRefreshTicket(ticketRef);
  return useMutation({
    mutationFn: (body: RoutingOverrideBody) => api.post(`${ticketPath(ticketRef)}/routing/override`, { schema: TicketRoutingState, body }),
    onSuccess: (state) => {
      queryClient.setQueryData(overrideKeys.routing(workspaceId, ticketRef), state);
      void refresh();
    },
  });
}

/** The workspace's overrides, newest first, a page at a time (leads' report). */
export function useOverridesReport(kind: OverrideKind | null) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: overrideKeys.report(workspaceId, kind),
    queryFn: ({ pageParam, signal }) =>
      api.get('/overrides', { schema: DecisionOverridePage, query: { limit: 25, cursor: pageParam, ...(kind ? { kind } : {}) }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
