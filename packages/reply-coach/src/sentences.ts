/** A sentence of a text with its offsets, so findings can point into the draft. */
export type Sentence = { text: string; start: number; end: number };

// Abbreviations whose period does not end a sentence; a wrong split would break a question in two.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'etc', 'e.g', 'i.e', 'no', 'approx', 'inc', 'ltd',
  'co', 'jr', 'sr', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'ca', 'z.b', 'bzw', 'usw', 'nr',
]);

const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '؟']);

function isAbbreviationBefore(text: string, periodIndex: number): boolean {
  let wordStart = periodIndex;
  while (wordStart > 0 && /[\p{L}.]/u.test(text[wordStart - 1] ?? '')) wordStart -= 1;
  const word = text.slice(wordStart, periodIndex).toLowerCase();
  if (word.length === 0) return false;
  // Single letters ("J. Smith") are initials, not sentence ends.
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

function pushTrimmed(text: string, from: number, to: number, sentences: Sentence[]): void {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  if (end > start) sentences.push({ text: text.slice(start, end), start, end });
}

/**
 * Splits text into sentences with offsets. Blank lines and line breaks end a sentence as well,
 * because help-desk messages often use lists and short lines without punctuation.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let sentenceStart = 0;
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    if (character === '\n') {
      pushTrimmed(text, sentenceStart, index, sentences);
      sentenceStart = index + 1;
      index += 1;
      continue;
    }
    if (!TERMINATORS.has(character)) {
      index += 1;
      continue;
    }
    let runEnd = index + 1;
    while (runEnd < text.length && (TERMINATORS.has(text[runEnd] ?? '') || /["')\]»”]/.test(text[runEnd] ?? ''))) {
      runEnd += 1;
    }
    const next = text[runEnd];
    // "good.Tell me" (no space) is common in chat; a lower-case letter then a capital marks a new sentence.
    const isGluedSentence = next !== undefined && /\p{Lu}/u.test(next) && /\p{Ll}{2}$/u.test(text.slice(Math.max(0, index - 2), index));
    const isBoundary = next === undefined || /\s/.test(next) || isGluedSentence;
    const isDecimalOrAbbreviation =
      character === '.' && runEnd === index + 1 && isAbbreviationBefore(text, index);
    if (isBoundary && !isDecimalOrAbbreviation) {
      pushTrimmed(text, sentenceStart, runEnd, sentences);
      sentenceStart = runEnd;
    }
    index = runEnd;
  }
  pushTrimmed(text, sentenceStart, text.length, sentences);
  return sentences;
}

/** Lower-cased word tokens (letters, digits, apostrophes), curly quotes folded to straight. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];
}

/** Lower-cases and folds curly apostrophes so phrase patterns can be written once. */
export function normalise(text: string): string {
  const lowered = text.toLowerCase();
  // Some characters lower-case to two code units ("İ"); offsets must survive, so map one by one.
  const safe =
    lowered.length === text.length
      ? lowered
      : Array.from(text, (character) => {
          const lower = character.toLowerCase();
          return lower.length === character.length ? lower : character;
        }).join('');
  return safe.replace(/[’‘`]/g, "'");
}

export type PhraseMatch = { start: number; end: number; phrase: string };

/**
 * Finds regular-expression matches in `text`, returning offsets into the original string.
 * Patterns must be written against {@link normalise}d text, which keeps every offset unchanged
 * because the folding is one character for one character.
 */
const globalPatterns = new WeakMap<RegExp, RegExp>();

// A private global copy per pattern: matchAll needs the g flag, and sharing the caller's RegExp
// would leak lastIndex state between calls.
function globalCopy(pattern: RegExp): RegExp {
  const cached = globalPatterns.get(pattern);
  if (cached) return cached;
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const copy = new RegExp(pattern.source, flags);
  globalPatterns.set(pattern, copy);
  return copy;
}

export function findMatches(text: string, pattern: RegExp): PhraseMatch[] {
  const global = globalCopy(pattern);
  const lowered = normalise(text);
  const matches: PhraseMatch[] = [];
  for (const match of lowered.matchAll(global)) {
    const start = match.index;
    matches.push({ start, end: start + match[0].length, phrase: text.slice(start, start + match[0].length) });
  }
  return matches;
}
