/**
 * Idempotency-Key: the first request with a key runs; a retry with the same key and body gets the
 * first response replayed; the same key with another body is refused. Keys live 24 hours.
 */
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
    body = await run();
  } catch (error) {
    await abandonIdempotentRequest(store, actor, key);
    throw error;
  }
  await finishIdempotentRequest(store, actor, key, statusCode, body);
  return { replay: null, body };
}
