/**
 * The inbound processor (worker role): claims due receipts with a lease and processes up to
 * `config.inboundConcurrency` at a time. It renews the leases of every receipt it holds (the claim
 * it works on and the next one it prepared) every lease/3 in one statement (platform/lease-keeper.ts),
 * so the lease is short (30 s): a processor that dies mid-way stops renewing and another takes its
 * receipts over soon after, while a slow one keeps them. A lease is identified by the claim's
 * `attempts`; a receipt whose renewal finds it claimed by another is dropped unprocessed, and
 * every write here (postpone, quarantine, hand back) is conditioned on it (the receipt row lock and
 * status check in processInboundEmail make sure a receipt is acted on once). A receipt that keeps
 * failing with an unexpected error is retried with backoff and quarantined as 'processing_failed'
 * after `maxAttempts` claims, so a poison message never becomes a crash loop and is never lost
 * (its raw original stays stored).
 */
import { parseEmail } from '@rapport/email/parse';
import type { ParsedEmail } from '@rapport/email/types';
import type { AppDeps } from '../../platform/app-deps.ts';
import { heldAmong, keepLeases } from '../../platform/lease-keeper.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { processInboundEmail } from './process-inbound.ts';
import { defaultInboundBatchSize, laneKey, processInboundBatch, type InboundBatchOptions } from './inbound-batch.ts';
import { claimDueReceipts, postponeReceipt, quarantineAfterFailures, releaseAllReceiptClaims,
  releaseReceipts, renewReceiptLeases, type ClaimedReceipt } from './inbound.queries.ts';
import { inboundChannel } from './receipt.queries.ts';

export const inboundLeaseSeconds = 30;
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
  /**
   * The batch path (inbound-batch.ts): the new tickets and replies of distinct senders of one
   * claim written in one transaction. On unless `false`.
   */
  batch?: boolean | InboundBatchOptions;
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
  const batch: InboundBatchOptions | null = options.batch === false ? null : options.batch === true || options.batch === undefined ? {} : options.batch;
  const claimSize = batch ? Math.max(concurrency * 4, batch.size ?? defaultInboundBatchSize) : concurrency * 4;
  let stopping = false;
  // The lease token of a receipt is the `attempts` its claim returned.
  const leases = keepLeases<number>({
    name: 'inbound-processor',
    leaseMs: leaseSeconds * 1000,
    logger: deps.logger,
    renew: async (held) => {
      return heldAmong(held, await renewReceiptLeases(deps.database, leaseSeconds, held.map((lease) => ({ id: lease.id, attempts: lease.token }))));
    },
  });
  const leaseOf = (row: ClaimedReceipt) => ({ id: row.id, attempts: row.attempts });

  if (deps.database.kind === 'pglite') {
    // One process holds the embedded database: claims from before this start belong to no one.
    const released = await releaseAllReceiptClaims(deps.database);
    if (released > 0) deps.logger.info({ released }, 'inbound processor took over emails claimed before a restart');
  }

  async function handle(row: ClaimedReceipt, parsed: ParsedEmail | undefined): Promise<void> {
    try {
      await handleHeld(row, parsed);
    } finally {
      leases.release(row.id);
    }
  }

  async function handleHeld(row: ClaimedReceipt, parsed: ParsedEmail | undefined): Promise<void> {
    if (!leases.isHeld(row.id)) {
      // Another processor claimed it after our lease ran out (or we could not renew): it is theirs.
      deps.logger.warn({ inboundEmailId: row.id }, 'inbound email lease lost before processing; left to the processor holding it');
      return;
    }
    if (row.attempts > maxInboundAttempts) {
      // Claimed this often without finishing: an earlier attempt crashed or hung the process.
      await quarantineAfterFailures(deps.database, leaseOf(row), `Gave up after ${maxInboundAttempts} attempts that did not finish.`);
      deps.logger.warn({ inboundEmailId: row.id, attempts: row.attempts }, 'inbound email quarantined after repeated failures');
      return;
    }
    try {
      // The claimed row is current (we hold its lease): no second read of the receipt.
      await processInboundEmail(deps, row.workspaceId, row.id, { receipt: row, ...(parsed ? { parsed } : {}) });
    } catch (error) {
      const text = errorText(error);
      if (!leases.isHeld(row.id)) {
        deps.logger.warn({ err: error, inboundEmailId: row.id }, 'inbound email processing failed after its lease was lost; left to the processor holding it');
      } else if (row.attempts >= maxInboundAttempts) {
        await quarantineAfterFailures(deps.database, leaseOf(row), `Failed ${row.attempts} times; last error: ${text}`);
        deps.logger.warn({ err: error, inboundEmailId: row.id, attempts: row.attempts }, 'inbound email quarantined after repeated failures');
      } else {
        await postponeReceipt(deps.database, leaseOf(row), retryDelaySeconds(row.attempts, leaseSeconds), text);
        deps.logger.error({ err: error, inboundEmailId: row.id, attempts: row.attempts }, 'inbound email processing failed; will retry');
      }
    }
  }

  /**
   * New tickets and replies of distinct senders in batches (inbound-batch.ts), in rounds: a round
   * takes the first receipt of each lane; a lane whose first receipt was batched offers its next
   * one to the next round (after the previous round committed), a lane whose first receipt was
   * not batched leaves the rounds and runs one by one. So one sender's emails stay in order.
   */
  async function batchRounds(rows: ClaimedReceipt[], options: InboundBatchOptions): Promise<{ done: Set<string>; parsed: Map<string, ParsedEmail> }> {
    const done = new Set<string>();
    const parsed = new Map<string, ParsedEmail>();
    let offered = rows;
    while (offered.length > 1 && !stopping) {
      // Receipts whose lease was lost belong to another processor now: never batch them.
      const lostLanes = new Set(offered.filter((row) => !leases.isHeld(row.id)).map(laneKey));
      offered = offered.filter((row) => !lostLanes.has(laneKey(row)));
      if (offered.length <= 1) break;
      const round = await processInboundBatch(deps, offered, options);
      for (const [id, email] of round.parsed) parsed.set(id, email);
      if (round.done.size === 0) break;
      for (const id of round.done) {
        done.add(id);
        leases.release(id);
      }
      const heads = new Map<string, ClaimedReceipt>();
      for (const row of offered) if (!heads.has(laneKey(row))) heads.set(laneKey(row), row);
      const moving = new Set([...heads].filter(([, head]) => round.done.has(head.id)).map(([key]) => key));
      offered = offered.filter((row) => !round.done.has(row.id) && moving.has(laneKey(row)));
    }
    return { done, parsed };
  }

  /**
   * Claims the next receipts and parses them. With batches on, the processor does this for the
   * next claim while it writes the current one (parsing is CPU in this process, writing is mostly
   * the database's): the next claim is only acted on once the current one is done, so the order
   * guarantees are those of one claim after the other.
   */
  async function claimAndParse(): Promise<{ rows: ClaimedReceipt[]; parsed: Map<string, ParsedEmail> }> {
    const claimedAt = performance.now();
    const rows = await claimDueReceipts(deps.db, leaseSeconds, claimSize);
    for (const row of rows) leases.hold(row.id, row.attempts, claimedAt);
    const parsed = new Map<string, ParsedEmail>();
    if (!batch) return { rows, parsed };
    for (const row of rows) {
      if (stopping) break;
      if (row.attempts > 1) continue; // a retry parses for itself (with its error handling)
      try {
        const raw = await deps.storage.get(row.rawKey);
        if (raw) parsed.set(row.id, await parseEmail(raw));
      } catch {
        // Unreadable (or storage trouble): the processing path meets it again and handles it.
      }
    }
    return { rows, parsed };
  }

  async function drainAll(): Promise<void> {
    let next: Promise<{ rows: ClaimedReceipt[]; parsed: Map<string, ParsedEmail> }> | null = null;
    try {
      while (!stopping) {
        const current = await (next ?? claimAndParse());
        next = null;
        const { rows } = current;
        if (rows.length === 0) return;
        if (batch && rows.length >= claimSize) next = claimAndParse();
        try {
          await processClaim(rows, current.parsed);
        } finally {
          // Whatever happened, stop renewing this claim: an unfinished receipt's lease runs out.
          for (const row of rows) leases.release(row.id);
        }
      }
    } finally {
      if (next) {
        // Stopping (or failing) with the next claim taken: hand its receipts back at once.
        const pending = await (next as Promise<{ rows: ClaimedReceipt[] }>).catch(() => ({ rows: [] as ClaimedReceipt[] }));
        const held = pending.rows.filter((row) => leases.isHeld(row.id));
        for (const row of pending.rows) leases.release(row.id);
        await releaseReceipts(deps.database, held.map(leaseOf)).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'inbound processor: could not hand back claimed receipts; their lease runs out'),
        );
      }
    }
  }

  async function processClaim(rows: ClaimedReceipt[], preparsed: Map<string, ParsedEmail>): Promise<void> {
    const { done, parsed } = batch ? await batchRounds(rows, { ...batch, parsed: preparsed }) : { done: new Set<string>(), parsed: preparsed };
    for (const [id, email] of preparsed) if (!parsed.has(id)) parsed.set(id, email);
    // What the batches left, one by one after them.
    // One worker per lane; messages of one envelope sender stay in arrival order within a batch,
    // so a quick reply is not threaded before the message it answers.
    const lanes = new Map<string, ClaimedReceipt[]>();
    for (const row of rows) {
      if (done.has(row.id)) continue;
      const key = laneKey(row);
      lanes.set(key, [...(lanes.get(key) ?? []), row]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const row of lane) await handle(row, parsed.get(row.id));
      }
    });
    await Promise.all(workers);
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
      leases.stop();
    },
  };
}
