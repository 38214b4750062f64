/** SQL of the composer's ticket use cases (new-message check, undo-send, mentions). Scoped by workspace. */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { auditLog, memberships, messages } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

/** Customer messages on the ticket written after `since` (the draft's start), oldest first. */
export async function customerMessagesSince(tx: DbOrTx, workspaceId: string, ticketId: string, since: Date) {
  return tx
    .select({ id: messages.id, createdAt: messages.createdAt })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.ticketId, ticketId),
        eq(messages.direction, 'inbound'),
        gt(messages.createdAt, since),
        isNull(messages.withdrawnAt),
      ),
    )
    .orderBy(asc(messages.createdAt))
    .limit(20);
}

export async function lockMessageForUndo(tx: DbOrTx, workspaceId: string, ticketId: string, messageId: string) {
  const [row] = await tx
    .select({
      id: messages.id,
      text: messages.text,
      direction: messages.direction,
      authorUserId: messages.authorUserId,
      undoUntil: messages.undoUntil,
      withdrawnAt: messages.withdrawnAt,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), eq(messages.id, messageId)))
    .for('update');
  return row ?? null;
}

export async function markMessageWithdrawn(tx: DbOrTx, workspaceId: string, messageId: string, now: Date): Promise<void> {
  await tx
    .update(messages)
    .set({ withdrawnAt: now, undoUntil: null })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
}

/** What the reply changed on the ticket (its audit entry), so undo can put it back. */
export async function findReplyAudit(tx: DbOrTx, workspaceId: string, ticketId: string, messageId: string): Promise<Record<string, unknown> | null> {
  const [row] = await tx
    .select({ data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        eq(auditLog.subjectType, 'ticket'),
        eq(auditLog.subjectId, ticketId),
        eq(auditLog.action, 'ticket.replied'),
        sql`${auditLog.data}->>'messageId' = ${messageId}`,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.data ?? null;
}

/** The given users that are active members of the workspace (mentions of anyone else are dropped). */
export async function activeMembersAmong(tx: DbOrTx, workspaceId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.userId, userIds)));
  const active = new Set(rows.map((row) => row.userId));
  return userIds.filter((id) => active.has(id));
}
