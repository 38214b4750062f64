import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AutomationDto,
  AutomationList,
  AutomationRunDto,
  AutomationRunList,
  AutomationRunPage,
  type CreateAutomationBody,
  type OverrideAutomationRunBody,
  type UpdateAutomationBody,
} from '@rapport/contracts/automations';
import { Ok } from '@rapport/contracts/common';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { t } from '../../i18n/i18n.ts';
import { useWorkspaceId } from '../auth/components/session-context.tsx';

/*
 * Server state of automations and their runs. A ticket's runs sit under its detail key, so the
 * realtime `ticket.updated` event (an automation acting, an override) refreshes them with the ticket.
 */
export const automationKeys = {
  list: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'automations'] as const,
  runs: (workspaceId: string, automationId: string) => [...queryKeys.workspace(workspaceId), 'automations', automationId, 'runs'] as const,
  ticket: (workspaceId: string, ticketRef: string) => [...queryKeys.ticket(workspaceId, ticketRef), 'automation-runs'] as const,
};

const runsPageSize = 10;

export function useAutomations() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: automationKeys.list(workspaceId),
    queryFn: ({ signal }) => api.get('/automations', { schema: AutomationList, signal }),
    select: (result) => result.items,
  });
}

/** One automation's runs, newest first, a page at a time. */
export function useAutomationRuns(automationId: string) {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: automationKeys.runs(workspaceId, automationId),
    queryFn: ({ pageParam, signal }) => api.get(`/automations/${automationId}/runs`, { schema: AutomationRunPage, query: { limit: runsPageSize, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

function useInvalidateAutomations() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: automationKeys.list(workspaceId) });
}

export function useCreateAutomation() {
  const invalidate = useInvalidateAutomations();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateAutomationBody) => api.post('/automations', { schema: AutomationDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (automation) => announce(t('automations.admin.added', { name: automation.name })),
    onSettled: invalidate,
  });
}

export function useUpdateAutomation() {
  const invalidate = useInvalidateAutomations();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAutomationBody }) => api.patch(`/automations/${id}`, { schema: AutomationDto, body }),
    onSuccess: (automation) => announce(t('automations.admin.saved', { name: automation.name })),
    onSettled: invalidate,
  });
}

/** Switches an automation on or off; the list shows the new state at once and goes back if the server refuses. */
export function useToggleAutomation() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const key = automationKeys.list(workspaceId);
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api.patch(`/automations/${id}`, { schema: AutomationDto, body: { enabled } }),
    onMutate: async ({ id, enabled }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<AutomationList>(key);
      if (previous) queryClient.setQueryData<AutomationList>(key, { items: previous.items.map((item) => (item.id === id ? { ...item, enabled } : item)) });
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (automation) => announce(t(automation.enabled ? 'automations.admin.switchedOn' : 'automations.admin.switchedOff', { name: automation.name })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteAutomation() {
  const invalidate = useInvalidateAutomations();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (automation: AutomationDto) => api.delete(`/automations/${automation.id}`, { schema: Ok }),
    onSuccess: (_result, automation) => announce(t('automations.admin.deleted', { name: automation.name })),
    onSettled: invalidate,
  });
}

/** Saves a new order; the list shows it at once and goes back if the server refuses. */
export function useReorderAutomations() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const key = automationKeys.list(workspaceId);
  return useMutation({
    scope: { id: `automations-order:${workspaceId}` },
    mutationFn: (ids: string[]) => api.put('/automations/order', { schema: AutomationList, body: { ids } }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<AutomationList>(key);
      if (previous) {
        const byId = new Map(previous.items.map((item) => [item.id, item]));
        const items = ids.map((id) => byId.get(id)).filter((item): item is AutomationDto => item !== undefined);
        queryClient.setQueryData<AutomationList>(key, { items });
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      announce(t('automations.admin.reordered'));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** The automation runs of one ticket (by number or id, as its URL holds it), oldest first. */
export function useTicketAutomationRuns(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: automationKeys.ticket(workspaceId, ticketRef),
    queryFn: ({ signal }) => api.get(`/tickets/${encodeURIComponent(ticketRef)}/automation-runs`, { schema: AutomationRunList, signal }),
    select: (result) => result.items,
  });
}

/** Overrides one run (with a reason; by default undoing what it changed); the ticket itself is refetched. */
export function useOverrideAutomationRun(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ runId, body }: { runId: string; body: OverrideAutomationRunBody }) =>
      api.post(`/tickets/${encodeURIComponent(ticketRef)}/automation-runs/${runId}/override`, { schema: AutomationRunDto, body }),
    onSuccess: (run) => {
      queryClient.setQueryData<AutomationRunList>(automationKeys.ticket(workspaceId, ticketRef), (current) =>
        current ? { items: current.items.map((item) => (item.id === run.id ? run : item)) } : current,
      );
      announce(t('automations.override.done', { name: run.automation.name }));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(workspaceId, ticketRef) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) });
    },
  });
}
