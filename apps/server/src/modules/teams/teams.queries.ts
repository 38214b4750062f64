/** The only file of the teams slice that speaks SQL. Every function takes the workspace first. */
import { asc, eq } from 'drizzle-orm';
import { teams } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export async function listTeams(db: DbOrTx, workspaceId: string) {
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name), asc(teams.id));
}

/** Returns null when the name is taken: the unique index (workspace_id, name) decides, not a prior check. */
export async function insertTeam(tx: DbOrTx, values: { workspaceId: string; name: string; now: Date }) {
  const [row] = await tx
    .insert(teams)
    .values({ workspaceId: values.workspaceId, name: values.name, createdAt: values.now })
    .onConflictDoNothing()
    .returning({ id: teams.id, name: teams.name });
  return row ?? null;
}
