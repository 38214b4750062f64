import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  InboundActionResult,
  InboundEmailDetail,
  InboundEmailList,
  InboundEmailPage,
  type InboundEmailSummary,
  type MoveInboundEmailBody,
  type TriageStatus,
} from '@rapport/contracts/email';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** The raw original of a received email: a download (Content-Disposition: attachment), never rendered. */
export function inboundRawUrl(id: string): string {
  return `/api/v1/email/inbound/${id}/raw`;
}

/** Quarantined or held emails, newest first, a page at a time. */
export function useInboundEmails(status: TriageStatus, isEnabled = true) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: queryKeys.inboundList(workspaceId, status),
    queryFn: ({ pageParam, signal }) =>
      api.get('/email/inbound', { schema: InboundEmailPage, query: { status, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: isEnabled,
  });
}

/** Held emails that claim to belong to this ticket (the banner on the ticket page). */
export function useHeldEmailsOfTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.heldEmails(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/held-emails`, { schema: InboundEmailList, signal }),
    select: (list) => list.items,
  });
}

export type InboundAction =
  | { kind: 'retry' }
  | { kind: 'release' }
  | { kind: 'accept' }
  | { kind: 'move'; target: MoveInboundEmailBody }
  | { kind: 'delete' };

function describeOutcome(action: InboundAction, result: InboundActionResult | null): string {
  const ticket = result?.ticket ? ` into #${result.ticket.number}` : '';
  switch (action.kind) {
    case 'retry':
      return result?.inboundEmail.status === 'quarantined' ? 'Retried: still quarantined' : `Retried: processed${ticket}`;
    case 'release':
      return `Released${ticket}`;
    case 'accept':
      return `Accepted${ticket}`;
    case 'move':
      return `Moved${ticket}`;
    case 'delete':
      return 'Deleted (the raw original is kept)';
  }
}

/** Retry, release, accept, move or delete one received email; every list and ticket refreshes. */
export function useInboundAction() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: async ({ email, action }: { email: InboundEmailSummary; action: InboundAction }) => {
      const path = `/email/inbound/${email.id}`;
      if (action.kind === 'delete') {
        await api.delete(path, { schema: InboundEmailDetail });
        return null;
      }
      if (action.kind === 'move') return api.post(`${path}/move`, { schema: InboundActionResult, body: action.target });
      return api.post(`${path}/${action.kind}`, { schema: InboundActionResult });
    },
    onSuccess: (result, { action }) => announce(describeOutcome(action, result)),
    onError: (error) => announce(`Not done: ${describeError(error)}`, 'assertive'),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.inbound(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
      ]);
    },
  });
}
