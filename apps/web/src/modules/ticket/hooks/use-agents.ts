import { useQuery } from '@tanstack/react-query';
import { page } from '@rapport/contracts/common';
import { UserDto } from '@rapport/contracts/people';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

const UserPage = page(UserDto);

/** Active agents of the workspace, for the assignee picker. */
export function useAgents() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.users(workspaceId),
    queryFn: ({ signal }) => api.get('/users', { schema: UserPage, query: { limit: 200 }, signal }),
    select: (result) => result.items.filter((user) => user.isActive),
    staleTime: 5 * 60_000,
  });
}
