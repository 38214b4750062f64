/**
 * Pure helpers of the live reply coach in the composer: keeping findings on the words they were
 * about while the agent types on (between two coach answers), the segments of the highlight
 * mirror behind the text box, and the one-click fixes.
 */

export interface CoachFinding {
  rule: string;
  severity: 'info' | 'warn';
  start: number;
  end: number;
  message: string;
  suggestion?: string | undefined;
}

export interface PlacedFinding extends CoachFinding {
  /** Stable across edits: the rule and the flagged words (a dismissal hides this key for the draft). */
  key: string;
  excerpt: string;
  /** About the whole reply rather than some words of it: listed, not highlighted. */
  isWholeDraft: boolean;
}

export function findingKey(rule: string, excerpt: string): string {
  return `${rule}|${excerpt.trim().toLowerCase()}`;
}

function isWhole(finding: { start: number; end: number }, text: string): boolean {
  return finding.start === 0 && finding.end >= text.trimEnd().length;
}

/**
 * Findings computed for `checkedText`, placed on `currentText`: spans before the edited region
 * stay, spans after it move by the length change, spans touching it are dropped until the next
 * answer (their words changed). Whole-reply findings follow the whole reply.
 */
export function placeFindings(findings: readonly CoachFinding[], checkedText: string, currentText: string): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  let prefix = 0;
  const shorter = Math.min(checkedText.length, currentText.length);
  while (prefix < shorter && checkedText[prefix] === currentText[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < shorter - prefix && checkedText[checkedText.length - 1 - suffix] === currentText[currentText.length - 1 - suffix]) suffix += 1;
  const editEndOld = checkedText.length - suffix;
  const delta = currentText.length - checkedText.length;
  const isSame = checkedText === currentText;
  for (const finding of findings) {
    if (finding.end < finding.start || finding.end > checkedText.length) continue;
    const excerpt = checkedText.slice(finding.start, finding.end);
    const whole = isWhole(finding, checkedText);
    let start = finding.start;
    let end = finding.end;
    if (whole) {
      start = 0;
      end = currentText.length;
    } else if (!isSame) {
      if (end <= prefix) {
        // before the edit: unchanged
      } else if (start >= editEndOld) {
        start += delta;
        end += delta;
      } else continue;
    }
    placed.push({ ...finding, start, end, excerpt, key: findingKey(finding.rule, excerpt), isWholeDraft: whole });
  }
  return placed;
}

export interface HighlightSegment {
  text: string;
  /** The finding this run of text is marked for, if any. */
  key: string | null;
  severity: 'info' | 'warn' | null;
}

/**
 * The text cut into plain and marked runs for the mirror. Where spans overlap, the most specific
 * (shortest) one marks the words, a warning before a tip of the same length, so a flagged word
 * inside a flagged sentence keeps its own mark. Whole-reply findings are listed, not marked.
 */
export function highlightSegments(text: string, findings: readonly PlacedFinding[]): HighlightSegment[] {
  const spans = findings
    .filter((finding) => !finding.isWholeDraft && finding.end > finding.start && finding.start < text.length)
    .map((finding) => ({ ...finding, end: Math.min(finding.end, text.length) }));
  const cuts = [...new Set([0, text.length, ...spans.flatMap((span) => [span.start, span.end])])].sort((left, right) => left - right);
  const segments: HighlightSegment[] = [];
  for (let index = 0; index < cuts.length - 1; index += 1) {
    const from = cuts[index]!;
    const to = cuts[index + 1]!;
    let best: (typeof spans)[number] | null = null;
    for (const span of spans) {
      if (span.start > from || span.end < to) continue;
      const isBetter =
        !best || span.end - span.start < best.end - best.start || (span.end - span.start === best.end - best.start && span.severity === 'warn' && best.severity !== 'warn');
      if (isBetter) best = span;
    }
    const previous = segments.at(-1);
    if (previous && previous.key === (best?.key ?? null)) previous.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), key: best?.key ?? null, severity: best?.severity ?? null });
  }
  if (segments.length === 0) segments.push({ text: '', key: null, severity: null });
  return segments;
}

/** At the start of a sentence (or of the text): a replacement there starts with a capital. */
function isSentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).trimEnd();
  return before === '' || /[.!?:]$/.test(before) || /\n\s*$/.test(text.slice(0, index));
}

function capitalised(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * The replacement text of a finding that has a one-click fix, else null (advice such as "Add when,
 * e.g. by tomorrow" is shown, not applied). Fixable: plain wording for jargon, shouted capitals in
 * lower case, and exclamation marks to a full stop in a reply to an upset customer.
 */
export function replacementOf(finding: PlacedFinding, text: string): string | null {
  const original = text.slice(finding.start, finding.end);
  if (!original || finding.isWholeDraft) return null;
  if (finding.rule === 'jargon' && finding.suggestion) {
    // "RMA" mid-sentence becomes "return number"; "Backend" or a sentence-opening acronym keeps its capital.
    const isAcronym = original.length > 1 && original === original.toUpperCase();
    const wantsCapital = isAcronym ? isSentenceStart(text, finding.start) : /^\p{Lu}/u.test(original);
    return wantsCapital ? capitalised(finding.suggestion) : finding.suggestion;
  }
  if (finding.rule === 'tone-to-angry') {
    if (/^!+$/.test(original)) return '.';
    if (finding.suggestion && finding.suggestion === original.toLowerCase()) return finding.suggestion;
  }
  return null;
}

/** The text with the finding's span replaced, and where the caret goes (after the replacement). */
export function applyFix(text: string, finding: { start: number; end: number }, replacement: string): { text: string; caret: number } {
  return { text: text.slice(0, finding.start) + replacement + text.slice(finding.end), caret: finding.start + replacement.length };
}
