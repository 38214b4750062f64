import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SearchResult } from '@rapport/contracts/search';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { apiQueryOf, type SearchFilters } from '../search-filters.ts';

export function useSearch(query: string, filters: SearchFilters = {}) {
  const workspaceId = useWorkspaceId();
  const trimmed = query.trim();
  const apiQuery = apiQueryOf(trimmed, filters);
  return useQuery({
    queryKey: queryKeys.searchWithFilters(workspaceId, trimmed, apiQuery),
    queryFn: ({ signal }) => api.get('/search', { schema: SearchResult, query: apiQuery, signal }),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
  });
}
