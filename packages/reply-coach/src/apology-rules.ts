import { findMatches, normalise, type PhraseMatch } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';
import { wholeDraftSpan } from './rule-context.ts';

// Apology words in the languages agents most often write in; English carries the detailed checks.
const APOLOGY =
  /\b(?:sorry|apologi[sz]e[sd]?|apologi[sz]ing|apolog(?:y|ies)|regret (?:that|any|the)|pardon|excuse us|entschuldig\w*|tut (?:mir|uns) leid|désolée?s?|excuse[sz]?-(?:moi|nous)|lo siento|lo sentimos|disculp\w+|perdón|scusa\w*|ci dispiace|mi dispiace|desculp\w+|sinto muito|sorry voor|excuses|przepraszam\w*|прошу прощения|извин\w+)\b/gu;

// "Not sorry" and "sorry to hear" about a third party still count, but a negation does not.
const NOT_AN_APOLOGY = /\b(?:not|never|no need to be) (?:sorry|apologi[sz]e)/;

export function findApologies(draft: string): PhraseMatch[] {
  return findMatches(draft, APOLOGY).filter((match) => {
    const before = normalise(draft.slice(Math.max(0, match.start - 20), match.end));
    return !NOT_AN_APOLOGY.test(before);
  });
}

// Saying plainly that we got it wrong (P1). Kept to first-person plural/singular ownership.
const OWNERSHIP =
  /\b(?:(?:our|my) (?:mistake|fault|error|bad|oversight|mix-?up)|(?:we|i) (?:made|have made|'ve made) (?:a|an) (?:mistake|error)|(?:we|i) (?:got|get) (?:it|this|that|your \w+) wrong|that(?:'s| is| was) on (?:us|me)|(?:we|i) (?:messed|mixed|slipped) up|(?:we|i) (?:should|shouldn't) have|(?:we|i) (?:take|accept) (?:full )?responsibility|(?:this|that|it) (?:was|is) (?:entirely |completely |totally )?(?:our|my) (?:doing|fault|mistake|error)|(?:we|i) (?:sent|shipped|charged|billed|delivered|booked|gave|told) (?:you )?(?:the )?(?:wrong|twice|incorrect)|(?:we|i) (?:let you down|dropped the ball)|(?:our|my) (?:team|system|warehouse|courier) (?:made|sent|charged|got))\b/;

// Doing something about it: a concrete action now or a promise with a subject.
const REMEDY =
  /\b(?:(?:i|we)(?:'ve| have| just)? (?:refunded|sent|reshipped|re-?sent|issued|credited|corrected|fixed|updated|cancelled|canceled|arranged|booked|added|processed|replaced|reversed|changed|applied)|(?:i|we)(?:'ll| will| am going to|'m going to| are going to|'re going to| am| are|'m|'re) (?:\w+ ){0,2}(?:refund|send|ship|reship|issue|credit|correct|fix|update|cancel|arrange|book|add|process|replace|reverse|change|apply|make sure|call|check|sending|refunding|fixing|shipping|replacing)|(?:we've|we have|i've|i have) (?:already )?(?:put|made|taken|set up|started))\b/;

export function apologyCountRule(context: RuleContext): RawFinding[] {
  const apologies = findApologies(context.draft);
  if (apologies.length === 0) return [];
  return apologies.slice(1).map((match) => ({
    rule: 'apology-count' as const,
    start: match.start,
    end: match.end,
    message: 'One sincere apology is enough; this extra one can make the reply sound unsure.',
    suggestion: 'Remove this apology and keep the first one.',
  }));
}

export function ownershipRule(context: RuleContext): RawFinding[] {
  if (context.input.ticket?.ourMistake !== true || context.draft.trim().length === 0) return [];
  const text = normalise(context.draft);
  const hasApology = findApologies(context.draft).length > 0;
  const hasOwnership = OWNERSHIP.test(text);
  const hasRemedy = REMEDY.test(text);
  const span = wholeDraftSpan(context);
  if (!hasApology && !hasOwnership) {
    return [{
      rule: 'ownership',
      ...span,
      message: 'This one was our mistake. Say so plainly and apologise once.',
      suggestion: 'For example: "This was our mistake, and I\'m sorry."',
    }];
  }
  if (!hasOwnership) {
    return [{
      rule: 'ownership',
      ...span,
      message: 'The apology is there; also say plainly that the mistake was ours.',
      suggestion: 'For example: "We got this wrong."',
    }];
  }
  if (!hasRemedy) {
    return [{
      rule: 'ownership',
      ...span,
      message: 'Good that you own the mistake. Add what you are doing to put it right.',
      suggestion: 'For example: "I\'ve sent a replacement today."',
    }];
  }
  return [];
}
