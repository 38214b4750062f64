import { and, count, desc, eq, gt, isNull, min, ne, sql } from 'drizzle-orm';
import { apiTokens, loginAttempts, memberships, sessions, users, workspaces } from '@rapport/db/schema';
import type { Db, DbOrTx } from '@rapport/db/database';
import type { Role } from '@rapport/contracts/auth';

export interface MemberRow {
  userId: string;
  userName: string;
  userEmail: string;
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  role: Role;
  /** The user's own IANA zone, or null to follow the workspace's. */
  userTimeZone: string | null;
  workspaceTimeZone: string;
}

const memberColumns = {
  userId: users.id,
  userName: users.name,
  userEmail: users.email,
  workspaceId: workspaces.id,
  workspaceName: workspaces.name,
  workspaceSlug: workspaces.slug,
  role: memberships.role,
  userTimeZone: users.timeZone,
  workspaceTimeZone: workspaces.timeZone,
};

export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user ?? null;
}

export async function findActiveMemberships(db: Db, userId: string): Promise<MemberRow[]> {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), eq(memberships.isActive, true)))
    .orderBy(workspaces.createdAt);
}

/** How many sign-ins failed for this key since `since`, and when the oldest of them was. */
export async function recentFailures(db: Db, key: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: count(), oldest: min(loginAttempts.attemptedAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), gt(loginAttempts.attemptedAt, since)));
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}

export async function recordFailures(db: Db, keys: string[], at: Date): Promise<void> {
  await db.insert(loginAttempts).values(keys.map((key) => ({ key, attemptedAt: at })));
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

export async function pruneFailures(db: Db, before: Date): Promise<void> {
  await db.delete(loginAttempts).where(sql`${loginAttempts.attemptedAt} < ${before}`);
}

export async function insertSession(
  db: DbOrTx,
  values: { tokenHash: string; userId: string; workspaceId: string; csrfToken: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db.insert(sessions).values({ ...values, createdAt: values.now, lastSeenAt: values.now });
}

export async function findSessionMember(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ ...memberColumns, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId)))
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(memberships.isActive, true)));
  return row ?? null;
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteOtherSessions(db: DbOrTx, userId: string, keepTokenHash: string | null): Promise<void> {
  await db
    .delete(sessions)
    .where(keepTokenHash ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)) : eq(sessions.userId, userId));
}

export async function findTokenMember(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ ...memberColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(memberships, and(eq(memberships.userId, apiTokens.userId), eq(memberships.workspaceId, apiTokens.workspaceId)))
    .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(memberships.isActive, true)));
  return row ?? null;
}

export async function touchToken(db: Db, tokenId: string, now: Date): Promise<void> {
  // At most once a minute, so a busy script does not write on every request.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, tokenId), sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < ${new Date(now.getTime() - 60_000)})`));
}

export async function insertToken(
  db: DbOrTx,
  values: { workspaceId: string; userId: string; name: string; tokenHash: string; now: Date },
) {
  const [row] = await db
    .insert(apiTokens)
    .values({ workspaceId: values.workspaceId, userId: values.userId, name: values.name, tokenHash: values.tokenHash, createdAt: values.now })
    .returning();
  if (!row) throw new Error('token insert returned nothing');
  return row;
}

export async function listTokens(db: Db, workspaceId: string, userId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: Db, workspaceId: string, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.userId, userId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function updatePasswordHash(db: DbOrTx, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
}

export async function findUserById(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user ?? null;
}
