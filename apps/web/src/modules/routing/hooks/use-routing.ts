import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MyAvailability,
  RoutingAgentDto,
  RoutingAgentList,
  TeamRoutingDto,
  TeamRoutingList,
  type Availability,
  type UpdateMemberRoutingBody,
  type UpdateTeamRoutingBody,
} from '@rapport/contracts/routing';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** Server state of routing. Keys sit under the workspace; a member's profile change also refreshes the users lists (languages). */
const keys = {
  myAvailability: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'routing', 'me'] as const,
  agents: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'routing', 'agents'] as const,
  teams: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'routing', 'teams'] as const,
};

export function useMyAvailability() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: keys.myAvailability(workspaceId), queryFn: ({ signal }) => api.get('/me/availability', { schema: MyAvailability, signal }) });
}

export function useSetAvailability() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (availability: Availability) => api.patch('/me/availability', { schema: MyAvailability, body: { availability } }),
    onSuccess: (result) => {
      queryClient.setQueryData(keys.myAvailability(workspaceId), result);
      void queryClient.invalidateQueries({ queryKey: keys.agents(workspaceId) });
    },
  });
}

export function useRoutingAgents() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: keys.agents(workspaceId), queryFn: ({ signal }) => api.get('/routing/agents', { schema: RoutingAgentList, signal }) });
}

export function useRoutingTeams() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: keys.teams(workspaceId), queryFn: ({ signal }) => api.get('/routing/teams', { schema: TeamRoutingList, signal }) });
}

export function useUpdateTeamRouting() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTeamRoutingBody }) => api.patch(`/teams/${id}/routing`, { schema: TeamRoutingDto, body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.teams(workspaceId) }),
  });
}

export function useUpdateMemberRouting() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMemberRoutingBody }) => api.patch(`/members/${id}/routing`, { schema: RoutingAgentDto, body }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: keys.agents(workspaceId) }), queryClient.invalidateQueries({ queryKey: queryKeys.users(workspaceId) })]),
  });
}
