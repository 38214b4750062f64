import { useQuery } from '@tanstack/react-query';
import { CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
import { TeamList } from '@rapport/contracts/people';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** The workspace's teams (ticket team picker, inbox bulk assignment and view editor, macros). */
export function useTeams() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.teams(workspaceId),
    queryFn: ({ signal }) => api.get('/teams', { schema: TeamList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
  });
}

/** The workspace's custom field definitions (typed inputs on the ticket, labels in the audit trail). */
export function useCustomFieldDefinitions() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.customFields(workspaceId),
    queryFn: ({ signal }) => api.get('/custom-fields', { schema: CustomFieldDefinitionList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
  });
}
