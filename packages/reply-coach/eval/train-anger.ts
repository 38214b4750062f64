/**
 * Trains the inbound anger model (src/models/anger.generated.ts) on the rsics `dev` split: gold is
 * `labels.rant` (a weak label: `false` only means no rant span was selected), one group per row.
 * Features are the cue hits of src/inbound.ts plus word n-grams; options and the threshold are
 * chosen by grouped 5-fold cross-validation on dev. The test split is never read here.
 */
import { angerFeatures, calibratedAnger, combineAnger, RULE_FLOOR_ANGER, ruleAnger } from '../src/inbound.ts';
import { label, load, text } from './corpus-records.ts';
import {
  bestF1,
  compactModel,
  crossValidatedProbabilities,
  operatingPoint,
  sweepThresholds,
  trainLogistic,
  writeModelModule,
  type OperatingPoint,
  type Sample,
  type TrainOptions,
  modelFile,
  rocAuc,
} from './train-linear.ts';

const modelPath = modelFile('anger');

/** Candidates compared by CV (a wider scratch grid found strong L2 and n-grams in ≥ 25 rows best). */
const CANDIDATES: Partial<TrainOptions>[] = [{ l2: 0.1 }, { l2: 0.2 }, { l2: 0.3 }].map((options) => ({ ...options, minCount: 1 }));
/**
 * N-grams seen in fewer dev rows are dropped before training (a label-free count over dev). The
 * cue features are kept however rare (abuse, profanity), which train-linear's single minCount
 * cannot express, hence minCount 1 in the options and this filter instead.
 */
const NGRAM_MIN_ROWS = 25;
const FOLDS = 5;
/** The coach's "angry" line: the chosen threshold is calibrated to read as this anger. */
const OPERATING_ANGER = 0.5;

/** ROC-AUC of scores against the gold labels. */
function aucOf(labels: boolean[], scores: number[]): number {
  return rocAuc(scores.filter((_, index) => labels[index]), scores.filter((_, index) => !labels[index]));
}

function describe(point: OperatingPoint): string {
  return `P ${point.precision.toFixed(3)} R ${point.recall.toFixed(3)} F1 ${point.f1.toFixed(3)}`;
}

export function train(): string {
  const rows = load('rsics', 'dev');
  const allFeatures = rows.map((row) => angerFeatures(text(row)));
  const rowsWith = new Map<string, number>();
  for (const features of allFeatures) for (const feature of new Set(features)) rowsWith.set(feature, (rowsWith.get(feature) ?? 0) + 1);
  const isKept = (feature: string) => !/^[wbf]:/.test(feature) || (rowsWith.get(feature) ?? 0) >= NGRAM_MIN_ROWS;
  const samples: Sample[] = rows.map((row, index) => ({ features: (allFeatures[index] ?? []).filter(isKept), label: label(row, 'rant') === true, group: String(row.id) }));
  const labels = samples.map((sample) => sample.label);
  const positives = labels.filter(Boolean).length;

  // The hand-written cue score alone (no fitting, so its dev figure is already out-of-sample).
  const rules = rows.map((row) => ruleAnger(text(row)));
  const rulesPoint = operatingPoint(labels, rules, OPERATING_ANGER);
  const rulesAuc = aucOf(labels, rules);
  process.stdout.write(`anger: rules only (anger ≥ ${OPERATING_ANGER}): ${describe(rulesPoint)}, ROC-AUC ${rulesAuc.toFixed(3)}\n`);

  let chosen: { options: Partial<TrainOptions>; point: OperatingPoint; auc: number; recallPoint: OperatingPoint; probabilities: number[] } | null = null;
  for (const options of CANDIDATES) {
    const probabilities = crossValidatedProbabilities(samples, options, FOLDS);
    const points = sweepThresholds(labels, probabilities);
    const point = bestF1(points);
    const auc = aucOf(labels, probabilities);
    // For reference: the best precision among thresholds that keep recall ≥ 0.70.
    const recallPoint = points.filter((candidate) => candidate.recall >= 0.7).reduce<OperatingPoint>((best, candidate) => (candidate.precision > best.precision ? candidate : best), points[0] ?? point);
    process.stdout.write(`anger: CV ${JSON.stringify(options)}: best F1 at ${point.threshold.toFixed(2)}: ${describe(point)}, ROC-AUC ${auc.toFixed(3)}\n`);
    if (!chosen || point.f1 > chosen.point.f1) chosen = { options, point, auc, recallPoint, probabilities };
  }
  if (!chosen) throw new Error('no training candidates');
  const { options, point, auc, recallPoint, probabilities } = chosen;
  process.stdout.write(`anger: chosen ${JSON.stringify(options)}, threshold ${point.threshold.toFixed(2)} → anger ${OPERATING_ANGER}: CV ${describe(point)}, ROC-AUC ${auc.toFixed(3)}\n`);
  // The shipped detector: the calibrated out-of-fold probability with the rule floor, as analyseInbound computes it.
  const detector = probabilities.map((probability, index) => {
    const clamped = Math.min(1 - 1e-12, Math.max(1e-12, probability));
    const abuse = (samples[index]?.features ?? []).includes('r:abuse');
    return combineAnger(calibratedAnger(Math.log(clamped / (1 - clamped)), point.threshold), rules[index] ?? 0, abuse);
  });
  const detectorPoint = operatingPoint(labels, detector, OPERATING_ANGER);
  const detectorAuc = aucOf(labels, detector);
  process.stdout.write(`anger: CV of the detector (calibrated, with the rule floor) at anger ≥ ${OPERATING_ANGER}: ${describe(detectorPoint)}, ROC-AUC ${detectorAuc.toFixed(3)}\n`);
  process.stdout.write(`anger: for reference, CV best precision at recall ≥ 0.70: threshold ${recallPoint.threshold.toFixed(2)}: ${describe(recallPoint)}\n`);

  const fitted = trainLogistic(samples, 'inbound anger (rsics rant, dev)', options);
  const model = compactModel({ ...fitted, threshold: point.threshold }, 0.005);
  const featureCount = Object.keys(model.weights).length;
  writeModelModule(modelPath, 'angerModel', model, `rsics dev, ${rows.length} rows, ${featureCount} features`);

  return [
    '### Inbound anger (`analyseInbound(text).anger`)',
    '',
    `- Data: rsics dev, ${rows.length} customer requests, ${positives} with a rant span (\`labels.rant\`; \`false\` is a weak negative). One group per request.`,
    `- Features: hits of the hand-written anger cues, kept however rare (\`r:\`), cumulative buckets of the old cue score (\`s:\`) and of the length in words (\`l:\`), model-only complaint cues (\`c:\`), a few punctuation and shape cues (\`x:\`), and word n-grams (\`w:\`, \`b:\`, \`f:\`) seen in ≥ ${NGRAM_MIN_ROWS} dev rows.`,
    `- Options: ${JSON.stringify(options)} (best CV F1 of ${CANDIDATES.length} candidates); threshold ${point.threshold.toFixed(2)} on the probability, calibrated so it reads as anger ${OPERATING_ANGER} (anger = sigmoid(logit − logit(threshold))).`,
    `- CV (${FOLDS}-fold, out-of-fold), model alone at the threshold: ${describe(point)}; ROC-AUC ${auc.toFixed(3)}. Best precision with recall ≥ 0.70: ${describe(recallPoint)} (threshold ${recallPoint.threshold.toFixed(2)}).`,
    `- CV of the shipped detector (calibrated model with the rule floor: a cue score ≥ ${RULE_FLOOR_ANGER} or abuse is a floor; weaker cues lift the anger to at most 0.49) at anger ≥ ${OPERATING_ANGER}: ${describe(detectorPoint)}; ROC-AUC ${detectorAuc.toFixed(3)}.`,
    `- Rules only (old cue score, anger ≥ ${OPERATING_ANGER}): ${describe(rulesPoint)}; ROC-AUC ${rulesAuc.toFixed(3)}.`,
    `- Model: ${featureCount} features (weights |w| ≥ 0.005).`,
  ].join('\n');
}
