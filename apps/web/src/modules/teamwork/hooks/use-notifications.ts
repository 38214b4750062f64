import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NotificationList, NotificationsUpdated, type Notification } from '@rapport/contracts/teamwork';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { subscribeStream } from '../../../realtime/realtime-connection.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { describeNotification } from '../notification-text.ts';

/** Your latest notifications and unread count; refreshed by the stream when one arrives. */
export function useNotifications() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.notifications(workspaceId),
    queryFn: ({ signal }) => api.get('/notifications', { schema: NotificationList, query: { limit: 30 }, signal }),
  });
}

/** Speaks each new notification once the refetch the stream triggered has brought it in. */
export function useAnnounceNewNotifications(items: readonly Notification[] | undefined): void {
  const announce = useAnnounce();
  const pending = useRef(new Set<string>());
  useEffect(
    () =>
      subscribeStream((notice) => {
        if (notice.type === 'notification.created') pending.current.add(notice.notificationId);
      }),
    [],
  );
  useEffect(() => {
    for (const item of items ?? []) {
      if (!pending.current.delete(item.id)) continue;
      announce(t('teamwork.notifications.arrived', { text: describeNotification(item).title }));
    }
  }, [announce, items]);
}

export function useMarkRead() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: string[] } | 'all') =>
      input === 'all'
        ? api.post('/notifications/read-all', { schema: NotificationsUpdated, body: {} })
        : api.post('/notifications/read', { schema: NotificationsUpdated, body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications(workspaceId) }),
  });
}
