import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ResolutionPage } from '@rapport/contracts/resolutions';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { subscribeStream } from '../../../realtime/realtime-connection.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { resolutionKeys } from '../resolutions-paths.ts';

/*
 * The live side of approvals, small enough for the shell's first paint (the sidebar count mounts
 * it for leads; the ticket panel for everyone who acts).
 */

/**
 * How many requests wait (the sidebar's count): the first page's size, with "more" past it. It
 * follows new requests (their notification), one's own decisions, and otherwise a minute's poll: a
 * count on every lead's screen refetched on every ticket change of the workspace would cost more
 * than it is worth (the approvals screen itself follows every change, see realtime-invalidation.ts).
 */
export function useApprovalCount(isEnabled: boolean) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: [...resolutionKeys.approvals(workspaceId), 'count'],
    queryFn: ({ signal }) => api.get('/approvals', { schema: ResolutionPage, query: { limit: 20 }, signal }),
    select: (page) => ({ count: page.items.length, hasMore: page.nextCursor !== null }),
    enabled: isEnabled,
    refetchInterval: 60_000,
  });
}

/**
 * Refetches on the signed-in person's approval notifications: a request reaching a lead refreshes
 * the approvals; a decision reaching the requester refreshes the ticket panels on screen and the
 * limits used.
 */
export function useApprovalNotificationRefresh(): void {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribeStream((notice) => {
        if (notice.type !== 'notification.created' || notice.workspaceId !== workspaceId) return;
        if (notice.kind !== 'approval_requested' && notice.kind !== 'approval_decided') return;
        void queryClient.invalidateQueries({ queryKey: resolutionKeys.approvals(workspaceId) });
        void queryClient.invalidateQueries({ queryKey: resolutionKeys.mine(workspaceId) });
        // A panel is cached under whichever ref its URL used (number or id): refresh every one on screen.
        void queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId), predicate: (query) => query.queryKey.at(-1) === 'resolutions' });
      }),
    [queryClient, workspaceId],
  );
}
