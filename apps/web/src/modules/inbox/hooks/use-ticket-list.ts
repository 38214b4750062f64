import { useInfiniteQuery } from '@tanstack/react-query';
import { TicketPage } from '@rapport/contracts/tickets';
import { api } from '../../../api/client.ts';
import { queryKeys, type TicketListFilters } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

const pageSize = 50;

export function useTicketList(filters: TicketListFilters) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: queryKeys.ticketList(workspaceId, filters),
    queryFn: ({ pageParam, signal }) =>
      api.get('/tickets', {
        schema: TicketPage,
        query: { sort: 'updated_desc', ...filters, cursor: pageParam, limit: pageSize },
        signal,
      }),
    initialPageParam: undefined as string | undefined, // the first page has no cursor
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.items),
  });
}
