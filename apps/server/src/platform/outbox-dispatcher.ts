/**
 * Moves committed outbox events to the job queue, one job per (event, listener that wants it). A
 * row is leased while being dispatched and marked done afterwards, so a crash mid-way re-dispatches it
 * (at-least-once): listeners are idempotent and keyed by the event id. The dispatcher renews the
 * leases of the batch it works on every lease/3 in one statement (lease-keeper.ts; a lease is
 * identified by the claim's `attempts`), so the lease is short (30 s) and a crashed dispatcher's
 * batch is taken over soon after; rows whose lease was lost are skipped and not marked done.
 */
import type { Database } from '@rapport/db/database';
import type { JobQueue } from './jobs.ts';
import type { Logger } from './logger.ts';
import { outboxChannel } from './events.ts';
import { heldAmong, keepLeases } from './lease-keeper.ts';

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
  /**
   * Whether an event of one of its topics can concern this listener at all: from the event alone
   * (an auto-acknowledgement's message.created concerns no notification, follower or automation),
   * or with a lookup made once per workspace and claim (a workspace without webhook endpoints for
   * the topic). The dispatcher creates no job for an event the listener does not want. Without it,
   * every event of its topics.
   */
  wants?(event: OutboxEvent, batch: EventBatch): boolean | Promise<boolean>;
}

/**
 * What the events of one claim share: a lookup that many of them would make alike (e.g. "which
 * triggers have enabled automations in this workspace?") is made once per claim.
 */
export interface EventBatch {
  /** `load()`'s answer for `key`, asked once per batch; a failed load is asked again by the next event. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function createEventBatch(): EventBatch {
  const answers = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      let answer = answers.get(key) as Promise<T> | undefined;
      if (!answer) {
        answer = load();
        answers.set(key, answer);
        answer.catch(() => answers.delete(key));
      }
      return answer;
    },
  };
}

export interface OutboxDispatcher {
  /** Dispatches everything pending now; returns how many events were handed over. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export const outboxLeaseSeconds = 30;
const batchSize = 100;

export async function startOutboxDispatcher(
  database: Database,
  queue: JobQueue,
  listeners: readonly EventListener[],
  logger: Logger,
  options: { pollMs?: number; leaseSeconds?: number } = {},
): Promise<OutboxDispatcher> {
  const leaseSeconds = options.leaseSeconds ?? outboxLeaseSeconds;
  // The lease token of an event row is the `attempts` its claim returned.
  const leases = keepLeases<number>({
    name: 'outbox-dispatcher',
    leaseMs: leaseSeconds * 1000,
    logger,
    renew: async (held) => {
      const rows = await database.query<{ id: number }>(
        `update outbox o set claimed_until = now() + make_interval(secs => $1)
           from unnest($2::bigint[], $3::int[]) as h(id, attempts)
          where o.id = h.id and o.attempts = h.attempts and o.dispatched_at is null and o.claimed_until is not null
         returning o.id`,
        [leaseSeconds, held.map((lease) => lease.id), held.map((lease) => lease.token)],
      );
      return heldAmong(held, rows.map((row) => String(row.id)));
    },
  });

  for (const listener of listeners) {
    await queue.work(`listener.${listener.name}`, async (data) => {
      await listener.handle(data as unknown as OutboxEvent); // written by this dispatcher just below
    });
  }

  async function claimBatch() {
    return database.query<{ id: number; topic: string; version: number; workspace_id: string; payload: Record<string, unknown>; attempts: number }>(
      `update outbox set claimed_until = now() + make_interval(secs => $1), attempts = attempts + 1
       where id in (
         select id from outbox
         where dispatched_at is null and (claimed_until is null or claimed_until < now())
         order by id limit $2 for update skip locked)
       returning id, topic, version, workspace_id, payload, attempts`,
      [leaseSeconds, batchSize],
    );
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimedAt = performance.now();
      const claimed = await claimBatch();
      if (claimed.length === 0) return total;
      for (const row of claimed) leases.hold(String(row.id), Number(row.attempts), claimedAt);
      try {
        total += await dispatchClaim(claimed);
      } finally {
        for (const row of claimed) leases.release(String(row.id));
      }
    }
  }

  /** Hands a claim's events to the queue; returns how many were marked dispatched. */
  async function dispatchClaim(claimed: Awaited<ReturnType<typeof claimBatch>>): Promise<number> {
    // Rows another dispatcher claimed after our lease ran out are its to dispatch (and to mark).
    const rows = claimed.filter((row) => leases.isHeld(String(row.id)));
    if (rows.length === 0) return 0;
    rows.sort((left, right) => left.id - right.id);
    const done: number[] = [];
    // The listeners' lookups (e.g. a workspace's webhook topics) are made once per claim.
    const batch = createEventBatch();
    const jobsOf = async (row: (typeof rows)[number]) => {
      const event: OutboxEvent = { eventId: row.id, topic: row.topic, version: row.version, workspaceId: row.workspace_id, payload: row.payload };
      const interested = listeners.filter((listener) => listener.topics.includes(event.topic));
      const wanted = await Promise.all(interested.map(async (listener) => (listener.wants ? await listener.wants(event, batch) : true)));
      return interested
        .filter((_, index) => wanted[index])
        .map((listener) => ({ queue: `listener.${listener.name}`, data: event as unknown as Record<string, unknown>, singletonKey: `${listener.name}:${event.eventId}` }));
    };
    try {
      // The whole claim in one statement: a job per (event, listener) costs a round trip otherwise.
      await queue.sendMany((await Promise.all(rows.map(jobsOf))).flat());
      done.push(...rows.map((row) => row.id));
    } catch (batchError) {
      logger.warn({ err: batchError, events: rows.length }, 'outbox batch dispatch failed; dispatching its events one by one');
      for (const row of rows) {
        try {
          for (const job of await jobsOf(row)) await queue.send(job.queue, job.data, { singletonKey: job.singletonKey });
          done.push(row.id);
        } catch (error) {
          logger.error({ err: error, eventId: row.id }, 'outbox dispatch failed; will retry after the lease');
          await database.query('update outbox set last_error = $2 where id = $1', [row.id, String(error)]);
        }
      }
    }
    if (done.length === 0) return 0;
    // Marked only under the claim's lease (same attempts): not a row another dispatcher took over meanwhile.
    const attemptsOf = new Map(rows.map((row) => [row.id, Number(row.attempts)]));
    const marked = await database.query(
      `update outbox o set dispatched_at = now(), claimed_until = null
         from unnest($1::bigint[], $2::int[]) as h(id, attempts)
        where o.id = h.id and o.attempts = h.attempts and o.dispatched_at is null
       returning o.id`,
      [done, done.map((id) => attemptsOf.get(id))],
    );
    return marked.length;
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
      leases.stop();
    },
  };
}
