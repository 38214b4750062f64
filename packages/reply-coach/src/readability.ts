import { words, type Sentence } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';

const LONG_SENTENCE_WORDS = 25;
// Scripts without spaces between words: count characters instead (about 2 per English word).
const LONG_SENTENCE_CHARACTERS = 60;
const HARD_GRADE = 10;

const VOWELS = 'aeiouy';
// Letters that block the silent-e rule below ("table" keeps its e, "cake" loses it).
const KEEPS_SILENT_E = 'laeiouy';

/**
 * English syllables by vowel groups, good to about one syllable per word, enough for a grade. Written
 * as character loops because it runs for every word on every keystroke; readability.test.ts checks it
 * against the plain regular-expression form.
 */
export function countSyllables(word: string): number {
  const lower = word.toLowerCase();
  // Most words are plain letters already; only build a cleaned copy when they are not.
  const cleaned = /^[a-z]*$/.test(lower) ? lower : lower.replace(/[^a-z]/g, '');
  if (cleaned.length <= 3) return 1;
  let end = cleaned.length;
  const last = cleaned[end - 1];
  const beforeLast = cleaned[end - 2];
  const thirdLast = cleaned[end - 3] ?? '';
  if (beforeLast === 'e' && last === 's' && !KEEPS_SILENT_E.includes(thirdLast)) end -= 3;
  else if (beforeLast === 'e' && last === 'd') end -= 2;
  else if (last === 'e' && beforeLast !== undefined && !KEEPS_SILENT_E.includes(beforeLast)) end -= 2;
  const start = cleaned[0] === 'y' ? 1 : 0;
  let groups = 0;
  let run = 0;
  for (let index = start; index <= end; index += 1) {
    const character = index < end ? cleaned[index] ?? '' : '';
    if (character !== '' && VOWELS.includes(character)) {
      run += 1;
      continue;
    }
    // A run of vowels counts one syllable per pair, as the pattern /[aeiouy]{1,2}/g would.
    groups += Math.ceil(run / 2);
    run = 0;
  }
  return Math.max(1, groups);
}

/** Flesch–Kincaid grade level for English text; null when there is too little text to judge. */
export function fleschKincaidGrade(sentenceTexts: string[]): number | null {
  const allWords = sentenceTexts.flatMap((sentence) => words(sentence).filter((word) => /\p{L}/u.test(word)));
  if (allWords.length < 5 || sentenceTexts.length === 0) return null;
  const syllables = allWords.reduce((total, word) => total + countSyllables(word), 0);
  const grade = 0.39 * (allWords.length / sentenceTexts.length) + 11.8 * (syllables / allWords.length) - 15.59;
  return Math.round(Math.max(0, grade) * 10) / 10;
}

function isLong(sentence: string): boolean {
  const wordCount = words(sentence).length;
  const hasSpacelessScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(sentence);
  return hasSpacelessScript ? sentence.length > LONG_SENTENCE_CHARACTERS : wordCount > LONG_SENTENCE_WORDS;
}

export function readabilitySummary(sentences: Sentence[], isEnglish: boolean): { grade: number | null; longSentences: number } {
  const grade = isEnglish ? fleschKincaidGrade(sentences.map((sentence) => sentence.text)) : null;
  const longSentences = sentences.filter((sentence) => isLong(sentence.text)).length;
  return { grade, longSentences };
}

export function readabilityRule(context: RuleContext): RawFinding[] {
  const findings: RawFinding[] = context.sentences
    .filter((sentence) => isLong(sentence.text))
    .map((sentence) => ({
      rule: 'readability' as const,
      start: sentence.start,
      end: sentence.end,
      message: 'This sentence is long. Splitting it makes it easier to follow.',
    }));
  const { grade } = context.readability;
  const first = context.sentences[0];
  if (grade !== null && grade > HARD_GRADE && first) {
    const last = context.sentences[context.sentences.length - 1] ?? first;
    findings.push({
      rule: 'readability',
      start: first.start,
      end: last.end,
      message: `This reads at about grade ${grade}. Shorter sentences and plainer words help everyone.`,
    });
  }
  return findings;
}
