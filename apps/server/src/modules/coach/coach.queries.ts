/** The only file of the coach slice that speaks SQL: the workspace's coach settings and the zones relative dates resolve in. */
import { and, eq } from 'drizzle-orm';
import { memberships, users, workspaces } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export async function readCoachSettings(db: DbOrTx, workspaceId: string): Promise<unknown> {
  const [row] = await db.select({ coachSettings: workspaces.coachSettings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.coachSettings ?? {};
}

export async function writeCoachSettings(tx: DbOrTx, workspaceId: string, settings: Record<string, unknown>): Promise<void> {
  await tx.update(workspaces).set({ coachSettings: settings }).where(eq(workspaces.id, workspaceId));
}

/** The stored settings plus the time zone "tomorrow" means for this person: theirs, else the workspace's. */
export async function readCoachContext(db: DbOrTx, workspaceId: string, userId: string | null): Promise<{ coachSettings: unknown; timeZone: string }> {
  const [workspace] = await db
    .select({ coachSettings: workspaces.coachSettings, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!workspace) return { coachSettings: {}, timeZone: 'UTC' };
  if (!userId) return workspace;
  const [member] = await db
    .select({ timeZone: users.timeZone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return { coachSettings: workspace.coachSettings, timeZone: member?.timeZone ?? workspace.timeZone };
}
