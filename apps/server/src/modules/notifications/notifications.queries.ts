import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { notifications, tickets } from '@rapport/db/schema';
import type { Db } from '@rapport/db/database';

export async function insertNotification(
  db: Db,
  values: { workspaceId: string; userId: string; ticketId: string; kind: string; eventId: number; data: Record<string, unknown> },
): Promise<void> {
  await db.insert(notifications).values(values).onConflictDoNothing();
}

export async function findTicketAssignee(db: Db, workspaceId: string, ticketId: string) {
  const [row] = await db
    .select({ assigneeId: tickets.assigneeId, number: tickets.number, subject: tickets.subject })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row ?? null;
}

export async function listNotifications(db: Db, workspaceId: string, userId: string, isUnreadOnly: boolean, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isUnreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function markRead(db: Db, workspaceId: string, userId: string, ids: string[], now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
