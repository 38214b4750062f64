import { and, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { customers, memberships, messages, notes, notifications, ticketFollowers, tickets, users } from '@rapport/db/schema';
import type { Db, Tx } from '@rapport/db/database';
import type { NotificationEvent } from '@rapport/contracts/realtime';
import { realtimeChannel } from '../../platform/events.ts';

export interface NewNotification {
  workspaceId: string;
  userId: string;
  ticketId: string;
  kind: string;
  eventId: number;
  data: Record<string, unknown>;
}

/**
 * Stores one notification and, in the same transaction, tells the recipient's open streams
 * (pg_notify is transactional: nothing is announced unless stored). Idempotent per
 * (event, recipient, kind): a redelivered event stores and announces nothing. Returns the new id.
 * Call it inside a transaction (the caller's, or one of its own).
 */
export async function insertNotification(db: Tx, values: NewNotification): Promise<string | null> {
  const [row] = await db.insert(notifications).values(values).onConflictDoNothing().returning({ id: notifications.id, createdAt: notifications.createdAt });
  if (!row) return null;
  const event: NotificationEvent = {
    type: 'notification.created',
    workspaceId: values.workspaceId,
    userId: values.userId,
    notificationId: row.id,
    ticketId: values.ticketId,
    kind: values.kind,
    at: row.createdAt.toISOString(),
  };
  await db.execute(sql`select pg_notify(${realtimeChannel}, ${JSON.stringify(event)})`);
  return row.id;
}

export async function findTicketAssignee(db: Db, workspaceId: string, ticketId: string) {
  const [row] = await db
    .select({ assigneeId: tickets.assigneeId, number: tickets.number, subject: tickets.subject })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ?? null;
}

/** A member's display name, only for a member of the workspace. */
export async function findUserName(db: Db, workspaceId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)))
    .where(eq(users.id, userId));
  return row?.name ?? null;
}

export async function findMessageForNotification(db: Db, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({ text: messages.text, customerName: customers.name })
    .from(messages)
    .leftJoin(customers, and(eq(customers.workspaceId, messages.workspaceId), eq(customers.id, messages.authorCustomerId)))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row ?? null;
}

export async function findNoteForNotification(db: Db, workspaceId: string, noteId: string) {
  const [row] = await db
    .select({ text: notes.text, authorId: notes.authorId, authorName: users.name, mentions: notes.mentions })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId)) // users are global; the note row is already scoped
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
  return row ?? null;
}

export async function listFollowerIds(db: Db, workspaceId: string, ticketId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: ticketFollowers.userId })
    .from(ticketFollowers)
    .where(and(eq(ticketFollowers.workspaceId, workspaceId), eq(ticketFollowers.ticketId, ticketId)));
  return rows.map((row) => row.userId);
}

export async function listNotifications(db: Db, workspaceId: string, userId: string, isUnreadOnly: boolean, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isUnreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function countUnread(db: Db, workspaceId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.count ?? 0);
}

export async function markRead(db: Db, workspaceId: string, userId: string, ids: string[], now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Marks every unread notification (created up to `before`, so one arriving meanwhile stays unread). */
export async function markAllRead(db: Db, workspaceId: string, userId: string, before: Date, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt), lte(notifications.createdAt, before)),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
