import { words } from './sentences.ts';

// Function words carry no topic; overlap on them would make every reply look like an answer.
const STOPWORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being ' +
    'am do does did doing have has had having i me my mine we us our ours you your yours he him his she her hers it its ' +
    'they them their theirs this that these those there here what which who whom whose when where why how can could ' +
    'would should will shall may might must not no yes please kindly just also too very really any some all each every ' +
    'more most other such than only own same again further once up down out over under off let know tell want like need ' +
    'give get got make find show thanks thank hi hello hey dear okay ok well also still now then even much many one ' +
    "i'm i've i'd i'll you're you've we're we've it's that's there's what's can't don't doesn't didn't won't isn't " +
    "aren't wasn't weren't haven't hasn't wouldn't couldn't shouldn't let's sure great good fine wonderful perfect"
  ).split(' '),
);

/** Crude suffix stripping: enough to match "refunds"/"refunded"/"refund" without a dictionary. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ing' || suffix === 'ed' ? base.replace(/e$/, '') : base;
    }
  }
  return word.replace(/e$/, '');
}

/** Stemmed content words (no stopwords, no single characters). */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word))
    .map(stem);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
