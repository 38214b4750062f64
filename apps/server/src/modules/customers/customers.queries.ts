/** The only file of the customers slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { customerIdentities, customers, messages, organisations, resolutionActions, tickets } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type IdentityKind = (typeof customerIdentities.$inferSelect)['kind'];

export interface CustomerListRow {
  customer: CustomerRow;
  organisationName: string | null;
  /** created_at to the microsecond, so the keyset cursor never skips rows created in the same millisecond. */
  cursorAt: string;
}

const cursorAt = sql<string>`to_char(${customers.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function customerQuery(db: DbOrTx) {
  return db
    .select({ customer: customers, organisationName: organisations.name, cursorAt })
    .from(customers)
    .leftJoin(
      organisations,
      and(eq(organisations.workspaceId, customers.workspaceId), eq(organisations.id, customers.organisationId)),
    );
}

/** `%`, `_` and `\` in a search term are literal, not wildcards. */
function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export async function listCustomers(
  db: DbOrTx,
  workspaceId: string,
  filters: { q?: string | undefined; limit: number },
  cursor: KeysetCursor | null,
): Promise<CustomerListRow[]> {
  // A customer merged into another is a duplicate: it stays readable by id, but lists hide it.
  const conditions: SQL[] = [eq(customers.workspaceId, workspaceId), isNull(customers.mergedIntoId)];
  const term = filters.q?.trim();
  if (term) {
    const pattern = containsPattern(term);
    conditions.push(sql`(${customers.name} ilike ${pattern} or exists (
      select 1 from ${customerIdentities} ci
      where ci.workspace_id = ${customers.workspaceId} and ci.customer_id = ${customers.id} and ci.value ilike ${pattern}))`);
  }
  if (cursor) {
    conditions.push(sql`(${customers.createdAt}, ${customers.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  }
  return customerQuery(db)
    .where(and(...conditions))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(filters.limit + 1);
}

export async function findCustomer(db: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerListRow | null> {
  const [row] = await customerQuery(db).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
  return row ?? null;
}

export async function lockCustomer(tx: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerRow | null> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)))
    .for('update');
  return row ?? null;
}

export async function listIdentities(db: DbOrTx, workspaceId: string, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  return db
    .select({ customerId: customerIdentities.customerId, kind: customerIdentities.kind, value: customerIdentities.value })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, workspaceId), inArray(customerIdentities.customerId, customerIds)))
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.kind), asc(customerIdentities.value));
}

export async function organisationExists(db: DbOrTx, workspaceId: string, organisationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.workspaceId, workspaceId), eq(organisations.id, organisationId)));
  return Boolean(row);
}

export async function insertCustomer(tx: DbOrTx, values: typeof customers.$inferInsert): Promise<CustomerRow> {
  const [row] = await tx.insert(customers).values(values).returning();
  if (!row) throw new Error('customer insert returned nothing');
  return row;
}

/** Inserts the identities; returns the ones that were already taken (the unique index decides, not a prior check). */
export async function insertIdentities(
  tx: DbOrTx,
  workspaceId: string,
  customerId: string,
  identities: { kind: IdentityKind; value: string }[],
  now: Date,
): Promise<{ kind: IdentityKind; value: string }[]> {
  if (identities.length === 0) return [];
  const inserted = await tx
    .insert(customerIdentities)
    .values(identities.map((identity) => ({ workspaceId, customerId, kind: identity.kind, value: identity.value, createdAt: now })))
    .onConflictDoNothing()
    .returning({ kind: customerIdentities.kind, value: customerIdentities.value });
  const insertedKeys = new Set(inserted.map((identity) => `${identity.kind}:${identity.value}`));
  return identities.filter((identity) => !insertedKeys.has(`${identity.kind}:${identity.value}`));
}

export async function updateCustomerRow(
  tx: DbOrTx,
  workspaceId: string,
  customerId: string,
  values: Partial<Pick<typeof customers.$inferInsert, 'name' | 'tier' | 'language' | 'organisationId'>>,
): Promise<void> {
  await tx
    .update(customers)
    .set(values)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
}

/**
 * Moves everything of the duplicate `sourceId` to the survivor `targetId`: identities, tickets and
 * message authorship, and marks the duplicate as merged. Run inside the merge transaction, after
 * both rows are locked. Returns the moved tickets, and how many identities and messages moved.
 */
export async function moveCustomerRecords(
  tx: DbOrTx,
  workspaceId: string,
  sourceId: string,
  targetId: string,
): Promise<{ identities: number; tickets: { id: string; number: number }[]; messages: number }> {
  const movedIdentities = await tx
    .update(customerIdentities)
    .set({ customerId: targetId })
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.customerId, sourceId)))
    .returning({ id: customerIdentities.id });
  const movedTickets = await tx
    .update(tickets)
    .set({ customerId: targetId })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.customerId, sourceId)))
    .returning({ id: tickets.id, number: tickets.number });
  const movedMessages = await tx
    .update(messages)
    .set({ authorCustomerId: targetId })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.authorCustomerId, sourceId)))
    .returning({ id: messages.id });
  // The resolution ledger follows its tickets: the survivor's history (and the suggestions built on
  // it) counts what the duplicate was given.
  await tx
    .update(resolutionActions)
    .set({ customerId: targetId })
    .where(and(eq(resolutionActions.workspaceId, workspaceId), eq(resolutionActions.customerId, sourceId)));
  await tx
    .update(customers)
    .set({ mergedIntoId: targetId })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, sourceId)));
  return { identities: movedIdentities.length, tickets: movedTickets, messages: movedMessages.length };
}
