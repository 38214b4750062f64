import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ServiceSettingsDto, TicketWaitingDto, type UpdateServiceSettingsBody, type WaitingOverrideBody } from '@rapport/contracts/waiting';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';

/*
 * Server state of waiting on the customer. A ticket's wait sits under its detail key, so the
 * realtime `ticket.updated` event (sent by reminders, automatic closes and overrides) refreshes it.
 */
export const waitingKeys = {
  settings: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'service', 'waiting-settings'] as const,
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'waiting'] as const,
};

export function useServiceSettings() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: waitingKeys.settings(workspaceId), queryFn: ({ signal }) => api.get('/service-settings', { schema: ServiceSettingsDto, signal }) });
}

export function useSaveServiceSettings() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: UpdateServiceSettingsBody) => api.patch('/service-settings', { schema: ServiceSettingsDto, body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(waitingKeys.settings(workspaceId), saved);
      announce(t('waiting.settings.saved'));
    },
  });
}

/** Read only while `isEnabled` (the ticket is pending): other tickets have no wait. */
export function useTicketWaiting(ticketRef: string, isEnabled = true) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    enabled: isEnabled,
    queryKey: waitingKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/waiting`, { schema: TicketWaitingDto, signal }),
  });
}

export function useOverrideWaiting(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WaitingOverrideBody) => api.post(`/tickets/${encodeURIComponent(ticketRef)}/waiting`, { schema: TicketWaitingDto, body }),
    onSuccess: (wait) => queryClient.setQueryData(waitingKeys.ticket(workspaceId, ticketRef), wait),
  });
}
