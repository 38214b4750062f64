import type { BulkTicketResult, BulkTicketsBody, BulkTicketsResponse } from '@rapport/contracts/inbox';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { roleHas } from '../../platform/permissions.ts';
import { mergeTickets } from './merge-tickets.ts';
import { updateTicket } from './update-ticket.ts';

/**
 * Applies one inbox bulk action to each ticket in turn, through the same use cases as the ticket
 * page (so each ticket gets its own transaction, audit entry, rules and realtime event). A ticket
 * that fails is reported with its error code and message; it does not undo or stop the others.
 */
export async function bulkUpdateTickets(deps: AppDeps, actor: Actor, input: BulkTicketsBody): Promise<BulkTicketsResponse> {
  const action = input.action;
  if (action.type === 'merge' && !roleHas(actor.role, 'ticket.merge')) {
    throw new AppError('FORBIDDEN', { message: 'Your role cannot merge tickets.' });
  }
  const ticketIds = [...new Set(input.ticketIds)];
  const results: BulkTicketResult[] = [];
  for (const ticketId of ticketIds) {
    try {
      if (action.type === 'merge') {
        if (ticketId === action.intoTicketId) continue; // the survivor is part of the selection; nothing to do to it
        await mergeTickets(deps, actor, ticketId, action.intoTicketId);
        results.push({ ticketId, ok: true, error: null });
      } else {
        await updateTicket(deps, actor, ticketId, action.changes);
        results.push({ ticketId, ok: true, error: null });
      }
    } catch (error) {
      if (error instanceof AppError) {
        results.push({ ticketId, ok: false, error: { code: error.code, message: error.message } });
      } else {
        // One ticket's unexpected failure (a deadlock, say) must not hide what happened to the rest.
        deps.logger.error({ err: error, ticketId }, 'bulk ticket change failed');
        results.push({ ticketId, ok: false, error: { code: 'INTERNAL', message: 'This ticket could not be changed; try it again on its own.' } });
      }
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
