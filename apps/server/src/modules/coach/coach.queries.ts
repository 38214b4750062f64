/** The only file of the coach slice that speaks SQL: the workspace's coach settings and the zones relative dates resolve in. */
import { and, eq, sql } from 'drizzle-orm';
import { memberships, users, workspaces } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export async function readCoachSettings(db: DbOrTx, workspaceId: string): Promise<unknown> {
  const [row] = await db.select({ coachSettings: workspaces.coachSettings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.coachSettings ?? {};
}

export async function writeCoachSettings(tx: DbOrTx, workspaceId: string, settings: Record<string, unknown>): Promise<void> {
  await tx.update(workspaces).set({ coachSettings: settings }).where(eq(workspaces.id, workspaceId));
}

/** The stored settings plus the time zone "tomorrow" means for this person: theirs, else the workspace's. One query. */
export async function readCoachContext(db: DbOrTx, workspaceId: string, userId: string | null): Promise<{ coachSettings: unknown; timeZone: string }> {
  const [row] = await db
    .select({ coachSettings: workspaces.coachSettings, workspaceTimeZone: workspaces.timeZone, userTimeZone: users.timeZone })
    .from(workspaces)
    .leftJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), userId ? eq(memberships.userId, userId) : sql`false`))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(workspaces.id, workspaceId));
  if (!row) return { coachSettings: {}, timeZone: 'UTC' };
  return { coachSettings: row.coachSettings, timeZone: row.userTimeZone ?? row.workspaceTimeZone };
}
