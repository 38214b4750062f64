/**
 * The SQL of lessons: the lesson an agent writes when a ticket could not be solved (P6, P13), and
 * the newest-first list leads read. Every statement is scoped by the workspace.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@rapport/db/database';
import { ticketLessons, tickets, users } from '@rapport/db/schema';
import type { KeysetCursor } from '../../platform/keyset-cursor.ts';

export interface NewLessonRow {
  workspaceId: string;
  ticketId: string;
  authorId: string | null;
  lesson: string;
  productFeedback: string | null;
  createdAt: Date;
}

export async function insertLesson(tx: DbOrTx, row: NewLessonRow): Promise<{ id: string }> {
  const [inserted] = await tx.insert(ticketLessons).values(row).returning({ id: ticketLessons.id });
  if (!inserted) throw new Error('inserting a lesson returned no row');
  return inserted;
}

export interface LessonRow {
  id: string;
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  authorId: string | null;
  authorName: string | null;
  lesson: string;
  productFeedback: string | null;
  createdAt: Date;
  /** created_at to the microsecond, for the keyset cursor. */
  cursorAt: string;
}

const cursorAt = sql<string>`to_char(${ticketLessons.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
export async function selectLessonPage(db: DbOrTx, workspaceId: string, limit: number, cursor: KeysetCursor | null): Promise<LessonRow[]> {
  const conditions: SQL[] = [eq(ticketLessons.workspaceId, workspaceId)];
  if (cursor) {
    conditions.push(sql`(${ticketLessons.createdAt}, ${ticketLessons.id}) < (${String(cursor.values[0])}::timestamptz, ${cursor.id}::uuid)`);
  }
  return db
    .select({
      id: ticketLessons.id,
      ticketId: ticketLessons.ticketId,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      authorId: ticketLessons.authorId,
      authorName: users.name,
      lesson: ticketLessons.lesson,
      productFeedback: ticketLessons.productFeedback,
      createdAt: ticketLessons.createdAt,
      cursorAt,
    })
    .from(ticketLessons)
    .innerJoin(tickets, and(eq(tickets.workspaceId, ticketLessons.workspaceId), eq(tickets.id, ticketLessons.ticketId)))
    .leftJoin(users, eq(users.id, ticketLessons.authorId))
    .where(and(...conditions))
    .orderBy(desc(ticketLessons.createdAt), desc(ticketLessons.id))
    .limit(limit + 1);
}
