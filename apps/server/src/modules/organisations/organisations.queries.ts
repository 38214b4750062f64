/** The only file of the organisations slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { organisations } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type OrganisationRow = typeof organisations.$inferSelect;

export async function listOrganisations(
  db: DbOrTx,
  workspaceId: string,
  limit: number,
  after: { name: string; id: string } | null,
): Promise<OrganisationRow[]> {
  const conditions: SQL[] = [eq(organisations.workspaceId, workspaceId)];
  if (after) conditions.push(sql`(${organisations.name}, ${organisations.id}) > (${after.name}, ${after.id}::uuid)`);
  return db
    .select()
    .from(organisations)
    .where(and(...conditions))
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit + 1);
}

export async function findOrganisation(db: DbOrTx, workspaceId: string, organisationId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(organisations)
    .where(and(eq(organisations.workspaceId, workspaceId), eq(organisations.id, organisationId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function insertOrganisation(tx: DbOrTx, values: typeof organisations.$inferInsert): Promise<OrganisationRow> {
  const [row] = await tx.insert(organisations).values(values).returning();
  if (!row) throw new Error('organisation insert returned nothing');
  return row;
}

export async function updateOrganisationRow(
  tx: DbOrTx,
  workspaceId: string,
  organisationId: string,
  values: Partial<Pick<typeof organisations.$inferInsert, 'name' | 'domains'>>,
): Promise<OrganisationRow> {
  const [row] = await tx
    .update(organisations)
    .set(values)
    .where(and(eq(organisations.workspaceId, workspaceId), eq(organisations.id, organisationId)))
    .returning();
  if (!row) throw new Error('organisation update returned nothing');
  return row;
}
