import { useQuery } from '@tanstack/react-query';
import { ViewDto } from '@rapport/contracts/catalogue';
import { api } from '../../../api/client.ts';
import { itemsOf } from '../../../api/list-schemas.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { savedViewsToShow } from '../views.ts';

export function useSavedViews() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.views(workspaceId),
    queryFn: ({ signal }) => api.get('/views', { schema: itemsOf(ViewDto), signal }),
    select: (result) => savedViewsToShow(result.items),
    staleTime: 5 * 60_000,
  });
}
