/**
 * Writing side effects: the audit row, the outbox row and the realtime notification go into the
 * same transaction as the change. pg_notify is transactional, so listeners hear of a change only
 * once it is committed, and never of a rolled-back one.
 */
import { auditLog, outbox } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';
import { sql } from 'drizzle-orm';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import type { Actor } from './actor.ts';

export const realtimeChannel = 'rapport_realtime';
/** Wakes the outbound sender: sent by every transaction that queues an email. */
export const outboundChannel = 'rapport_outbound';
export const outboxChannel = 'rapport_outbox';

export interface DomainEvent {
  topic: string;
  version?: number;
  payload: Record<string, unknown>;
}

export async function recordAudit(
  tx: DbOrTx,
  actor: Actor,
  entry: { action: string; subjectType: string; subjectId: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({
    workspaceId: actor.workspaceId,
    actorType: actor.via === 'token' ? 'token' : actor.via === 'system' ? 'system' : 'user',
    actorId: actor.userId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    data: entry.data ?? {},
    requestId: actor.requestId ?? null,
  });
}

export async function publishEvent(tx: DbOrTx, actor: Actor, event: DomainEvent): Promise<void> {
  // The wake-up rides in the insert's RETURNING: one round trip instead of two.
  await tx
    .insert(outbox)
    .values({
      workspaceId: actor.workspaceId,
      topic: event.topic,
      version: event.version ?? 1,
      payload: { ...event.payload, workspaceId: actor.workspaceId, actorId: actor.userId },
    })
    .returning({ notified: sql`(select pg_notify(${outboxChannel}, ''))` });
}

export async function notifyRealtime(tx: DbOrTx, event: RealtimeEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${realtimeChannel}, ${JSON.stringify(event)})`);
}
