/** The only file of the tags slice that speaks SQL. Every function takes the workspace first. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { tags, tickets } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

/**
 * The catalogue with the number of tickets carrying each tag, counted in one pass over the
 * workspace's tickets (unnest + group by) rather than one count per tag.
 */
export async function listTagsWithCounts(db: DbOrTx, workspaceId: string, onlyName?: string): Promise<{ name: string; ticketCount: number }[]> {
  const tagName = sql<string>`tag_name`;
  const counts = db
    .select({ tagName: tagName.as('tag_name'), ticketCount: sql<number>`count(*)::int`.as('ticket_count') })
    .from(sql`${tickets} cross join lateral unnest(${tickets.tags}) as tag_name`)
    .where(and(eq(tickets.workspaceId, workspaceId), onlyName === undefined ? undefined : sql`${tickets.tags} @> array[${onlyName}]::text[]`))
    .groupBy(tagName)
    .as('counts');
  return db
    .select({ name: tags.name, ticketCount: sql<number>`coalesce(${counts.ticketCount}, 0)::int`.mapWith(Number) })
    .from(tags)
    .leftJoin(counts, eq(counts.tagName, tags.name))
    .where(and(eq(tags.workspaceId, workspaceId), onlyName === undefined ? undefined : eq(tags.name, onlyName)))
    .orderBy(asc(tags.name));
}

/** Returns false when the tag already exists (the primary key decides). */
export async function insertTag(tx: DbOrTx, workspaceId: string, name: string, now: Date): Promise<boolean> {
  const rows = await tx.insert(tags).values({ workspaceId, name, createdAt: now }).onConflictDoNothing().returning({ name: tags.name });
  return rows.length > 0;
}

export async function deleteTag(tx: DbOrTx, workspaceId: string, name: string): Promise<boolean> {
  const rows = await tx
    .delete(tags)
    .where(and(eq(tags.workspaceId, workspaceId), eq(tags.name, name)))
    .returning({ name: tags.name });
  return rows.length > 0;
}

/** Takes the tag off every ticket of the workspace carrying it; returns how many were changed. */
export async function removeTagFromTickets(tx: DbOrTx, workspaceId: string, name: string): Promise<number> {
  const rows = await tx
    .update(tickets)
    .set({ tags: sql`array_remove(${tickets.tags}, ${name}::text)` })
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.tags} @> array[${name}]::text[]`))
    .returning({ id: tickets.id });
  return rows.length;
}
