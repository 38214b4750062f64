import type { CoachInput, Commitment, Finding, InboundAnalysis, RuleId, Severity } from './coach-types.ts';
import type { Sentence } from './sentences.ts';

/** Everything a rule may look at, computed once per call so rules stay cheap. */
export type RuleContext = {
  input: CoachInput;
  draft: string;
  sentences: Sentence[];
  draftLanguage: string;
  customerLanguage: string | null;
  inbound: InboundAnalysis;
  isEnglishDraft: boolean;
  /** Computed once per call: both a rule and the output need them, and both are costly. */
  commitments: Commitment[];
  readability: { grade: number | null; longSentences: number };
};

/** A finding before workspace settings pick its final severity. */
export type RawFinding = Omit<Finding, 'severity'> & { severity?: Severity };

export type Rule = { id: RuleId; defaultSeverity: Severity; run: (context: RuleContext) => RawFinding[] };

/** Span for a finding about the whole draft: its first sentence, or an empty span on an empty draft. */
export function wholeDraftSpan(context: RuleContext): { start: number; end: number } {
  const first = context.sentences[0];
  return first ? { start: first.start, end: first.end } : { start: 0, end: 0 };
}
