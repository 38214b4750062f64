import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TicketReadState } from '@rapport/contracts/inbox';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { setCachedUnread } from './use-inbox-actions.ts';

/**
 * Called by the ticket page: marks the ticket read when it opens, and again whenever a new message
 * lands while the agent is looking at it (so it does not turn unread behind their back).
 * A failure is harmless (the row stays bold) and not worth an error message.
 */
export function useMarkTicketRead(ticketId: string | undefined, lastMessageAt: string | null | undefined): void {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ticketId) return;
    const controller = new AbortController();
    api
      .post(`/tickets/${encodeURIComponent(ticketId)}/read`, { schema: TicketReadState, signal: controller.signal })
      .then(() => setCachedUnread(queryClient, workspaceId, new Set([ticketId]), false))
      .catch(() => undefined);
    return () => controller.abort();
  }, [ticketId, lastMessageAt, workspaceId, queryClient]);
}
