import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PromiseDto, PromisePage, TicketPromiseList, type PromiseStatusFilter, type UpdatePromiseBody } from '@rapport/contracts/promises';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { isPromisesQuery } from '../promises-paths.ts';

/*
 * Server state of promises. A ticket's promises sit under its detail key, so the realtime events of
 * the ticket (a reply that made promises, a teammate closing one) refresh the panel with it.
 */
export const promiseKeys = {
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'promises'] as const,
  list: (workspaceId: string, filter: { status: PromiseStatusFilter; owner: 'me' | null }) => [...queryKeys.workspace(workspaceId), 'promises', 'list', filter] as const,
};

export function useTicketPromises(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: promiseKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/promises`, { schema: TicketPromiseList, signal }),
    select: (result) => result.items,
  });
}

/** Open or overdue promises, soonest due first: the agent's own, or (leads) everyone's. */
export function usePromiseList(filter: { status: PromiseStatusFilter; owner: 'me' | null }) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: promiseKeys.list(workspaceId, filter),
    queryFn: ({ pageParam, signal }) =>
      api.get('/promises', { schema: PromisePage, query: { status: filter.status, owner: filter.owner, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

const savedKeys: Record<'kept' | 'broken' | 'dropped' | 'edited', MessageKey> = {
  kept: 'promises.saved.kept',
  broken: 'promises.saved.broken',
  dropped: 'promises.saved.dropped',
  edited: 'promises.saved.edited',
};

/** PATCHes a promise; announces the result (errors assertively) and refreshes every promises query. */
export function useUpdatePromise() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePromiseBody }) => api.patch(`/promises/${encodeURIComponent(id)}`, { schema: PromiseDto, body }),
    onSuccess: (_promise, { body }) => announce(t(savedKeys[body.status ?? 'edited'])),
    onError: (error) => announce(t('promises.notSaved', { error: describeError(error) }), 'assertive'),
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => isPromisesQuery(workspaceId, query.queryKey) }),
  });
}
