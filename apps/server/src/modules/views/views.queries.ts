/** The only file of the views slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import { views } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type ViewRow = typeof views.$inferSelect;

/** Built-in and shared views, plus the user's own private ones. */
function visibleTo(workspaceId: string, userId: string | null): SQL | undefined {
  const visibility = [eq(views.isBuiltIn, true), eq(views.isShared, true)];
  if (userId) visibility.push(eq(views.ownerId, userId));
  return and(eq(views.workspaceId, workspaceId), or(...visibility));
}

export async function listVisibleViews(db: DbOrTx, workspaceId: string, userId: string | null): Promise<ViewRow[]> {
  return db
    .select()
    .from(views)
    .where(visibleTo(workspaceId, userId))
    .orderBy(asc(views.position), asc(views.name), asc(views.id));
}

export async function findVisibleView(
  db: DbOrTx,
  workspaceId: string,
  userId: string | null,
  viewId: string,
  options: { lock?: boolean } = {},
): Promise<ViewRow | null> {
  const query = db
    .select()
    .from(views)
    .where(and(visibleTo(workspaceId, userId), eq(views.id, viewId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function insertView(tx: DbOrTx, values: typeof views.$inferInsert): Promise<ViewRow> {
  const [row] = await tx.insert(views).values(values).returning();
  if (!row) throw new Error('view insert returned nothing');
  return row;
}

export async function updateViewRow(
  tx: DbOrTx,
  workspaceId: string,
  viewId: string,
  values: Partial<Pick<typeof views.$inferInsert, 'name' | 'filters' | 'isShared'>>,
): Promise<ViewRow> {
  const [row] = await tx
    .update(views)
    .set(values)
    .where(and(eq(views.workspaceId, workspaceId), eq(views.id, viewId)))
    .returning();
  if (!row) throw new Error('view update returned nothing');
  return row;
}

export async function deleteViewRow(tx: DbOrTx, workspaceId: string, viewId: string): Promise<void> {
  await tx.delete(views).where(and(eq(views.workspaceId, workspaceId), eq(views.id, viewId)));
}
