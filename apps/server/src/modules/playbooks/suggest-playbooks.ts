/**
 * Which playbook fits a ticket (P24, P30): a few simple rules an agent can check by reading the
 * ticket, each with its evidence. Pure; the caller loads the ticket's facts and the playbooks.
 *
 * - angry customer: the reply coach's inbound analysis reads the customer's latest words as angry
 *   (the same threshold as the coach's tone-to-angry check) or abusive;
 * - our mistake: the ticket is tagged `our-mistake`, or the customer reports a wrong or damaged item;
 * - refund request: the customer asks for a refund or their money back;
 * - delayed shipment: the customer mentions a delivery together with a delay.
 */
import type { PlaybookKey, PlaybookSuggestionRule } from '@rapport/contracts/playbooks';
import { analyseInbound } from '@rapport/reply-coach/inbound';

export interface ConversationLine {
  from: 'customer' | 'agent';
  text: string;
}

export interface SuggestionFacts {
  subject: string;
  tags: readonly string[];
  /** The public conversation, oldest first (notes and withdrawn replies left out). */
  conversation: readonly ConversationLine[];
}

export interface SuggestionMatch {
  key: PlaybookKey;
  rule: PlaybookSuggestionRule;
  evidence: string[];
}

/** The coach's own threshold for "this message reads as angry" (tone-to-angry check). */
export const ANGER_THRESHOLD = 0.5;
export const OUR_MISTAKE_TAG = 'our-mistake';

const DELIVERY_WORDS = /\b(?:deliver(?:y|ies|ed)?|parcel|package|shipping|shipment|shipped|courier|tracking|postage|dispatch(?:ed)?|(?:my|the|our) order)\b/g;
const DELAY_WORDS =
  /\b(?:late|delay(?:ed)?|overdue|stuck|lost in (?:the )?(?:post|mail|transit)|(?:has|have|had)(?: still)? not (?:yet )?(?:arrived|come|been delivered)|(?:hasn't|haven't|hadn't)(?: yet)? (?:arrived|come|been delivered)|(?:still )?not (?:yet )?(?:arrived|delivered|received|here)|never (?:arrived|came|turned up)|still (?:waiting|hasn't|has not|no sign)|no sign of|where is (?:my|the|our) (?:order|parcel|package|delivery)|(?:a|two|three|four|five|several|\d+) (?:days|weeks) (?:late|overdue))\b/g;
const REFUND_WORDS = /\b(?:refund(?:ed)?|money back|reimburse(?:d|ment)?|pay (?:me|us) back|chargeback)\b/g;
const REFUND_DECLINED = /\b(?:(?:don't|do not|didn't|did not) (?:want|need) (?:a |any |my )?(?:refund|money back)|no (?:need for a|need of a) refund|not (?:asking|looking) for (?:a )?refund)\b/;
const MISTAKE_WORDS =
  /\b(?:wrong (?:item|size|colou?r|product|model|book|part|order|parcel|address)|(?:sent|send|received|got|delivered) (?:me |us )?(?:the )?wrong|(?:arrived|came|is|was|were) (?:badly )?(?:damaged|broken|cracked|smashed|dented|torn|faulty|defective)|damaged|smashed|(?:missing|left out) (?:an? )?(?:item|part|piece)s?|charged (?:me |us )?twice|double[- ]charged|overcharged|your (?:mistake|error|fault))\b/g;

function matches(text: string, pattern: RegExp): string[] {
  return [...new Set(text.match(pattern) ?? [])].slice(0, 3);
}

/** The customer's words the coach would analyse: the messages since our last reply, else the last one. */
export function latestCustomerText(conversation: readonly ConversationLine[]): string {
  const lastAgent = conversation.map((line) => line.from).lastIndexOf('agent');
  const pending = conversation.slice(lastAgent + 1).filter((line) => line.from === 'customer');
  if (pending.length > 0) return pending.map((line) => line.text).join('\n');
  const customer = conversation.filter((line) => line.from === 'customer');
  return customer.at(-1)?.text ?? '';
}

/** Every matching rule, most pressing first (calm the customer before anything else); one per playbook. */
export function suggestPlaybooks(facts: SuggestionFacts): SuggestionMatch[] {
  const found: SuggestionMatch[] = [];
  const latest = latestCustomerText(facts.conversation);
  const inbound = analyseInbound(latest);
  if (latest.trim() !== '' && (inbound.anger >= ANGER_THRESHOLD || inbound.abuse)) {
    found.push({ key: 'angry_customer', rule: 'angry_tone', evidence: inbound.reasons.slice(0, 4) });
  }

  // Everything the customer said, with the subject: the situation may have been told once, up front.
  const said = [facts.subject, ...facts.conversation.filter((line) => line.from === 'customer').map((line) => line.text)].join('\n').toLowerCase();
  if (facts.tags.some((tag) => tag.toLowerCase() === OUR_MISTAKE_TAG)) {
    found.push({ key: 'our_mistake', rule: 'tagged_our_mistake', evidence: [OUR_MISTAKE_TAG] });
  } else {
    const mistake = matches(said, MISTAKE_WORDS);
    if (mistake.length > 0) found.push({ key: 'our_mistake', rule: 'mistake_words', evidence: mistake });
  }

  const refund = matches(said, REFUND_WORDS);
  if (refund.length > 0 && !REFUND_DECLINED.test(said)) found.push({ key: 'refund_request', rule: 'refund_asked', evidence: refund });

  const delivery = matches(said, DELIVERY_WORDS);
  const delay = matches(said, DELAY_WORDS);
  if (delivery.length > 0 && delay.length > 0) found.push({ key: 'delayed_shipment', rule: 'shipping_delay', evidence: [...delay, ...delivery].slice(0, 4) });

  return found;
}

/** The rule and its evidence in one plain sentence (the API's `reason`). */
export function describeSuggestion(match: SuggestionMatch): string {
  const quoted = match.evidence.map((item) => `"${item}"`).join(', ');
  switch (match.rule) {
    case 'angry_tone':
      return `The customer's latest message reads as angry (${match.evidence.join(', ') || 'tone'}).`;
    case 'tagged_our_mistake':
      return `The ticket is tagged ${OUR_MISTAKE_TAG}.`;
    case 'mistake_words':
      return `The customer reports a mistake on our side: ${quoted}.`;
    case 'refund_asked':
      return `The customer asks for their money back: ${quoted}.`;
    case 'shipping_delay':
      return `The customer mentions a late delivery: ${quoted}.`;
  }
}
