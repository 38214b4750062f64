import type { Commitment } from './coach-types.ts';
import { resolveDue } from './due-dates.ts';
import { normalise, type Sentence } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';

// First-person promises (P26). "We'll need you to…" asks the customer, so it is excluded.
const FIRST_PERSON_FUTURE =
  /\b(?:i|we)(?:'ll| will| shall| am going to|'m going to| are going to|'re going to| will personally| will also|'ll also)\s+(?!not\b|never\b|need\b|be able\b|be (?:out|away|down|at|on (?:leave|holiday|vacation)|in (?!touch\b))\b|have to ask you\b|probably be\b)/;

const OTHER_PROMISES: RegExp[] = [
  /^will\s+(?!you\b|u\b|they\b|he\b|she\b|it\b|this\b|that\b)\w+/,
  /\blet me (?:check|look|find out|get back|confirm|see|ask|follow up|chase|sort)\b/,
  /\b(?:i|we) promise\b/,
  /\b(?:i|we)(?:'ll| will) (?:make sure|ensure)\b/,
  /\byou(?:'ll| will) (?:receive|get|hear|have) (?:a |an |the |your |it |back |from )/,
  /\b(?:it|this|that|they|your \w+|the (?:\w+ )?(?:refund|replacement|order|parcel|package|item|invoice|credit|fix|update|tracking \w+))\s+will be (?:sent|shipped|refunded|delivered|processed|fixed|credited|updated|resolved|replaced|dispatched|issued|emailed|e-mailed|back|ready|available|there)\b/,
  /\b(?:i|we)(?:'ll| will) (?:be in touch|be back|come back to you|circle back|keep you (?:posted|updated|informed))\b/,
  /\b(?:i|we) (?:plan|intend|expect|hope|aim) to (?:send|call|ship|get|finish|have|fix|complete|deliver|provide|reschedule|confirm|issue)\b/,
  /\b(?:i|we)(?:'d| would) like to (?!know\b|hear\b|thank\b|ask\b|see if\b|invite\b)\w+/,
  /\b(?:i|we) (?:also )?(?:need|have|want|hope|plan|intend) to (?!know\b|ask\b|hear\b|thank\b|see\b|say\b|let you know\b|be\b|leave\b|commend\b|go\b|stay\b)\w+/,
  /\b(?:and|but|then) (?:will|shall|'ll) (?!you\b|not\b|be able\b)\w+/,
  // Only as the main clause: "so I can print it" or "anything I can do" states a purpose, not a promise.
  /(?:^|[,;:]\s*|\b(?:and|but|then|also)\s+)(?:i|we) can (?!not\b|only\b|see\b|understand\b|imagine\b|confirm\b|tell\b|assure\b|hear\b|be\b|do nothing\b)\w+/,
  /\b(?:i|we)(?:'m| am|'re| are) (?:planning|going|hoping|aiming|arranging) to\b/,
  /\b(?:i|we)(?:'m| am|'re| are) asking \w+/,
  /\b(?:i|we)(?:'m| am|'re| are) (?:sending|forwarding|attaching|copying|enclosing|arranging|scheduling|pulling together|working on|looking into)\b/,
  /\b(?:i|we) (?:am|are|'m|'re) (?:sending|shipping|issuing|arranging|scheduling|calling|processing)\b.*\b(?:today|tomorrow|now|shortly|this week|by)\b/,
];

// Questions and conditions about someone else's action are not our promises.
const NOT_A_PROMISE = /\b(?:if|whether|what (?:else )?) (?:i|we) (?:need|have|should)\b|\b(?:will|would|can|could) you\b|\bif you(?:'d| would)? like\b.*\?$|^(?:do|does|did|can|could|would|should)\b/;

/** True when the sentence reads as the writer's own commitment. Exported for the evaluation. */
export function isCommitment(sentenceText: string): boolean {
  const text = normalise(sentenceText).trim().replace(/\s+/g, ' ');
  if (text.length < 4 || NOT_A_PROMISE.test(text)) return false;
  if (text.endsWith('?')) return false;
  return FIRST_PERSON_FUTURE.test(text) || OTHER_PROMISES.some((pattern) => pattern.test(text));
}

export function findCommitments(sentences: Sentence[], now: string | undefined, timeZone: string | undefined): Commitment[] {
  const commitments: Commitment[] = [];
  for (const sentence of sentences) {
    if (!isCommitment(sentence.text)) continue;
    const due = resolveDue(sentence.text, now, timeZone);
    commitments.push({ text: sentence.text, start: sentence.start, end: sentence.end, ...(due ? { due } : {}) });
  }
  return commitments;
}

export function commitmentRule(context: RuleContext): RawFinding[] {
  return context.commitments.map((commitment) => ({
    rule: 'commitment' as const,
    start: commitment.start,
    end: commitment.end,
    message: commitment.due
      ? 'A promise: Rapport will remind you to follow up when it is due.'
      : 'A promise without a time. Saying when helps the customer plan.',
    ...(commitment.due ? {} : { suggestion: 'Add when, e.g. "by tomorrow at 5pm".' }),
  }));
}
