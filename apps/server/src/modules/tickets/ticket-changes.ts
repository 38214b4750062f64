/**
 * Shared by the ticket use cases: the audit + outbox + realtime trio written inside their
 * transaction, after the ticket itself was written. Every ticket change passes here, so this is
 * also where the ticket's SLA clocks (sla.ts) and its place in the fair queue (queue-keys.ts) follow
 * its new state, in the same transaction.
 */
import type { DbOrTx } from '@rapport/db/database';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import type { Actor } from '../../platform/actor.ts';
import { notifyRealtime, outboxChannel, publishEvent, realtimeChannel, recordAudit } from '../../platform/events.ts';
import { refreshQueueKeys } from '../queue/queue-keys.ts';
import { syncTicketSlas } from '../sla/sla.ts';
import { syncTicketWaits } from '../waiting/waiting.ts';
import { insertTicketChangeRows } from './tickets.queries.ts';

export async function recordTicketChange(
  tx: DbOrTx,
  actor: Actor,
  change: {
    ticket: { id: string; number: number };
    action: string;
    topic: string;
    realtimeType: RealtimeEvent['type'];
    data?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await recordAudit(tx, actor, { action: change.action, subjectType: 'ticket', subjectId: change.ticket.id, data: change.data ?? {} });
  await publishEvent(tx, actor, {
    topic: change.topic,
    payload: { ticketId: change.ticket.id, ticketNumber: change.ticket.number, ...change.data },
  });
  await notifyRealtime(tx, {
    type: change.realtimeType,
    workspaceId: actor.workspaceId,
    ticketId: change.ticket.id,
    ticketNumber: change.ticket.number,
    actorId: actor.userId,
    at: change.at.toISOString(),
  });
  await syncTicketSlas(tx, actor.workspaceId, [change.ticket.id], change.at);
  await syncTicketWaits(tx, actor.workspaceId, [change.ticket.id], change.at);
  await refreshQueueKeys(tx, actor.workspaceId, [change.ticket.id], change.at);
}

export type TicketChange = Parameters<typeof recordTicketChange>[2];

/**
 * The batch variant of `recordTicketChange`: the same audit, outbox and realtime rows for several
 * changes by one actor, in one round trip.
 */
export async function recordTicketChanges(tx: DbOrTx, actor: Actor, changes: TicketChange[]): Promise<void> {
  const actorType = actor.via === 'token' ? 'token' : actor.via === 'system' ? 'system' : 'user';
  await insertTicketChangeRows(
    tx,
    changes.map((change) => ({
      audit: {
        workspaceId: actor.workspaceId,
        actorType,
        actorId: actor.userId,
        action: change.action,
        subjectType: 'ticket',
        subjectId: change.ticket.id,
        data: change.data ?? {},
        requestId: actor.requestId ?? null,
      },
      outbox: {
        workspaceId: actor.workspaceId,
        topic: change.topic,
        version: 1,
        payload: { ticketId: change.ticket.id, ticketNumber: change.ticket.number, ...change.data, workspaceId: actor.workspaceId, actorId: actor.userId },
      },
      realtime: JSON.stringify({
        type: change.realtimeType,
        workspaceId: actor.workspaceId,
        ticketId: change.ticket.id,
        ticketNumber: change.ticket.number,
        actorId: actor.userId,
        at: change.at.toISOString(),
      } satisfies RealtimeEvent),
    })),
    { outbox: outboxChannel, realtime: realtimeChannel },
  );
  if (changes.length > 0) {
    const at = new Date(Math.max(...changes.map((change) => change.at.getTime())));
    const ids = changes.map((change) => change.ticket.id);
    await syncTicketSlas(tx, actor.workspaceId, ids, at);
    await syncTicketWaits(tx, actor.workspaceId, ids, at);
    await refreshQueueKeys(tx, actor.workspaceId, ids, at);
  }
}
