/**
 * The only file of the users slice that speaks SQL. A "user" here is a member of the workspace: the
 * global login (users) joined to its membership, which carries the role, languages and isActive.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { memberships, sessions, teamMembers, teams, users, workspaces } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'lead' | 'agent';
  languages: string[];
  isActive: boolean;
}

const memberColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  languages: memberships.languages,
  isActive: memberships.isActive,
};

function memberQuery(db: DbOrTx) {
  return db.select(memberColumns).from(memberships).innerJoin(users, eq(users.id, memberships.userId));
}

/** Every member, active or not, by name. */
export async function listMembers(db: DbOrTx, workspaceId: string, limit: number, after: { name: string; id: string } | null): Promise<MemberRow[]> {
  const conditions: SQL[] = [eq(memberships.workspaceId, workspaceId)];
  if (after) conditions.push(sql`(${users.name}, ${users.id}) > (${after.name}, ${after.id}::uuid)`);
  return memberQuery(db)
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit + 1);
}

export async function findMember(db: DbOrTx, workspaceId: string, userId: string, options: { lock?: boolean } = {}): Promise<MemberRow | null> {
  const query = memberQuery(db).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  const [row] = options.lock ? await query.for('update', { of: memberships }) : await query;
  return row ?? null;
}

/**
 * Locks the active admins' memberships. Two admins demoting each other at once then run one after
 * the other, and the second sees the first's change (PostgreSQL re-checks a locked row's WHERE).
 */
export async function lockActiveAdminIds(tx: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin'), eq(memberships.isActive, true)))
    .orderBy(asc(memberships.userId)) // one lock order for every caller, so they queue instead of deadlocking
    .for('update');
  return rows.map((row) => row.userId);
}

export async function updateMembership(
  tx: DbOrTx,
  workspaceId: string,
  userId: string,
  values: Partial<Pick<typeof memberships.$inferInsert, 'role' | 'languages' | 'isActive'>>,
): Promise<void> {
  await tx
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

/** The name lives on the login, which may belong to other workspaces too; only a member of this one can be renamed. */
export async function renameMember(tx: DbOrTx, workspaceId: string, userId: string, name: string): Promise<void> {
  await tx
    .update(users)
    .set({ name })
    .where(
      and(
        eq(users.id, userId),
        sql`exists (select 1 from ${memberships} m where m.workspace_id = ${workspaceId} and m.user_id = ${users.id})`,
      ),
    );
}

/** Signs the member out of this workspace: their sessions here are deleted. */
export async function deleteMemberSessions(tx: DbOrTx, workspaceId: string, userId: string): Promise<number> {
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/** The member's own time zone and their workspace's; null when they are not a member. */
export async function findMemberTimeZones(db: DbOrTx, workspaceId: string, userId: string): Promise<{ userTimeZone: string | null; workspaceTimeZone: string } | null> {
  const [row] = await db
    .select({ userTimeZone: users.timeZone, workspaceTimeZone: workspaces.timeZone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row ?? null;
}

/** The zone is the person's (one login, several workspaces), so it follows them everywhere. */
export async function setUserTimeZone(tx: DbOrTx, workspaceId: string, userId: string, timeZone: string | null): Promise<void> {
  await tx
    .update(users)
    .set({ timeZone })
    .where(
      and(
        eq(users.id, userId),
        sql`exists (select 1 from ${memberships} m where m.workspace_id = ${workspaceId} and m.user_id = ${users.id})`,
      ),
    );
}

/** The teams each of the given members belongs to, by team name; a member of none maps to []. */
export async function listMemberTeamIds(db: DbOrTx, workspaceId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({ userId: teamMembers.userId, teamId: teamMembers.teamId })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.workspaceId, teamMembers.workspaceId), eq(teams.id, teamMembers.teamId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.userId, [...userIds])))
    .orderBy(asc(teams.name), asc(teams.id));
  for (const row of rows) byUser.get(row.userId)?.push(row.teamId);
  return byUser;
}
