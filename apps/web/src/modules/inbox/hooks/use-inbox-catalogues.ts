import { useQuery } from '@tanstack/react-query';
import { CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
import { TeamList } from '@rapport/contracts/people';
import { api } from '../../../api/client.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

// The same keys as the ticket page's pickers, so both share one cached copy.

/** The workspace's teams, for bulk assignment and the view editor. */
export function useInboxTeams() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: ['workspace', workspaceId, 'teams'],
    queryFn: ({ signal }) => api.get('/teams', { schema: TeamList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
  });
}

/** The workspace's custom fields, for the view editor's custom-field filter. */
export function useInboxCustomFields(isEnabled = true) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: ['workspace', workspaceId, 'custom-fields'],
    queryFn: ({ signal }) => api.get('/custom-fields', { schema: CustomFieldDefinitionList, signal }),
    select: (result) => result.items,
    staleTime: 5 * 60_000,
    enabled: isEnabled,
  });
}
