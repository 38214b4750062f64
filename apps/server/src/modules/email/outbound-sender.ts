/**
 * The outbound sender (worker role): a work loop over `outbound_emails`. It wakes on NOTIFY
 * `rapport_outbound` (sent by the transaction that queues an email) and on a timer (retries come
 * due), claims due rows one at a time per lane with a lease (`claimed_until`, `for update skip
 * locked`), up to config.outboundConcurrency lanes, and sends each through transport.ts.
 *
 * - Accepted → status 'sent', sent_at; the message shows 'sent'. Marked right after the SMTP
 *   server's 250, in one statement (one round trip: the window in which a crash resends).
 * - Temporary failure (4xx, connection or DNS errors) → due again after 1 min × 2^(attempt−1),
 *   at most 4 h apart; after 12 attempts or 24 h since it was written it fails for good.
 * - Permanent failure (5xx, no such domain) → status 'failed' with the reason, shown on the message.
 *
 * The Message-ID was fixed when the email was written and is sent unchanged on every attempt.
 * Exactly-once delivery over SMTP is impossible: a crash (or a lost connection) after the server
 * accepted the message and before the 'sent' mark commits sends it once more after the lease runs
 * out, with the SAME Message-ID, so the recipient's client shows one message. That is the "≤ 1
 * duplicate per kill". The sender renews the leases of every email it is sending every lease/3 in
 * one statement (platform/lease-keeper.ts; a lease is identified by the claim's `attempts`), so
 * the lease is short: after a crash another sender takes the row over once the lease (30 s) has
 * run out, while a slow send keeps its row. A sender that finds its lease lost (another sender
 * claimed the row) does not start the send, and records no failure or retry for it; an email it
 * did hand to the server is still marked sent (that mark is true; it is conditioned on 'queued').
 * In embedded mode (PGlite) a single process owns the database, so a starting sender drops stale
 * leases at once.
 */
import type { Tx } from '@rapport/db/database';
import type { RealtimeEvent } from '@rapport/contracts/realtime';
import type { AppDeps } from '../../platform/app-deps.ts';
import { systemActor } from '../../platform/actor.ts';
import { notifyRealtime, publishEvent, recordAudit } from '../../platform/events.ts';
import { heldAmong, keepLeases } from '../../platform/lease-keeper.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { inboundMessageTopics } from '../tickets/inbound-message.ts';
import {
  attachmentsOfMessage,
  claimNextOutbound,
  markOutboundFailed,
  markOutboundSent,
  outboundChannel,
  releaseAllLeases,
  renewOutboundLeases,
  scheduleOutboundRetry,
  type ClaimedOutbound,
} from './outbound.queries.ts';
import { createMailTransport, type MailTransport, type OutgoingAttachment, type OutgoingMail, type TransportOptions } from './transport.ts';

class MissingAttachmentError extends Error {
  constructor(filename: string) {
    super(`The attachment "${filename}" is missing from storage`);
    this.name = 'MissingAttachmentError';
  }
}

export const outboundLeaseSeconds = 30;
export const maxOutboundAttempts = 12;
export const giveUpAfterMs = 24 * 3_600_000;
const pollMs = 10_000;

export interface OutboundSender {
  stop(): Promise<void>;
  /** Sends every due email now (or after the running drain) and resolves when done. */
  drain(): Promise<void>;
}

export interface OutboundSenderOptions {
  leaseSeconds?: number;
  pollMs?: number;
  /** Default: a transport from the config (relay or direct). */
  transport?: MailTransport;
  transportOptions?: TransportOptions;
  /** Drop every lease at start (default: embedded mode, where no other process can be sending). */
  releaseLeasesOnStart?: boolean;
}

/** Delay before attempt n+1 after n attempts: 1 min, 2, 4, … capped at 4 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(4 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/** Whether a temporarily failing email should stop being retried. */
export function shouldGiveUp(attempts: number, createdAt: Date, now: Date): boolean {
  return attempts >= maxOutboundAttempts || now.getTime() - createdAt.getTime() >= giveUpAfterMs;
}

export async function startOutboundSender(deps: AppDeps, options: OutboundSenderOptions = {}): Promise<OutboundSender> {
  const leaseMs = (options.leaseSeconds ?? outboundLeaseSeconds) * 1000;
  const concurrency = Math.max(1, deps.config.outboundConcurrency);
  const transport = options.transport ?? createMailTransport(deps.config, deps.logger, options.transportOptions);
  let stopping = false;
  // The lease token of an email is the `attempts` its claim returned.
  const leases = keepLeases<number>({
    name: 'outbound-sender',
    leaseMs,
    logger: deps.logger,
    renew: async (held) => {
      const until = new Date(deps.clock.now().getTime() + leaseMs);
      return heldAmong(held, await renewOutboundLeases(deps.database, until, held.map((lease) => ({ id: lease.id, attempts: lease.token }))));
    },
  });

  if (options.releaseLeasesOnStart ?? deps.database.kind === 'pglite') {
    const released = await releaseAllLeases(deps.database);
    if (released > 0) deps.logger.info({ released }, 'outbound sender took over emails claimed before a restart');
  }

  async function attachmentsFor(row: ClaimedOutbound): Promise<OutgoingAttachment[]> {
    // Only an agent's reply carries files; automatic emails (acknowledgements, notices, agent
    // notifications) never do, so they skip the lookup (one query per automatic email).
    if (!row.messageId || row.kind !== 'reply') return [];
    const rows = await attachmentsOfMessage(deps.db, row.workspaceId, row.messageId);
    const result: OutgoingAttachment[] = [];
    for (const attachment of rows) {
      const bytes = await deps.storage.get(attachment.sha256);
      if (!bytes) throw new MissingAttachmentError(attachment.filename);
      result.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        ...(attachment.isInline && attachment.contentId ? { contentId: attachment.contentId } : {}),
      });
    }
    return result;
  }

  function mailOf(row: ClaimedOutbound, attachments: OutgoingAttachment[]): OutgoingMail {
    const headers: Record<string, string> = {};
    if (row.ticketNumber !== null) headers['X-Rapport-Ticket'] = String(row.ticketNumber);
    if (row.kind !== 'reply') {
      // A notification to an agent (no ticket message) answers nothing: it is generated (RFC 3834).
      headers['Auto-Submitted'] = row.kind === 'notification' && row.messageId === null ? 'auto-generated' : 'auto-replied';
      // Asks Exchange/Outlook not to answer with an out-of-office (loop prevention).
      headers['X-Auto-Response-Suppress'] = 'All';
    }
    return {
      from: { name: row.fromName, address: row.fromAddress },
      // Bounces come back to the signed +token address, which ties them to the ticket.
      envelopeFrom: row.replyTo ?? row.fromAddress,
      replyTo: row.replyTo,
      to: row.toAddresses,
      cc: row.ccAddresses,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: row.rfcMessageId,
      inReplyTo: row.inReplyTo,
      references: row.references,
      headers,
      attachments,
      date: row.createdAt,
    };
  }

  /** The ticket's delivery status changed: tell open agent views. */
  async function notifyTicketUpdated(tx: Tx, workspaceId: string, ticketId: string, ticketNumber: number, now: Date): Promise<void> {
    await notifyRealtime(tx, { type: 'ticket.updated', workspaceId, ticketId, ticketNumber, actorId: null, at: now.toISOString() });
  }

  async function markFailed(row: ClaimedOutbound, error: string): Promise<void> {
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const changed = await markOutboundFailed(tx, row.workspaceId, row.id, row.messageId, error);
      if (!changed || !row.ticketId || row.ticketNumber === null) return;
      const actor = systemActor(row.workspaceId);
      const data = { outboundEmailId: row.id, messageId: row.messageId, error, attempts: row.attempts };
      await recordAudit(tx, actor, { action: 'message.delivery_failed', subjectType: 'ticket', subjectId: row.ticketId, data });
      await publishEvent(tx, actor, {
        topic: inboundMessageTopics.deliveryFailed,
        payload: { ticketId: row.ticketId, ticketNumber: row.ticketNumber, ...data },
      });
      await notifyTicketUpdated(tx, row.workspaceId, row.ticketId, row.ticketNumber, now);
    });
    deps.logger.warn({ outboundEmailId: row.id, ticketId: row.ticketId, attempts: row.attempts, error }, 'outbound email failed');
  }

  async function markSent(row: ClaimedOutbound, host: string): Promise<void> {
    const now = deps.clock.now();
    const realtime: RealtimeEvent | null =
      row.ticketId && row.ticketNumber !== null
        ? { type: 'ticket.updated', workspaceId: row.workspaceId, ticketId: row.ticketId, ticketNumber: row.ticketNumber, actorId: null, at: now.toISOString() }
        : null;
    await markOutboundSent(deps.database, row.workspaceId, row.id, now, realtime);
    deps.logger.info({ outboundEmailId: row.id, ticketId: row.ticketId, host, attempts: row.attempts }, 'outbound email sent');
  }

  async function handle(row: ClaimedOutbound): Promise<void> {
    if (row.attempts > maxOutboundAttempts) {
      // Claimed this often without finishing: earlier attempts crashed or hung the process.
      await markFailed(row, `Gave up after ${maxOutboundAttempts} attempts that did not finish.`);
      return;
    }
    const isLost = () => {
      if (leases.isHeld(row.id)) return false;
      deps.logger.warn({ outboundEmailId: row.id, attempts: row.attempts }, 'outbound lease lost to another sender; this sender leaves the email alone');
      return true;
    };
    let attachments: OutgoingAttachment[];
    try {
      attachments = await attachmentsFor(row);
    } catch (error) {
      if (error instanceof MissingAttachmentError) return isLost() ? undefined : await markFailed(row, error.message);
      throw error;
    }
    // Another sender claimed it (our lease ran out unrenewed): sending now would send it twice.
    if (isLost()) return;
    const outcome = await transport.send(mailOf(row, attachments));
    // Handed over to the server: the 'sent' mark is true whoever holds the lease now.
    if (outcome.status === 'accepted') return await markSent(row, outcome.host);
    if (isLost()) return;
    if (outcome.status === 'permanent') return await markFailed(row, outcome.error);
    const now = deps.clock.now();
    if (shouldGiveUp(row.attempts, row.createdAt, now)) {
      return await markFailed(row, `Gave up after ${row.attempts} attempts; last error: ${outcome.error}`);
    }
    const next = new Date(now.getTime() + retryDelayMs(row.attempts));
    await scheduleOutboundRetry(deps.database, row.id, row.attempts, next, outcome.error);
    deps.logger.info({ outboundEmailId: row.id, attempts: row.attempts, next, error: outcome.error }, 'outbound email deferred; will retry');
  }

  async function lane(): Promise<void> {
    while (!stopping) {
      const now = deps.clock.now();
      const claimedAt = performance.now();
      const row = await claimNextOutbound(deps.database, now, new Date(now.getTime() + leaseMs));
      if (!row) return;
      leases.hold(row.id, row.attempts, claimedAt);
      try {
        await handle(row);
      } catch (error) {
        // Unexpected (database down…): the lease runs out and the row is tried again.
        deps.logger.error({ err: error, outboundEmailId: row.id }, 'outbound email could not be handled; its lease will expire and it is retried');
      } finally {
        leases.release(row.id);
      }
    }
  }

  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'outbound-sender',
    channel: outboundChannel,
    pollMs: options.pollMs ?? pollMs,
    drain: () => Promise.all(Array.from({ length: concurrency }, () => lane())),
  });

  return {
    drain: () => loop.kick(),
    async stop() {
      stopping = true;
      await loop.stop();
      leases.stop();
      transport.close();
    },
  };
}
