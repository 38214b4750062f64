import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TicketDetail, type UpdateTicketBody } from '@rapport/contracts/tickets';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { ticketAuditKeys } from './use-ticket-audit.ts';

export interface TicketChange {
  changes: UpdateTicketBody;
  /** How the ticket looks once the change lands, shown at once and rolled back on failure. */
  preview: (ticket: TicketDetail) => TicketDetail;
  /** Spoken in the polite live region when the server confirms. */
  confirmation: string;
}

/** PATCHes the ticket: applied optimistically, confirmed or rolled back, lists refreshed. */
export function useUpdateTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const detailKey = queryKeys.ticket(workspaceId, ticketRef);

  return useMutation({
    mutationFn: ({ changes }: TicketChange) =>
      api.patch(`/tickets/${encodeURIComponent(ticketRef)}`, { schema: TicketDetail, body: changes }),
    onMutate: async ({ preview }) => {
      await queryClient.cancelQueries({ queryKey: detailKey });
      const previous = queryClient.getQueryData<TicketDetail>(detailKey);
      if (previous) queryClient.setQueryData(detailKey, preview(previous));
      return { previous };
    },
    onError: (error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(detailKey, context.previous);
      announce(`Change not saved: ${describeError(error)}`, 'assertive');
    },
    onSuccess: (ticket, { confirmation }) => {
      queryClient.setQueryData(detailKey, ticket);
      announce(confirmation);
    },
    onSettled: async () => {
      // The change is a new event in the timeline and a new entry in the audit trail.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: ticketAuditKeys.events(workspaceId, ticketRef) }),
        queryClient.invalidateQueries({ queryKey: ticketAuditKeys.trail(workspaceId, ticketRef) }),
      ]);
    },
  });
}
