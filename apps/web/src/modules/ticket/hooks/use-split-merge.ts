import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TicketDetail } from '@rapport/contracts/tickets';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { navigate } from '../../../router/router.tsx';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** Moves one message of the ticket into a new ticket (same customer); the new ticket is returned. */
export function useSplitMessage(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ messageId, subject, idempotencyKey }: { messageId: string; subject: string; idempotencyKey: string }) =>
      api.post(`/tickets/${encodeURIComponent(ticketRef)}/messages/${messageId}/split`, {
        schema: TicketDetail,
        body: subject.trim() ? { subject: subject.trim() } : {},
        idempotencyKey,
      }),
    onSuccess: (created) => announce(t('ticket.split.done', { number: created.number })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
  });
}

/** Merges this ticket into another; the surviving ticket is returned. */
export function useMergeTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ intoTicketId }: { intoTicketId: string }) =>
      api.post(`/tickets/${encodeURIComponent(ticketRef)}/merge`, { schema: TicketDetail, body: { intoTicketId } }),
    onSuccess: (survivor) => {
      queryClient.setQueryData(queryKeys.ticket(workspaceId, String(survivor.number)), survivor);
      announce(t('ticket.merge.done', { number: survivor.number }));
      // Here, not in the caller's onSuccess: the refetched (now merged) ticket hides the merge button,
      // and a caller's callbacks do not run once it has unmounted.
      navigate(`/tickets/${survivor.number}`);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
  });
}
