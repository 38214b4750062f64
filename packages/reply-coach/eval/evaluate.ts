/**
 * `npm run eval:coach`: precision, recall and F1 of each reply-coach detector on the dev and test
 * splits of ../shared/corpus/text, written to docs/coach-eval.md. Rules are tuned on dev only; the
 * test split is read by this command and nothing else.
 *
 * Options: `--split dev` evaluates dev only (use it while tuning), `--no-write` skips the report.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coachReply } from '../src/coach.ts';
import { isCommitment } from '../src/commitments.ts';
import { analyseInbound } from '../src/inbound.ts';
import { impolitenessScore } from '../src/politeness.ts';
import { classifyAsk } from '../src/questions.ts';
import { hasThanks } from '../src/thanks.ts';
import { corpusRoot, isWriterCommitment, label, load, previousSystemTurns, text, type Split } from './corpus-records.ts';
import { rocAuc } from './train-linear.ts';
import { buildUnansweredPairs } from './unanswered-pairs.ts';


const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const reportPath = join(repositoryRoot, 'docs', 'coach-eval.md');
const ANGER_THRESHOLD = 0.5;


type Counts = { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number };

function emptyCounts(): Counts {
  return { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
}

function tally(counts: Counts, isGold: boolean, isPredicted: boolean): void {
  if (isGold && isPredicted) counts.truePositive += 1;
  else if (!isGold && isPredicted) counts.falsePositive += 1;
  else if (isGold && !isPredicted) counts.falseNegative += 1;
  else counts.trueNegative += 1;
}

type Score = { precision: number; recall: number; f1: number; support: number; n: number };

function score(counts: Counts): Score {
  const precision = counts.truePositive / Math.max(1, counts.truePositive + counts.falsePositive);
  const recall = counts.truePositive / Math.max(1, counts.truePositive + counts.falseNegative);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const n = counts.truePositive + counts.falsePositive + counts.falseNegative + counts.trueNegative;
  return { precision, recall, f1, support: counts.truePositive + counts.falseNegative, n };
}

// ---------- detectors ----------

function evaluateAsks(split: Split): Score {
  const counts = emptyCounts();
  for (const record of load('enron-email-acts/parakweet', split)) {
    tally(counts, label(record, 'ask') === true, classifyAsk(text(record)) !== null);
  }
  return score(counts);
}

function evaluateCommitments(split: Split): { derived: Score; raw: Score } {
  const derived = emptyCounts();
  const raw = emptyCounts();
  for (const record of load('enron-email-acts/lin', split)) {
    const isPredicted = isCommitment(text(record));
    tally(derived, isWriterCommitment(record), isPredicted);
    tally(raw, label(record, 'has_task') === true, isPredicted);
  }
  return { derived: score(derived), raw: score(raw) };
}

/**
 * Rsics requests open a conversation, so they have no earlier agent message. Each SGD user turn is
 * scored as the product scores a reply: with the system turn before it as the agent's previous
 * message; `sgdTextOnly` scores the same turns without it.
 */
function evaluateThanks(split: Split): { rsics: Score; sgd: Score; sgdTextOnly: Score } {
  const rsics = emptyCounts();
  for (const record of load('rsics', split)) tally(rsics, label(record, 'gratitude') === true, hasThanks(text(record)));
  const previous = previousSystemTurns(split);
  const sgd = emptyCounts();
  const sgdTextOnly = emptyCounts();
  for (const record of load('sgd-requests', split)) {
    const isGold = label(record, 'thanks') === true;
    tally(sgd, isGold, hasThanks(text(record), { previousAgentText: previous.get(String(record.id)) }));
    tally(sgdTextOnly, isGold, hasThanks(text(record)));
  }
  return { rsics: score(rsics), sgd: score(sgd), sgdTextOnly: score(sgdTextOnly) };
}

const ANGER_SWEEP = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function evaluateAnger(split: Split): { score: Score; auc: number; sweep: string; hasTargetPoint: boolean } {
  const counts = emptyCounts();
  const sweepCounts = ANGER_SWEEP.map(() => emptyCounts());
  const positives: number[] = [];
  const negatives: number[] = [];
  for (const record of load('rsics', split)) {
    const anger = analyseInbound(text(record)).anger;
    const isRant = label(record, 'rant') === true;
    tally(counts, isRant, anger >= ANGER_THRESHOLD);
    ANGER_SWEEP.forEach((threshold, index) => {
      const bucket = sweepCounts[index];
      if (bucket) tally(bucket, isRant, anger >= threshold);
    });
    (isRant ? positives : negatives).push(anger);
  }
  const points = sweepCounts.map((bucket) => score(bucket));
  const sweep = ANGER_SWEEP.map((threshold, index) => {
    const point = points[index];
    return `≥${threshold}: P ${point?.precision.toFixed(2)} R ${point?.recall.toFixed(2)}`;
  }).join(' · ');
  const hasTargetPoint = points.some((point) => point.recall >= 0.7 && point.precision >= 0.6);
  return { score: score(counts), auc: rocAuc(positives, negatives), sweep, hasTargetPoint };
}

function evaluateImpoliteness(split: Split): { auc: number; impolite: number; polite: number } {
  const impolite: number[] = [];
  const polite: number[] = [];
  for (const record of load('stanford-politeness', split)) {
    if (label(record, 'impolite') === true) impolite.push(impolitenessScore(text(record)));
    else if (label(record, 'polite') === true) polite.push(impolitenessScore(text(record)));
  }
  return { auc: rocAuc(impolite, polite), impolite: impolite.length, polite: polite.length };
}

function evaluateUnanswered(split: Split): { overall: Score; byConstruction: Record<string, { n: number; correct: number }> } {
  const counts = emptyCounts();
  const byConstruction: Record<string, { n: number; correct: number }> = {};
  for (const pair of buildUnansweredPairs(load('sgd-requests', split))) {
    const output = coachReply({ draft: pair.reply, conversation: [{ from: 'customer', text: pair.customer }] });
    const isPredicted = output.questions.some((question) => !question.answered);
    tally(counts, pair.isUnanswered, isPredicted);
    const bucket = (byConstruction[pair.construction] ??= { n: 0, correct: 0 });
    bucket.n += 1;
    if (isPredicted === pair.isUnanswered) bucket.correct += 1;
  }
  return { overall: score(counts), byConstruction };
}

// ---------- report ----------

type Row = { detector: string; data: string; target: string; dev?: string; test?: string; isMet?: boolean };

function formatScore(value: Score): string {
  return `P ${value.precision.toFixed(3)} · R ${value.recall.toFixed(3)} · F1 ${value.f1.toFixed(3)} (pos ${value.support}/${value.n})`;
}

function main(): void {
  const argumentsList = process.argv.slice(2);
  const splitIndex = argumentsList.indexOf('--split');
  const onlySplit = splitIndex >= 0 ? argumentsList[splitIndex + 1] : undefined;
  const splits: Split[] = onlySplit === 'dev' ? ['dev'] : onlySplit === 'test' ? ['test'] : ['dev', 'test'];
  const shouldWrite = !argumentsList.includes('--no-write') && splits.length === 2;
  if (!existsSync(corpusRoot)) {
    process.stderr.write(`Corpus not found at ${corpusRoot}\n`);
    process.exitCode = 1;
    return;
  }
  const rows: Row[] = [
    { detector: 'unanswered-question (unanswered class)', data: 'sgd-requests, constructed pairs', target: 'F1 ≥ 0.85' },
    { detector: 'question/request detection', data: 'parakweet ask', target: 'F1 ≥ 0.80' },
    { detector: 'commitment (derived gold)', data: 'lin Task with the writer as subject', target: 'F1 ≥ 0.70' },
    { detector: 'commitment vs raw has_task', data: 'lin has_task', target: '(context)' },
    { detector: 'thanks', data: 'rsics gratitude', target: 'F1 ≥ 0.90' },
    { detector: 'thanks', data: 'sgd-requests thanks, with the previous system turn', target: 'F1 ≥ 0.90' },
    { detector: 'thanks, text alone', data: 'sgd-requests thanks, no previous turn', target: '(context)' },
    { detector: `anger (anger ≥ ${ANGER_THRESHOLD})`, data: 'rsics rant', target: 'R ≥ 0.70 at P ≥ 0.60' },
    { detector: 'anger score ranking', data: 'rsics rant', target: '(ROC-AUC, context)' },
    { detector: 'impoliteness', data: 'stanford-politeness impolite vs polite', target: 'ROC-AUC ≥ 0.75' },
  ];
  const constructionNotes: string[] = [];
  const angerNotes: string[] = [];
  for (const split of splits) {
    const unanswered = evaluateUnanswered(split);
    const asks = evaluateAsks(split);
    const commitments = evaluateCommitments(split);
    const thanks = evaluateThanks(split);
    const anger = evaluateAnger(split);
    const impoliteness = evaluateImpoliteness(split);
    const values = [
      formatScore(unanswered.overall),
      formatScore(asks),
      formatScore(commitments.derived),
      formatScore(commitments.raw),
      formatScore(thanks.rsics),
      formatScore(thanks.sgd),
      formatScore(thanks.sgdTextOnly),
      formatScore(anger.score),
      `ROC-AUC ${anger.auc.toFixed(3)}`,
      `ROC-AUC ${impoliteness.auc.toFixed(3)} (${impoliteness.impolite} impolite / ${impoliteness.polite} polite)`,
    ];
    // null: the row is context, not a target.
    const isMet: (boolean | null)[] = [
      unanswered.overall.f1 >= 0.85,
      asks.f1 >= 0.8,
      commitments.derived.f1 >= 0.7,
      null,
      thanks.rsics.f1 >= 0.9,
      thanks.sgd.f1 >= 0.9,
      null,
      anger.hasTargetPoint,
      null,
      impoliteness.auc >= 0.75,
    ];
    values.forEach((value, index) => {
      const row = rows[index];
      if (!row) return;
      row[split] = value;
      const verdict = isMet[index];
      // The verdict is about the last split evaluated: test when both run, as the issue sets targets on test.
      if (verdict !== null && verdict !== undefined) row.isMet = verdict;
    });
    angerNotes.push(`${split}: ${anger.sweep}`);
    for (const [construction, bucket] of Object.entries(unanswered.byConstruction)) {
      constructionNotes.push(`${split}: ${construction}: ${bucket.n} pairs, ${((bucket.correct / Math.max(1, bucket.n)) * 100).toFixed(1)}% classified correctly`);
    }
  }
  const table = [
    '| detector | data | target (test) | dev | test | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const met = row.isMet === undefined ? '—' : row.isMet ? 'yes' : '**no**';
      return `| ${row.detector} | ${row.data} | ${row.target} | ${row.dev ?? '—'} | ${row.test ?? '—'} | ${met} |`;
    }),
  ].join('\n');
  const constructionList = constructionNotes.map((note) => `- ${note}`).join('\n');
  const angerList = angerNotes.map((note) => `- ${note}`).join('\n');
  process.stdout.write(`${table}\n\nUnanswered-question pairs by construction:\n${constructionList}\n\nAnger operating points (rsics rant):\n${angerList}\n`);
  if (!shouldWrite) return;
  const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'coach-eval.template.md'), 'utf8');
  const report = template
    .replace('{{TABLE}}', table)
    .replace('{{CONSTRUCTION}}', constructionList)
    .replace('{{ANGER}}', angerList);
  writeFileSync(reportPath, report);
  process.stdout.write(`\nWrote ${reportPath}\n`);
}

main();
