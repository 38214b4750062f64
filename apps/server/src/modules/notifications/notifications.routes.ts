import {
  MarkAllNotificationsRead,
  MarkNotificationsRead,
  NotificationList,
  NotificationListQuery,
  NotificationsUpdated,
} from '@rapport/contracts/teamwork';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { notificationSettingsRoutes } from './notification-settings.routes.ts';
import { countUnread, listNotifications, markAllRead, markRead } from './notifications.queries.ts';

export function notificationRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'notifications.list',
      method: 'GET',
      url: '/api/v1/notifications',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Your notifications (mentions, assignments, replies and notes on tickets you own or follow), newest first, with the unread count',
      query: NotificationListQuery,
      response: NotificationList,
      handler: async ({ actor, query }) => {
        if (!actor.userId) return { items: [], unreadCount: 0 };
        const [rows, unreadCount] = await Promise.all([
          listNotifications(deps.db, actor.workspaceId, actor.userId, query.unread === 'true', query.limit),
          countUnread(deps.db, actor.workspaceId, actor.userId),
        ]);
        return {
          items: rows.map((row) => ({
            id: row.id,
            ticketId: row.ticketId,
            kind: row.kind,
            data: row.data,
            createdAt: row.createdAt.toISOString(),
            readAt: row.readAt?.toISOString() ?? null,
          })),
          unreadCount,
        };
      },
    }),
    defineRoute({
      id: 'notifications.read',
      method: 'POST',
      url: '/api/v1/notifications/read',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Mark notifications as read',
      body: MarkNotificationsRead,
      response: NotificationsUpdated,
      successStatus: 200,
      handler: async ({ actor, body }) => ({
        updated: actor.userId ? await markRead(deps.db, actor.workspaceId, actor.userId, body.ids, deps.clock.now()) : 0,
      }),
    }),
    defineRoute({
      id: 'notifications.read-all',
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Mark all your notifications as read (those created up to `before`, default now)',
      body: MarkAllNotificationsRead,
      response: NotificationsUpdated,
      successStatus: 200,
      handler: async ({ actor, body }) => {
        const now = deps.clock.now();
        const before = body.before ? new Date(body.before) : now;
        return { updated: actor.userId ? await markAllRead(deps.db, actor.workspaceId, actor.userId, before, now) : 0 };
      },
    }),
    ...notificationSettingsRoutes(deps),
  ];
}
