/**
 * A bounce (delivery status notification) is not a ticket: it marks the outbound email it reports
 * on, and that email's ticket message, as failed with the reason ("5.1.1 bob@x: user unknown"),
 * which the agent sees on the message. The outbound email is found by the original Message-ID the
 * DSN returns, else by our Message-IDs in its References/In-Reply-To, else by a reply token (in
 * those Message-IDs or the envelope recipient) → that ticket's newest outbound email.
 */
import type { ParsedEmail } from '@rapport/email/types';
import type { DbOrTx } from '@rapport/db/database';
import { systemActor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordMessageDeliveryFailure } from '../tickets/inbound-message.ts';
import { loadEmailSettings } from './email-settings.ts';
import {
  findLatestOutboundOfTicket,
  findOutboundByRfcMessageIds,
  findTicketCandidateByNumber,
  markOutboundFailed,
  updateReceipt,
  type OutboundRow,
  type ReceiptRow,
} from './inbound.queries.ts';
import { referencedMessageIds, ticketNumbersFromMessageIds, ticketNumbersFromRecipients } from './threading.ts';

export interface BounceResult {
  status: 'processed' | 'ignored';
  ticketId: string | null;
  messageId: string | null;
  reason: string | null;
}

/** "<status> <recipient>: <diagnostic>", as shown on the failed message. */
export function bounceError(bounce: NonNullable<ParsedEmail['bounce']>): string {
  const head = [bounce.status || 'failed', bounce.recipient].filter((part) => part.length > 0).join(' ');
  const diagnostic = bounce.diagnostic.replace(/\s+/g, ' ').trim();
  return (diagnostic ? `${head}: ${diagnostic}` : head).slice(0, 1000);
}

async function findBouncedOutbound(deps: AppDeps, receipt: ReceiptRow, parsed: ParsedEmail): Promise<OutboundRow | null> {
  const bounce = parsed.bounce!;
  const workspaceId = receipt.workspaceId;
  const ids = referencedMessageIds(bounce.originalMessageId, [...parsed.references, ...(parsed.inReplyTo ? [parsed.inReplyTo] : [])]);
  const exact = await findOutboundByRfcMessageIds(deps.db, workspaceId, ids);
  if (exact) return exact;
  const settings = await loadEmailSettings(deps.db, workspaceId);
  const numbers = [...ticketNumbersFromMessageIds(settings.signingSecret, ids), ...ticketNumbersFromRecipients(settings.signingSecret, receipt.envelopeTo)];
  for (const number of numbers) {
    const ticket = await findTicketCandidateByNumber(deps.db, workspaceId, number);
    if (!ticket) continue;
    const outbound = await findLatestOutboundOfTicket(deps.db, workspaceId, ticket.id, bounce.recipient);
    if (outbound) return outbound;
  }
  return null;
}

export async function handleBounce(
  deps: AppDeps,
  input: { receipt: ReceiptRow; parsed: ParsedEmail; relock: (tx: DbOrTx) => Promise<unknown>; now: Date },
): Promise<BounceResult> {
  const { receipt, parsed, now } = input;
  const bounce = parsed.bounce!;
  const workspaceId = receipt.workspaceId;
  const outbound = await findBouncedOutbound(deps, receipt, parsed);
  const isFailure = (bounce.action || 'failed').toLowerCase() === 'failed';
  const error = bounceError(bounce);
  const common = { fromAddress: parsed.from?.address.toLowerCase() ?? null, subject: parsed.subject.slice(0, 998), claimedUntil: null, processedAt: now };
  return deps.db.transaction(async (tx): Promise<BounceResult> => {
    await input.relock(tx);
    if (!outbound) {
      await updateReceipt(tx, workspaceId, receipt.id, {
        ...common,
        status: 'ignored',
        reason: 'bounce_unmatched',
        reasonDetail: `A delivery report (${error}) about no email sent from this workspace.`,
      });
      return { status: 'ignored', ticketId: null, messageId: null, reason: 'bounce_unmatched' };
    }
    if (!isFailure) {
      await updateReceipt(tx, workspaceId, receipt.id, {
        ...common,
        status: 'ignored',
        reason: 'delivery_report',
        reasonDetail: `Delivery ${bounce.action}: ${error}`,
        ticketId: outbound.ticketId,
        messageId: outbound.messageId,
      });
      return { status: 'ignored', ticketId: outbound.ticketId, messageId: outbound.messageId, reason: 'delivery_report' };
    }
    await markOutboundFailed(tx, workspaceId, outbound.id, error);
    if (outbound.messageId) {
      await recordMessageDeliveryFailure(tx, systemActor(workspaceId), { messageId: outbound.messageId, error, inboundEmailId: receipt.id, at: now });
    }
    await updateReceipt(tx, workspaceId, receipt.id, {
      ...common,
      status: 'processed',
      reason: 'bounce',
      reasonDetail: error,
      ticketId: outbound.ticketId,
      messageId: outbound.messageId,
    });
    deps.logger.info({ inboundEmailId: receipt.id, outboundEmailId: outbound.id }, 'bounce marked an outbound email failed');
    return { status: 'processed', ticketId: outbound.ticketId, messageId: outbound.messageId, reason: 'bounce' };
  });
}
