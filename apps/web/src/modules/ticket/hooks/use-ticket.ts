import { useQuery } from '@tanstack/react-query';
import { TicketDetail } from '@rapport/contracts/tickets';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** A ticket with its conversation, by number or id (whichever the URL holds). */
export function useTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}`, { schema: TicketDetail, signal }),
  });
}
