import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { TicketRefParams } from './tickets.ts';

/**
 * Kinds of in-app notification: `assigned` (a ticket was given to you), `customer_replied` (the
 * customer wrote on a ticket you own), `reply` (the customer wrote on a ticket you follow), `note`
 * (a teammate added a note on a ticket you follow), `mention` (you were @mentioned in a note).
 */
export const notificationKinds = ['assigned', 'customer_replied', 'reply', 'note', 'mention', 'promise_reminder', 'approval_requested', 'approval_decided', 'automation', 'automation_loop'] as const;

export const Notification = z
  .object({
    id: Id,
    ticketId: Id.nullable(),
    kind: z.string().describe(`One of ${notificationKinds.join(', ')}; render unknown kinds generically`),
    data: z
      .record(z.string(), z.unknown())
      .describe('number, subject, actorName (or authorName), excerpt: whatever the kind carries'),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z
  .object({ items: z.array(Notification), unreadCount: z.number().int().min(0) })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationListQuery = z
  .object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) })
  .strict();

export const MarkNotificationsRead = z.object({ ids: z.array(Id).min(1).max(200) }).strict();
export const MarkAllNotificationsRead = z.object({ before: Timestamp.optional() }).strict();
export const NotificationsUpdated = z.object({ updated: z.number().int() });

export const Follower = z
  .object({ userId: Id, name: z.string(), since: Timestamp })
  .meta({ id: 'TicketFollower' });
export type Follower = z.infer<typeof Follower>;

export const FollowerList = z
  .object({ items: z.array(Follower), isFollowing: z.boolean() })
  .meta({ id: 'TicketFollowers' });
export type FollowerList = z.infer<typeof FollowerList>;

/** Follow a ticket yourself (no body, or no userId) or add a teammate as a follower. */
export const AddFollower = z.object({ userId: Id.optional() }).strict();

export const FollowerParams = z
  .object({
    ref: TicketRefParams.shape.ref,
    userId: z.union([z.literal('me'), Id]),
  })
  .strict();
