/** The only SQL of the playbooks slice. Every query is scoped by workspace. */
import { and, asc, desc, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@rapport/db/database';
import { macros, messages, playbooks, ticketPlaybookRuns, tickets } from '@rapport/db/schema';

export type PlaybookRow = typeof playbooks.$inferSelect;
export type PlaybookRunRow = typeof ticketPlaybookRuns.$inferSelect;
/** A playbook with the name of its suggested macro, when that is still a shared macro of the workspace. */
export type PlaybookWithMacro = PlaybookRow & { suggestedMacroName: string | null };

const withMacroColumns = {
  playbook: playbooks,
  suggestedMacroName: macros.name,
};

function joinMacro() {
  return and(eq(macros.workspaceId, playbooks.workspaceId), eq(macros.id, playbooks.suggestedMacroId), isNull(macros.ownerId));
}

const flatten = (row: { playbook: PlaybookRow; suggestedMacroName: string | null }): PlaybookWithMacro => ({ ...row.playbook, suggestedMacroName: row.suggestedMacroName });

/** Built-ins first (in their seeded order), then custom ones by name. */
export async function listPlaybookRows(db: DbOrTx, workspaceId: string): Promise<PlaybookWithMacro[]> {
  const rows = await db
    .select(withMacroColumns)
    .from(playbooks)
    .leftJoin(macros, joinMacro())
    .where(eq(playbooks.workspaceId, workspaceId))
    .orderBy(sql`${playbooks.key} is null`, asc(playbooks.createdAt), asc(playbooks.name), asc(playbooks.id));
  return rows.map(flatten);
}

export async function findPlaybookRow(db: DbOrTx, workspaceId: string, id: string): Promise<PlaybookWithMacro | null> {
  const [row] = await db
    .select(withMacroColumns)
    .from(playbooks)
    .leftJoin(macros, joinMacro())
    .where(and(eq(playbooks.workspaceId, workspaceId), eq(playbooks.id, id)));
  return row ? flatten(row) : null;
}

/** The keys of the built-in playbooks the workspace has (seeded, possibly edited or switched off). */
export async function builtInKeysOf(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ key: playbooks.key })
    .from(playbooks)
    .where(and(eq(playbooks.workspaceId, workspaceId), isNotNull(playbooks.key)));
  return rows.map((row) => row.key).filter((key): key is string => key !== null);
}

/** Inserts a built-in playbook unless the workspace has one with that key; returns its id when inserted. */
export async function insertBuiltInPlaybook(tx: DbOrTx, values: typeof playbooks.$inferInsert): Promise<string | null> {
  const [row] = await tx
    .insert(playbooks)
    .values(values)
    .onConflictDoNothing({ target: [playbooks.workspaceId, playbooks.key] })
    .returning({ id: playbooks.id });
  return row?.id ?? null;
}

/** A shared macro (no owner) written for a built-in playbook. */
export async function insertSharedMacro(tx: DbOrTx, values: { workspaceId: string; name: string; body: string; actions: Record<string, unknown>; now: Date }): Promise<string> {
  const [row] = await tx
    .insert(macros)
    .values({ workspaceId: values.workspaceId, name: values.name, body: values.body, actions: values.actions, ownerId: null, createdById: null, createdAt: values.now, updatedAt: values.now })
    .returning({ id: macros.id });
  if (!row) throw new Error('macro insert returned nothing');
  return row.id;
}

export async function sharedMacroExists(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: macros.id })
    .from(macros)
    .where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id), isNull(macros.ownerId)));
  return row !== undefined;
}

export async function insertPlaybook(tx: DbOrTx, values: typeof playbooks.$inferInsert): Promise<string> {
  const [row] = await tx.insert(playbooks).values(values).returning({ id: playbooks.id });
  if (!row) throw new Error('playbook insert returned nothing');
  return row.id;
}

export async function updatePlaybookRow(tx: DbOrTx, workspaceId: string, id: string, values: Partial<typeof playbooks.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(playbooks)
    .set(values)
    .where(and(eq(playbooks.workspaceId, workspaceId), eq(playbooks.id, id)))
    .returning({ id: playbooks.id });
  return rows.length > 0;
}

/** Deletes a custom playbook (never a built-in one); its runs go with it. */
export async function deleteCustomPlaybookRow(tx: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(playbooks)
    .where(and(eq(playbooks.workspaceId, workspaceId), eq(playbooks.id, id), isNull(playbooks.key)))
    .returning({ id: playbooks.id });
  return rows.length > 0;
}

// ---- Runs ----------------------------------------------------------------------------------------

export async function listRunRows(db: DbOrTx, workspaceId: string, ticketId: string): Promise<PlaybookRunRow[]> {
  return db
    .select()
    .from(ticketPlaybookRuns)
    .where(and(eq(ticketPlaybookRuns.workspaceId, workspaceId), eq(ticketPlaybookRuns.ticketId, ticketId)))
    .orderBy(asc(ticketPlaybookRuns.startedAt), asc(ticketPlaybookRuns.playbookId));
}

/** Starts a run unless one exists; returns true when this call started it. */
export async function insertRunRow(tx: DbOrTx, values: { workspaceId: string; ticketId: string; playbookId: string; startedById: string | null; now: Date }): Promise<boolean> {
  const rows = await tx
    .insert(ticketPlaybookRuns)
    .values({ workspaceId: values.workspaceId, ticketId: values.ticketId, playbookId: values.playbookId, startedById: values.startedById, startedAt: values.now })
    .onConflictDoNothing()
    .returning({ playbookId: ticketPlaybookRuns.playbookId });
  return rows.length > 0;
}

/** The run, locked for the rest of the transaction. */
export async function lockRunRow(tx: DbOrTx, workspaceId: string, ticketId: string, playbookId: string): Promise<PlaybookRunRow | null> {
  const [row] = await tx
    .select()
    .from(ticketPlaybookRuns)
    .where(and(eq(ticketPlaybookRuns.workspaceId, workspaceId), eq(ticketPlaybookRuns.ticketId, ticketId), eq(ticketPlaybookRuns.playbookId, playbookId)))
    .for('update');
  return row ?? null;
}

export async function findRunRow(db: DbOrTx, workspaceId: string, ticketId: string, playbookId: string): Promise<PlaybookRunRow | null> {
  const [row] = await db
    .select()
    .from(ticketPlaybookRuns)
    .where(and(eq(ticketPlaybookRuns.workspaceId, workspaceId), eq(ticketPlaybookRuns.ticketId, ticketId), eq(ticketPlaybookRuns.playbookId, playbookId)));
  return row ?? null;
}

export async function updateRunRow(tx: DbOrTx, workspaceId: string, ticketId: string, playbookId: string, values: { checkedSteps: number[]; completedAt: Date | null }): Promise<void> {
  await tx
    .update(ticketPlaybookRuns)
    .set(values)
    .where(and(eq(ticketPlaybookRuns.workspaceId, workspaceId), eq(ticketPlaybookRuns.ticketId, ticketId), eq(ticketPlaybookRuns.playbookId, playbookId)));
}

// ---- Suggestion facts --------------------------------------------------------------------------

/** The ticket's subject and tags and its latest public messages (oldest first), for the suggestion rules. */
export async function loadSuggestionFacts(db: Db, workspaceId: string, ticketId: string, messageLimit = 10) {
  const [[ticket], recent] = await Promise.all([
    db
      .select({ subject: tickets.subject, tags: tickets.tags })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId))),
    db
      .select({ authorType: messages.authorType, text: messages.text })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.ticketId, ticketId), isNull(messages.withdrawnAt), ne(messages.authorType, 'system')))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(messageLimit),
  ]);
  if (!ticket) return null;
  return {
    subject: ticket.subject,
    tags: ticket.tags,
    conversation: recent.reverse().map((row) => ({ from: row.authorType === 'customer' ? ('customer' as const) : ('agent' as const), text: row.text })),
  };
}
