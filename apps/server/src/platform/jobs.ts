/**
 * pg-boss 10 runs in the worker role. On PostgreSQL it uses its own pool; on PGlite it shares the
 * single embedded connection through a small adapter.
 */
import PgBoss from 'pg-boss';
import type { Database } from '@rapport/db/database';
import type { Logger } from './logger.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobQueue {
  send(queue: string, data: Record<string, unknown>, options?: { singletonKey?: string; retryLimit?: number }): Promise<void>;
  /**
   * Many jobs in one statement, with the queues' own retry settings. As with `send`, a singleton
   * key is only recorded: standard pg-boss queues do not dedupe by it, so handlers stay idempotent.
   */
  sendMany(jobs: readonly { queue: string; data: Record<string, unknown>; singletonKey?: string }[]): Promise<void>;
  work(queue: string, handler: JobHandler): Promise<void>;
  schedule(queue: string, cron: string, handler: JobHandler): Promise<void>;
  stop(): Promise<void>;
}

type ConstructorOptions = ConstructorParameters<typeof PgBoss>[0];

function bossOptions(database: Database, connectionString: string | undefined): ConstructorOptions {
  const common = { schema: 'pgboss', supervise: true, schedule: true, migrate: true };
  if (database.kind === 'postgres' && connectionString) return { ...common, connectionString, max: 4 };
  return {
    ...common,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        // pg-boss sends multi-statement scripts without parameters (installs, migrations).
        if (!values || values.length === 0) return { rows: await database.exec(text) };
        return { rows: await database.query(text, values) };
      },
    },
  };
}

/** An outbox event's id (they only grow), or 0 for other jobs (a stable sort keeps their order). */
function eventOrder(data: unknown): number {
  const id = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['eventId'] : undefined;
  return typeof id === 'number' && Number.isFinite(id) ? id : 0;
}

/** Jobs one worker fetches at a time (per queue; again at once after a full batch, else after the polling interval). */
const listenerBatchSize = 25;

export interface JobQueueOptions {
  /** How long an idle listener waits between fetches (default 0.5 s). */
  listenerPollingSeconds?: number;
}

export async function startJobQueue(database: Database, logger: Logger, connectionString?: string, options: JobQueueOptions = {}): Promise<JobQueue> {
  const listenerPollingSeconds = options.listenerPollingSeconds ?? 0.5;
  const boss = new PgBoss(bossOptions(database, connectionString));
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const created = new Set<string>();
  async function ensureQueue(queue: string) {
    if (created.has(queue)) return;
    await boss.createQueue(queue, { name: queue, retryLimit: 8, retryDelay: 5, retryBackoff: true });
    created.add(queue);
  }
  /**
   * Runs a fetched batch in order. A job that throws is failed on its own (pg-boss retries it with
   * backoff) and the batch goes on: pg-boss then completes only the jobs still active, so one bad
   * event neither holds up nor re-runs the others. pg-boss hands a batch over in no particular
   * order, so jobs of outbox events (which carry `eventId`) run in event order.
   */
  async function run(queue: string, handler: JobHandler, jobs: { id: string; data: unknown }[]) {
    for (const job of [...jobs].sort((left, right) => eventOrder(left.data) - eventOrder(right.data))) {
      try {
        await handler(job.data as Record<string, unknown>);
      } catch (error) {
        logger.warn({ err: error, queue, jobId: job.id }, 'job failed; pg-boss will retry it');
        await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return {
    async send(queue, data, options = {}) {
      await ensureQueue(queue);
      await boss.send(queue, data, options);
    },
    async sendMany(jobs) {
      if (jobs.length === 0) return;
      for (const queue of new Set(jobs.map((job) => job.queue))) await ensureQueue(queue);
      await boss.insert(jobs.map((job) => ({ name: job.queue, data: job.data, ...(job.singletonKey ? { singletonKey: job.singletonKey } : {}) })));
    },
    async work(queue, handler) {
      await ensureQueue(queue);
      // pg-boss waits the polling interval after every fetch unless the worker is notified. A full
      // batch means more are waiting, so the worker is told to fetch again at once: otherwise a
      // listener could never handle more than 25 jobs per 0.5 s (50 events/s), and under a steady
      // stream of mail its backlog (routing, automations, webhooks of new tickets) grew without end.
      let workerId = '';
      workerId = await boss.work(queue, { pollingIntervalSeconds: listenerPollingSeconds, batchSize: listenerBatchSize }, async (jobs) => {
        await run(queue, handler, jobs);
        if (jobs.length >= listenerBatchSize) boss.notifyWorker(workerId);
      });
    },
    async schedule(queue, cron, handler) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
      await boss.work(queue, { pollingIntervalSeconds: 5 }, (jobs) => run(queue, handler, jobs));
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
