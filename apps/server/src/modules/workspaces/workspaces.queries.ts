import { eq } from 'drizzle-orm';
import { memberships, users, views, workspaceCounters, workspaces } from '@rapport/db/schema';
import type { Db, DbOrTx } from '@rapport/db/database';

export async function insertWorkspace(tx: DbOrTx, values: { slug: string; name: string; timeZone: string; now: Date }) {
  const [row] = await tx
    .insert(workspaces)
    .values({ slug: values.slug, name: values.name, timeZone: values.timeZone, createdAt: values.now })
    .returning();
  if (!row) throw new Error('workspace insert returned nothing');
  await tx.insert(workspaceCounters).values({ workspaceId: row.id, nextTicketNumber: 1 });
  return row;
}

export async function findWorkspaceBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row ?? null;
}

export async function listWorkspaces(db: Db) {
  return db.select().from(workspaces).orderBy(workspaces.createdAt);
}

export async function insertViews(tx: DbOrTx, rows: (typeof views.$inferInsert)[]) {
  if (rows.length > 0) await tx.insert(views).values(rows);
}

export async function upsertUser(tx: DbOrTx, values: { email: string; name: string; passwordHash: string; now: Date }) {
  const [row] = await tx
    .insert(users)
    .values({ email: values.email.toLowerCase(), name: values.name, passwordHash: values.passwordHash, createdAt: values.now })
    .onConflictDoNothing()
    .returning();
  if (row) return { user: row, isNew: true };
  const [existing] = await tx.select().from(users).where(eq(users.email, values.email.toLowerCase()));
  if (!existing) throw new Error('user vanished during upsert');
  return { user: existing, isNew: false };
}

export async function insertMembership(
  tx: DbOrTx,
  values: { workspaceId: string; userId: string; role: 'admin' | 'lead' | 'agent'; languages: string[]; now: Date },
): Promise<boolean> {
  const rows = await tx
    .insert(memberships)
    .values({ workspaceId: values.workspaceId, userId: values.userId, role: values.role, languages: values.languages, createdAt: values.now })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function findWorkspaceById(db: DbOrTx, workspaceId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateWorkspaceRow(tx: DbOrTx, workspaceId: string, values: { name?: string; timeZone?: string }) {
  const [row] = await tx
    .update(workspaces)
    .set(values)
    .where(eq(workspaces.id, workspaceId))
    .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, timeZone: workspaces.timeZone });
  return row ?? null;
}
