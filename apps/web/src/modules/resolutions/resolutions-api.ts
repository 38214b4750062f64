import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DiscretionLimitList,
  MyDiscretion,
  ResolutionActionDto,
  ResolutionPage,
  TicketResolutions,
  type CreateResolutionActionBody,
  type DecideResolutionBody,
  type PutDiscretionLimitsBody,
} from '@rapport/contracts/resolutions';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';
import { ledgerQuery, type LedgerFilters } from './resolution-logic.ts';
import { resolutionKeys } from './resolutions-paths.ts';

/*
 * Server state of resolution actions. A ticket's actions sit under its detail key, so the ticket's
 * realtime events (a lead deciding sends 'ticket.updated') refresh the panel; the approval
 * notifications refresh the panel and the approvals list too, as a second path.
 */

const ticketPath = (ticketRef: string) => `/tickets/${encodeURIComponent(ticketRef)}/resolution-actions`;

export function useTicketResolutions(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: resolutionKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(ticketPath(ticketRef), { schema: TicketResolutions, signal }),
  });
}

/** The signed-in person's limits and what is left of them this period. */
export function useMyDiscretion() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: resolutionKeys.mine(workspaceId),
    queryFn: ({ signal }) => api.get('/me/discretion', { schema: MyDiscretion, signal }),
  });
}

/** Everything an action changes: the ticket's panel, the limits used, the approvals and the ledger. */
function useInvalidateResolutions() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return (ticketRef?: string) =>
    Promise.all([
      ticketRef ? queryClient.invalidateQueries({ queryKey: resolutionKeys.ticket(workspaceId, ticketRef) }) : undefined,
      queryClient.invalidateQueries({ queryKey: resolutionKeys.mine(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: resolutionKeys.approvals(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: resolutionKeys.ledger(workspaceId) }),
    ]);
}

export function useCreateResolution(ticketRef: string) {
  const invalidate = useInvalidateResolutions();
  return useMutation({
    mutationFn: (body: CreateResolutionActionBody) => api.post(ticketPath(ticketRef), { schema: ResolutionActionDto, body, idempotencyKey: newIdempotencyKey() }),
    onSettled: () => invalidate(ticketRef),
  });
}

export function useCancelResolution(ticketRef: string) {
  const invalidate = useInvalidateResolutions();
  return useMutation({
    mutationFn: (id: string) => api.post(`/resolution-actions/${encodeURIComponent(id)}/cancel`, { schema: ResolutionActionDto }),
    onSettled: () => invalidate(ticketRef),
  });
}

export function useDecideResolution() {
  const invalidate = useInvalidateResolutions();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecideResolutionBody }) =>
      api.post(`/resolution-actions/${encodeURIComponent(id)}/decision`, { schema: ResolutionActionDto, body }),
    onSettled: (action) => invalidate(action ? String(action.ticketNumber) : undefined),
  });
}

/** Pending requests, oldest first. */
export function useApprovals() {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: resolutionKeys.approvalList(workspaceId),
    queryFn: ({ pageParam, signal }) => api.get('/approvals', { schema: ResolutionPage, query: { limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useLedger(filters: LedgerFilters) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: [...resolutionKeys.ledger(workspaceId), filters],
    queryFn: ({ pageParam, signal }) => api.get('/resolution-ledger', { schema: ResolutionPage, query: { ...ledgerQuery(filters), limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useDiscretionLimits() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: resolutionKeys.limits(workspaceId),
    queryFn: ({ signal }) => api.get('/discretion-limits', { schema: DiscretionLimitList, signal }),
    select: (list) => list.items,
  });
}

export function useSaveDiscretionLimits() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutDiscretionLimitsBody) => api.put('/discretion-limits', { schema: DiscretionLimitList, body }),
    onSuccess: (list) => queryClient.setQueryData(resolutionKeys.limits(workspaceId), list),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: resolutionKeys.limits(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: resolutionKeys.mine(workspaceId) }),
      ]),
  });
}
