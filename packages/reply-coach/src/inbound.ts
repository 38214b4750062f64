import type { InboundAnalysis } from './coach-types.ts';
import { normalise } from './sentences.ts';

type Cue = { pattern: RegExp; weight: number; reason: string };

// Frustration and anger cues in customer messages (P4, P30). Weights tuned on the dev split only.
const ANGER_CUES: Cue[] = [
  { pattern: /\b(?:furious|livid|outraged|outrageous|disgusted|disgusting|appalled|appalling|infuriat\w*|enraged|angry|pissed)\b/g, weight: 1.2, reason: 'anger words' },
  { pattern: /\b(?:unacceptable|ridiculous|absurd|pathetic|shocking|disgrace\w*|shameful|terrible|horrible|horrendous|awful|worst|atrocious|abysmal|appalling|nightmare|joke|farce|rubbish|useless|incompetent|inept|scam|rip-?off|fraud\w*|theft|robbery|insane|unbelievable|fed up|sick (?:and tired )?of|had enough|last straw|never again|waste of (?:time|money))\b/g, weight: 0.8, reason: 'strong complaint words' },
  { pattern: /\b(?:frustrat\w*|annoy\w*|irritat\w*|upset|disappoint\w*|unhappy|dissatisfied|angry|mad at|hate|stressful|poor service|bad service|rude|ignored|misled|lied|lying|hassle|unhelpful|inconvenien\w*|not happy|very poor|so poor)\b/g, weight: 0.6, reason: 'frustration words' },
  { pattern: /\b(?:still (?:not|no|haven't|hasn't|waiting|nothing|have not)|keeps? (?:\w+ing|coming|asking|saying|sending|telling)|(?:\d+|two|three|four|five|several|many|multiple|numerous) times|(?:how many|so many) times|every time|for (?:\d+|two|three|several) (?:hours|days|weeks|months)|no one|nobody|no response|no reply|never (?:received|got|heard|arrived|responded|replied|answered)|not (?:once|even)|at all\b|nothing works|doesn't work|does not work|won't let me|will not let me|can't even|(?:over|more than) (?:an? )?(?:hour|week|month))\b/g, weight: 0.4, reason: 'repeated failure' },
  { pattern: /\b(?:cancel (?:my|the|our) (?:account|contract|subscription|service|order)|switch(?:ing)? (?:to|provider)|take my business|going elsewhere|lawyer|solicitor|legal action|sue\b|court|ombudsman|trading standards|report (?:you|this)|chargeback|dispute (?:the|this)|bbb|complain(?:t)? to|bad review|social media|twitter|demand (?:a|my|an|to)|i demand|compensation|refund (?:me|my)|want my money back)\b/g, weight: 0.6, reason: 'threat to leave or escalate' },
  { pattern: /\b(?:horrified|horrid|poorly|treated (?:badly|poorly|like)|rip (?:people|us|me|you) off|ripped off|madness|fooled|stranded|be warned|warning (?:everyone|to)|steer clear|avoid (?:this|them|at all costs)|not fit for|cheek|refused to|would not (?:let|help|give|refund|accept)|could not (?:care|be bothered)|no (?:help|apology|explanation|compensation|refund)|lost (?:my|our) (?:bag|luggage|suitcase)|damaged|broken|missing|delayed|cancell?ed (?:my|our|the)|(?:\d+|several) hours? (?:late|delay)|worse|bad experience|never (?:fly|use|book|again)|do not (?:use|book|fly)|don't (?:use|book|fly))\b/g, weight: 0.45, reason: 'bad experience' },
  { pattern: /\b(?:(?:i|we) (?:was|were) (?:told|informed|charged|refused|denied|forced|made to|left)|they (?:told|charged|refused|said) (?:me|us)|had to (?:pay|wait|buy|queue|call)|(?:have|had) been waiting|(?:was|were|got) (?:cancell?ed|delayed|bumped|overbooked|stranded|downgraded)|(?:didn't|did not|never) (?:receive|get|arrive|work|show)|charged (?:me|us)|no (?:longer|way to)|(?:still|yet to) (?:waiting|receive|hear))\b/g, weight: 0.35, reason: 'complaint story' },
  { pattern: /\b(?:too much|overcharg\w*|charged (?:me )?twice|double charged|paying (?:too|so) much|extortionate|no excuse)\b/g, weight: 0.4, reason: 'money complaint' },
];

const PROFANITY = /\b(?:damn|damned|dammit|hell|crap|crappy|wtf|shit\w*|bullshit|fuck\w*|f\*+\w*|bloody|bastard\w*|ass|asshole|arse\w*|piss\w*|screw (?:you|this|it)|bugger)\b/g;

// Insults aimed at people and threats: abuse the lead should see (P4).
const ABUSE =
  /\b(?:(?:you|u|ur|your|you're|you are|you guys are|you people are|they are|staff are|agents are)\s+(?:\w+\s+){0,3}(?:idiots?|morons?|stupid|imbeciles?|retard\w*|clowns?|liars?|thieves|crooks|scum|useless|incompetent|pathetic|brain-?dead|losers?)|fuck (?:you|off|u)|screw you|go to hell|shut up|kill (?:you|yourself)|hurt you|find (?:out )?where you live|i'll (?:come|be) (?:down )?there and|(?:stupid|idiot|moron|incompetent|useless|lying) (?:bitch|bastard|idiot|company|people|staff|clowns?|morons?|agents?|fools?))\b/;

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Scores how angry a customer message reads (0..1), whether it contains abuse, and why. Meant to
 * drive tone checks and lead alerts, never to judge the customer.
 */
export function analyseInbound(text: string): InboundAnalysis {
  const lowered = normalise(text);
  const reasons: string[] = [];
  let score = 0;
  for (const cue of ANGER_CUES) {
    const count = countMatches(lowered, cue.pattern);
    if (count === 0) continue;
    // Diminishing returns: the third "again" adds less than the first.
    score += cue.weight * Math.min(2, 1 + Math.log2(count) * 0.5);
    if (!reasons.includes(cue.reason)) reasons.push(cue.reason);
  }
  const profanity = countMatches(lowered, PROFANITY);
  if (profanity > 0) {
    score += 0.8;
    reasons.push('profanity');
  }
  const shoutedWords = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((word) => word.length >= 4 || word === 'NOT' || word === 'NOW').length;
  const letterWords = (text.match(/\b\p{L}{3,}\b/gu) ?? []).length;
  if (shoutedWords >= 2 && shoutedWords / Math.max(1, letterWords) > 0.1) {
    score += 0.7;
    reasons.push('capitals');
  }
  const exclamationRuns = countMatches(text, /!{2,}|\?!|!\?/g);
  const exclamations = countMatches(text, /!/g);
  if (exclamationRuns > 0 || exclamations >= 3) {
    score += exclamationRuns > 0 ? 0.4 : 0.2;
    reasons.push('exclamation marks');
  }
  const isAbusive = ABUSE.test(lowered);
  if (isAbusive) {
    score += 1;
    reasons.push('insult or threat');
  }
  // 1 - e^(-x) maps the open-ended score into 0..1 with early cues counting most.
  const anger = Math.round((1 - Math.exp(-score)) * 100) / 100;
  return { anger, abuse: isAbusive, reasons };
}
