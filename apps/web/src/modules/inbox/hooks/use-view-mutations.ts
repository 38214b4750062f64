import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ViewDto, type CreateViewBody, type UpdateViewBody } from '@rapport/contracts/catalogue';
import { Ok } from '@rapport/contracts/common';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** Creates a view, or changes one when an id is given; the view list and counts refresh. */
export function useSaveView() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreateViewBody | UpdateViewBody }) =>
      id
        ? api.patch(`/views/${encodeURIComponent(id)}`, { schema: ViewDto, body })
        : api.post('/views', { schema: ViewDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.views(workspaceId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) });
    },
  });
}

export function useDeleteView() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/views/${encodeURIComponent(id)}`, { schema: Ok }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.views(workspaceId) }),
  });
}
