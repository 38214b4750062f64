/**
 * An agent's reply, as an email in the outbox, written in the SAME transaction as the reply
 * message (tickets/reply-to-ticket.ts calls `planReplyEmail` before inserting the message, so the
 * message carries its Message-ID and 'queued' status from the start, then `queueReplyEmail`).
 *
 * Which replies are emailed: tickets of the channels without a live delivery of their own (email,
 * web, api) whose customer has an email identity, in a workspace with an email address. A chat or
 * phone ticket's reply is not emailed. A workspace without an address keeps the reply (it is the
 * record of what the agent said) and logs that nothing was sent; the message has no delivery status.
 *
 * Headers: From = the workspace's default address with the agent's name ("Alice at Acme Support");
 * Reply-To = the signed +token address of the ticket; Message-ID = rapport.<token>.<random>@<from
 * domain>, fixed now and reused on every retry; In-Reply-To = the customer's latest email;
 * References = the thread's Message-IDs (the first one and the latest 19); subject "Re: <ticket
 * subject> [#<number>]". The HTML part is made from the text (escaped), never from agent HTML.
 */
import { randomBytes } from 'node:crypto';
import type { EmailMeta } from '@rapport/contracts/tickets';
import type { DbOrTx } from '@rapport/db/database';
import { makeMessageId, makeReplyToken, replyAddress } from '@rapport/email/reply-token';
import type { AppDeps } from '../../platform/app-deps.ts';
import { loadEmailSettings } from './email-settings.ts';
import { fromDisplayName, headerText, replySubject, textToHtml } from './outbound-message.ts';
import {
  cancelQueuedOutboundOfMessage,
  findDefaultAddress,
  findReplyRecipient,
  findUserName,
  insertOutboundEmail,
  listThreadMessageIds,
} from './outbound.queries.ts';

/** Channels whose replies are delivered by email. */
export const emailedChannels: readonly string[] = ['email', 'web', 'api'];
export const maxReferences = 20;

export interface PlannedReplyEmail {
  workspaceId: string;
  ticketId: string;
  rfcMessageId: string;
  fromAddress: string;
  fromName: string;
  replyTo: string;
  to: { address: string; name: string };
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Stored on the reply message (messages.email_meta). */
  meta: EmailMeta;
  now: Date;
}

export type ReplyEmailSkip = 'channel_not_emailed' | 'no_workspace_address' | 'no_customer_email';

/** A fresh Message-ID carrying the ticket's reply token: rapport.<token>.<random>@<domain>. */
export function newOutboundMessageId(token: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'localhost';
  return makeMessageId(token, randomBytes(10).toString('hex'), domain);
}

/** The thread's References: the first Message-ID and the latest ones, `max` in all, no duplicates. */
export function capReferences(ids: readonly string[], max = maxReferences): string[] {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length <= max) return unique;
  return [unique[0]!, ...unique.slice(unique.length - (max - 1))];
}

export async function planReplyEmail(
  tx: DbOrTx,
  deps: AppDeps,
  input: {
    workspaceId: string;
    ticket: { id: string; number: number; subject: string; channel: string; customerId: string };
    authorUserId: string | null;
    now: Date;
  },
): Promise<{ plan: PlannedReplyEmail; skipped: null } | { plan: null; skipped: ReplyEmailSkip }> {
  const { workspaceId, ticket } = input;
  if (!emailedChannels.includes(ticket.channel)) return { plan: null, skipped: 'channel_not_emailed' };
  const address = await findDefaultAddress(tx, workspaceId);
  if (!address) {
    deps.logger.info({ workspaceId, ticketId: ticket.id }, 'reply saved but not emailed: the workspace has no email address');
    return { plan: null, skipped: 'no_workspace_address' };
  }
  const recipient = await findReplyRecipient(tx, workspaceId, ticket.id, ticket.customerId);
  if (!recipient) return { plan: null, skipped: 'no_customer_email' };
  const settings = await loadEmailSettings(tx, workspaceId);
  const token = makeReplyToken(settings.signingSecret, ticket.number);
  const agentName = input.authorUserId ? await findUserName(tx, input.authorUserId) : null;
  const thread = await listThreadMessageIds(tx, workspaceId, ticket.id);
  const latestInbound = [...thread].reverse().find((item) => item.direction === 'inbound') ?? thread.at(-1) ?? null;
  const fromName = fromDisplayName(agentName, address.displayName);
  const rfcMessageId = newOutboundMessageId(token, address.address);
  const to = { address: recipient.address.toLowerCase(), name: headerText(recipient.name, 120) };
  return {
    skipped: null,
    plan: {
      workspaceId,
      ticketId: ticket.id,
      rfcMessageId,
      fromAddress: address.address,
      fromName,
      replyTo: replyAddress(address.address, token),
      to,
      subject: replySubject(ticket.subject, ticket.number),
      inReplyTo: latestInbound?.externalId ?? null,
      references: capReferences(thread.map((item) => item.externalId)),
      meta: {
        from: { address: address.address, name: fromName },
        to: [to],
        cc: [],
        auth: null,
        autoSubmitted: null,
        warnings: [],
      },
      now: input.now,
    },
  };
}

/**
 * Writes the outbox row of a planned reply (and wakes the sender at commit). Returns its id.
 * `sendAt`: not attempted before then (the reply's undo-send window).
 */
export async function queueReplyEmail(tx: DbOrTx, plan: PlannedReplyEmail, message: { id: string; text: string }, sendAt: Date = plan.now): Promise<string> {
  return insertOutboundEmail(tx, {
    workspaceId: plan.workspaceId,
    kind: 'reply',
    ticketId: plan.ticketId,
    messageId: message.id,
    rfcMessageId: plan.rfcMessageId,
    fromAddress: plan.fromAddress,
    fromName: plan.fromName,
    replyTo: plan.replyTo,
    toAddresses: [plan.to.address],
    subject: plan.subject,
    inReplyTo: plan.inReplyTo,
    references: plan.references,
    text: message.text,
    html: textToHtml(message.text),
    status: 'queued',
    nextAttemptAt: sendAt,
    createdAt: plan.now,
  });
}

/**
 * Undo-send: removes the reply's queued email in the caller's transaction, unless a sender has
 * already claimed it. Returns false when it is (being) sent, so the reply can no longer be undone.
 */
export async function cancelReplyEmail(tx: DbOrTx, workspaceId: string, messageId: string, now: Date): Promise<boolean> {
  return cancelQueuedOutboundOfMessage(tx, workspaceId, messageId, now);
}
