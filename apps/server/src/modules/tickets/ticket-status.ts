import type { Outcome, TicketStatus } from '@rapport/contracts/tickets';

export interface StatusChange {
  status: TicketStatus;
  solvedAt: Date | null;
  outcome: Outcome | null;
}

/**
 * Pure rules for a status change (P6: "solved" means solved). Solving stamps solved_at and records an
 * outcome (default "solved" unless the agent said otherwise); reopening clears both.
 */
export function nextStatus(
  current: { status: TicketStatus; solvedAt: Date | null; outcome: Outcome | null },
  requested: { status?: TicketStatus | undefined; outcome?: Outcome | null | undefined },
  now: Date,
): StatusChange {
  const status = requested.status ?? current.status;
  const isResolved = status === 'solved' || status === 'closed';
  const wasResolved = current.status === 'solved' || current.status === 'closed';
  if (!isResolved) return { status, solvedAt: null, outcome: null };
  const outcome = requested.outcome !== undefined ? requested.outcome ?? 'solved' : current.outcome ?? 'solved';
  return { status, solvedAt: wasResolved && current.solvedAt ? current.solvedAt : now, outcome };
}
