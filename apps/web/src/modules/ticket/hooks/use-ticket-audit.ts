import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { TicketAuditPage } from '@rapport/contracts/ticket-audit';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/*
 * Both keys live under the ticket's detail key, so a realtime event about the ticket (or any
 * invalidation of the ticket) refreshes its events and audit trail too.
 */
export const timelineEventLimit = 200;

export const ticketAuditKeys = {
  events: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'events'] as const,
  trail: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'audit'] as const,
};

/**
 * The ticket's changes shown in the timeline (status, assignee, team, priority, tags, fields,
 * merges, splits): the latest 200, which the timeline puts in time order; older ones are in the
 * audit trail.
 */
export function useTicketEvents(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: ticketAuditKeys.events(workspaceId, ticketRef),
    queryFn: ({ signal }) =>
      api.get(`/tickets/${encodeURIComponent(ticketRef)}/audit`, {
        schema: TicketAuditPage,
        query: { only: 'events', order: 'desc', limit: timelineEventLimit },
        signal,
      }),
  });
}

/** Every audit entry of the ticket, newest first, a page at a time (the audit trail panel). */
export function useTicketAuditTrail(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: ticketAuditKeys.trail(workspaceId, ticketRef),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get(`/tickets/${encodeURIComponent(ticketRef)}/audit`, {
        schema: TicketAuditPage,
        query: { order: 'desc', limit: 25, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (page) => page.nextCursor,
  });
}
