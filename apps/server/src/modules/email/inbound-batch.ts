/**
 * The inbound batch path: of the receipts one claim took, the emails of distinct senders of a
 * workspace that open a NEW ticket or join an existing one (one per ticket) are written together
 * in ONE transaction with multi-row statements (customers, consecutive ticket numbers, tickets,
 * ticket locks and updates, messages, attachments, audit / outbox / realtime rows, auto-
 * acknowledgements, the receipts). Everything else — held, bounces, quarantine, duplicates,
 * from-own-address, retries — stays on the one-by-one path (processInboundEmail), and so does
 * every receipt of a batch that fails for any reason: the transaction rolls back whole, nothing
 * is lost and nothing doubled. Threading decisions are the one-by-one path's (same functions).
 *
 * Order: only the first receipt of each envelope sender's lane can join a batch, and a receipt
 * whose In-Reply-To/References name another batch member's Message-ID stays out; the processor
 * handles the rest of the lanes after the batch committed, so a reply is never threaded before
 * the message it answers. A receipt taken over by another processor meanwhile is caught by the
 * state check of the final receipts update (the batch then rolls back and falls back).
 *
 * Loop guard: a batch holds at most one email per sender address and per acknowledgement
 * recipient, and each acknowledgement runs the same checks (daily limit, once per thread in
 * 24 h) under the recipient's advisory lock as on the one-by-one path.
 */
import { parseEmail } from '@rapport/email/parse';
import { splitPlusAddress } from '@rapport/email/reply-token';
import { EmailParseError, type ParsedEmail } from '@rapport/email/types';
import type { Tx } from '@rapport/db/database';
import { systemActor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { storedMessageIds, writeEmailsBatch, type EmailForTicket, type InboundEmailMessage, type NewTicketFromEmail } from '../tickets/inbound-message.ts';
import { autoAckSkippedEarly, queueAutoAcknowledgementsBatch, type AutoAckInput } from './auto-ack.ts';
import { authenticateEmail } from './email-authentication.ts';
import { storeAttachments } from './inbound-attachments.ts';
import { emailMetaOf, languageOf, linkInlineImages, ticketSubjectOf } from './inbound-content.ts';
import { markReceiptsProcessed } from './inbound-batch.queries.ts';
import { lookupSender, lookupSenders, type ClaimedReceipt, type SenderCustomer, type SenderLookup } from './inbound.queries.ts';
import {
  decideThread,
  findThreadCandidates,
  preloadReferences,
  referencedMessageIds,
  threadRecipients,
  type AuthVerdicts,
  type PreloadedReferences,
  type ThreadRuleUsed,
} from './threading.ts';
import type { EmailSettings } from './email-settings.ts';

export interface InboundBatchOptions {
  /** Most receipts written in one batch transaction (default 50). */
  size?: number;
  /**
   * Called inside each batch transaction before it commits (tests use it to make a batch fail
   * and check the one-by-one fallback).
   */
  beforeCommit?: (workspaceId: string, receiptIds: string[]) => void | Promise<void>;
  /** Emails already parsed (with the default limits) by receipt id. */
  parsed?: ReadonlyMap<string, ParsedEmail>;
}

export const defaultInboundBatchSize = 50;

interface Prepared {
  row: ClaimedReceipt;
  parsed: ParsedEmail;
  senderAddress: string;
  senderName: string;
  ackAddress: string;
  customer: SenderCustomer | null;
  settings: EmailSettings;
  auth: AuthVerdicts | null;
  /** null: a new ticket; else the (existing, merges followed) ticket the email joins. */
  append: { ticketId: string; rule: ThreadRuleUsed } | null;
}

export interface InboundBatchOutcome {
  /** Receipts the batch processed. */
  done: Set<string>;
  /** Emails parsed while preparing the batch but left to the one-by-one path (saves parsing them again). */
  parsed: Map<string, ParsedEmail>;
}

/** The lane key of the processor: one envelope sender's receipts stay in arrival order. */
export function laneKey(row: ClaimedReceipt): string {
  return row.envelopeFrom?.toLowerCase() || row.id;
}

/**
 * Everything the one-by-one path would read before writing a new ticket; null when the receipt
 * is not a plain new ticket (it then goes the one-by-one way, which decides what it is).
 */
async function prepare(
  deps: AppDeps,
  row: ClaimedReceipt,
  now: Date,
  parsedOut: Map<string, ParsedEmail>,
  preparsed: ParsedEmail | undefined,
  lookups: ReadonlyMap<string, SenderLookup>,
  references: ReadonlyMap<string, PreloadedReferences>,
): Promise<Prepared | null> {
  const raw = preparsed && !deps.config.emailAuthentication ? null : await deps.storage.get(row.rawKey);
  let parsed: ParsedEmail;
  if (preparsed) {
    parsed = preparsed;
  } else {
    if (!raw) return null;
    try {
      parsed = await parseEmail(raw);
    } catch (error) {
      if (error instanceof EmailParseError) return null;
      throw error;
    }
  }
  parsedOut.set(row.id, parsed);
  const from = parsed.from;
  if (!from?.address || parsed.bounce) return null;
  const senderAddress = from.address.trim().toLowerCase();
  if (deps.config.emailAuthentication && !raw) return null;
  const auth: AuthVerdicts | null = deps.config.emailAuthentication && raw
    ? await authenticateEmail(deps, { raw, remoteAddress: row.remoteAddress, envelopeFrom: row.envelopeFrom, helo: row.helo })
    : null;
  const lookup = lookups.get(`${row.workspaceId}:${senderAddress}`) ?? (await lookupSender(deps.db, row.workspaceId, senderAddress, splitPlusAddress(senderAddress).base));
  if (lookup.isOwnAddress || !lookup.settings) return null;
  const settings = lookup.settings;
  const candidates = await findThreadCandidates(
    deps.db,
    {
      workspaceId: row.workspaceId,
      signingSecret: settings.signingSecret,
      subjectThreading: settings.subjectThreading,
      recipients: threadRecipients(row.envelopeTo, parsed),
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      subject: parsed.subject,
      senderCustomerId: lookup.customer?.customerId ?? null,
      now,
    },
    references.get(row.workspaceId),
  );
  const decision = decideThread({
    sender: { address: senderAddress, customerId: lookup.customer?.customerId ?? null, organisationId: lookup.customer?.organisationId ?? null },
    ...candidates,
    auth,
  });
  if (decision.kind === 'hold') return null;
  const ackAddress = (parsed.replyTo?.address ?? senderAddress).trim().toLowerCase();
  const append = decision.kind === 'append' ? { ticketId: decision.ticket.id, rule: decision.rule } : null;
  return { row, parsed, senderAddress, senderName: from.name, ackAddress, customer: lookup.customer, settings, auth, append };
}

/**
 * The sender lookups of the already parsed emails, one round trip per workspace (prepare looks
 * up the others itself). Keyed `workspaceId:address`.
 */
async function lookupAll(deps: AppDeps, rows: ClaimedReceipt[], parsed: ReadonlyMap<string, ParsedEmail> | undefined): Promise<Map<string, SenderLookup>> {
  const lookups = new Map<string, SenderLookup>();
  if (!parsed) return lookups;
  const byWorkspace = new Map<string, Set<string>>();
  for (const row of rows) {
    const address = parsed.get(row.id)?.from?.address?.trim().toLowerCase();
    if (!address) continue;
    byWorkspace.set(row.workspaceId, (byWorkspace.get(row.workspaceId) ?? new Set()).add(address));
  }
  for (const [workspaceId, addresses] of byWorkspace) {
    const found = await lookupSenders(
      deps.db,
      workspaceId,
      [...addresses].map((address) => ({ address, base: splitPlusAddress(address).base })),
    );
    for (const [address, sender] of found.byAddress) lookups.set(`${workspaceId}:${address}`, { ...sender, settings: found.settings });
  }
  return lookups;
}

/** Rule 2's lookups (referenced Message-IDs) of the already parsed emails, two round trips per workspace. */
async function preloadAll(deps: AppDeps, rows: ClaimedReceipt[], parsed: ReadonlyMap<string, ParsedEmail> | undefined): Promise<Map<string, PreloadedReferences>> {
  const result = new Map<string, PreloadedReferences>();
  if (!parsed) return result;
  const byWorkspace = new Map<string, ParsedEmail[]>();
  for (const row of rows) {
    const email = parsed.get(row.id);
    if (email) byWorkspace.set(row.workspaceId, [...(byWorkspace.get(row.workspaceId) ?? []), email]);
  }
  for (const [workspaceId, emails] of byWorkspace) result.set(workspaceId, await preloadReferences(deps.db, workspaceId, emails));
  return result;
}

/** Runs `work` over `items` with at most `limit` at a time, results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!);
  });
  await Promise.all(workers);
  return results;
}

/**
 * The members of one workspace's batch: distinct senders, distinct acknowledgement recipients,
 * distinct tickets appended to, distinct Message-IDs not stored yet, and no member answering
 * another member.
 */
function selectMembers(candidates: Prepared[], stored: Set<string>): Prepared[] {
  const senders = new Set<string>();
  const recipients = new Set<string>();
  const messageIds = new Set<string>();
  const ticketIds = new Set<string>();
  const chosen: Prepared[] = [];
  for (const candidate of candidates) {
    const id = candidate.parsed.messageId;
    if (senders.has(candidate.senderAddress) || recipients.has(candidate.ackAddress)) continue;
    if (candidate.append && ticketIds.has(candidate.append.ticketId)) continue;
    if (id !== null && (messageIds.has(id) || stored.has(id))) continue;
    senders.add(candidate.senderAddress);
    recipients.add(candidate.ackAddress);
    if (candidate.append) ticketIds.add(candidate.append.ticketId);
    if (id !== null) messageIds.add(id);
    chosen.push(candidate);
  }
  const allIds = new Set(chosen.map((member) => member.parsed.messageId).filter((id): id is string => id !== null));
  return chosen.filter((member) => !referencedMessageIds(member.parsed.inReplyTo, member.parsed.references).some((id) => allIds.has(id) && id !== member.parsed.messageId));
}

async function writeBatch(deps: AppDeps, workspaceId: string, members: Prepared[], now: Date, options: InboundBatchOptions): Promise<void> {
  const created: { member: Prepared; input: NewTicketFromEmail }[] = [];
  const appended: { member: Prepared; input: EmailForTicket }[] = [];
  for (const member of members) {
    const { parsed, row } = member;
    const attachments = await storeAttachments(deps, parsed);
    const html = parsed.replyHtml ?? parsed.html;
    const message: InboundEmailMessage = {
      text: parsed.reply.trim().length > 0 ? parsed.reply : parsed.text,
      html: html ? linkInlineImages(html, attachments) : null,
      quotedText: parsed.quotedText.trim().length > 0 ? parsed.quotedText : null,
      rawKey: row.rawKey,
      externalId: parsed.messageId,
      threadRule: member.append?.rule ?? 'new_ticket',
      inboundEmailId: row.id,
      emailMeta: emailMetaOf(parsed, member.auth),
      attachments,
      createdAt: now,
    };
    const sender = { address: member.senderAddress, name: member.senderName, customerId: member.customer?.customerId ?? null };
    if (member.append) {
      appended.push({ member, input: { ...sender, ticketId: member.append.ticketId, isAutomatic: parsed.autoSubmitted !== null || parsed.listId !== null, message } });
    } else {
      created.push({ member, input: { ...sender, subject: ticketSubjectOf(parsed.subject), language: languageOf(parsed.language), message } });
    }
  }
  await deps.db.transaction(async (tx: Tx) => {
    const written = await writeEmailsBatch(tx, systemActor(workspaceId), { created: created.map((item) => item.input), appended: appended.map((item) => item.input) });
    const acks: AutoAckInput[] = [];
    created.forEach(({ member }, index) => {
      const { parsed } = member;
      const ticket = written.created[index]!;
      const input: AutoAckInput = {
        workspaceId,
        ticketId: ticket.ticketId,
        ticketNumber: ticket.ticketNumber,
        subject: parsed.subject,
        to: parsed.replyTo ?? { address: member.senderAddress, name: member.senderName },
        inboundMessageId: parsed.messageId,
        references: parsed.references,
        autoSubmitted: parsed.autoSubmitted,
        isBounce: false,
        listId: parsed.listId,
        senderVerified: member.auth?.dmarc === 'pass',
        now,
        settings: member.settings,
      };
      if (!autoAckSkippedEarly(deps, input)) acks.push(input);
    });
    await queueAutoAcknowledgementsBatch(tx, deps, workspaceId, acks);
    const outcomes = [
      ...created.map(({ member }, index) => ({ member, ticketId: written.created[index]!.ticketId, messageId: written.created[index]!.messageId })),
      ...appended.map(({ member }, index) => ({ member, ticketId: written.appended[index]!.ticketId, messageId: written.appended[index]!.messageId })),
    ];
    const marked = await markReceiptsProcessed(
      tx,
      workspaceId,
      outcomes.map(({ member, ticketId, messageId }) => ({
        id: member.row.id,
        ticketId,
        messageId,
        fromAddress: member.senderAddress,
        subject: member.parsed.subject.slice(0, 998),
      })),
      now,
    );
    if (marked !== members.length) throw new Error('a receipt of this batch changed state meanwhile');
    await options.beforeCommit?.(workspaceId, members.map((member) => member.row.id));
  });
}

/**
 * Writes the batchable receipts of one claim (see the file comment) and returns the ids of those
 * it processed; the caller handles every other receipt one by one, after this resolved.
 */
export async function processInboundBatch(deps: AppDeps, rows: readonly ClaimedReceipt[], options: InboundBatchOptions = {}): Promise<InboundBatchOutcome> {
  const done = new Set<string>();
  const parsed = new Map<string, ParsedEmail>();
  const size = Math.max(1, options.size ?? defaultInboundBatchSize);
  const heads = new Map<string, ClaimedReceipt>();
  for (const row of rows) {
    const key = laneKey(row);
    if (!heads.has(key)) heads.set(key, row);
  }
  // First claims only: a receipt that failed before goes the one-by-one way with its retry rules.
  const eligible = [...heads.values()].filter((row) => row.status === 'received' && row.attempts <= 1);
  if (eligible.length < 2) return { done, parsed };
  const now = deps.clock.now();
  const lookups = await lookupAll(deps, eligible, options.parsed).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'inbound batch: sender lookup failed; each email looks its sender up');
    return new Map<string, SenderLookup>();
  });
  const references = await preloadAll(deps, eligible, options.parsed).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'inbound batch: reference lookup failed; each email looks its references up');
    return new Map<string, PreloadedReferences>();
  });
  const prepared = await mapLimited(eligible, Math.max(1, deps.config.inboundConcurrency), (row) =>
    prepare(deps, row, now, parsed, options.parsed?.get(row.id), lookups, references).catch((error: unknown) => {
      deps.logger.warn({ err: error, inboundEmailId: row.id }, 'inbound batch: preparing failed; the email goes one by one');
      return null;
    }),
  );
  const byWorkspace = new Map<string, Prepared[]>();
  for (const item of prepared) {
    if (item) byWorkspace.set(item.row.workspaceId, [...(byWorkspace.get(item.row.workspaceId) ?? []), item]);
  }
  for (const [workspaceId, candidates] of byWorkspace) {
    const ids = candidates.map((candidate) => candidate.parsed.messageId).filter((id): id is string => id !== null);
    let stored: Set<string>;
    try {
      stored = await storedMessageIds(deps.db, workspaceId, ids);
    } catch (error) {
      deps.logger.warn({ err: error, workspaceId }, 'inbound batch: duplicate check failed; the emails go one by one');
      continue;
    }
    const members = selectMembers(candidates, stored);
    for (let start = 0; start < members.length; start += size) {
      const chunk = members.slice(start, start + size);
      if (chunk.length < 2) continue;
      try {
        await writeBatch(deps, workspaceId, chunk, now, options);
        for (const member of chunk) {
          done.add(member.row.id);
          parsed.delete(member.row.id);
        }
      } catch (error) {
        deps.logger.warn({ err: error, workspaceId, receipts: chunk.length }, 'inbound batch failed; its emails go one by one');
      }
    }
  }
  return { done, parsed };
}
