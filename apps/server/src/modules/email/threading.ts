/**
 * Threading that explains itself: which ticket an inbound email belongs to, and by which rule.
 *
 * Order (issue 4): (1) a signed reply token, in a recipient's plus-address or inside one of our
 * Message-IDs quoted in In-Reply-To/References; (2) In-Reply-To/References matching a Message-ID
 * stored on a message (or an outbound email) of this workspace, newest first; (3) when the
 * workspace enables it, the same sender and the same normalised subject on a ticket updated within
 * 14 days. Otherwise a new ticket. A merged ticket forwards to the ticket it was merged into.
 *
 * Hijack protection: rules 1 and 2 only say which ticket the message *claims*. When that ticket's
 * customer is not the sender (and not in the sender's organisation), or when DMARC fails for a
 * domain whose policy is reject/quarantine, the message is held for an agent instead of added.
 * Rule 3 never joins across customers (it only looks at the sender's own tickets).
 *
 * The decision (`decideThread`) is pure and unit-tested; `findThreadCandidates` runs the lookups.
 */
import { normaliseMessageId } from '@rapport/email/peek';
import { splitPlusAddress, tokenFromMessageId, verifyReplyToken } from '@rapport/email/reply-token';
import type { DbOrTx } from '@rapport/db/database';
import {
  findTicketCandidateById,
  findTicketCandidateByNumber,
  findTicketCandidateByMessageIds,
  findRecentTicketCandidatesOfCustomer,
  findMessageIdOwners,
  findTicketCandidatesByIds,
  type MessageIdOwner,
  type TicketCandidate,
} from './inbound.queries.ts';

export type { TicketCandidate };

export const subjectThreadingWindowDays = 14;

export type ThreadRuleUsed = 'reply_token' | 'references' | 'subject';

export interface AuthVerdicts {
  spf: string;
  dkim: string;
  dmarc: string;
  dmarcPolicy: string | null;
}

export interface SenderIdentity {
  address: string;
  /** The existing customer owning the From address, or null when the address is new. */
  customerId: string | null;
  organisationId: string | null;
}

export interface ThreadInput {
  sender: SenderIdentity;
  /** Ticket found by rule 1 (a verified reply token), merges already followed. */
  tokenTicket: TicketCandidate | null;
  /** Ticket found by rule 2 (a stored Message-ID), merges already followed. */
  referenceTicket: TicketCandidate | null;
  /** Ticket found by rule 3 (only looked up when the workspace enables subject threading). */
  subjectTicket: TicketCandidate | null;
  /** Authentication results, or null when authentication did not run. */
  auth: AuthVerdicts | null;
}

export type ThreadDecision =
  | { kind: 'new_ticket' }
  | { kind: 'append'; ticket: TicketCandidate; rule: ThreadRuleUsed }
  | { kind: 'hold'; reason: 'unverified_sender' | 'dmarc_fail'; ticket: TicketCandidate | null; detail: string };

/** 'dmarc_fail' when DMARC failed for a domain that asks receivers to reject or quarantine. */
export function dmarcHoldReason(auth: AuthVerdicts | null): 'dmarc_fail' | null {
  if (!auth || auth.dmarc.toLowerCase() !== 'fail') return null;
  const policy = (auth.dmarcPolicy ?? '').toLowerCase();
  return policy === 'reject' || policy === 'quarantine' ? 'dmarc_fail' : null;
}

/** Whether the sender may add to a ticket: it is their ticket, or their organisation's. */
export function senderOwnsTicket(sender: SenderIdentity, ticket: TicketCandidate): boolean {
  if (sender.customerId !== null && sender.customerId === ticket.customerId) return true;
  return sender.organisationId !== null && sender.organisationId === ticket.organisationId;
}

function describeOwner(ticket: TicketCandidate): string {
  return ticket.customerEmail ?? ticket.customerName ?? 'another customer';
}

export function decideThread(input: ThreadInput): ThreadDecision {
  const claimed: { ticket: TicketCandidate; rule: ThreadRuleUsed } | null = input.tokenTicket
    ? { ticket: input.tokenTicket, rule: 'reply_token' }
    : input.referenceTicket
      ? { ticket: input.referenceTicket, rule: 'references' }
      : null;
  const dmarc = dmarcHoldReason(input.auth);
  if (dmarc) {
    const policy = input.auth?.dmarcPolicy ?? '';
    return {
      kind: 'hold',
      reason: dmarc,
      ticket: claimed?.ticket ?? input.subjectTicket,
      detail: `DMARC failed for ${domainOf(input.sender.address)} (policy ${policy}): the From address ${input.sender.address} may be forged.`,
    };
  }
  if (claimed) {
    if (senderOwnsTicket(input.sender, claimed.ticket)) return { kind: 'append', ticket: claimed.ticket, rule: claimed.rule };
    const how = claimed.rule === 'reply_token' ? 'its reply token' : 'its References/In-Reply-To';
    return {
      kind: 'hold',
      reason: 'unverified_sender',
      ticket: claimed.ticket,
      detail: `From ${input.sender.address} but ticket #${claimed.ticket.number} (matched by ${how}) belongs to ${describeOwner(claimed.ticket)}.`,
    };
  }
  if (input.subjectTicket && input.sender.customerId !== null && input.subjectTicket.customerId === input.sender.customerId) {
    return { kind: 'append', ticket: input.subjectTicket, rule: 'subject' };
  }
  return { kind: 'new_ticket' };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : address;
}

// Reply and forward prefixes in the languages mail clients localise them to, optionally counted
// ("Re[2]:", "RE(3):", "Re^2:") and repeated ("Re: Fwd: AW:").
const replyPrefixes = ['re', 'aw', 'sv', 'vs', 'antw', 'antwort', 'ref', 'rif', 'odp', 'vá', 'ynt', 'res'];
const forwardPrefixes = ['fwd', 'fw', 'wg', 'tr', 'rv', 'enc', 'vl', 'vb', 'doorst', 'pd', 'trs'];
const onePrefix = `(?:(?:${[...replyPrefixes, ...forwardPrefixes].join('|')})\\s*(?:\\[\\d{1,4}\\]|\\(\\d{1,4}\\)|\\^\\d{1,4})?\\s*[:：]|\\[[^\\]]{0,80}\\]|\\(\\s*#?\\d{1,12}\\s*\\))`;
const prefixPattern = new RegExp(`^(?:\\s*${onePrefix})+\\s*`, 'iu');
const forwardPattern = new RegExp(
  `^\\s*(?:\\[[^\\]]{0,80}\\]\\s*)*(?:${forwardPrefixes.join('|')})\\s*(?:\\[\\d{1,4}\\]|\\(\\d{1,4}\\))?\\s*[:：]`,
  'iu',
);

/**
 * The subject without reply/forward prefixes, list tags and ticket references ("[#123]"),
 * whitespace collapsed, lower-cased: two subjects of one conversation compare equal.
 */
export function normaliseSubject(subject: string): string {
  let rest = subject.normalize('NFC');
  const prefixes = prefixPattern.exec(rest);
  if (prefixes) rest = rest.slice(prefixes[0].length);
  // Ticket references anywhere ("… [#123]", "(Ticket #123)") are ours, not the customer's words.
  rest = rest.replace(/\[\s*(?:ticket\s*)?#\d{1,12}\s*\]/giu, ' ').replace(/\(\s*ticket\s*#\d{1,12}\s*\)/giu, ' ');
  return rest.replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** "Fwd: …", "WG: …", "TR: …" (after list tags): the customer forwards someone else's mail. */
export function isForwardedSubject(subject: string): boolean {
  return forwardPattern.test(subject);
}

/** Every distinct plus-address tag among the recipients that is a verified reply token. */
export function ticketNumbersFromRecipients(secret: string, recipients: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const recipient of recipients) {
    const { tag } = splitPlusAddress(recipient);
    if (!tag) continue;
    const number = verifyReplyToken(secret, tag);
    if (number !== null && !numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/** Verified reply tokens inside our own Message-IDs quoted in In-Reply-To/References, newest first. */
export function ticketNumbersFromMessageIds(secret: string, messageIds: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const id of messageIds) {
    const token = tokenFromMessageId(id);
    if (!token) continue;
    const number = verifyReplyToken(secret, token);
    if (number !== null && !numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/** In-Reply-To first, then References from the newest (last) to the oldest; normalised, distinct. */
export function referencedMessageIds(inReplyTo: string | null, references: readonly string[]): string[] {
  const ordered = [inReplyTo, ...[...references].reverse()];
  const ids: string[] = [];
  for (const value of ordered) {
    const id = normaliseMessageId(value);
    if (id && !ids.includes(id) && ids.length < 100) ids.push(id);
  }
  return ids;
}

const maxMergeHops = 10;

/** Follows merged_into_id to the surviving ticket (bounded; a broken chain yields the last ticket found). */
export async function followMerges(db: DbOrTx, workspaceId: string, ticket: TicketCandidate | null): Promise<TicketCandidate | null> {
  let current = ticket;
  for (let hop = 0; current?.mergedIntoId && hop < maxMergeHops; hop += 1) {
    const next = await findTicketCandidateById(db, workspaceId, current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The addresses rule 1 looks for a reply token in: envelope recipients, then To and Cc. */
export function threadRecipients(envelopeTo: readonly string[], parsed: { to: readonly { address: string }[]; cc: readonly { address: string }[] }): string[] {
  return [...envelopeTo, ...parsed.to.map((item) => item.address), ...parsed.cc.map((item) => item.address)];
}

export interface ThreadLookupInput {
  workspaceId: string;
  signingSecret: string;
  subjectThreading: boolean;
  /** Envelope recipients, To and Cc addresses. */
  recipients: readonly string[];
  inReplyTo: string | null;
  references: readonly string[];
  subject: string;
  senderCustomerId: string | null;
  now: Date;
}

/** Runs the lookups of rules 1–3 (rule 3 only when enabled, the sender is known and it is not a forward). */
export async function findThreadCandidates(
  db: DbOrTx,
  input: ThreadLookupInput,
  preloaded?: PreloadedReferences,
): Promise<Pick<ThreadInput, 'tokenTicket' | 'referenceTicket' | 'subjectTicket'>> {
  const referenced = referencedMessageIds(input.inReplyTo, input.references);
  let tokenTicket: TicketCandidate | null = null;
  const numbers = [
    ...ticketNumbersFromRecipients(input.signingSecret, input.recipients),
    ...ticketNumbersFromMessageIds(input.signingSecret, referenced),
  ];
  for (const number of numbers) {
    tokenTicket = await findTicketCandidateByNumber(db, input.workspaceId, number);
    if (tokenTicket) break;
  }
  tokenTicket = await followMerges(db, input.workspaceId, tokenTicket);
  const referenceTicket = tokenTicket
    ? null
    : await followMerges(db, input.workspaceId, preloaded ? await preloadedReferenceTicket(db, input.workspaceId, preloaded, referenced) : await findTicketCandidateByMessageIds(db, input.workspaceId, referenced));
  let subjectTicket: TicketCandidate | null = null;
  if (!tokenTicket && !referenceTicket && input.subjectThreading && input.senderCustomerId && !isForwardedSubject(input.subject)) {
    const wanted = normaliseSubject(input.subject);
    if (wanted.length > 0) {
      const since = new Date(input.now.getTime() - subjectThreadingWindowDays * 24 * 60 * 60 * 1000);
      const recent = await findRecentTicketCandidatesOfCustomer(db, input.workspaceId, input.senderCustomerId, since);
      subjectTicket = recent.find((ticket) => normaliseSubject(ticket.subject) === wanted) ?? null;
    }
  }
  return { tokenTicket, referenceTicket, subjectTicket };
}

/**
 * Rule 2's lookups for several emails of one workspace at once (the inbound batch path): the
 * owners of all their referenced Message-IDs and those tickets, in two round trips. Pass it to
 * `findThreadCandidates`, which then picks for each email exactly what
 * `findTicketCandidateByMessageIds` would have (the newest owner, a stored message winning a tie).
 */
export interface PreloadedReferences {
  ids: Set<string>;
  owners: Map<string, MessageIdOwner[]>;
  tickets: Map<string, TicketCandidate>;
}

export async function preloadReferences(
  db: DbOrTx,
  workspaceId: string,
  emails: readonly { inReplyTo: string | null; references: readonly string[] }[],
): Promise<PreloadedReferences> {
  const ids = new Set(emails.flatMap((email) => referencedMessageIds(email.inReplyTo, email.references)));
  const owners = new Map<string, MessageIdOwner[]>();
  for (const owner of await findMessageIdOwners(db, workspaceId, [...ids])) owners.set(owner.messageId, [...(owners.get(owner.messageId) ?? []), owner]);
  const ticketIds = [...owners.values()].flat().map((owner) => owner.ticketId);
  const tickets = new Map((await findTicketCandidatesByIds(db, workspaceId, ticketIds)).map((ticket) => [ticket.id, ticket]));
  return { ids, owners, tickets };
}

async function preloadedReferenceTicket(db: DbOrTx, workspaceId: string, preloaded: PreloadedReferences, referenced: readonly string[]): Promise<TicketCandidate | null> {
  if (referenced.length === 0) return null;
  // Looked up with the batch? Else as one by one.
  if (!referenced.every((id) => preloaded.ids.has(id))) return findTicketCandidateByMessageIds(db, workspaceId, referenced);
  let newest: MessageIdOwner | null = null;
  for (const owner of referenced.flatMap((id) => preloaded.owners.get(id) ?? [])) {
    if (!newest || owner.at.getTime() > newest.at.getTime() || (owner.at.getTime() === newest.at.getTime() && owner.source < newest.source)) newest = owner;
  }
  return newest ? (preloaded.tickets.get(newest.ticketId) ?? null) : null;
}
