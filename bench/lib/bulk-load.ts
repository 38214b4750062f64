/**
 * Bulk-loads a benchmark workspace: customers (with an email identity), N tickets and 4 messages
 * per ticket. Secondary indexes are dropped first and rebuilt after the load (their definitions are
 * read from the catalogue, so they come back exactly as the migration made them), foreign-key
 * triggers are skipped with session_replication_role = replica (the generator only writes valid
 * references), and rows go in as one json_to_recordset() statement per table and batch, which both
 * drivers accept. Ids are time-ordered UUIDs so primary-key btrees grow at their right edge.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '@rapport/db/database';
import { createRandom, messageBody, personName, products, ticketSubject, type Random } from './prose.ts';

export type BenchDatabase = (Database & { kind: 'postgres'; pool: pg.Pool }) | (Database & { kind: 'pglite'; client: PGlite });

export interface LoadInput {
  database: BenchDatabase;
  workspaceId: string;
  agentIds: readonly string[];
  tickets: number;
  seed: number;
  now: Date;
  log: (line: string) => void;
}

export interface LoadResult {
  customers: number;
  tickets: number;
  messages: number;
  rowsSeconds: number;
  indexSeconds: number;
  vacuumSeconds: number;
}

interface Session {
  query(text: string, params?: unknown[]): Promise<void>;
  release(): void;
}

const loadedTables = ['customers', 'customer_identities', 'tickets', 'messages'] as const;
const messagesPerTicket = 4;
const ticketsPerBatch = 2000;
const dayMs = 86_400_000;

async function openSessions(database: BenchDatabase, count: number): Promise<Session[]> {
  if (database.kind === 'pglite') {
    const { client } = database;
    // One embedded connection: a single session.
    return [{ query: async (text, params) => void (await client.query(text, params ?? [])), release: () => undefined }];
  }
  const sessions: Session[] = [];
  for (let index = 0; index < count; index += 1) {
    const client = await database.pool.connect();
    sessions.push({ query: async (text, params) => void (await client.query(text, params ?? [])), release: () => client.release() });
  }
  return sessions;
}

/** A time-ordered UUID (v7 layout): a 48-bit counter, then seeded random bits. */
function orderedUuid(counter: number, random: Random): string {
  const hex = (digits: number) => {
    let text = '';
    for (let index = 0; index < digits; index += 1) text += Math.floor(random.next() * 16).toString(16);
    return text;
  };
  const time = (0x0190_0000_0000 + counter).toString(16).padStart(12, '0');
  const variant = (8 + Math.floor(random.next() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** Customers take counters 1..C; ticket n takes a block of 1 + messagesPerTicket counters above them. */
const ticketCounterBase = 100_000_000;

export async function bulkLoad(input: LoadInput): Promise<LoadResult> {
  const { database, workspaceId, log } = input;
  const random = createRandom(input.seed);
  const sessions = await openSessions(database, 2);
  const started = performance.now();
  try {
    for (const session of sessions) {
      await session.query('set session_replication_role = replica');
      if (database.kind === 'postgres') await session.query('set synchronous_commit = off');
    }
    const first = sessions[0];
    if (!first) throw new Error('no database session');

    const indexes = await database.query<{ name: string; definition: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
         from pg_index i join pg_class c on c.oid = i.indrelid
        where c.relname = any($1::text[]) and c.relnamespace = 'public'::regnamespace
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by pg_relation_size(i.indexrelid) desc`,
      [[...loadedTables]],
    );
    await first.query(`drop index ${indexes.map((index) => index.name).join(', ')}`);
    log(`dropped ${indexes.length} secondary indexes for the load`);

    // Customers, one email identity each.
    const customerCount = Math.max(100, Math.round(input.tickets / 5));
    const customerIds: string[] = [];
    for (let offset = 0; offset < customerCount; offset += 10_000) {
      const rows: { id: string; name: string; tier: string; email: string; created_at: string }[] = [];
      for (let index = offset; index < Math.min(customerCount, offset + 10_000); index += 1) {
        const id = orderedUuid(index + 1, random);
        customerIds.push(id);
        const name = personName(random);
        rows.push({
          id,
          name,
          tier: random.weighted([['standard', 90], ['priority', 8], ['enterprise', 2]] as const),
          email: `${name.toLowerCase().replace(' ', '.')}.${index}@example.com`,
          created_at: new Date(input.now.getTime() - 800 * dayMs).toISOString(),
        });
      }
      const json = JSON.stringify(rows);
      await first.query(
        `insert into customers (id, workspace_id, name, tier, language, created_at)
         select id, $1, name, tier, 'en', created_at from json_to_recordset($2::json) as x(id uuid, name text, tier text, created_at timestamptz)`,
        [workspaceId, json],
      );
      await first.query(
        `insert into customer_identities (workspace_id, customer_id, kind, value, created_at)
         select $1, id, 'email', email, created_at from json_to_recordset($2::json) as x(id uuid, email text, created_at timestamptz)`,
        [workspaceId, json],
      );
    }
    log(`customers: ${customerCount.toLocaleString('en-US')}`);

    // Tickets and messages, batch by batch; on PostgreSQL two sessions load in parallel.
    const batchCount = Math.ceil(input.tickets / ticketsPerBatch);
    let nextBatch = 0;
    let done = 0;
    let lastReport = performance.now();
    const worker = async (session: Session) => {
      while (nextBatch < batchCount) {
        const batch = nextBatch++;
        const { ticketsJson, messagesJson } = generateBatch(input, customerIds, batch);
        await session.query('begin');
        await session.query(
          `insert into tickets (id, workspace_id, number, subject, status, priority, channel, customer_id, assignee_id, tags, language,
                                created_at, updated_at, last_message_at, first_reply_at, solved_at, outcome)
           select id, $1, number, subject, status, priority, channel, customer_id, assignee_id,
                  coalesce(string_to_array(nullif(tags, ''), ','), '{}'), 'en',
                  created_at, updated_at, last_message_at, first_reply_at, solved_at, outcome
             from json_to_recordset($2::json) as x(id uuid, number bigint, subject text, status text, priority text, channel text,
                  customer_id uuid, assignee_id uuid, tags text, created_at timestamptz, updated_at timestamptz,
                  last_message_at timestamptz, first_reply_at timestamptz, solved_at timestamptz, outcome text)`,
          [workspaceId, ticketsJson],
        );
        await session.query(
          `insert into messages (id, workspace_id, ticket_id, direction, channel, author_type, author_user_id, author_customer_id, text, created_at)
           select id, $1, ticket_id, direction, channel, author_type, author_user_id, author_customer_id, text, created_at
             from json_to_recordset($2::json) as x(id uuid, ticket_id uuid, direction text, channel text, author_type text,
                  author_user_id uuid, author_customer_id uuid, text text, created_at timestamptz)`,
          [workspaceId, messagesJson],
        );
        await session.query('commit');
        done += 1;
        if (performance.now() - lastReport > 15_000 || done === batchCount) {
          lastReport = performance.now();
          const ticketsDone = Math.min(input.tickets, done * ticketsPerBatch);
          const seconds = (performance.now() - started) / 1000;
          log(`  ${ticketsDone.toLocaleString('en-US')} tickets, ${(ticketsDone * messagesPerTicket).toLocaleString('en-US')} messages, ${seconds.toFixed(0)} s (${Math.round((ticketsDone * messagesPerTicket) / seconds)} messages/s)`);
        }
      }
    };
    await Promise.all(sessions.map(worker));
    const rowsSeconds = (performance.now() - started) / 1000;

    // Rebuild the indexes, largest first, spread over the sessions.
    const indexStarted = performance.now();
    for (const session of sessions) {
      if (database.kind === 'postgres') await session.query(`set maintenance_work_mem = '1GB'`);
    }
    let nextIndex = 0;
    await Promise.all(
      sessions.map(async (session) => {
        while (nextIndex < indexes.length) {
          const index = indexes[nextIndex++];
          if (!index) break;
          const began = performance.now();
          await session.query(index.definition);
          log(`  index ${index.name}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
        }
      }),
    );
    const indexSeconds = (performance.now() - indexStarted) / 1000;

    await first.query(`update workspace_counters set next_ticket_number = $2 where workspace_id = $1`, [workspaceId, input.tickets + 1]);
    for (const session of sessions) await session.query('set session_replication_role = origin');
    const vacuumStarted = performance.now();
    await first.query(`vacuum (analyze) ${loadedTables.join(', ')}`);
    await first.query('analyze workspaces, workspace_counters, users, memberships');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    return { customers: customerCount, tickets: input.tickets, messages: input.tickets * messagesPerTicket, rowsSeconds, indexSeconds, vacuumSeconds };
  } finally {
    for (const session of sessions) session.release();
  }
}

/** Status by age: recent tickets are mostly being worked on, old ones mostly solved. */
function statusFor(random: Random, ageDays: number): string {
  if (ageDays < 3) return random.weighted([['new', 30], ['open', 40], ['pending', 15], ['on_hold', 5], ['solved', 10]] as const);
  if (ageDays < 30) return random.weighted([['new', 5], ['open', 25], ['pending', 20], ['on_hold', 10], ['solved', 30], ['closed', 10]] as const);
  return random.weighted([['open', 3], ['pending', 3], ['on_hold', 2], ['solved', 22], ['closed', 70]] as const);
}

/** Each batch has its own seeded PRNG, so the data does not depend on which session loads which batch. */
function generateBatch(input: LoadInput, customerIds: readonly string[], batch: number) {
  const random = createRandom(input.seed * 7919 + batch + 1);
  const tickets: Record<string, string | number | null>[] = [];
  const messages: Record<string, string | null>[] = [];
  const nowMs = input.now.getTime();
  const spanMs = 730 * dayMs;
  const first = batch * ticketsPerBatch + 1;
  const last = Math.min(input.tickets, first + ticketsPerBatch - 1);
  for (let number = first; number <= last; number += 1) {
    const counter = ticketCounterBase + number * (messagesPerTicket + 1);
    const id = orderedUuid(counter, random);
    // Numbers rise with creation time over two years, ending an hour ago.
    const createdMs = nowMs - spanMs + ((number - 1) / input.tickets) * (spanMs - 3_600_000) + random.next() * 60_000;
    const ageDays = (nowMs - createdMs) / dayMs;
    const status = statusFor(random, ageDays);
    const assigneeId = status === 'new' && random.next() < 0.6 ? null : random.next() < 0.05 ? null : random.pick(input.agentIds);
    const customerId = random.pick(customerIds);
    const product = random.pick(products);
    const channel = random.weighted([['email', 60], ['web', 20], ['chat', 15], ['phone', 5]] as const);
    const times: number[] = [createdMs];
    for (let index = 1; index < messagesPerTicket; index += 1) {
      const previous = times[index - 1] ?? createdMs;
      times.push(Math.min(nowMs - 1000, previous + random.int(10, 2 * 24 * 60) * 60_000));
    }
    const lastMessageMs = times[times.length - 1] ?? createdMs;
    const isSolved = status === 'solved' || status === 'closed';
    const updatedMs = isSolved ? Math.min(nowMs - 1000, lastMessageMs + random.int(1, 3 * 24 * 60) * 60_000) : lastMessageMs;
    const tagCount = random.weighted([[0, 5], [1, 4], [2, 1]] as const);
    const tags = new Set<string>();
    while (tags.size < tagCount) tags.add(random.pick(['billing', 'shipping', 'warranty', 'damaged', 'vip', 'returns']));
    const agentId = assigneeId ?? random.pick(input.agentIds);
    tickets.push({
      id,
      number,
      subject: ticketSubject(random, product),
      status,
      priority: random.weighted([['low', 20], ['normal', 60], ['high', 15], ['urgent', 5]] as const),
      channel,
      customer_id: customerId,
      assignee_id: assigneeId,
      tags: [...tags].join(','),
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
      last_message_at: new Date(lastMessageMs).toISOString(),
      first_reply_at: new Date(times[1] ?? lastMessageMs).toISOString(),
      solved_at: isSolved ? new Date(updatedMs).toISOString() : null,
      outcome: isSolved ? 'solved' : null,
    });
    times.forEach((time, index) => {
      const fromCustomer = index % 2 === 0;
      messages.push({
        id: orderedUuid(counter + 1 + index, random),
        ticket_id: id,
        direction: fromCustomer ? 'inbound' : 'outbound',
        channel,
        author_type: fromCustomer ? 'customer' : 'agent',
        author_user_id: fromCustomer ? null : agentId,
        author_customer_id: fromCustomer ? customerId : null,
        text: messageBody(random, product, fromCustomer),
        created_at: new Date(time).toISOString(),
      });
    });
  }
  return { ticketsJson: JSON.stringify(tickets), messagesJson: JSON.stringify(messages) };
}
