/**
 * Idempotency-Key across a crash: the first commit of a keyed request marks the key in the same
 * transaction, so a retry after the response was lost never runs the request a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@rapport/db/database';
import { idempotencyKeys, tags, workspaces } from '@rapport/db/schema';
import { createTestDatabase } from '../../../../tests/support/database.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';
import { committedStatusCode, markIdempotentCommits, runIdempotently, type IdempotencyStore } from './idempotency.ts';

let database: Database;
let store: IdempotencyStore;
let actor: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  markIdempotentCommits(database.db);
  store = { db: database.db, now: () => new Date() };
  const [workspace] = await database.db.insert(workspaces).values({ slug: 'idem', name: 'Idempotency' }).returning();
  actor = { workspaceId: workspace!.id, userId: null, role: 'admin', via: 'system' };
});
afterAll(async () => database?.close());

const tagCount = async (name: string) =>
  (await database.db.select().from(tags).where(and(eq(tags.workspaceId, actor.workspaceId), eq(tags.name, name)))).length;

const keyRow = async (key: string) => (await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)))[0];

/** The request's effect commits, then the process "dies" before the response is stored. */
class Crash extends Error {}

const createTag = (name: string, after?: () => void) => async () => {
  await database.db.transaction(async (tx) => {
    await tx.insert(tags).values({ workspaceId: actor.workspaceId, name });
  });
  after?.();
  return { name };
};

describe('Idempotency-Key and a crash between commit and response', () => {
  it('marks the key in the request transaction, so a retry answers IDEMPOTENT_REQUEST_DONE instead of running twice', async () => {
    const key = 'crash-after-commit-1';
    const request = { route: 'tags.create', body: { name: 'refund' } };
    await expect(
      runIdempotently(store, actor, key, request, 201, createTag('refund', () => {
        throw new Crash('killed after the commit');
      })),
    ).rejects.toBeInstanceOf(Crash);
    expect((await keyRow(key))?.statusCode).toBe(committedStatusCode);

    const retry = runIdempotently(store, actor, key, request, 201, createTag('refund'));
    await expect(retry).rejects.toMatchObject({ code: 'IDEMPOTENT_REQUEST_DONE' });
    await expect(retry).rejects.toBeInstanceOf(AppError);
    expect(await tagCount('refund')).toBe(1);
  });

  it('forgets the key when the request rolled back, so a retry runs it', async () => {
    const key = 'rolled-back-1';
    const request = { route: 'tags.create', body: { name: 'shipping' } };
    await expect(
      runIdempotently(store, actor, key, request, 201, async () =>
        database.db.transaction(async (tx) => {
          await tx.insert(tags).values({ workspaceId: actor.workspaceId, name: 'shipping' });
          throw new Crash('failed inside the transaction');
        }),
      ),
    ).rejects.toBeInstanceOf(Crash);
    expect(await keyRow(key)).toBeUndefined();
    expect(await tagCount('shipping')).toBe(0);

    const retry = await runIdempotently(store, actor, key, request, 201, createTag('shipping'));
    expect(retry).toEqual({ replay: null, body: { name: 'shipping' } });
    expect(await tagCount('shipping')).toBe(1);
  });

  it('replays the stored response after a normal finish, and nested transactions mark once', async () => {
    const key = 'normal-finish-1';
    const request = { route: 'tags.create', body: { name: 'billing' } };
    const run = async () => {
      await database.db.transaction(async (tx) => {
        await tx.insert(tags).values({ workspaceId: actor.workspaceId, name: 'billing' });
        await tx.transaction(async (savepoint) => savepoint.insert(tags).values({ workspaceId: actor.workspaceId, name: 'billing-2' }));
      });
      return { name: 'billing' };
    };
    expect(await runIdempotently(store, actor, key, request, 201, run)).toEqual({ replay: null, body: { name: 'billing' } });
    expect(await keyRow(key)).toMatchObject({ statusCode: 201, responseBody: { name: 'billing' } });
    expect(await runIdempotently(store, actor, key, request, 201, run)).toMatchObject({ replay: { statusCode: 201, body: { name: 'billing' } }, body: null });
    expect(await tagCount('billing')).toBe(1);
  });

  it('leaves transactions outside keyed requests alone', async () => {
    await database.db.transaction(async (tx) => tx.insert(tags).values({ workspaceId: actor.workspaceId, name: 'unkeyed' }));
    expect(await tagCount('unkeyed')).toBe(1);
    expect(await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.statusCode, committedStatusCode))).toHaveLength(1);
  });
});
