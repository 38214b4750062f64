import type {
  CoachInput,
  CoachOutput,
  CustomerQuestion,
  Finding,
  RuleId,
  Severity,
} from './coach-types.ts';
import { apologyCountRule, findApologies, ownershipRule } from './apology-rules.ts';
import { commitmentRule, findCommitments } from './commitments.ts';
import { analyseInbound } from './inbound.ts';
import { jargonRule } from './jargon.ts';
import { detectLanguage } from './language.ts';
import { unchangedMacroRule } from './macro.ts';
import { extractQuestions, findAnswer, pendingCustomerMessages, prepareDraft } from './questions.ts';
import { readabilityRule, readabilitySummary } from './readability.ts';
import type { RawFinding, Rule, RuleContext } from './rule-context.ts';
import { splitSentences } from './sentences.ts';
import { missingThanksRule } from './thanks.ts';
import { sanitiseCoachInput } from './parse-coach-input.ts';
import { defensiveRule, dismissiveRule, roboticPhraseRule, toneToAngryRule } from './tone-rules.ts';

// Trigram detection settles well before this; capping keeps long threads within the keystroke budget.
const LANGUAGE_SAMPLE_CHARACTERS = 400;

function languageMismatchRule(context: RuleContext): RawFinding[] {
  const customer = context.customerLanguage;
  if (!customer || customer === 'und' || context.draftLanguage === 'und') return [];
  if (customer.toLowerCase().slice(0, 2) === context.draftLanguage) return [];
  return [{
    rule: 'language-mismatch',
    start: 0,
    end: context.draft.length,
    message: `The customer writes in "${customer}", but this draft looks like "${context.draftLanguage}".`,
    suggestion: `Reply in "${customer}" if you can, or pass the ticket to a teammate who speaks it.`,
  }];
}

function unansweredQuestionRule(questions: CustomerQuestion[]): (context: RuleContext) => RawFinding[] {
  return (context) =>
    questions
      .filter((question) => !question.answered)
      .map((question) => ({
        rule: 'unanswered-question' as const,
        // The question lives in the customer's message, so the finding points at the draft's end,
        // where an answer would usually be added.
        start: context.draft.length,
        end: context.draft.length,
        message: `Not answered yet: "${truncate(question.text, 80)}"`,
        suggestion: 'Answer it, or say when you will.',
      }));
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

const DEFAULT_SEVERITY: Record<RuleId, Severity> = {
  'unanswered-question': 'warn',
  'apology-count': 'warn',
  ownership: 'warn',
  dismissive: 'warn',
  defensive: 'warn',
  jargon: 'info',
  readability: 'info',
  'language-mismatch': 'warn',
  'missing-thanks': 'info',
  'unchanged-macro': 'warn',
  'robotic-phrase': 'info',
  'tone-to-angry': 'warn',
  commitment: 'info',
};

function customerText(input: CoachInput): string {
  const pending = pendingCustomerMessages(input.conversation);
  const indexes = pending.length > 0 ? pending : input.conversation.map((_, index) => index).filter((index) => input.conversation[index]?.from === 'customer').slice(-1);
  return indexes.map((index) => input.conversation[index]?.text ?? '').join('\n');
}

function clampFinding(finding: Finding, length: number): Finding {
  const start = Math.min(Math.max(0, finding.start), length);
  const end = Math.min(Math.max(start, finding.end), length);
  return { ...finding, start, end };
}

/**
 * Checks a reply draft against the service principles and returns findings, the customer's
 * questions with whether the draft answers them, promises with due times, and inbound analysis.
 * Pure and deterministic: the same input always gives the same output, and nothing is read from
 * the clock, network or disk. Findings are advice; nothing here blocks sending (P7).
 */
export function coachReply(input: CoachInput): CoachOutput {
  const safeInput = sanitiseCoachInput(input);
  const { draft, conversation } = safeInput;
  const sentences = splitSentences(draft);
  const draftLanguage = detectLanguage(draft.slice(0, LANGUAGE_SAMPLE_CHARACTERS)).language;
  const inboundText = customerText(safeInput);
  const hasCustomerMessages = conversation.some((message) => message.from === 'customer');
  const customerLanguage =
    safeInput.ticket?.customerLanguage ??
    (hasCustomerMessages ? detectLanguage(inboundText.slice(0, LANGUAGE_SAMPLE_CHARACTERS)).language : null);
  const inbound = analyseInbound(inboundText);
  // "und" drafts that are plain ASCII are almost always short English.
  const isEnglishDraft = draftLanguage === 'en' || (draftLanguage === 'und' && /^[\p{ASCII}]*$/u.test(draft));
  const settings = safeInput.settings;
  const context: RuleContext = {
    input: safeInput,
    draft,
    sentences,
    draftLanguage,
    customerLanguage,
    inbound,
    isEnglishDraft,
    commitments: findCommitments(sentences, settings?.now, settings?.timeZone),
    readability: readabilitySummary(sentences, isEnglishDraft),
  };

  const preparedDraft = prepareDraft(sentences);
  const questions: CustomerQuestion[] = extractQuestions(conversation).map((question) => {
    const answer = draft.trim().length > 0 ? findAnswer(question, preparedDraft, isEnglishDraft) : null;
    return {
      text: question.text,
      fromMessage: question.fromMessage,
      answered: answer !== null,
      ...(answer ? { answerStart: answer.start, answerEnd: answer.end } : {}),
    };
  });

  const rules: Rule[] = [
    { id: 'unanswered-question', defaultSeverity: DEFAULT_SEVERITY['unanswered-question'], run: unansweredQuestionRule(questions) },
    { id: 'apology-count', defaultSeverity: DEFAULT_SEVERITY['apology-count'], run: apologyCountRule },
    { id: 'ownership', defaultSeverity: DEFAULT_SEVERITY.ownership, run: ownershipRule },
    { id: 'dismissive', defaultSeverity: DEFAULT_SEVERITY.dismissive, run: dismissiveRule },
    { id: 'defensive', defaultSeverity: DEFAULT_SEVERITY.defensive, run: defensiveRule },
    { id: 'jargon', defaultSeverity: DEFAULT_SEVERITY.jargon, run: jargonRule },
    { id: 'readability', defaultSeverity: DEFAULT_SEVERITY.readability, run: readabilityRule },
    { id: 'language-mismatch', defaultSeverity: DEFAULT_SEVERITY['language-mismatch'], run: languageMismatchRule },
    { id: 'missing-thanks', defaultSeverity: DEFAULT_SEVERITY['missing-thanks'], run: missingThanksRule },
    { id: 'unchanged-macro', defaultSeverity: DEFAULT_SEVERITY['unchanged-macro'], run: unchangedMacroRule },
    { id: 'robotic-phrase', defaultSeverity: DEFAULT_SEVERITY['robotic-phrase'], run: roboticPhraseRule },
    { id: 'tone-to-angry', defaultSeverity: DEFAULT_SEVERITY['tone-to-angry'], run: toneToAngryRule },
    { id: 'commitment', defaultSeverity: DEFAULT_SEVERITY.commitment, run: commitmentRule },
  ];

  const checks = safeInput.settings?.checks ?? {};
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = checks[rule.id];
    if (setting === 'off') continue;
    const severity: Severity = setting === 'info' || setting === 'warn' ? setting : rule.defaultSeverity;
    for (const raw of rule.run(context)) {
      findings.push(clampFinding({ ...raw, severity }, draft.length));
    }
  }
  findings.sort((left, right) => left.start - right.start || left.end - right.end || left.rule.localeCompare(right.rule));

  return {
    findings,
    questions,
    commitments: context.commitments,
    apologies: findApologies(draft).length,
    readability: context.readability,
    language: { draft: draftLanguage, customer: customerLanguage },
    inbound,
  };
}
