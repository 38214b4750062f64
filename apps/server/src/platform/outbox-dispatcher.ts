/**
 * Moves committed outbox events to the job queue, one job per (event, listener). A row is leased
 * while being dispatched and marked done afterwards, so a crash mid-way re-dispatches it
 * (at-least-once): listeners are idempotent and keyed by the event id.
 */
import type { Database } from '@rapport/db/database';
import type { JobQueue } from './jobs.ts';
import type { Logger } from './logger.ts';
import { outboxChannel } from './events.ts';

export interface OutboxEvent {
  eventId: number;
  topic: string;
  version: number;
  workspaceId: string;
  payload: Record<string, unknown>;
}

export interface EventListener {
  /** Named, e.g. "notify-assignee"; becomes the job queue name. */
  name: string;
  topics: readonly string[];
  handle(event: OutboxEvent): Promise<void>;
}

export interface OutboxDispatcher {
  /** Dispatches everything pending now; returns how many events were handed over. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

const leaseSeconds = 60;
const batchSize = 100;

export async function startOutboxDispatcher(
  database: Database,
  queue: JobQueue,
  listeners: readonly EventListener[],
  logger: Logger,
  options: { pollMs?: number } = {},
): Promise<OutboxDispatcher> {
  for (const listener of listeners) {
    await queue.work(`listener.${listener.name}`, async (data) => {
      await listener.handle(data as unknown as OutboxEvent); // written by this dispatcher just below
    });
  }

  async function claimBatch() {
    return database.query<{ id: number; topic: string; version: number; workspace_id: string; payload: Record<string, unknown> }>(
      `update outbox set claimed_until = now() + make_interval(secs => $1), attempts = attempts + 1
       where id in (
         select id from outbox
         where dispatched_at is null and (claimed_until is null or claimed_until < now())
         order by id limit $2 for update skip locked)
       returning id, topic, version, workspace_id, payload`,
      [leaseSeconds, batchSize],
    );
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await claimBatch();
      if (rows.length === 0) return total;
      rows.sort((left, right) => left.id - right.id);
      const done: number[] = [];
      for (const row of rows) {
        const event: OutboxEvent = { eventId: row.id, topic: row.topic, version: row.version, workspaceId: row.workspace_id, payload: row.payload };
        try {
          for (const listener of listeners) {
            if (listener.topics.includes(event.topic)) {
              await queue.send(`listener.${listener.name}`, event as unknown as Record<string, unknown>, { singletonKey: `${listener.name}:${event.eventId}` });
            }
          }
          done.push(row.id);
        } catch (error) {
          logger.error({ err: error, eventId: row.id }, 'outbox dispatch failed; will retry after the lease');
          await database.query('update outbox set last_error = $2 where id = $1', [row.id, String(error)]);
        }
      }
      if (done.length > 0) await database.query('update outbox set dispatched_at = now(), claimed_until = null where id = any($1::bigint[])', [done]);
      total += done.length;
    }
  }

  let isRunning = false;
  let isPending = false;
  let stopped = false;
  async function kick() {
    if (stopped) return;
    if (isRunning) {
      isPending = true;
      return;
    }
    isRunning = true;
    try {
      do {
        isPending = false;
        await drain();
      } while (isPending && !stopped);
    } catch (error) {
      logger.error({ err: error }, 'outbox drain failed');
    } finally {
      isRunning = false;
    }
  }
  const unlisten = await database.listen(outboxChannel, () => void kick());
  const timer = setInterval(() => void kick(), options.pollMs ?? 5000);
  timer.unref();
  void kick();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      while (isRunning) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
