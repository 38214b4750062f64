/**
 * The raw-SQL baseline of the ingest targets (issue 4): for each generated email, the rows an
 * ingest must write at the least, in one transaction, with `pg` (or PGlite) and hand-written SQL:
 * a new customer + identity when the sender is unknown, a ticket (numbered from workspace_counters)
 * and its inbound message; or, for a reply found by its parent's Message-ID, the message and a
 * touch of the ticket. Shared by `ingest` (the ratio's denominator) and `ingest-floor`.
 */
import type { GeneratedMail } from './email-rig.ts';
import { summarise } from './stats.ts';

export interface BaselineClient {
  query<Row extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/** What the baseline wrote for one email, given to an `extra` step inside the same transaction. */
export interface BaselineWritten {
  ticketId: string;
  customerId: string;
  newTicket: boolean;
}

/** More statements inside the email's transaction, before its commit (ingest-floor's additions). */
export type BaselineExtra = (client: BaselineClient, item: GeneratedMail, written: BaselineWritten) => Promise<void>;

export async function baselineInsert(client: BaselineClient, workspaceId: string, item: GeneratedMail, extra?: BaselineExtra): Promise<BaselineWritten> {
  await client.query('begin');
  try {
    if (item.inReplyTo) {
      const parent = await client.query<{ ticket_id: string; author_customer_id: string }>(
        'select ticket_id, author_customer_id from messages where workspace_id = $1 and external_id = $2',
        [workspaceId, item.inReplyTo],
      );
      const found = parent.rows[0];
      if (found) {
        await client.query(
          `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, external_id, thread_rule)
           values ($1, $2, 'inbound', 'email', 'customer', $3, $4, $5, 'references')`,
          [workspaceId, found.ticket_id, found.author_customer_id, item.text, item.messageId],
        );
        await client.query(`update tickets set status = 'open', updated_at = now(), last_message_at = now() where workspace_id = $1 and id = $2`, [
          workspaceId,
          found.ticket_id,
        ]);
        const written = { ticketId: found.ticket_id, customerId: found.author_customer_id, newTicket: false };
        if (extra) await extra(client, item, written);
        await client.query('commit');
        return written;
      }
    }
    const identity = await client.query<{ customer_id: string }>(
      `select customer_id from customer_identities where workspace_id = $1 and kind = 'email' and value = $2`,
      [workspaceId, item.from],
    );
    let customerId = identity.rows[0]?.customer_id;
    if (!customerId) {
      const customer = await client.query<{ id: string }>('insert into customers (workspace_id, name) values ($1, $2) returning id', [workspaceId, item.from]);
      customerId = customer.rows[0]!.id;
      await client.query(`insert into customer_identities (workspace_id, customer_id, kind, value) values ($1, $2, 'email', $3)`, [workspaceId, customerId, item.from]);
    }
    const counter = await client.query<{ number: string }>(
      'update workspace_counters set next_ticket_number = next_ticket_number + 1 where workspace_id = $1 returning next_ticket_number - 1 as number',
      [workspaceId],
    );
    const ticket = await client.query<{ id: string }>(
      `insert into tickets (workspace_id, number, subject, status, channel, customer_id, last_message_at)
       values ($1, $2, $3, 'new', 'email', $4, now()) returning id`,
      [workspaceId, counter.rows[0]!.number, item.subject, customerId],
    );
    await client.query(
      `insert into messages (workspace_id, ticket_id, direction, channel, author_type, author_customer_id, text, external_id, thread_rule)
       values ($1, $2, 'inbound', 'email', 'customer', $3, $4, $5, 'new_ticket')`,
      [workspaceId, ticket.rows[0]!.id, customerId, item.text, item.messageId],
    );
    const written = { ticketId: ticket.rows[0]!.id, customerId, newTicket: true };
    if (extra) await extra(client, item, written);
    await client.query('commit');
    return written;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

export interface BaselineHooks {
  /** Before the email's transaction, on its connection (e.g. a receipt committed on its own). */
  before?: (client: BaselineClient, item: GeneratedMail) => Promise<void>;
  /** Inside the transaction, before its commit. */
  extra?: BaselineExtra;
  /** After the commit, on the same connection (e.g. a statement of its own marking a send). */
  after?: (client: BaselineClient, item: GeneratedMail, written: BaselineWritten) => Promise<void>;
}

/**
 * Every email through `baselineInsert`, `clients.length` at a time; `onEnd` runs right after the
 * last one (before any summary work), for CPU samples. A unique violation (23505: two connections
 * created the same new sender at once) is retried once: the second attempt finds the customer.
 */
export async function runBaseline(clients: BaselineClient[], workspaceId: string, mail: readonly GeneratedMail[], onEnd: () => void = () => undefined, hooks: BaselineHooks = {}) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < mail.length) {
        const item = mail[next++]!;
        const t0 = performance.now();
        if (hooks.before) await hooks.before(client, item);
        let written: BaselineWritten;
        try {
          written = await baselineInsert(client, workspaceId, item, hooks.extra);
        } catch (error) {
          // Two connections created the same new sender at once: the second sees it on a retry.
          if ((error as { code?: string }).code !== '23505') throw error;
          written = await baselineInsert(client, workspaceId, item, hooks.extra);
        }
        if (hooks.after) await hooks.after(client, item, written);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  onEnd();
  return summarise(latencies, 0, seconds);
}
