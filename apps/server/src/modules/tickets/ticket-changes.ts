/** Shared by the ticket use cases: the audit + outbox + realtime trio written inside their transaction. */
import type { DbOrTx } from '@rapport/db/database';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import type { Actor } from '../../platform/actor.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';

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
}
