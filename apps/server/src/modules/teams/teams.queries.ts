/** The only file of the teams slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { memberships, teamMembers, teams, tickets, users } from '@rapport/db/schema';
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

export async function findTeam(db: DbOrTx, workspaceId: string, teamId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Returns null when the new name is taken by another team of the workspace. */
export async function renameTeam(tx: DbOrTx, workspaceId: string, teamId: string, name: string) {
  const [taken] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, name), ne(teams.id, teamId)));
  if (taken) return null;
  const [row] = await tx
    .update(teams)
    .set({ name })
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)))
    .returning({ id: teams.id, name: teams.name });
  return row ?? null;
}

export async function countTeamTickets(db: DbOrTx, workspaceId: string, teamId: string): Promise<number> {
  const [row] = await db.select({ count: count() }).from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.teamId, teamId)));
  return row?.count ?? 0;
}

/**
 * Moves every ticket of one team to another. updated_at is left alone, as with tag clean-up: a
 * catalogue change is not activity on the tickets and should not reshuffle the inbox.
 */
export async function moveTeamTickets(tx: DbOrTx, workspaceId: string, fromTeamId: string, toTeamId: string): Promise<number> {
  const rows = await tx
    .update(tickets)
    .set({ teamId: toTeamId })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.teamId, fromTeamId)))
    .returning({ id: tickets.id });
  return rows.length;
}

export async function deleteTeamRow(tx: DbOrTx, workspaceId: string, teamId: string): Promise<boolean> {
  const rows = await tx.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId))).returning({ id: teams.id });
  return rows.length > 0;
}

/** The members of the workspace's teams (or of the given ones), by name; one row per team and member. */
export async function listTeamMembers(db: DbOrTx, workspaceId: string, teamIds?: readonly string[]) {
  if (teamIds && teamIds.length === 0) return [];
  const conditions = [eq(teamMembers.workspaceId, workspaceId)];
  if (teamIds) conditions.push(inArray(teamMembers.teamId, [...teamIds]));
  return db
    .select({ teamId: teamMembers.teamId, id: users.id, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.id));
}

/** Of the given user ids, those that are active members of the workspace. */
export async function findActiveMemberIds(db: DbOrTx, workspaceId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.isActive, true), inArray(memberships.userId, [...userIds])));
  return rows.map((row) => row.userId);
}

/** Replaces the team's member set: removes those not listed, adds the new ones. Returns who was added and removed. */
export async function replaceTeamMembers(
  tx: DbOrTx,
  workspaceId: string,
  teamId: string,
  userIds: readonly string[],
  now: Date,
): Promise<{ added: string[]; removed: string[] }> {
  const scope = and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId));
  const current = await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(scope);
  const currentIds = new Set(current.map((row) => row.userId));
  const wanted = new Set(userIds);
  const removed = [...currentIds].filter((id) => !wanted.has(id));
  const added = [...wanted].filter((id) => !currentIds.has(id));
  if (removed.length > 0) await tx.delete(teamMembers).where(and(scope, inArray(teamMembers.userId, removed)));
  if (added.length > 0) {
    await tx
      .insert(teamMembers)
      .values(added.map((userId) => ({ workspaceId, teamId, userId, createdAt: now })))
      .onConflictDoNothing();
  }
  return { added, removed };
}
