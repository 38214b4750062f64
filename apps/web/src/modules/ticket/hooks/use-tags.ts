import { useQuery } from '@tanstack/react-query';
import { TagDto } from '@rapport/contracts/catalogue';
import { api } from '../../../api/client.ts';
import { itemsOf } from '../../../api/list-schemas.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** The workspace's tags, most used first, for suggestions while tagging. */
export function useTags() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.tags(workspaceId),
    queryFn: ({ signal }) => api.get('/tags', { schema: itemsOf(TagDto), signal }),
    select: (result) => [...result.items].sort((a, b) => b.ticketCount - a.ticketCount).map((tag) => tag.name),
    staleTime: 5 * 60_000,
  });
}
