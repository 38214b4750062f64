/**
 * Every override of an automatic decision (an SLA clock, routing, the automatic close, a discretion
 * limit, an automation) is recorded here, inside the overriding transaction: one `decision_overrides`
 * row (what the ticket's Overrides list and the leads' list read) and the matching audit entry.
 * The reason is required: an override without one is refused before it gets here.
 */
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { insertDecisionOverride, type DecisionOverrideRow } from './overrides.queries.ts';

export type OverrideKind = DecisionOverrideRow['kind'];

export interface OverrideRecord {
  ticketId: string;
  kind: OverrideKind;
  /** What inside the kind: the SLA metric, the automation id, the resolution action id. */
  subject?: string | null;
  reason: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export async function recordDecisionOverride(tx: DbOrTx, actor: Actor, record: OverrideRecord, now: Date): Promise<DecisionOverrideRow> {
  const reason = record.reason.trim();
  if (reason.length === 0) {
    throw new AppError('VALIDATION_FAILED', { message: 'Say why you override this decision.', details: { fields: ['reason'] } });
  }
  const row = await insertDecisionOverride(tx, {
    workspaceId: actor.workspaceId,
    ticketId: record.ticketId,
    kind: record.kind,
    subject: record.subject ?? null,
    reason,
    before: record.before ?? {},
    after: record.after ?? {},
    actorId: actor.userId,
    createdAt: now,
  });
  await recordAudit(tx, actor, {
    action: `override.${record.kind}`,
    subjectType: 'ticket',
    subjectId: record.ticketId,
    data: { overrideId: row.id, subject: row.subject, reason, before: row.before, after: row.after },
  });
  return row;
}
