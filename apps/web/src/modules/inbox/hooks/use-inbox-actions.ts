import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { BulkTicketsResponse, TicketReadState, type BulkTicketsBody } from '@rapport/contracts/inbox';
import type { TicketPage } from '@rapport/contracts/tickets';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** One bulk request for the selection; the lists and counts refresh when it settles. */
export function useBulkAction() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkTicketsBody) => api.post('/tickets/bulk', { schema: BulkTicketsResponse, body, idempotencyKey: newIdempotencyKey() }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
  });
}

/** Patches the unread flag of a ticket in every cached list, so rows change at once without a refetch. */
export function setCachedUnread(queryClient: QueryClient, workspaceId: string, ticketIds: ReadonlySet<string>, isUnread: boolean): void {
  queryClient.setQueriesData<InfiniteData<TicketPage>>({ queryKey: queryKeys.ticketLists(workspaceId) }, (data) => {
    if (!data || !Array.isArray(data.pages)) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((ticket) => (ticketIds.has(ticket.id) ? { ...ticket, isUnread } : ticket)),
      })),
    };
  });
}

/** Mark read or unread from the inbox (one request per ticket: read markers are personal and cheap). */
export function useSetReadState() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ticketIds, isUnread }: { ticketIds: readonly string[]; isUnread: boolean }) => {
      for (const ticketId of ticketIds) {
        const path = `/tickets/${encodeURIComponent(ticketId)}/read`;
        await (isUnread ? api.delete(path, { schema: TicketReadState }) : api.post(path, { schema: TicketReadState }));
      }
      return ticketIds.length;
    },
    onSuccess: (_count, { ticketIds, isUnread }) => setCachedUnread(queryClient, workspaceId, new Set(ticketIds), isUnread),
  });
}
