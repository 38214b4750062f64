/**
 * Idempotency-Key: the first request with a key runs; a retry with the same key and body gets the
 * first response replayed; the same key with another body is refused. Keys live 24 hours.
 *
 * A crash between the use case's commit and the stored response must not let a retry run the
 * request again (a reply would be queued twice). So while a keyed request runs, the first
 * transaction it commits also marks the key "carried out" (status 0) in that same transaction
 * (`markIdempotentCommits` wraps `db.transaction`). A retry then finds either nothing committed
 * (the key was abandoned: it runs again), the full response (replayed), or status 0: the effect
 * is in the database but the response was lost, answered with IDEMPOTENT_REQUEST_DONE instead of
 * running twice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys } from '@rapport/db/schema';
import type { Db } from '@rapport/db/database';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';

export interface IdempotencyStore {
  db: Db;
  now(): Date;
}

type Begin = { kind: 'new' } | { kind: 'replay'; statusCode: number; body: unknown };

const inProgressTimeoutMs = 60_000;

/** `status_code` of a key whose request committed its effect but whose response was not stored yet. */
export const committedStatusCode = 0;

interface KeyedRequest {
  workspaceId: string;
  principal: string;
  key: string;
  /** True while the outermost transaction of the request runs (nested calls are left alone). */
  inTransaction: boolean;
}

const keyedRequest = new AsyncLocalStorage<KeyedRequest>();
const markedDbs = new WeakSet<object>();

/**
 * Makes every outermost `db.transaction` that runs inside a keyed request also mark its key as
 * carried out, so the mark commits (or rolls back) with the request's own changes. Idempotent.
 */
export function markIdempotentCommits(db: Db): void {
  if (markedDbs.has(db)) return;
  markedDbs.add(db);
  const original = db.transaction.bind(db);
  const wrapped: typeof db.transaction = (callback, config) => {
    const request = keyedRequest.getStore();
    if (!request || request.inTransaction) return original(callback, config);
    return original(async (tx) => {
      request.inTransaction = true;
      try {
        const result = await callback(tx);
        await tx
          .update(idempotencyKeys)
          .set({ statusCode: committedStatusCode })
          .where(
            and(
              eq(idempotencyKeys.workspaceId, request.workspaceId),
              eq(idempotencyKeys.principal, request.principal),
              eq(idempotencyKeys.key, request.key),
              sql`${idempotencyKeys.statusCode} is null`,
            ),
          );
        return result;
      } finally {
        request.inTransaction = false;
      }
    }, config);
  };
  db.transaction = wrapped;
}

function principalOf(actor: Actor): string {
  return `${actor.via}:${actor.userId ?? 'system'}`;
}

export async function beginIdempotentRequest(store: IdempotencyStore, actor: Actor, key: string, body: unknown): Promise<Begin> {
  if (key.length < 8 || key.length > 200) {
    throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key must be 8 to 200 characters.' });
  }
  const requestHash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  const now = store.now();
  const where = and(
    eq(idempotencyKeys.workspaceId, actor.workspaceId),
    eq(idempotencyKeys.principal, principalOf(actor)),
    eq(idempotencyKeys.key, key),
  );
  // Forget keys older than a day and abandoned attempts (a crash between start and finish).
  await store.db
    .delete(idempotencyKeys)
    .where(
      and(
        where,
        sql`(${idempotencyKeys.createdAt} < ${new Date(now.getTime() - 86_400_000)} or (${idempotencyKeys.statusCode} is null and ${idempotencyKeys.createdAt} < ${new Date(now.getTime() - inProgressTimeoutMs)}))`,
      ),
    );
  const inserted = await store.db
    .insert(idempotencyKeys)
    .values({ workspaceId: actor.workspaceId, principal: principalOf(actor), key, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'new' };
  const [existing] = await store.db.select().from(idempotencyKeys).where(where);
  if (!existing) return { kind: 'new' };
  if (existing.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', { message: 'This Idempotency-Key was already used with a different request body.' });
  }
  if (existing.statusCode === null) {
    throw new AppError('RATE_LIMITED', { message: 'A request with this Idempotency-Key is still being processed; retry shortly.' });
  }
  if (existing.statusCode === committedStatusCode) {
    throw new AppError('IDEMPOTENT_REQUEST_DONE', {
      message: 'This request was already carried out, but its response was lost when the server restarted. Reload to see the result; do not send it again.',
    });
  }
  return { kind: 'replay', statusCode: existing.statusCode, body: existing.responseBody };
}

export async function finishIdempotentRequest(store: IdempotencyStore, actor: Actor, key: string, statusCode: number, body: unknown): Promise<void> {
  await store.db
    .update(idempotencyKeys)
    .set({ statusCode, responseBody: body })
    .where(
      and(
        eq(idempotencyKeys.workspaceId, actor.workspaceId),
        eq(idempotencyKeys.principal, principalOf(actor)),
        eq(idempotencyKeys.key, key),
      ),
    );
}

export async function pruneIdempotencyKeys(db: Db, before: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}

/** The first attempt failed: forget the key so a retry runs again instead of waiting. */
export async function abandonIdempotentRequest(store: IdempotencyStore, actor: Actor, key: string): Promise<void> {
  await store.db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.workspaceId, actor.workspaceId),
        eq(idempotencyKeys.principal, principalOf(actor)),
        eq(idempotencyKeys.key, key),
        sql`${idempotencyKeys.statusCode} is null`,
      ),
    );
}

/**
 * Runs a creating request once per key: a retry with the same key and request replays the stored
 * response; a failed first attempt forgets the key so a retry runs again. The route and its params
 * are part of the request, so the same key on another ticket is another request.
 */
export async function runIdempotently(
  store: IdempotencyStore,
  actor: Actor,
  key: string,
  request: unknown,
  statusCode: number,
  run: () => Promise<unknown>,
): Promise<{ replay: { statusCode: number; body: unknown } | null; body: unknown }> {
  const started = await beginIdempotentRequest(store, actor, key, request);
  if (started.kind === 'replay') return { replay: started, body: null };
  let body: unknown;
  try {
    body = await keyedRequest.run({ workspaceId: actor.workspaceId, principal: principalOf(actor), key, inTransaction: false }, run);
  } catch (error) {
    await abandonIdempotentRequest(store, actor, key);
    throw error;
  }
  await finishIdempotentRequest(store, actor, key, statusCode, body);
  return { replay: null, body };
}
