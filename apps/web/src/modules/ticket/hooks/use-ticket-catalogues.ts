import { useQuery } from '@tanstack/react-query';
import { CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
import { TeamList } from '@rapport/contracts/people';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** The workspace's teams, for the team picker. */
export function useTeams() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: ['workspace', workspaceId, 'teams'],
    queryFn: ({ signal }) => api.get('/teams', { schema: TeamList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
  });
}

/** The workspace's custom field definitions (typed inputs on the ticket, labels in the audit trail). */
export function useCustomFieldDefinitions() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: ['workspace', workspaceId, 'custom-fields'],
    queryFn: ({ signal }) => api.get('/custom-fields', { schema: CustomFieldDefinitionList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
  });
}
