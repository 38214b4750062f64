/**
 * Ranked full-text search over ticket subjects, messages and notes of one workspace.
 *
 * Ranking every match of a common word is the trap at scale (LIMITS.md: seconds at 1M tickets),
 * so each source contributes at most `candidateLimit` of its most recent matches, and only that
 * bounded set is ranked. The planner picks per word: a rare word goes through the
 * (workspace_id, tsvector) btree_gin index, a common one walks (workspace_id, created_at desc)
 * newest first and stops after `candidateLimit` matches. The `nulls last` in the ORDER BYs matches
 * those indexes (the columns are NOT NULL). Snippets are computed for the final page only.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@rapport/db/database';

export interface SearchFilters {
  status?: string | undefined;
  assigneeId?: string | null | undefined;
  tag?: string | undefined;
  customerId?: string | undefined;
  channel?: string | undefined;
  /** Inclusive bounds on the ticket's creation time. */
  createdFrom?: Date | undefined;
  createdBefore?: Date | undefined;
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
/** How many of the newest messages (and notes) a search reads before it falls back to the index. */
const recentWindow = 5_000;

function ticketFilters(filters: SearchFilters): SQL {
  const parts: SQL[] = [];
  if (filters.status) parts.push(sql`and t.status = ${filters.status}`);
  if (filters.assigneeId === null) parts.push(sql`and t.assignee_id is null`);
  else if (filters.assigneeId) parts.push(sql`and t.assignee_id = ${filters.assigneeId}`);
  if (filters.tag) parts.push(sql`and t.tags @> array[${filters.tag}]::text[]`);
  if (filters.customerId) parts.push(sql`and t.customer_id = ${filters.customerId}`);
  if (filters.channel) parts.push(sql`and t.channel = ${filters.channel}`);
  if (filters.createdFrom) parts.push(sql`and t.created_at >= ${filters.createdFrom.toISOString()}::timestamptz`);
  if (filters.createdBefore) parts.push(sql`and t.created_at < ${filters.createdBefore.toISOString()}::timestamptz`);
  return sql.join(parts, sql` `);
}

/**
 * Candidates from one body source (messages or notes), recency first, with bounded work either way:
 * first the matches among the workspace's `recentWindow` newest rows (a common word fills this
 * at once); only when that finds too few, every match through the GIN index (then the word is
 * rare enough that sorting its matches is cheap). Never an unbounded ordered scan hoping to meet
 * a rare word, which is the plan PostgreSQL picks on its own when it over-estimates a word.
 */
const sources = {
  // A reply withdrawn inside its undo-send window was never sent: it is not found either.
  messages: { kind: 'message', vector: 'body_search', at: 'created_at', ticket: 'ticket_id', extra: 'and withdrawn_at is null' },
  notes: { kind: 'note', vector: 'body_search', at: 'created_at', ticket: 'ticket_id', extra: '' },
  tickets: { kind: 'subject', vector: 'subject_search', at: 'updated_at', ticket: 'id', extra: 'and merged_into_id is null' },
} as const;

function bodyCandidates(source: keyof typeof sources, workspaceId: string, query: SQL, where: SQL): SQL {
  const table = sql.raw(source);
  const { kind, extra } = sources[source];
  const vector = sql.raw(sources[source].vector);
  const at = sql.raw(sources[source].at);
  const ticket = sql.raw(sources[source].ticket);
  const weight = source === 'tickets' ? sql.raw('2') : sql.raw('1'); // a subject match outranks a body match
  const recent = sql.raw(`recent_${source}`);
  const matching = sql.raw(`matching_${source}`);
  return sql`
    ${recent} as materialized (
      select b.id, b.ticket_id, b.at, ts_rank(b.vector, ${query}) * ${weight} as rank
        from (select id, ${ticket} as ticket_id, ${at} as at, ${vector} as vector from ${table}
               where workspace_id = ${workspaceId} ${sql.raw(extra)} order by ${at} desc nulls last limit ${recentWindow}) b
        join tickets t on t.workspace_id = ${workspaceId} and t.id = b.ticket_id
       where b.vector @@ ${query} ${where}
       order by b.at desc limit ${candidateLimit}
    ),
    ${matching} as materialized (
      select id, ${ticket} as ticket_id, ${at} as at, ${vector} as vector from ${table}
       where workspace_id = ${workspaceId} ${sql.raw(extra)} and ${vector} @@ ${query}
    ),
    ${sql.raw(`${kind}_candidates`)} as (
      select * from ${recent}
      union all
      (select b.id, b.ticket_id, b.at, ts_rank(b.vector, ${query}) * ${weight}
         from ${matching} b join tickets t on t.workspace_id = ${workspaceId} and t.id = b.ticket_id
        where (select count(*) from ${recent}) < ${candidateLimit} ${where}
        order by b.at desc limit ${candidateLimit})
    ),`;
}

export async function searchTickets(db: Db, workspaceId: string, text: string, filters: SearchFilters, limit: number): Promise<SearchRow[]> {
  const where = ticketFilters(filters);
  const query = sql`websearch_to_tsquery('english', ${text})`;
  const result = await db.execute(sql`
    with q as (select ${query} as query),
    ${bodyCandidates('tickets', workspaceId, query, where)}
    ${bodyCandidates('messages', workspaceId, query, where)}
    ${bodyCandidates('notes', workspaceId, query, where)}
    candidates as (
      select ticket_id, 'subject'::text as matched_in, null::uuid as source_id, rank, at from subject_candidates
      union all
      select ticket_id, 'message', id, rank, at from message_candidates
      union all
      select ticket_id, 'note', id, rank, at from note_candidates
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
             'StartSel=«, StopSel=», MaxWords=30, MinWords=12') as snippet
      from page p
     order by p.rank desc, p.updated_at desc`);
  return (result as unknown as { rows: SearchRow[] }).rows; // both drivers return { rows }
}
