import type { Commitment } from './coach-types.ts';
import { resolveDue } from './due-dates.ts';
import { probability } from './linear-model.ts';
import { commitmentModel } from './models/commitment.generated.ts';
import { normalise, type Sentence } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';

// First-person promises (P26). "We'll need you to…" asks the customer, so it is excluded.
const FIRST_PERSON_FUTURE =
  /\b(?:i|we)(?:'ll| will| shall| am going to|'m going to| are going to|'re going to| will personally| will also|'ll also)\s+(?!not\b|never\b|need\b|be able\b|be (?:out|away|down|at|on (?:leave|holiday|vacation)|in (?!touch\b))\b|have to ask you\b|probably be\b)/;

// Each named pattern is one rule; its hit is a feature of the learned model (`r:<name>`).
const PROMISE_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['future', FIRST_PERSON_FUTURE],
  ['will-start', /^will\s+(?!you\b|u\b|they\b|he\b|she\b|it\b|this\b|that\b)\w+/],
  ['let-me', /\blet me (?:check|look|find out|get back|confirm|see|ask|follow up|chase|sort)\b/],
  ['promise', /\b(?:i|we) promise\b/],
  ['make-sure', /\b(?:i|we)(?:'ll| will) (?:make sure|ensure)\b/],
  ['you-will-get', /\byou(?:'ll| will) (?:receive|get|hear|have) (?:a |an |the |your |it |back |from )/],
  ['it-will-be', /\b(?:it|this|that|they|your \w+|the (?:\w+ )?(?:refund|replacement|order|parcel|package|item|invoice|credit|fix|update|tracking \w+))\s+will be (?:sent|shipped|refunded|delivered|processed|fixed|credited|updated|resolved|replaced|dispatched|issued|emailed|e-mailed|back|ready|available|there)\b/],
  ['in-touch', /\b(?:i|we)(?:'ll| will) (?:be in touch|be back|come back to you|circle back|keep you (?:posted|updated|informed))\b/],
  ['plan-to', /\b(?:i|we) (?:plan|intend|expect|hope|aim) to (?:send|call|ship|get|finish|have|fix|complete|deliver|provide|reschedule|confirm|issue)\b/],
  ['would-like', /\b(?:i|we)(?:'d| would) like to (?!know\b|hear\b|thank\b|ask\b|see if\b|invite\b)\w+/],
  ['need-to', /\b(?:i|we) (?:also )?(?:need|have|want|hope|plan|intend) to (?!know\b|ask\b|hear\b|thank\b|see\b|say\b|let you know\b|be\b|leave\b|commend\b|go\b|stay\b)\w+/],
  ['and-will', /\b(?:and|but|then) (?:will|shall|'ll) (?!you\b|not\b|be able\b)\w+/],
  // Only as the main clause: "so I can print it" or "anything I can do" states a purpose, not a promise.
  ['i-can', /(?:^|[,;:]\s*|\b(?:and|but|then|also)\s+)(?:i|we) can (?!not\b|only\b|see\b|understand\b|imagine\b|confirm\b|tell\b|assure\b|hear\b|be\b|do nothing\b)\w+/],
  ['going-to', /\b(?:i|we)(?:'m| am|'re| are) (?:planning|going|hoping|aiming|arranging) to\b/],
  ['asking', /\b(?:i|we)(?:'m| am|'re| are) asking \w+/],
  ['doing-now', /\b(?:i|we)(?:'m| am|'re| are) (?:sending|forwarding|attaching|copying|enclosing|arranging|scheduling|pulling together|working on|looking into)\b/],
  ['doing-by', /\b(?:i|we) (?:am|are|'m|'re) (?:sending|shipping|issuing|arranging|scheduling|calling|processing)\b.*\b(?:today|tomorrow|now|shortly|this week|by)\b/],
];

// Questions and conditions about someone else's action are not our promises.
const NOT_A_PROMISE = /\b(?:if|whether|what (?:else )?) (?:i|we) (?:need|have|should)\b|\b(?:will|would|can|could) you\b|\bif you(?:'d| would)? like\b.*\?$|^(?:do|does|did|can|could|would|should)\b/;

function cleanText(sentenceText: string): string {
  return normalise(sentenceText).trim().replace(/\s+/g, ' ');
}

type RuleHits = {
  /** Names of the promise patterns the sentence matches. */
  readonly promises: readonly string[];
  readonly isNotAPromise: boolean;
  readonly isQuestion: boolean;
  readonly isTooShort: boolean;
};

function ruleHits(text: string): RuleHits {
  const promises: string[] = [];
  for (const [name, pattern] of PROMISE_PATTERNS) if (pattern.test(text)) promises.push(name);
  return { promises, isNotAPromise: NOT_A_PROMISE.test(text), isQuestion: text.endsWith('?'), isTooShort: text.length < 4 };
}

// Hard exclusions: they hold whatever the model says.
function isExcluded(hits: RuleHits): boolean {
  return hits.isTooShort || hits.isNotAPromise || hits.isQuestion;
}

function ruleFeatures(hits: RuleHits, features: string[]): void {
  for (const name of hits.promises) features.push(`r:${name}`);
  if (hits.isNotAPromise) features.push('r:not');
  if (hits.isQuestion) features.push('r:question');
  if (hits.promises.length > 0 && !isExcluded(hits)) features.push('r:rules');
}

// Who does what: for every "I"/"we", the auxiliary chain after it ("would like", "need", "am"),
// where the pronoun stands (sentence start, clause start, or inside a subordinate clause), the
// verb that follows and its shape (-ed reads as done, -ing as under way, a base form as to do).
const AUXILIARIES = new Set([
  'will', 'shall', 'would', 'should', 'could', 'can', 'might', 'may', 'must', 'need', 'want', 'wanted', 'have',
  'am', 'are', 'plan', 'hope', 'expect', 'intend', 'going', 'planning', 'able', 'be', 'like', 'to', 'do',
]);
const ADVERBS = new Set([
  'also', 'just', 'still', 'really', 'definitely', 'now', 'only', 'certainly', 'then', 'probably', 'already',
  'personally', 'however', 'therefore', 'all', 'both',
]);
const CONTRACTIONS: Readonly<Record<string, readonly string[]>> = {
  "i'll": ['i', 'will'], "we'll": ['we', 'will'], "i'd": ['i', 'would'], "we'd": ['we', 'would'], "i'm": ['i', 'am'],
  "we're": ['we', 'are'], "i've": ['i', 'have'], "we've": ['we', 'have'], "let's": ['let', 'us'],
};
const CLAUSE_OPENERS = new Set(['so', 'and', 'but', 'then']);
// Words exactly as `tokens` (linear-model.ts) reads them, plus clause breaks, in one pass.
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)?|[?!]|[,;:()]|\.\.+|\s-\s/gu;
const BREAK = '|';

// First characters of a break token: , ; : ( ) . and the space of " - " (text is whitespace-collapsed).
const BREAK_STARTS = new Set([44, 59, 58, 40, 41, 46, 32]);

/** The sentence's words with every clause break as `|` (the text is already normalised). */
function clauseTokens(text: string): string[] {
  const found = text.match(TOKEN) ?? [];
  for (let index = 0; index < found.length; index += 1) {
    if (BREAK_STARTS.has((found[index] ?? '').charCodeAt(0))) found[index] = BREAK;
  }
  return found;
}

function verbShape(word: string): string {
  return word.endsWith('ed') ? 'ed' : word.endsWith('ing') ? 'ing' : 'base';
}

function subjectFeatures(clauses: readonly string[], features: string[]): void {
  // Contractions split into pronoun and auxiliary ("i'll" → "i will").
  const words: string[] = [];
  for (const token of clauses) {
    const expanded = CONTRACTIONS[token];
    if (expanded) words.push(...expanded);
    else words.push(token);
  }
  let clauseStart = 0;
  let isFirstClause = true;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word === BREAK) {
      clauseStart = index + 1;
      isFirstClause = false;
      continue;
    }
    if (word !== 'i' && word !== 'we') continue;
    const before = words[index - 1];
    const position =
      index === clauseStart ? (isFirstClause ? 'start' : 'clause') : before !== undefined && CLAUSE_OPENERS.has(before) ? 'clause' : 'sub';
    const chain: string[] = [];
    let next = index + 1;
    let steps = 0;
    while (next < words.length && steps < 4) {
      const candidate = words[next] ?? '';
      if (AUXILIARIES.has(candidate)) {
        steps += 1;
        if (candidate !== 'to') chain.push(candidate);
      } else if (ADVERBS.has(candidate)) {
        steps += 1;
      } else break;
      next += 1;
    }
    const auxiliary = chain.length > 0 ? chain.join('_') : 'none';
    features.push(`p:${position}`, `p:${auxiliary}`, `p:${position}_${auxiliary}`);
    const verb = words[next];
    if (verb !== undefined && verb !== BREAK) features.push(`pv:${verb}`, `ps:${position === 'sub' ? 'sub' : 'main'}_${auxiliary}_${verbShape(verb)}`);
  }
  if (clauses.includes('you') || clauses.includes('your')) features.push('has:you');
  if (clauses.includes('please')) features.push('has:please');
  if (clauses.includes('if') || clauses.includes('when')) features.push('has:if');
}

// Opening words count only when they are common English function words, so the model learns
// sentence shapes ("we can", "if i") and not the names that open e-mails in the training data.
const FUNCTION_WORDS = new Set(
  (
    "i we you he she it they this that these those there here my our your his her their its a an the " +
    'will would shall should can could may might must do does did have has had am is are was were be been ' +
    'and but or so if when while as since because after before until unless although though then also just still ' +
    "please thanks thank let let's i'll we'll i'd we'd i'm we're i've we've you'll you're it's that's there's " +
    'what who how why where which to for from with by at on in of about per according otherwise however maybe ' +
    'perhaps sorry not no yes all any some one attached'
  ).split(' '),
);
// A leading greeting or name ("Sam, …") says nothing about what the sentence does.
const LEADING_NAME = /^\W*\p{Lu}\p{Ll}+,\s/u;

/** The first one and two words (`f:…`, as `ngramFeatures` names them) when they are function words. */
function openingFeatures(sentenceText: string, clauses: readonly string[], features: string[]): void {
  let index = 0;
  if (LEADING_NAME.test(sentenceText.trim())) {
    const comma = clauses.indexOf(BREAK);
    if (comma >= 0) index = comma + 1;
  }
  const opening: string[] = [];
  for (; index < clauses.length && opening.length < 2; index += 1) {
    const token = clauses[index] ?? BREAK;
    if (token !== BREAK) opening.push(token);
  }
  const [first, second] = opening;
  if (first === undefined || !FUNCTION_WORDS.has(first)) return;
  features.push(`f:${first}`);
  if (second !== undefined && FUNCTION_WORDS.has(second)) features.push(`f:${first}_${second}`);
}

/**
 * The learned model's features for one sentence: the hand-written rules' hits (`r:`), who the
 * subject is and what follows it (`p:`, `pv:`, `ps:`, `has:`) and the opening words (`f:`).
 * Shared by the runtime detector and eval/train-commitment.ts.
 */
export function commitmentFeatures(sentenceText: string): string[] {
  const text = cleanText(sentenceText);
  return featuresOf(sentenceText, text, ruleHits(text));
}

function featuresOf(sentenceText: string, text: string, hits: RuleHits): string[] {
  const features: string[] = [];
  ruleFeatures(hits, features);
  const clauses = clauseTokens(text);
  subjectFeatures(clauses, features);
  openingFeatures(sentenceText, clauses, features);
  return features;
}

// Help-desk promise phrasings ("let me check", "you will receive", "we'll be in touch") that the
// training e-mails almost never use, so the model has no evidence on them; they count outright.
// Adding them is neutral on the dev cross-validation (they hit only a handful of dev rows).
const SURE_PROMISES = new Set(['will-start', 'let-me', 'promise', 'make-sure', 'you-will-get', 'it-will-be', 'in-touch']);

/**
 * The hand-written part of the decision: `false` when the hard exclusions rule the sentence out
 * (questions, "will you…"), `true` for a sure help-desk promise, `null` when the model decides.
 * eval/train-commitment.ts scores its cross-validation the same way.
 */
export function commitmentOverride(sentenceText: string): boolean | null {
  return overrideOf(ruleHits(cleanText(sentenceText)));
}

function overrideOf(hits: RuleHits): boolean | null {
  if (isExcluded(hits)) return false;
  return hits.promises.some((name) => SURE_PROMISES.has(name)) ? true : null;
}

/** The hand-written rules alone (the detector before the learned model); kept for comparison. */
export function isCommitmentByRules(sentenceText: string): boolean {
  const hits = ruleHits(cleanText(sentenceText));
  return !isExcluded(hits) && hits.promises.length > 0;
}

/**
 * True when the sentence reads as the writer's own commitment: a logistic model over
 * {@link commitmentFeatures}, trained on dev (eval/train-commitment.ts), behind {@link commitmentOverride}.
 * Exported for the evaluation.
 */
export function isCommitment(sentenceText: string): boolean {
  const text = cleanText(sentenceText);
  const hits = ruleHits(text);
  const override = overrideOf(hits);
  if (override !== null) return override;
  return probability(commitmentModel, featuresOf(sentenceText, text, hits)) >= commitmentModel.threshold;
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
