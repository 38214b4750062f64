import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SessionInfo } from '@rapport/contracts/auth';
import { CustomFieldDefinitionDto, CustomFieldDefinitionList, TagDto, TagList, type CreateCustomFieldBody } from '@rapport/contracts/catalogue';
import { CoachResponse, type CoachRequest } from '@rapport/contracts/coach';
import { Ok } from '@rapport/contracts/common';
import { CreatedUserDto, TeamDto, TeamList, UserDto, UserPage, type CreateUserBody, type UpdateUserBody } from '@rapport/contracts/people';
import {
  DeletedCustomField,
  DeletedTeam,
  MyPreferences,
  WorkspaceCoachSettings,
  WorkspaceDto,
  type MyPreferencesBody,
  type UpdateCustomFieldBody,
  type UpdateWorkspaceBody,
} from '@rapport/contracts/workspace';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/*
 * Server state of the admin screens. Keys sit under the workspace and, where another module
 * caches the same list (teams, custom fields, tags, users), share its key or prefix, so a change
 * here refreshes the pickers on the ticket page and in the inbox too.
 */

const keys = {
  users: (workspaceId: string) => queryKeys.users(workspaceId),
  adminUsers: (workspaceId: string) => [...queryKeys.users(workspaceId), 'admin'] as const,
  teams: (workspaceId: string) => ['workspace', workspaceId, 'teams'] as const,
  customFields: (workspaceId: string) => ['workspace', workspaceId, 'custom-fields'] as const,
  tags: (workspaceId: string) => queryKeys.tags(workspaceId),
  workspaceSettings: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'settings'] as const,
  coachSettings: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'coach-settings'] as const,
  preferences: (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'my-preferences'] as const,
};

function useInvalidate(...queryKeysToRefresh: (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(queryKeysToRefresh.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

// ---- Users ----------------------------------------------------------------------------------

export function useMembers() {
  const workspaceId = useWorkspaceId();
  return useInfiniteQuery({
    queryKey: keys.adminUsers(workspaceId),
    queryFn: ({ pageParam, signal }) => api.get('/users', { schema: UserPage, query: { limit: 100, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export function useCreateMember() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.users(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post('/users', { schema: CreatedUserDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (user) => announce(t('admin.users.added', { name: user.name })),
    onSettled: invalidate,
  });
}

export function useUpdateMember() {
  const workspaceId = useWorkspaceId();
  // Changing your own role or name changes your session (permissions, the sidebar): refresh it too.
  const invalidate = useInvalidate(keys.users(workspaceId), queryKeys.session);
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => api.patch(`/users/${id}`, { schema: UserDto, body }),
    onSuccess: (user) => announce(t('admin.users.saved', { name: user.name })),
    onSettled: invalidate,
  });
}

// ---- Teams ----------------------------------------------------------------------------------

export function useAdminTeams() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.teams(workspaceId),
    queryFn: ({ signal }) => api.get('/teams', { schema: TeamList, signal }),
    select: (result) => result.items,
  });
}

export function useCreateTeam() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.teams(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (name: string) => api.post('/teams', { schema: TeamDto, body: { name }, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (team) => announce(t('admin.teams.added', { name: team.name })),
    onSettled: invalidate,
  });
}

export function useRenameTeam() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.teams(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => api.patch(`/teams/${id}`, { schema: TeamDto, body: { name } }),
    onSuccess: (team) => announce(t('admin.teams.renamed', { name: team.name })),
    onSettled: invalidate,
  });
}

export function useSetTeamMembers() {
  const workspaceId = useWorkspaceId();
  // The users screen shows each member's teams: refresh it too.
  const invalidate = useInvalidate(keys.teams(workspaceId), keys.users(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, userIds }: { id: string; userIds: string[] }) => api.put(`/teams/${id}/members`, { schema: TeamDto, body: { userIds } }),
    onSuccess: (team) => announce(t('admin.teams.membersSaved', { name: team.name, count: team.members.length })),
    onSettled: invalidate,
  });
}

export function useDeleteTeam() {
  const workspaceId = useWorkspaceId();
  // Reassigned tickets change team: refresh the ticket lists as well.
  const invalidate = useInvalidate(keys.teams(workspaceId), queryKeys.tickets(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ team, reassignTo }: { team: TeamDto; reassignTo?: string | undefined }) =>
      api.delete(`/teams/${team.id}`, { schema: DeletedTeam, query: { reassignTo } }),
    onSuccess: (result, { team }) => announce(t('admin.teams.deleted', { name: team.name, count: result.reassignedTickets })),
    onSettled: invalidate,
  });
}

// ---- Tags and custom fields -----------------------------------------------------------------

export function useAdminTags() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.tags(workspaceId),
    queryFn: ({ signal }) => api.get('/tags', { schema: TagList, signal }),
    select: (result) => result.items,
  });
}

export function useCreateTag() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.tags(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (name: string) => api.post('/tags', { schema: TagDto, body: { name }, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (tag) => announce(t('admin.tags.added', { name: tag.name })),
    onSettled: invalidate,
  });
}

export function useDeleteTag() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.tags(workspaceId), queryKeys.tickets(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (name: string) => api.delete(`/tags/${encodeURIComponent(name)}`, { schema: Ok }),
    onSuccess: (_result, name) => announce(t('admin.tags.deleted', { name })),
    onSettled: invalidate,
  });
}

export function useAdminCustomFields() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.customFields(workspaceId),
    queryFn: ({ signal }) => api.get('/custom-fields', { schema: CustomFieldDefinitionList, signal }),
    select: (result) => result.items,
  });
}

export function useCreateCustomField() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.customFields(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateCustomFieldBody) =>
      api.post('/custom-fields', { schema: CustomFieldDefinitionDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (field) => announce(t('admin.fields.added', { label: field.label })),
    onSettled: invalidate,
  });
}

export function useUpdateCustomField() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.customFields(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCustomFieldBody }) => api.patch(`/custom-fields/${id}`, { schema: CustomFieldDefinitionDto, body }),
    onSuccess: (field) => announce(t('admin.fields.saved', { label: field.label })),
    onSettled: invalidate,
  });
}

export function useDeleteCustomField() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.customFields(workspaceId), queryKeys.tickets(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (field: CustomFieldDefinitionDto) => api.delete(`/custom-fields/${field.id}`, { schema: DeletedCustomField }),
    onSuccess: (result, field) => announce(t('admin.fields.deleted', { label: field.label, count: result.clearedTickets })),
    onSettled: invalidate,
  });
}

// ---- Workspace, coach settings, preferences -------------------------------------------------

export function useWorkspaceSettings() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.workspaceSettings(workspaceId),
    queryFn: ({ signal }) => api.get('/workspace', { schema: WorkspaceDto, signal }),
  });
}

export function useUpdateWorkspace() {
  const workspaceId = useWorkspaceId();
  // The session carries the workspace name and the effective time zone: refresh it too.
  const invalidate = useInvalidate(keys.workspaceSettings(workspaceId), keys.preferences(workspaceId), queryKeys.session);
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: UpdateWorkspaceBody) => api.patch('/workspace', { schema: WorkspaceDto, body }),
    onSuccess: () => announce(t('admin.workspace.saved')),
    onSettled: invalidate,
  });
}

export function useCoachSettings() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.coachSettings(workspaceId),
    queryFn: ({ signal }) => api.get('/workspace/coach-settings', { schema: WorkspaceCoachSettings, signal }),
  });
}

export function useSaveCoachSettings() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(keys.coachSettings(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: WorkspaceCoachSettings) => api.put('/workspace/coach-settings', { schema: WorkspaceCoachSettings, body }),
    onSuccess: () => announce(t('admin.coach.saved')),
    onSettled: invalidate,
  });
}

/** Runs the real coach route, which applies the saved workspace settings. */
export function useTryCoach() {
  return useMutation({
    mutationFn: (body: CoachRequest) => api.post('/coach', { schema: CoachResponse, body }),
  });
}

export function useMyPreferences() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: keys.preferences(workspaceId),
    queryFn: ({ signal }) => api.get('/me/preferences', { schema: MyPreferences, signal }),
  });
}

export function useUpdateMyPreferences() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: MyPreferencesBody) => api.patch('/me/preferences', { schema: MyPreferences, body }),
    onSuccess: (preferences) => {
      queryClient.setQueryData(keys.preferences(workspaceId), preferences);
      // The shell formats dates in the session's zone; update it in place so every date re-renders at once.
      queryClient.setQueryData(queryKeys.session, (session: SessionInfo | null | undefined) =>
        session ? { ...session, timeZone: preferences.effectiveTimeZone, user: { ...session.user, timeZone: preferences.timeZone } } : session,
      );
      announce(t('admin.preferences.saved', { zone: preferences.effectiveTimeZone }));
    },
  });
}
