import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FollowerList } from '@rapport/contracts/teamwork';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

export function useFollowers(ticketId: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.ticketFollowers(workspaceId, ticketId),
    queryFn: ({ signal }) => api.get(`/tickets/${ticketId}/followers`, { schema: FollowerList, signal }),
  });
}

/** Follow or unfollow the ticket yourself. */
export function useToggleFollow(ticketId: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (shouldFollow: boolean) =>
      shouldFollow
        ? api.post(`/tickets/${ticketId}/followers`, { schema: FollowerList, body: {} })
        : api.delete(`/tickets/${ticketId}/followers/me`, { schema: FollowerList }),
    onSuccess: (list) => {
      queryClient.setQueryData(queryKeys.ticketFollowers(workspaceId, ticketId), list);
      announce(t(list.isFollowing ? 'teamwork.followers.followed' : 'teamwork.followers.unfollowed'));
    },
    onError: (error) => announce(describeError(error), 'assertive'),
  });
}
