import { findMatches, normalise } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';
import { wholeDraftSpan } from './rule-context.ts';

// Hiding behind policy or listing what cannot be done (P2).
const DISMISSIVE =
  /\b(?:(?:that|this|it)(?:'s| is) (?:against |simply |just )?(?:our|the|company) policy|(?:per|according to|due to|under|in line with) (?:our|the|company) (?:policy|policies|terms)|(?:our )?polic(?:y|ies) (?:does not|doesn't|do not|don't|won't) (?:allow|permit|cover)|(?:there(?:'s| is)|there's really) nothing (?:more |else |further )?(?:we|i) can do|nothing (?:more |else )?(?:we|i) can do|(?:we|i) (?:can't|cannot|can not|are unable to|am unable to|are not able to|am not able to|won't be able to) (?:do anything|help (?:you )?(?:with )?(?:that|this)|make (?:an )?exceptions?|offer (?:you )?anything)|(?:that|this)(?:'s| is) not (?:possible|something we (?:do|offer))|(?:it|that|this)(?:'s| is) (?:not|outside) (?:our|my) (?:problem|responsibility|control|remit)|out of (?:our|my) hands|(?:our|my) hands are tied|(?:we|i) (?:don't|do not) (?:do|offer|support|allow) (?:that|this|refunds|returns|exchanges)|that(?:'s| is) (?:just )?(?:how|the way) (?:it|things) (?:is|are|works?)|(?:no|not) exceptions?|(?:we|i) (?:are|am) not (?:responsible|liable)|there is no way (?:we|i) can|(?:unfortunately|sadly),? (?:we|i) (?:can't|cannot|are unable|am unable|won't|do not|don't))/g;

// A "can't" followed by what we *can* do is fine; only flag the closed door.
const CAN_DO = /\b(?:what (?:i|we) can do|(?:but|however|instead),? (?:i|we)(?:'ll| will| can| could|'d| would| have| am| are)|i can offer|we can offer|here's what|alternative|instead)\b/;

export function dismissiveRule(context: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const sentence of context.sentences) {
    const matches = findMatches(sentence.text, DISMISSIVE);
    const first = matches[0];
    if (!first) continue;
    const sentenceIndex = context.sentences.indexOf(sentence);
    const next = context.sentences[sentenceIndex + 1];
    const nearby = normalise(sentence.text + ' ' + (next?.text ?? ''));
    if (CAN_DO.test(nearby)) continue;
    findings.push({
      rule: 'dismissive',
      start: sentence.start + first.start,
      end: sentence.start + first.end,
      message: 'This may read as a closed door. Say what you can do next.',
      suggestion: 'Try: "What I can do is …"',
    });
  }
  return findings;
}

// Blaming or arguing with the customer (P4).
const DEFENSIVE =
  /\b(?:as (?:i|we) (?:already |previously |have )?(?:explained|said|mentioned|stated|told you|pointed out|wrote)|as (?:previously|already|clearly) (?:stated|explained|mentioned|said)|as (?:stated|explained|mentioned) (?:before|earlier|previously|in (?:my|our))|you (?:should|could|would) have (?:read|checked|known|followed|contacted|looked|seen|noticed|told|called|asked|measured|kept|waited)|you (?:failed|neglected|forgot) to|you (?:didn't|did not|never) (?:read|follow|check|look|provide|tell|mention)|if you had (?:read|followed|checked|looked|provided)|(?:it|this|that)(?:'s| is| was) not (?:our|my) fault|(?:it|this|that)(?:'s| is| was) (?:your|the customer's) (?:fault|responsibility|mistake|problem)|you must have (?:missed|misread|forgotten|ignored|entered|typed|deleted|clicked|skipped|overlooked)|(?:is|was) clearly (?:stated|explained|written|mentioned)|as you (?:were|have been) (?:told|informed|advised)|you were (?:told|informed|advised|warned)|per my (?:last|previous|earlier) (?:email|e-mail|message|reply)|i never said|that(?:'s| is) (?:simply )?not true|you need to understand|with all due respect|you misunderstood|you(?:'re| are) (?:wrong|mistaken|confused)|read (?:the|our) (?:terms|faq|instructions|manual) (?:again|carefully)|for the (?:second|third|last) time|once again,? (?:i|we) (?:must|have to))/g;

export function defensiveRule(context: RuleContext): RawFinding[] {
  return findMatches(context.draft, DEFENSIVE).map((match) => ({
    rule: 'defensive' as const,
    start: match.start,
    end: match.end,
    message: 'This can sound like blame. Explain the next step instead of who was right.',
    suggestion: 'Try restating the key point kindly, e.g. "To make sure this works, …"',
  }));
}

// Template empathy and stock phrases (P33). Each would read the same in any reply to anyone.
const ROBOTIC =
  /\b(?:(?:we|i) (?:sincerely )?apologi[sz]e for any inconvenience(?: (?:this|that) (?:may have|has|might have) caused)?|sorry for any inconvenience(?: (?:this|that) (?:may have|has|might have) caused)?|(?:we|i) (?:completely |totally |fully )?understand your frustration|(?:we|i) value your (?:business|feedback|custom)|your (?:call|business|satisfaction|feedback) is (?:very )?important to us|thank you for your patience and understanding|(?:we|i) appreciate your (?:patience and )?understanding|(?:please )?(?:do not|don't) hesitate to (?:contact|reach out to|get in touch with) (?:us|me)|rest assured|at your earliest convenience|(?:for|should you have) any (?:further|other|additional) (?:queries|questions|concerns)|(?:we|i) hope this (?:email|e-mail|message) finds you well|(?:dear )?valued customer|dear (?:sir|madam|sir or madam|customer)|please be advised|kindly be (?:advised|informed)|we strive to|we are committed to providing|is there anything else i can help you with today|thank you for contacting (?:us|customer (?:service|support|care))|we regret to inform you|have a (?:nice|great|good) day!?$)/g;

export function roboticPhraseRule(context: RuleContext): RawFinding[] {
  return findMatches(context.draft, ROBOTIC).map((match) => ({
    rule: 'robotic-phrase' as const,
    start: match.start,
    end: match.end,
    message: 'This is a stock phrase. Say it in your own words, about their situation.',
  }));
}

// Acknowledging how the customer feels before fixing things (P30).
const ACKNOWLEDGES_FEELING =
  /\b(?:i (?:completely |totally |really )?(?:understand|get|hear|see) (?:why|how|that|what)|i can (?:see|imagine|understand) (?:why|how|that)|i(?:'m| am) (?:so |really |truly |very )?sorry|you(?:'re| are) right|(?:that|this) (?:must|would) (?:be|have been)|frustrat\w+|annoy\w+|upsetting|disappoint\w+|understandabl[ey]|not (?:the|what) (?:experience|service) (?:you|we)|(?:i|we) (?:apologi[sz]e|owe you)|thank you for (?:telling|letting|your patience|bearing))\b/;

const SARCASM =
  /\b(?:obviously|clearly you|as you can see|good luck(?: with that)?|no offen[cs]e|i'm sure you (?:know|understand|realise|realize)|surely you|news flash|whatever you say|if you say so|congratulations|nice try|thanks for nothing|with all due respect)\b/g;

const SHOUTED_WORD = /\b[A-Z]{4,}\b/g;

export function toneToAngryRule(context: RuleContext): RawFinding[] {
  const isAngry = context.input.ticket?.angry === true || context.inbound.anger >= 0.5;
  if (!isAngry || context.draft.trim().length === 0) return [];
  const findings: RawFinding[] = [];
  for (const match of context.draft.matchAll(/!+/g)) {
    findings.push({
      rule: 'tone-to-angry',
      start: match.index,
      end: match.index + match[0].length,
      message: 'The customer is upset; an exclamation mark can read as shouting or cheerfulness.',
      suggestion: 'Use a full stop.',
    });
  }
  for (const match of context.draft.matchAll(SHOUTED_WORD)) {
    // Acronyms like "FAQ" or "HTTPS" are not shouting; five-plus capitals in a longer word usually are.
    if (match[0].length < 5) continue;
    findings.push({
      rule: 'tone-to-angry',
      start: match.index,
      end: match.index + match[0].length,
      message: 'Capitals can read as shouting to someone who is already upset.',
      suggestion: match[0].toLowerCase(),
    });
  }
  for (const match of findMatches(context.draft, SARCASM)) {
    findings.push({
      rule: 'tone-to-angry',
      start: match.start,
      end: match.end,
      message: 'This may read as sarcasm to an upset customer.',
    });
  }
  if (!ACKNOWLEDGES_FEELING.test(normalise(context.draft))) {
    findings.push({
      rule: 'tone-to-angry',
      ...wholeDraftSpan(context),
      message: 'The customer is upset. Start by acknowledging how they feel.',
      suggestion: 'For example: "I can see why this is frustrating."',
    });
  }
  return findings;
}
