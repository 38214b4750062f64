import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@rapport/contracts/common';
import { MacroDto, MacroList, type CreateMacroBody, type UpdateMacroBody } from '@rapport/contracts/composer';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** Also the composer's macro picker's key, so a change here refreshes the picker. */
export const macrosQueryKey = (workspaceId: string) => ['workspace', workspaceId, 'macros'] as const;

export function useMacros() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: macrosQueryKey(workspaceId), queryFn: ({ signal }) => api.get('/macros', { schema: MacroList, signal }) });
}

export function useSaveMacro() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; changes: UpdateMacroBody } | { id: null; create: CreateMacroBody }) =>
      input.id === null ? api.post('/macros', { schema: MacroDto, body: input.create }) : api.patch(`/macros/${input.id}`, { schema: MacroDto, body: input.changes }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: macrosQueryKey(workspaceId) }),
  });
}

export function useDeleteMacro() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/macros/${id}`, { schema: Ok }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: macrosQueryKey(workspaceId) }),
  });
}
