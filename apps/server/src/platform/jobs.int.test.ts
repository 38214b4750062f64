/**
 * The job queue (pg-boss) the outbox listeners run on, on both databases: a listener's jobs are
 * fetched in batches and handled in order, and one job that throws is retried on its own while
 * the rest of its batch completes once (listeners are idempotent, but re-running a whole batch for
 * one bad event would multiply their work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@rapport/db/database';
import { createTestDatabase } from '../../../../tests/support/database.ts';
import { createLogger } from './logger.ts';
import { startJobQueue, type JobQueue } from './jobs.ts';

let database: Database;
let queue: JobQueue;

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await startJobQueue(database, createLogger({ level: 'silent' }));
});
afterAll(async () => {
  await queue?.stop();
  await database?.close();
});

async function waitUntil(what: string, isDone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the job queue', () => {
  it('handles a batch in order, retries only the job that failed, and completes the others once', async () => {
    const calls: number[] = [];
    let failedOnce = false;
    await queue.work('test.batch', async (data) => {
      const n = Number(data['n']);
      calls.push(n);
      if (n === 7 && !failedOnce) {
        failedOnce = true;
        throw new Error('the first attempt at job 7 fails');
      }
    });
    // Like the outbox dispatcher's jobs, each carries its event id. pg-boss fetches in created_on
    // order, and PGlite's clock has millisecond resolution: jobs sent in one millisecond tie, and a
    // fetch of 25 could then take a later one before an earlier one. 2 ms apart, they never tie.
    for (let n = 0; n < 40; n += 1) {
      await queue.send('test.batch', { n, eventId: 1_000 + n });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }

    await waitUntil('every job, and job 7 twice', () => new Set(calls).size === 40 && calls.filter((n) => n === 7).length === 2, 60_000);
    // Give a wrongly failed batch the time its retry would take (5 s) to show up as extra calls.
    await new Promise((resolve) => setTimeout(resolve, 6_000));

    const counts = new Map<number, number>();
    for (const n of calls) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (let n = 0; n < 40; n += 1) expect(counts.get(n), `job ${n}`).toBe(n === 7 ? 2 : 1);
    // Within each fetched batch, in event order (batches themselves may be fetched by several
    // workers; here there is one): so the first calls are in order, and the retry of 7 comes later.
    const firsts = calls.filter((n, index) => calls.indexOf(n) === index);
    expect(firsts).toEqual([...Array(40).keys()]);
  });

  it('sends many jobs to several queues in one call, each handled once, in event order', async () => {
    const seen: string[] = [];
    await queue.work('test.many-a', async (data) => void seen.push(`a:${String(data['n'])}`));
    await queue.work('test.many-b', async (data) => void seen.push(`b:${String(data['n'])}`));
    await queue.sendMany([
      { queue: 'test.many-a', data: { n: 2, eventId: 2 }, singletonKey: 'many-a:2' },
      { queue: 'test.many-b', data: { n: 1, eventId: 1 }, singletonKey: 'many-b:1' },
      { queue: 'test.many-a', data: { n: 1, eventId: 1 }, singletonKey: 'many-a:1' },
    ]);
    await queue.sendMany([]);
    await waitUntil('three jobs', () => seen.length >= 3, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(seen.filter((entry) => entry.startsWith('a:'))).toEqual(['a:1', 'a:2']);
    expect(seen.filter((entry) => entry.startsWith('b:'))).toEqual(['b:1']);
  });

  it('fetches again at once after a full batch: a backlog drains without waiting the polling interval', async () => {
    // A second queue whose idle listeners wait 60 s between fetches: only the fetch at start and
    // the immediate re-fetches after full batches (25 jobs) can run within the bound below.
    const slow = await startJobQueue(database, createLogger({ level: 'silent' }), undefined, { listenerPollingSeconds: 60 });
    try {
      await slow.sendMany(Array.from({ length: 130 }, (_, n) => ({ queue: 'test.backlog', data: { n, eventId: n + 1 } })));
      const seen = new Set<number>();
      await slow.work('test.backlog', async (data) => void seen.add(Number(data['n'])));
      // Without the re-fetch: 25 jobs, then the next 25 a minute later.
      await waitUntil('all 130 jobs', () => seen.size === 130, 30_000);
      expect(seen.size).toBe(130);
    } finally {
      await slow.stop();
    }
  });
});
