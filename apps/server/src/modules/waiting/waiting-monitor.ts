/**
 * The waiting monitor (worker role): every half minute it takes the waits whose reminder or
 * automatic close is due and, for each, queues the reminder email (a system message on the
 * ticket's thread) or solves the ticket with a closing notice — with the audit entry, the outbox
 * event and a realtime update in the same transaction (waiting.ts `runWaitingMonitorPass`). It
 * reads only the partial indexes of due waits (ticket_waits_remind_idx, ticket_waits_close_idx):
 * no sweep over tickets. Several workers share the work (`for update skip locked`).
 */
import type { AppDeps } from '../../platform/app-deps.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { runWaitingMonitorPass } from './waiting.ts';

export interface WaitingMonitor {
  /** Takes every due step now; resolves when done (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWaitingMonitor(deps: AppDeps, options: { pollMs?: number } = {}): Promise<WaitingMonitor> {
  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'waiting-monitor',
    channel: null,
    pollMs: options.pollMs ?? 30_000,
    drain: async () => {
      const count = await runWaitingMonitorPass(deps);
      if (count > 0) deps.logger.info({ steps: count }, 'waiting on the customer: reminders sent and tickets closed');
    },
  });
  return { drain: () => loop.kick(), stop: () => loop.stop() };
}
