import { useQuery } from '@tanstack/react-query';
import { ViewCountList, type ViewCount } from '@rapport/contracts/inbox';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/**
 * Ticket counts of every view in the sidebar, one request. The key sits under the ticket lists,
 * so the realtime invalidation that refreshes the lists refreshes the counts too.
 */
export function useViewCounts() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.viewCounts(workspaceId),
    queryFn: ({ signal }) => api.get('/views/counts', { schema: ViewCountList, signal }),
    select: (result) => new Map<string, ViewCount>(result.items.map((item) => [item.view, item])),
    staleTime: 30_000,
  });
}
