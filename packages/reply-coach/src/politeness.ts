import { normalise } from './sentences.ts';

type Cue = { pattern: RegExp; weight: number };

// Politeness strategies after Danescu-Niculescu-Mizil et al. (2013): hedges, gratitude, deference and
// indirect requests raise the score; direct questions, blame and negative words lower it.
const POLITE_CUES: Cue[] = [
  { pattern: /\b(?:please|pls)\b/g, weight: 0.3 },
  { pattern: /\b(?:thank(?:s| you)?|appreciate[sd]?|grateful)\b/g, weight: 1.5 },
  { pattern: /\b(?:could|would) you\b/g, weight: 0.5 },
  { pattern: /\b(?:could|may|might|perhaps|possibly)\b/g, weight: 0.3 },
  { pattern: /\b(?:would you mind|if you (?:don't|do not) mind|if possible|if you (?:could|can|have time|get a chance)|mind)\b/g, weight: 0.5 },
  { pattern: /\b(?:sorry|apologi[sz]e|excuse me|pardon)\b/g, weight: 0.5 },
  { pattern: /\b(?:i think|i believe|i guess|i wonder|i was wondering|wondering if|seems?|i suppose|i feel|i'd|i would|i thought)\b/g, weight: 0.3 },
  { pattern: /\b(?:great|nice|good|excellent|awesome|wonderful|helpful|interesting|interested|fantastic|cool|congrat\w*|well done|kind|looks)\b/g, weight: 0.6 },
  { pattern: /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b/g, weight: 1 },
  { pattern: /\b(?:help|clarify|check|look at|take a look)\b/g, weight: 0.3 },
  { pattern: /\b(?:by the way|btw|ok|okay)\b/g, weight: 0.3 },
  { pattern: /\b(?:feel free|happy to|glad to|welcome)\b/g, weight: 0.5 },
];

const IMPOLITE_CUES: Cue[] = [
  { pattern: /^(?:so|and|but|then|well)\b/g, weight: 0.8 },
  { pattern: /\bwhy\b/g, weight: 1.1 },
  { pattern: /^(?:why|how come)\b/g, weight: 0.8 },
  { pattern: /^(?:what|who|where)\b/g, weight: 0.4 },
  { pattern: /^(?:you|your)\b/g, weight: 0.6 },
  { pattern: /\b(?:who|saying|exactly|what's|whats)\b/g, weight: 0.4 },
  { pattern: /\b(?:actually|really|in fact|the fact|clearly|obviously|of course|seriously|honestly|simply|even|rather|instead|already|again)\b/g, weight: 0.35 },
  { pattern: /\b(?:no|not|never|nothing|nobody|none|don't|doesn't|didn't|isn't|aren't|wasn't|can't|won't|shouldn't|wouldn't)\b/g, weight: 0.25 },
  { pattern: /\b(?:shouldn't|mean|care)\b/g, weight: 0.3 },
  { pattern: /\b(?:wrong|bad|stupid|ridiculous|nonsense|useless|pointless|silly|absurd|lies|lying|vandal\w*|troll\w*|rude|idiot\w*|crap|hell|damn|garbage|waste|pov|bias\w*|censor\w*|attack\w*|accus\w*|spam\w*|ignor\w*|delet\w*|revert\w*|remov\w*|complain\w*|fault|blame)\b/g, weight: 0.5 },
  { pattern: /\?\s*\?|\?!|!\?|!{2,}/g, weight: 0.6 },
  { pattern: /\b(?:do you (?:even|really|actually)|did you (?:even|really|actually|not)|are you (?:serious|kidding|sure|aware)|what's your problem|what is your problem|what the|who (?:are you|do you think))\b/g, weight: 0.8 },
  { pattern: /\b(?:i'm not|i am not|i did not|i didn't|i never)\b/g, weight: 0.2 },
  { pattern: /\b(?:people|someone|he|his)\b/g, weight: 0.2 },
];

function weightedCount(text: string, cues: Cue[]): number {
  let total = 0;
  for (const cue of cues) total += (text.match(cue.pattern)?.length ?? 0) * cue.weight;
  return total;
}

/**
 * Impoliteness of a request or reply: higher is ruder. Unbounded and only meaningful for ranking,
 * which is how the evaluation (ROC-AUC) and the tone check use it.
 */
export function impolitenessScore(text: string): number {
  const sentences = normalise(text).split(/(?<=[.!?])\s+/);
  let polite = 0;
  let impolite = 0;
  for (const sentence of sentences) {
    const trimmed = sentence.trim();
    polite += weightedCount(trimmed, POLITE_CUES);
    impolite += weightedCount(trimmed, IMPOLITE_CUES);
  }
  return impolite - polite;
}
