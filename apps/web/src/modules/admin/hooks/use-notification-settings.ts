import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NotificationSettings, type UpdateNotificationSettingsBody } from '@rapport/contracts/notification-settings';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/** The signed-in member's own notification settings (which kinds are also emailed). */
const notificationSettingsKey = (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'my-notification-settings'] as const;

export function useNotificationSettings() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: notificationSettingsKey(workspaceId),
    queryFn: ({ signal }) => api.get('/me/notification-settings', { schema: NotificationSettings, signal }),
  });
}

export function useUpdateNotificationSettings() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: UpdateNotificationSettingsBody) => api.put('/me/notification-settings', { schema: NotificationSettings, body }),
    onSuccess: (settings) => {
      queryClient.setQueryData(notificationSettingsKey(workspaceId), settings);
      announce(t('admin.preferences.notifications.saved'));
    },
  });
}
