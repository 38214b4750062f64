import type { InboundAnalysis } from './coach-types.ts';
import { ngramFeatures, type LinearModel } from './linear-model.ts';
import { angerModel } from './models/anger.generated.ts';
import { normalise } from './sentences.ts';

type Cue = { name: string; pattern: RegExp; weight: number; reason: string };

// Frustration and anger cues in customer messages (P4, P30). Weights tuned on the dev split only.
const ANGER_CUES: Cue[] = [
  { name: 'anger', pattern: /\b(?:furious|livid|outraged|outrageous|disgusted|disgusting|appalled|appalling|infuriat\w*|enraged|angry|pissed)\b/g, weight: 1.2, reason: 'anger words' },
  { name: 'strong', pattern: /\b(?:unacceptable|ridiculous|absurd|pathetic|shocking|disgrace\w*|shameful|terrible|horrible|horrendous|awful|worst|atrocious|abysmal|appalling|nightmare|joke|farce|rubbish|useless|incompetent|inept|scam|rip-?off|fraud\w*|theft|robbery|insane|unbelievable|fed up|sick (?:and tired )?of|had enough|last straw|never again|waste of (?:time|money))\b/g, weight: 0.8, reason: 'strong complaint words' },
  { name: 'frustration', pattern: /\b(?:frustrat\w*|annoy\w*|irritat\w*|upset|disappoint\w*|unhappy|dissatisfied|angry|mad at|hate|stressful|poor service|bad service|rude|ignored|misled|lied|lying|hassle|unhelpful|inconvenien\w*|not happy|very poor|so poor)\b/g, weight: 0.6, reason: 'frustration words' },
  { name: 'repeated', pattern: /\b(?:still (?:not|no|haven't|hasn't|waiting|nothing|have not)|keeps? (?:\w+ing|coming|asking|saying|sending|telling)|(?:\d+|two|three|four|five|several|many|multiple|numerous) times|(?:how many|so many) times|every time|for (?:\d+|two|three|several) (?:hours|days|weeks|months)|no one|nobody|no response|no reply|never (?:received|got|heard|arrived|responded|replied|answered)|not (?:once|even)|at all\b|nothing works|doesn't work|does not work|won't let me|will not let me|can't even|(?:over|more than) (?:an? )?(?:hour|week|month))\b/g, weight: 0.4, reason: 'repeated failure' },
  { name: 'threat', pattern: /\b(?:cancel (?:my|the|our) (?:account|contract|subscription|service|order)|switch(?:ing)? (?:to|provider)|take my business|going elsewhere|lawyer|solicitor|legal action|sue\b|court|ombudsman|trading standards|report (?:you|this)|chargeback|dispute (?:the|this)|bbb|complain(?:t)? to|bad review|social media|twitter|demand (?:a|my|an|to)|i demand|compensation|refund (?:me|my)|want my money back)\b/g, weight: 0.6, reason: 'threat to leave or escalate' },
  { name: 'bad', pattern: /\b(?:horrified|horrid|poorly|treated (?:badly|poorly|like)|rip (?:people|us|me|you) off|ripped off|madness|fooled|stranded|be warned|warning (?:everyone|to)|steer clear|avoid (?:this|them|at all costs)|not fit for|cheek|refused to|would not (?:let|help|give|refund|accept)|could not (?:care|be bothered)|no (?:help|apology|explanation|compensation|refund)|lost (?:my|our) (?:bag|luggage|suitcase)|damaged|broken|missing|delayed|cancell?ed (?:my|our|the)|(?:\d+|several) hours? (?:late|delay)|worse|bad experience|never (?:fly|use|book|again)|do not (?:use|book|fly)|don't (?:use|book|fly))\b/g, weight: 0.45, reason: 'bad experience' },
  { name: 'story', pattern: /\b(?:(?:i|we) (?:was|were) (?:told|informed|charged|refused|denied|forced|made to|left)|they (?:told|charged|refused|said) (?:me|us)|had to (?:pay|wait|buy|queue|call)|(?:have|had) been waiting|(?:was|were|got) (?:cancell?ed|delayed|bumped|overbooked|stranded|downgraded)|(?:didn't|did not|never) (?:receive|get|arrive|work|show)|charged (?:me|us)|no (?:longer|way to)|(?:still|yet to) (?:waiting|receive|hear))\b/g, weight: 0.35, reason: 'complaint story' },
  { name: 'money', pattern: /\b(?:too much|overcharg\w*|charged (?:me )?twice|double charged|paying (?:too|so) much|extortionate|no excuse)\b/g, weight: 0.4, reason: 'money complaint' },
];

const PROFANITY = /\b(?:damn|damned|dammit|hell|crap|crappy|wtf|shit\w*|bullshit|fuck\w*|f\*+\w*|bloody|bastard\w*|ass|asshole|arse\w*|piss\w*|screw (?:you|this|it)|bugger)\b/g;

// Insults aimed at people and threats: abuse the lead should see (P4).
const ABUSE =
  /\b(?:(?:you|u|ur|your|you're|you are|you guys are|you people are|they are|staff are|agents are)\s+(?:\w+\s+){0,3}(?:idiots?|morons?|stupid|imbeciles?|retard\w*|clowns?|liars?|thieves|crooks|scum|useless|incompetent|pathetic|brain-?dead|losers?)|fuck (?:you|off|u)|screw you|go to hell|shut up|kill (?:you|yourself)|hurt you|find (?:out )?where you live|i'll (?:come|be) (?:down )?there and|(?:stupid|idiot|moron|incompetent|useless|lying) (?:bitch|bastard|idiot|company|people|staff|clowns?|morons?|agents?|fools?))\b/;

// Model-only cues: more general complaint vocabulary whose hits feed the anger model as features
// but give no reasons (the reasons above stay as they are). Written from general help-desk usage.
const MODEL_CUES: { name: string; pattern: RegExp }[] = [
  { name: 'unfair', pattern: /\b(?:unfair|unjust|unreliable|over ?priced|too (?:expensive|high|slow|long)|so (?:high|slow|expensive)|way too|rip ?off|a con)\b/g },
  { name: 'disbelief', pattern: /\b(?:can'?t believe|cannot believe|can not believe|how (?:dare|hard|difficult) (?:is it|can)|seriously|are you (?:kidding|serious)|not true|what a|why (?:can'?t|won'?t|doesn'?t|don'?t|isn'?t|is it so))\b/g },
  { name: 'not-listening', pattern: /\b(?:(?:you(?:'re| are)?|you guys) (?:not|never|don'?t|didn'?t|won'?t|can'?t|keep)|not (?:answering|listening|understanding|helping|helpful)|(?:doesn'?t|does not|didn'?t|did not|don'?t) (?:help|answer|understand|care))\b/g },
  { name: 'intensifier', pattern: /\b(?:really|so|very|extremely|totally|completely|absolutely|terribly|truly|even|ever|constantly|always|again|beyond)\b/g },
  { name: 'tired', pattern: /\b(?:tired of|sick of|enough|fed up|hate|can'?t stand|stress\w*|fail\w*|problem\w*|issue\w*|wrong|worse|worst|bad(?:ly)?|bs|dam|damn)\b/g },
  { name: 'loss', pattern: /\b(?:lost|wasted?|cost (?:me|us)|paid|paying|money|charged?|fees?|refund\w*|compensat\w*|claim\w*|complain\w*)\b/g },
];

/** Cumulative buckets of the old cue score and of the length in words: cheap, monotone features. */
const RULE_SCORE_LEVELS = [0.5, 1, 1.5, 2, 3, 4];
const LENGTH_LEVELS = [10, 25, 50, 100, 200];

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** What the hand-written cue rules find in a message: the reasons, abuse, and each hit as a feature. */
type CueResult = { ruleScore: number; reasons: string[]; abuse: boolean; features: string[] };

function findCues(text: string, lowered: string): CueResult {
  const reasons: string[] = [];
  const features: string[] = [];
  let score = 0;
  let cueKinds = 0;
  for (const cue of ANGER_CUES) {
    const count = countMatches(lowered, cue.pattern);
    if (count === 0) continue;
    cueKinds += 1;
    features.push(`r:${cue.name}`);
    if (count >= 2) features.push(`r:${cue.name}:2`);
    if (count >= 4) features.push(`r:${cue.name}:4`);
    // Diminishing returns: the third "again" adds less than the first.
    score += cue.weight * Math.min(2, 1 + Math.log2(count) * 0.5);
    if (!reasons.includes(cue.reason)) reasons.push(cue.reason);
  }
  const profanity = countMatches(lowered, PROFANITY);
  if (profanity > 0) {
    score += 0.8;
    reasons.push('profanity');
    features.push('r:profanity');
  }
  const shoutedWords = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((word) => word.length >= 4 || word === 'NOT' || word === 'NOW').length;
  const letterWords = (text.match(/\b\p{L}{3,}\b/gu) ?? []).length;
  if (shoutedWords >= 2 && shoutedWords / Math.max(1, letterWords) > 0.1) {
    score += 0.7;
    reasons.push('capitals');
    features.push('r:capitals');
  }
  const exclamationRuns = countMatches(text, /!{2,}|\?!|!\?/g);
  const exclamations = countMatches(text, /!/g);
  if (exclamationRuns > 0 || exclamations >= 3) {
    score += exclamationRuns > 0 ? 0.4 : 0.2;
    reasons.push('exclamation marks');
    features.push(exclamationRuns > 0 ? 'r:exclamation-run' : 'r:exclamations');
  }
  const abuse = ABUSE.test(lowered);
  if (abuse) {
    score += 1;
    reasons.push('insult or threat');
    features.push('r:abuse');
  }
  for (const cue of MODEL_CUES) {
    const count = countMatches(lowered, cue.pattern);
    for (const level of [1, 2, 4]) if (count >= level) features.push(`c:${cue.name}>=${level}`);
  }
  if (/\.{3}|…/.test(text)) features.push('x:ellipsis');
  if (/!/.test(text)) features.push('x:exclamation');
  // A statement after the last question ("Why is X? It never works."): plain string work, no regex backtracking.
  const lastQuestion = text.lastIndexOf('?');
  if (lastQuestion >= 0 && text.slice(lastQuestion + 1).trim().length >= 12) features.push('x:statement-after-question');
  // "you"/"they" and a negation in one sentence; the bounded gap keeps this linear on long texts.
  if (/\b(?:you|your|you're|they|their)\b[^.!?]{0,80}?\b(?:not|never|no|can't|cannot|won't|don't|didn't|isn't|aren't)\b/.test(lowered)) features.push('x:you-not');
  const sentences = countMatches(text, /[.!?]+(?:\s|$)/g);
  for (const count of [2, 4, 8]) if (sentences >= count) features.push(`x:sentences>=${count}`);
  for (const kinds of [2, 3, 4]) if (cueKinds >= kinds) features.push(`r:kinds>=${kinds}`);
  for (const level of RULE_SCORE_LEVELS) if (score >= level) features.push(`s:>=${level}`);
  for (const size of LENGTH_LEVELS) if (letterWords >= size) features.push(`l:>=${size}`);
  return { ruleScore: score, reasons, abuse, features };
}

/** The features the anger model reads: the cue hits above plus word n-grams. Shared with the trainer. */
export function angerFeatures(text: string): string[] {
  const cues = findCues(text, normalise(text));
  return [...cues.features, ...ngramFeatures(text)];
}

/** The old cue score mapped into 0..1 (1 − e^(−x), early cues counting most), rounded to 2 decimals. */
function scoreToAnger(ruleScore: number): number {
  return Math.round((1 - Math.exp(-ruleScore)) * 100) / 100;
}

/** The rule-only anger (the detector before the model), 0..1; the trainer compares against it. */
export function ruleAnger(text: string): number {
  return scoreToAnger(findCues(text, normalise(text)).ruleScore);
}

/**
 * At or above this rule-only anger (two or more strong cues at once, e.g. capitals and a demand), or
 * with abuse, the cue score is a floor for the anger; below it the cues still lift the score, but
 * never past the "angry" line on their own, so a single frustration word reads as unhappy (about
 * 0.45), not angry. Grouped CV on rsics dev is flat for floors from 0.65 to 0.8 (rsics has few
 * shouted or abusive messages); 0.7 keeps shouted demands angry as the cue rules had them.
 */
export const RULE_FLOOR_ANGER = 0.7;
const BELOW_ANGRY = 0.49;

/** Combines the calibrated model anger with the rule floor; shared with the trainer. */
export function combineAnger(modelAnger: number, ruleOnlyAnger: number, abuse: boolean): number {
  const floor = abuse || ruleOnlyAnger >= RULE_FLOOR_ANGER ? ruleOnlyAnger : Math.min(ruleOnlyAnger, BELOW_ANGRY);
  return Math.max(modelAnger, floor);
}

/** The model probability shifted so that the model's threshold reads as 0.5, rounded to 2 decimals. */
export function calibratedAnger(probabilityLogit: number, threshold: number): number {
  const shifted = probabilityLogit - Math.log(threshold / (1 - threshold));
  return Math.round((1 / (1 + Math.exp(-shifted))) * 100) / 100;
}

/**
 * `logit(model, [...cueFeatures, ...ngramFeatures(text)])` without copying the n-gram list, and
 * remembering only features the model weighs (each still counted once), since this runs per keystroke.
 */
function modelLogit(model: LinearModel, cueFeatures: readonly string[], ngrams: readonly string[]): number {
  const seen = new Set<string>();
  let total = model.bias;
  for (const list of [cueFeatures, ngrams]) {
    for (const feature of list) {
      const weight = model.weights[feature];
      if (weight === undefined || seen.has(feature)) continue;
      seen.add(feature);
      total += weight;
    }
  }
  return total;
}

/**
 * Scores how angry a customer message reads (0..1), whether it contains abuse, and why. Meant to
 * drive tone checks and lead alerts, never to judge the customer. The score is a logistic model
 * over the cue hits and word n-grams (eval/train-anger.ts), calibrated so that its cross-validated
 * operating threshold reads as 0.5, the "angry" line other code uses; strong cue scores and abuse
 * set a floor (see RULE_FLOOR_ANGER).
 */
export function analyseInbound(text: string): InboundAnalysis {
  const cues = findCues(text, normalise(text));
  const modelAnger = calibratedAnger(modelLogit(angerModel, cues.features, ngramFeatures(text)), angerModel.threshold);
  const anger = combineAnger(modelAnger, scoreToAnger(cues.ruleScore), cues.abuse);
  return { anger, abuse: cues.abuse, reasons: cues.reasons };
}
