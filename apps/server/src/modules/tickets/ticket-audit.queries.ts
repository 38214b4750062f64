/** SQL of the ticket audit trail. Every function takes the workspace first. */
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, memberships, teams, users } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type AuditRow = typeof auditLog.$inferSelect;

export async function listTicketAuditRows(
  db: DbOrTx,
  workspaceId: string,
  ticketId: string,
  options: {
    limit: number;
    order: 'asc' | 'desc';
    afterId: number | null;
    /** Only these actions, plus `statusActions` entries that set (or kept) a status; null = every entry. */
    only: { actions: readonly string[]; statusActions: readonly string[] } | null;
  },
): Promise<AuditRow[]> {
  const conditions: SQL[] = [eq(auditLog.workspaceId, workspaceId), eq(auditLog.subjectType, 'ticket'), eq(auditLog.subjectId, ticketId)];
  if (options.only) {
    const { actions, statusActions } = options.only;
    const filter = or(
      inArray(auditLog.action, [...actions]),
      and(inArray(auditLog.action, [...statusActions]), sql`(${auditLog.data}->>'status' is not null or ${auditLog.data}->>'keptSolved' is not null)`),
    );
    if (filter) conditions.push(filter);
  }
  if (options.afterId !== null) conditions.push(options.order === 'desc' ? lt(auditLog.id, options.afterId) : gt(auditLog.id, options.afterId));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(options.order === 'desc' ? desc(auditLog.id) : asc(auditLog.id))
    .limit(options.limit + 1);
}

/** Names of members of the workspace (former members included: the trail outlives a membership). */
export async function memberNames(db: DbOrTx, workspaceId: string, userIds: string[]): Promise<{ id: string; name: string }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)))
    .where(inArray(users.id, userIds));
}

export async function teamNames(db: DbOrTx, workspaceId: string, teamIds: string[]): Promise<{ id: string; name: string }[]> {
  if (teamIds.length === 0) return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)));
}
