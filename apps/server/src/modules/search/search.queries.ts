/**
 * Ranked full-text search over ticket subjects, messages and notes of one workspace.
 *
 * Ranking every match of a common word is the trap at scale (LIMITS.md: seconds at 1M tickets),
 * so each source contributes at most `candidateLimit` of its most recent matches (found through
 * the (workspace_id, tsvector) btree_gin indexes), and only that bounded set is ranked. Snippets
 * are computed for the final page only.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@rapport/db/database';

export interface SearchFilters {
  status?: string | undefined;
  assigneeId?: string | null | undefined;
  tag?: string | undefined;
  customerId?: string | undefined;
}

export interface SearchRow extends Record<string, unknown> {
  ticket_id: string;
  number: number;
  subject: string;
  status: string;
  matched_in: 'subject' | 'message' | 'note';
  snippet: string;
  rank: number;
  updated_at: Date | string;
}

const candidateLimit = 200;

function ticketFilters(filters: SearchFilters): SQL {
  const parts: SQL[] = [];
  if (filters.status) parts.push(sql`and t.status = ${filters.status}`);
  if (filters.assigneeId === null) parts.push(sql`and t.assignee_id is null`);
  else if (filters.assigneeId) parts.push(sql`and t.assignee_id = ${filters.assigneeId}`);
  if (filters.tag) parts.push(sql`and t.tags @> array[${filters.tag}]::text[]`);
  if (filters.customerId) parts.push(sql`and t.customer_id = ${filters.customerId}`);
  return sql.join(parts, sql` `);
}

export async function searchTickets(db: Db, workspaceId: string, text: string, filters: SearchFilters, limit: number): Promise<SearchRow[]> {
  const where = ticketFilters(filters);
  const query = sql`websearch_to_tsquery('english', ${text})`;
  const result = await db.execute(sql`
    with q as (select ${query} as query),
    candidates as (
      (select t.id as ticket_id, 'subject'::text as matched_in, null::uuid as source_id,
              ts_rank(t.subject_search, q.query) * 2 as rank, t.updated_at as at
         from tickets t, q
        where t.workspace_id = ${workspaceId} and t.subject_search @@ q.query and t.merged_into_id is null ${where}
        order by t.updated_at desc limit ${candidateLimit})
      union all
      (select m.ticket_id, 'message', m.id, ts_rank(m.body_search, q.query), m.created_at
         from messages m join tickets t on t.workspace_id = m.workspace_id and t.id = m.ticket_id, q
        where m.workspace_id = ${workspaceId} and m.body_search @@ q.query ${where}
        order by m.created_at desc limit ${candidateLimit})
      union all
      (select n.ticket_id, 'note', n.id, ts_rank(n.body_search, q.query), n.created_at
         from notes n join tickets t on t.workspace_id = n.workspace_id and t.id = n.ticket_id, q
        where n.workspace_id = ${workspaceId} and n.body_search @@ q.query ${where}
        order by n.created_at desc limit ${candidateLimit})
    ),
    best as (
      select distinct on (ticket_id) ticket_id, matched_in, source_id, rank
        from candidates order by ticket_id, rank desc, at desc
    ),
    page as (
      select b.*, t.number, t.subject, t.status, t.updated_at
        from best b join tickets t on t.workspace_id = ${workspaceId} and t.id = b.ticket_id
       order by b.rank desc, t.updated_at desc
       limit ${limit}
    )
    select p.ticket_id, p.number, p.subject, p.status, p.matched_in, p.rank::float8 as rank, p.updated_at,
           ts_headline('english',
             case p.matched_in
               when 'subject' then p.subject
               when 'message' then (select m.text from messages m where m.workspace_id = ${workspaceId} and m.id = p.source_id)
               else (select n.text from notes n where n.workspace_id = ${workspaceId} and n.id = p.source_id)
             end,
             (select query from q),
             'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
      from page p
     order by p.rank desc, p.updated_at desc`);
  return (result as unknown as { rows: SearchRow[] }).rows; // both drivers return { rows }
}
