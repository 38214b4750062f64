/** The only SQL of the macros slice. Every query is scoped by workspace; personal macros also by owner. */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { customerIdentities, customers, macros, tickets, users, workspaces } from '@rapport/db/schema';
import type { Db, DbOrTx } from '@rapport/db/database';

export type MacroRow = typeof macros.$inferSelect;

/** Shared macros and the user's own personal ones. */
function visibleTo(userId: string | null): SQL {
  return userId ? (or(isNull(macros.ownerId), eq(macros.ownerId, userId)) as SQL) : isNull(macros.ownerId);
}

export async function listVisibleMacros(db: Db, workspaceId: string, userId: string | null): Promise<MacroRow[]> {
  return db
    .select()
    .from(macros)
    .where(and(eq(macros.workspaceId, workspaceId), visibleTo(userId)))
    .orderBy(asc(macros.name), asc(macros.id));
}

export async function findVisibleMacro(db: DbOrTx, workspaceId: string, userId: string | null, id: string): Promise<MacroRow | null> {
  const [row] = await db
    .select()
    .from(macros)
    .where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id), visibleTo(userId)));
  return row ?? null;
}

export async function insertMacro(db: DbOrTx, values: typeof macros.$inferInsert): Promise<MacroRow> {
  const [row] = await db.insert(macros).values(values).returning();
  if (!row) throw new Error('macro insert returned nothing');
  return row;
}

export async function updateMacroRow(db: DbOrTx, workspaceId: string, id: string, values: Partial<typeof macros.$inferInsert>): Promise<MacroRow | null> {
  const [row] = await db
    .update(macros)
    .set(values)
    .where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteMacroRow(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(macros).where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id)));
}

export async function countMacroUse(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(macros)
    .set({ usageCount: sql`${macros.usageCount} + 1` })
    .where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id)));
}

/** What fills the placeholders: the ticket, its customer (and their first email), the agent and the workspace. */
export async function loadPlaceholderSources(db: Db, workspaceId: string, ticketRef: { id: string } | { number: number }, agentId: string | null) {
  const [row] = await db
    .select({
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      customerName: customers.name,
      customerEmail: sql<string | null>`(select ci.value from ${customerIdentities} ci
        where ci.workspace_id = ${tickets.workspaceId} and ci.customer_id = ${tickets.customerId} and ci.kind = 'email'
        order by ci.created_at, ci.id limit 1)`,
      workspaceName: workspaces.name,
      agentName: agentId ? sql<string | null>`(select u.name from ${users} u where u.id = ${agentId})` : sql<string | null>`null`,
    })
    .from(tickets)
    .innerJoin(workspaces, eq(workspaces.id, tickets.workspaceId))
    .leftJoin(customers, and(eq(customers.workspaceId, tickets.workspaceId), eq(customers.id, tickets.customerId)))
    .where(and(eq(tickets.workspaceId, workspaceId), 'id' in ticketRef ? eq(tickets.id, ticketRef.id) : eq(tickets.number, ticketRef.number)));
  return row ?? null;
}
