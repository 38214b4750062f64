/**
 * The inbound processor (worker role): claims due receipts with a lease and processes up to
 * `config.inboundConcurrency` at a time. A processor that dies mid-way leaves a lease that runs
 * out; another processor then takes the receipt over (the receipt row lock in processInboundEmail
 * makes sure it is acted on once). A receipt that keeps failing with an unexpected error is
 * retried with backoff and quarantined as 'processing_failed' after `maxAttempts` claims, so a
 * poison message never becomes a crash loop and is never lost (its raw original stays stored).
 */
import type { AppDeps } from '../../platform/app-deps.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { processInboundEmail } from './process-inbound.ts';
import { claimDueReceipts, postponeReceipt, quarantineAfterFailures, type ClaimedReceipt } from './inbound.queries.ts';
import { inboundChannel } from './receipt.queries.ts';

export const inboundLeaseSeconds = 120;
export const maxInboundAttempts = 5;
const pollMs = 5_000;

export interface InboundProcessor {
  stop(): Promise<void>;
  /** Processes every due receipt now (or after the running drain) and resolves when done. */
  drain(): Promise<void>;
}

export interface InboundProcessorOptions {
  leaseSeconds?: number;
  pollMs?: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Seconds until a failed receipt is due again: 5 s, 20 s, 45 s, … (always shorter than the lease). */
export function retryDelaySeconds(attempts: number, leaseSeconds: number): number {
  return Math.min(leaseSeconds, 5 * attempts * attempts);
}

export async function startInboundProcessor(deps: AppDeps, options: InboundProcessorOptions = {}): Promise<InboundProcessor> {
  const leaseSeconds = options.leaseSeconds ?? inboundLeaseSeconds;
  const concurrency = Math.max(1, deps.config.inboundConcurrency);
  let stopping = false;

  async function handle(row: ClaimedReceipt): Promise<void> {
    if (row.attempts > maxInboundAttempts) {
      // Claimed this often without finishing: an earlier attempt crashed or hung the process.
      await quarantineAfterFailures(deps.database, row.id, `Gave up after ${maxInboundAttempts} attempts that did not finish.`);
      deps.logger.warn({ inboundEmailId: row.id, attempts: row.attempts }, 'inbound email quarantined after repeated failures');
      return;
    }
    try {
      // The claimed row is current (we hold its lease): no second read of the receipt.
      await processInboundEmail(deps, row.workspaceId, row.id, { receipt: row });
    } catch (error) {
      const text = errorText(error);
      if (row.attempts >= maxInboundAttempts) {
        await quarantineAfterFailures(deps.database, row.id, `Failed ${row.attempts} times; last error: ${text}`);
        deps.logger.warn({ err: error, inboundEmailId: row.id, attempts: row.attempts }, 'inbound email quarantined after repeated failures');
      } else {
        await postponeReceipt(deps.database, row.id, retryDelaySeconds(row.attempts, leaseSeconds), text);
        deps.logger.error({ err: error, inboundEmailId: row.id, attempts: row.attempts }, 'inbound email processing failed; will retry');
      }
    }
  }

  async function drainAll(): Promise<void> {
    while (!stopping) {
      const rows = await claimDueReceipts(deps.db, leaseSeconds, concurrency * 4);
      if (rows.length === 0) return;
      // One worker per lane; messages of one envelope sender stay in arrival order within a batch,
      // so a quick reply is not threaded before the message it answers.
      const lanes = new Map<string, ClaimedReceipt[]>();
      for (const row of rows) {
        const key = row.envelopeFrom?.toLowerCase() || row.id;
        lanes.set(key, [...(lanes.get(key) ?? []), row]);
      }
      const queue = [...lanes.values()];
      const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) {
          for (const row of lane) await handle(row);
        }
      });
      await Promise.all(workers);
    }
  }

  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'inbound-processor',
    channel: inboundChannel,
    pollMs: options.pollMs ?? pollMs,
    drain: drainAll,
  });

  return {
    drain: () => loop.kick(),
    async stop() {
      stopping = true;
      await loop.stop();
    },
  };
}
