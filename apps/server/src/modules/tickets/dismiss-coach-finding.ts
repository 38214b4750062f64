import type { CoachDismissalBody } from '@rapport/contracts/composer';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { lockTicketByRef } from './get-ticket.ts';

/**
 * An agent dismissed a reply-coach finding with a reason: kept in the ticket's audit trail, so the
 * team can see which checks agents disagree with (P21: principles first, then metrics).
 */
export async function dismissCoachFinding(deps: AppDeps, actor: Actor, ref: string, input: CoachDismissalBody): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    await recordAudit(tx, actor, {
      action: 'coach.finding_dismissed',
      subjectType: 'ticket',
      subjectId: ticket.id,
      data: { rule: input.rule, reason: input.reason, excerpt: input.excerpt },
    });
  });
  return { ok: true };
}
