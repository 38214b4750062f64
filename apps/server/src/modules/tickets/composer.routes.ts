/** Routes of the composer that act on a ticket: undo-send and coach dismissals. */
import { Ok } from '@rapport/contracts/common';
import { CoachDismissalBody, UndoParams, UndoResult } from '@rapport/contracts/composer';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { dismissCoachFinding } from './dismiss-coach-finding.ts';
import { undoReply } from './undo-reply.ts';

export function composerRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'tickets.undoReply',
      method: 'POST',
      url: '/api/v1/tickets/:ref/messages/:messageId/undo',
      permission: 'ticket.reply',
      tag: 'tickets',
      summary: 'Withdraw your reply inside its undo window: its email is cancelled and the text returns to your draft (UNDO_WINDOW_CLOSED after)',
      params: UndoParams,
      response: UndoResult,
      successStatus: 200,
      handler: ({ actor, params }) => undoReply(deps, actor, params.ref, params.messageId),
    }),
    defineRoute({
      id: 'tickets.coachDismissal',
      method: 'POST',
      url: '/api/v1/tickets/:ref/coach-dismissals',
      permission: 'coach.use',
      tag: 'coach',
      summary: 'Record that you dismissed a reply-coach finding, and why (kept in the ticket audit trail)',
      params: TicketRefParams,
      body: CoachDismissalBody,
      response: Ok,
      handler: ({ actor, params, body }) => dismissCoachFinding(deps, actor, params.ref, body),
    }),
  ];
}
