import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SearchResult } from '@rapport/contracts/search';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

export function useSearch(query: string) {
  const workspaceId = useWorkspaceId();
  const trimmed = query.trim();
  return useQuery({
    queryKey: queryKeys.search(workspaceId, trimmed),
    queryFn: ({ signal }) => api.get('/search', { schema: SearchResult, query: { q: trimmed }, signal }),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
  });
}
