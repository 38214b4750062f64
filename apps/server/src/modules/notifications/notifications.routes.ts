import { z } from 'zod';
import { Id } from '@rapport/contracts/common';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { listNotifications, markRead } from './notifications.queries.ts';

const NotificationDto = z
  .object({
    id: Id,
    ticketId: Id.nullable(),
    kind: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export function notificationRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'notifications.list',
      method: 'GET',
      url: '/api/v1/notifications',
      permission: 'authenticated',
      tag: 'notifications',
      summary: 'Your notifications (assignments, customer replies), newest first',
      query: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict(),
      response: z.object({ items: z.array(NotificationDto) }),
      handler: async ({ actor, query }) => {
        const rows = actor.userId ? await listNotifications(deps.db, actor.workspaceId, actor.userId, query.unread === 'true', query.limit) : [];
        return {
          items: rows.map((row) => ({
            id: row.id,
            ticketId: row.ticketId,
            kind: row.kind,
            data: row.data,
            createdAt: row.createdAt.toISOString(),
            readAt: row.readAt?.toISOString() ?? null,
          })),
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
      body: z.object({ ids: z.array(Id).min(1).max(200) }).strict(),
      response: z.object({ updated: z.number().int() }),
      successStatus: 200,
      handler: async ({ actor, body }) => ({
        updated: actor.userId ? await markRead(deps.db, actor.workspaceId, actor.userId, body.ids, deps.clock.now()) : 0,
      }),
    }),
  ];
}
