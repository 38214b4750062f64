/**
 * The SLA monitor (worker role): every few seconds it marks the clocks whose warning or due time
 * passed, and for each writes the audit entry, the `sla.warning` / `sla.breached` outbox event
 * (automations and notifications listen to it) and a realtime `ticket.updated` — in the same
 * transaction as the mark, so an event is never lost or doubled. It reads only the partial
 * indexes of clocks that are due (ticket_slas_due_idx, ticket_slas_warn_idx): its cost follows
 * the number of clocks falling due, not the number of tickets (no sweep). Several workers share
 * the work (`for update skip locked`).
 */
import type { AppDeps } from '../../platform/app-deps.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { recordSlaEvent } from './sla.ts';
import { markDueClocks } from './sla.queries.ts';

export interface SlaMonitor {
  /** Marks everything due now; resolves when done (tests and benchmarks). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const batchSize = 500;

/** One pass: marks due clocks in batches until none is left; returns how many events it wrote. */
export async function markDueSlaClocks(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const count = await deps.db.transaction(async (tx) => {
      const events = await markDueClocks(tx, now, batchSize);
      for (const event of events) await recordSlaEvent(tx, event, now);
      return events.length;
    });
    total += count;
    if (count === 0) return total;
  }
}

export async function startSlaMonitor(deps: AppDeps, options: { pollMs?: number } = {}): Promise<SlaMonitor> {
  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'sla-monitor',
    channel: null,
    pollMs: options.pollMs ?? 5_000,
    drain: async () => {
      const count = await markDueSlaClocks(deps);
      if (count > 0) deps.logger.info({ events: count }, 'SLA warnings and breaches recorded');
    },
  });
  return { drain: () => loop.kick(), stop: () => loop.stop() };
}
