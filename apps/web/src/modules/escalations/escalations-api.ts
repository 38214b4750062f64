import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EscalationLevelList, TicketEscalations, type EscalateBody, type PutEscalationLevelsBody } from '@rapport/contracts/escalations';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';

/*
 * Server state of escalation levels and a ticket's escalations. A ticket's escalations sit under
 * its detail key, so the realtime `ticket.updated` event (sent on every escalation, the
 * SLA-triggered ones too) refreshes them with the ticket.
 */
export const escalationKeys = {
  levels: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'escalation-levels'] as const,
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'escalations'] as const,
};

export function useEscalationLevels() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: escalationKeys.levels(workspaceId),
    queryFn: ({ signal }) => api.get('/escalation-levels', { schema: EscalationLevelList, signal }),
    select: (result) => result.items,
  });
}

export function useSaveEscalationLevels() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: PutEscalationLevelsBody) => api.put('/escalation-levels', { schema: EscalationLevelList, body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(escalationKeys.levels(workspaceId), saved);
      announce(t('escalations.levels.saved'));
    },
  });
}

/** The escalation level and history of one ticket (by number or id, as its URL holds it). */
export function useTicketEscalations(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: escalationKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/escalations`, { schema: TicketEscalations, signal }),
  });
}

/** Escalates (or de-escalates) a ticket; the ticket itself (team, assignee, notes) is refetched. */
export function useEscalateTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EscalateBody) =>
      api.post(`/tickets/${encodeURIComponent(ticketRef)}/escalate`, { schema: TicketEscalations, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (state) => {
      queryClient.setQueryData(escalationKeys.ticket(workspaceId, ticketRef), state);
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(workspaceId, ticketRef) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) });
    },
  });
}
