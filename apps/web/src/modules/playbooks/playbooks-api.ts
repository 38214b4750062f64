import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@rapport/contracts/common';
import { PlaybookDto, PlaybookList, PlaybookRunDto, TicketPlaybooks, type CreatePlaybookBody, type UpdatePlaybookBody } from '@rapport/contracts/playbooks';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';

/*
 * Server state of playbooks and their runs on a ticket. A ticket's runs and suggestions sit under
 * its detail key, so realtime events on the ticket (a new customer message) refresh the suggestion.
 */
export const playbookKeys = {
  list: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'playbooks'] as const,
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'playbooks'] as const,
};

const ticketPath = (ticketRef: string) => `/tickets/${encodeURIComponent(ticketRef)}/playbooks`;

export function usePlaybooks() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: playbookKeys.list(workspaceId),
    queryFn: ({ signal }) => api.get('/playbooks', { schema: PlaybookList, signal }),
    select: (result) => result.items,
  });
}

export function useTicketPlaybooks(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: playbookKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(ticketPath(ticketRef), { schema: TicketPlaybooks, signal }),
  });
}

/** Puts a run into the cached ticket playbooks (replacing the same playbook's run) and drops it from the suggestions. */
function withRun(current: TicketPlaybooks | undefined, run: PlaybookRunDto): TicketPlaybooks | undefined {
  if (!current) return current;
  const exists = current.runs.some((item) => item.playbook.id === run.playbook.id);
  return {
    runs: exists ? current.runs.map((item) => (item.playbook.id === run.playbook.id ? run : item)) : [...current.runs, run],
    suggested: current.suggested.filter((suggestion) => suggestion.playbookId !== run.playbook.id),
  };
}

export function useStartPlaybook(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const key = playbookKeys.ticket(workspaceId, ticketRef);
  return useMutation({
    mutationFn: (playbookId: string) => api.post(ticketPath(ticketRef), { schema: PlaybookRunDto, body: { playbookId } }),
    onSuccess: (run) => {
      queryClient.setQueryData<TicketPlaybooks>(key, (current) => withRun(current, run));
      announce(t('playbooks.panel.started', { name: run.playbook.name }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/**
 * Sets a run's checked steps (the whole set). Mutations of one ticket's runs run one after another
 * (a shared scope), so quick ticks reach the server in the order they were made.
 */
export function useCheckPlaybookSteps(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const key = playbookKeys.ticket(workspaceId, ticketRef);
  return useMutation({
    scope: { id: `playbook-runs:${workspaceId}:${ticketRef}` },
    mutationFn: ({ playbookId, checkedSteps }: { playbookId: string; checkedSteps: number[] }) =>
      api.patch(`${ticketPath(ticketRef)}/${playbookId}`, { schema: PlaybookRunDto, body: { checkedSteps } }),
    onSuccess: (run) => {
      const wasComplete = queryClient.getQueryData<TicketPlaybooks>(key)?.runs.find((item) => item.playbook.id === run.playbook.id)?.completedAt;
      queryClient.setQueryData<TicketPlaybooks>(key, (current) => withRun(current, run));
      if (run.completedAt && !wasComplete) announce(t('playbooks.panel.completedAnnounce', { name: run.playbook.name }));
    },
  });
}

function useInvalidatePlaybooks() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  // Ticket panels show the playbooks too: refresh every cached ticket's playbooks with the list.
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.workspace(workspaceId), predicate: (query) => query.queryKey.includes('playbooks') });
}

export function useCreatePlaybook() {
  const invalidate = useInvalidatePlaybooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreatePlaybookBody) => api.post('/playbooks', { schema: PlaybookDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (playbook) => announce(t('playbooks.admin.added', { name: playbook.name })),
    onSettled: invalidate,
  });
}

export function useUpdatePlaybook() {
  const invalidate = useInvalidatePlaybooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePlaybookBody }) => api.patch(`/playbooks/${id}`, { schema: PlaybookDto, body }),
    onSuccess: (playbook) => announce(t('playbooks.admin.saved', { name: playbook.name })),
    onSettled: invalidate,
  });
}

export function useDeletePlaybook() {
  const invalidate = useInvalidatePlaybooks();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (playbook: PlaybookDto) => api.delete(`/playbooks/${playbook.id}`, { schema: Ok }),
    onSuccess: (_result, playbook) => announce(t('playbooks.admin.deleted', { name: playbook.name })),
    onSettled: invalidate,
  });
}
