/** SQL of ticket followers (collaborators): who hears about replies and notes on a ticket. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberships, notes, ticketFollowers, tickets, users } from '@rapport/db/schema';
import { executedRows, type Db } from '@rapport/db/database';

export async function listFollowers(db: Db, workspaceId: string, ticketId: string) {
  return db
    .select({ userId: ticketFollowers.userId, name: users.name, since: ticketFollowers.createdAt })
    .from(ticketFollowers)
    .innerJoin(users, eq(users.id, ticketFollowers.userId))
    .where(and(eq(ticketFollowers.workspaceId, workspaceId), eq(ticketFollowers.ticketId, ticketId)))
    .orderBy(asc(ticketFollowers.createdAt), asc(users.name));
}

/**
 * Adds followers who are active members of the workspace; others are skipped silently (a
 * mention of someone since removed must not fail the listener). Returns how many were added.
 */
export async function addFollowers(db: Db, workspaceId: string, ticketId: string, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const ids = sql.join(
    [...new Set(userIds)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    insert into ${ticketFollowers} (workspace_id, ticket_id, user_id)
    select ${workspaceId}::uuid, t.id, m.user_id
      from ${tickets} t
      join ${memberships} m on m.workspace_id = t.workspace_id and m.is_active
     where t.workspace_id = ${workspaceId} and t.id = ${ticketId} and m.user_id in (${ids})
    on conflict do nothing
    returning user_id`);
  return executedRows(result).length;
}

export async function removeFollower(db: Db, workspaceId: string, ticketId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(ticketFollowers)
    .where(and(eq(ticketFollowers.workspaceId, workspaceId), eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)))
    .returning({ userId: ticketFollowers.userId });
  return rows.length > 0;
}

export async function findTicketAssigneeId(db: Db, workspaceId: string, ticketId: string): Promise<string | null> {
  const [row] = await db
    .select({ assigneeId: tickets.assigneeId })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row?.assigneeId ?? null;
}

export async function findNoteAuthorAndMentions(db: Db, workspaceId: string, noteId: string) {
  const [row] = await db
    .select({ authorId: notes.authorId, mentions: notes.mentions })
    .from(notes)
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
  return row ?? null;
}
