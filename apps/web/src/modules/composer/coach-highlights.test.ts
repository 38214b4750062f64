import { describe, expect, it } from 'vitest';
import { applyFix, highlightSegments, placeFindings, replacementOf, type CoachFinding } from './coach-highlights.ts';

const text = 'Hello Dana, we will send an RMA today!';
const jargon: CoachFinding = { rule: 'jargon', severity: 'info', start: 28, end: 31, message: 'RMA may be unfamiliar', suggestion: 'return number' };
const bang: CoachFinding = { rule: 'tone-to-angry', severity: 'warn', start: 37, end: 38, message: 'exclamation', suggestion: 'Use a full stop.' };
const whole: CoachFinding = { rule: 'missing-thanks', severity: 'info', start: 0, end: text.length, message: 'Thank them' };

describe('placeFindings', () => {
  it('keeps spans as they are when the text did not change', () => {
    const placed = placeFindings([jargon, bang, whole], text, text);
    expect(placed.map((finding) => [finding.start, finding.end, finding.excerpt])).toEqual([
      [28, 31, 'RMA'],
      [37, 38, '!'],
      [0, text.length, text],
    ]);
    expect(placed[0]!.key).toBe('jargon|rma');
    expect(placed[2]!.isWholeDraft).toBe(true);
  });

  it('moves spans after an edit, keeps spans before it and drops spans inside it', () => {
    const edited = 'Hi Dana, we will send an RMA today!'; // "Hello" → "Hi": everything after moves by -3
    const placed = placeFindings([jargon, bang], text, edited);
    expect(placed.map((finding) => edited.slice(finding.start, finding.end))).toEqual(['RMA', '!']);

    const typedInside = 'Hello Dana, we will send an RMX today!';
    expect(placeFindings([jargon, bang], text, typedInside).map((finding) => finding.rule)).toEqual(['tone-to-angry']);

    const appended = `${text} Thanks`;
    const kept = placeFindings([jargon, whole], text, appended);
    expect(kept.map((finding) => [finding.start, finding.end])).toEqual([
      [28, 31],
      [0, appended.length],
    ]);
  });
});

describe('highlightSegments', () => {
  it('cuts the text into plain and marked runs, without the whole-reply findings', () => {
    const segments = highlightSegments(text, placeFindings([jargon, bang, whole], text, text));
    expect(segments.map((segment) => [segment.text, segment.severity])).toEqual([
      ['Hello Dana, we will send an ', null],
      ['RMA', 'info'],
      [' today', null],
      ['!', 'warn'],
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('marks a flagged word inside a flagged sentence with its own mark', () => {
    const sentence: CoachFinding = { rule: 'commitment', severity: 'info', start: 12, end: 38, message: 'promise' };
    const segments = highlightSegments(text, placeFindings([sentence, jargon], text, text));
    expect(segments.map((segment) => [segment.text, segment.key])).toEqual([
      ['Hello Dana, ', null],
      ['we will send an ', 'commitment|we will send an rma today!'],
      ['RMA', 'jargon|rma'],
      [' today!', 'commitment|we will send an rma today!'],
    ]);
  });

  it('clips overlapping spans and survives an empty text', () => {
    const overlapping: CoachFinding[] = [
      { ...jargon, start: 6, end: 14 },
      { ...jargon, rule: 'other', start: 10, end: 19 },
    ];
    const segments = highlightSegments(text, placeFindings(overlapping, text, text));
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.filter((segment) => segment.key).map((segment) => segment.text)).toEqual(['Dana, we', ' will']);
    expect(highlightSegments('', [])).toEqual([{ text: '', key: null, severity: null }]);
  });
});

describe('one-click fixes', () => {
  it('replaces jargon with the plain words, keeping a sentence-opening capital', () => {
    const [placed] = placeFindings([jargon], text, text);
    const replacement = replacementOf(placed!, text);
    expect(replacement).toBe('return number');
    expect(applyFix(text, placed!, replacement!)).toEqual({ text: 'Hello Dana, we will send an return number today!', caret: 41 });
    const opening = 'RMA 55 is ready.';
    const [atStart] = placeFindings([{ ...jargon, start: 0, end: 3 }], opening, opening);
    expect(replacementOf(atStart!, opening)).toBe('Return number');
  });

  it('fixes exclamation marks and shouting, but not advice', () => {
    const [exclamation] = placeFindings([bang], text, text);
    expect(replacementOf(exclamation!, text)).toBe('.');
    const shouted = 'This is URGENT for us';
    const [caps] = placeFindings([{ rule: 'tone-to-angry', severity: 'warn', start: 8, end: 14, message: 'caps', suggestion: 'urgent' }], shouted, shouted);
    expect(replacementOf(caps!, shouted)).toBe('urgent');
    const [advice] = placeFindings([{ rule: 'commitment', severity: 'info', start: 0, end: 5, message: 'when?', suggestion: 'Add when, e.g. "by tomorrow at 5pm".' }], text, text);
    expect(replacementOf(advice!, text)).toBeNull();
  });
});
