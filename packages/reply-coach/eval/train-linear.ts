/**
 * The training half of src/linear-model.ts: L2-regularised logistic regression over sparse named
 * features, fitted by AdaGrad with a seeded shuffle, so a rerun on the same `dev` rows writes the
 * same weights. Grouped k-fold cross-validation on dev estimates how a model generalises and picks
 * its threshold; the test split is never read here.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probability, type LinearModel } from '../src/linear-model.ts';

export type Sample = {
  features: string[];
  label: boolean;
  /** Rows of one group (an e-mail, a dialogue) stay in one fold, so near-copies cannot leak. */
  group: string;
};

export type TrainOptions = {
  /** L2 penalty per sample per step. */
  l2: number;
  epochs: number;
  /** Features seen in fewer training rows are dropped (they would only memorise rows). */
  minCount: number;
  learningRate: number;
  /** Weight of a positive row relative to a negative one; >1 helps a rare positive class. */
  positiveWeight: number;
  seed: number;
};

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 1e-4, epochs: 12, minCount: 3, learningRate: 0.2, positiveWeight: 1, seed: 7 };

function seededRandom(seed: number): () => number {
  // mulberry32: small, fast and deterministic; quality is ample for shuffling rows.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function uniqueFeatures(features: string[]): string[] {
  return [...new Set(features)];
}

export function trainLogistic(samples: Sample[], name: string, options: Partial<TrainOptions> = {}): LinearModel {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const documentFrequency = new Map<string, number>();
  const rows = samples.map((sample) => ({ features: uniqueFeatures(sample.features), label: sample.label }));
  for (const row of rows) for (const feature of row.features) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  const kept = rows.map((row) => ({ label: row.label, features: row.features.filter((feature) => (documentFrequency.get(feature) ?? 0) >= settings.minCount) }));

  const weights = new Map<string, number>();
  const gradientSquares = new Map<string, number>();
  let bias = 0;
  let biasSquares = 0;
  const random = seededRandom(settings.seed);
  const order = kept.map((_, index) => index);
  for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(random() * (index + 1));
      [order[index], order[swap]] = [order[swap] ?? 0, order[index] ?? 0];
    }
    for (const rowIndex of order) {
      const row = kept[rowIndex];
      if (!row) continue;
      let total = bias;
      for (const feature of row.features) total += weights.get(feature) ?? 0;
      const predicted = 1 / (1 + Math.exp(-total));
      const rowWeight = row.label ? settings.positiveWeight : 1;
      const error = (predicted - (row.label ? 1 : 0)) * rowWeight;
      biasSquares += error * error;
      bias -= (settings.learningRate * error) / Math.sqrt(biasSquares + 1e-8);
      for (const feature of row.features) {
        const current = weights.get(feature) ?? 0;
        const gradient = error + settings.l2 * current;
        const squares = (gradientSquares.get(feature) ?? 0) + gradient * gradient;
        gradientSquares.set(feature, squares);
        weights.set(feature, current - (settings.learningRate * gradient) / Math.sqrt(squares + 1e-8));
      }
    }
  }
  return compactModel({ name, bias, weights: Object.fromEntries(weights), threshold: 0.5 });
}

/** Rounds weights to 3 decimals and drops the ones that round to 0, to keep the bundle small. */
export function compactModel(model: LinearModel, minimumWeight = 0.0005): LinearModel {
  const weights: Record<string, number> = {};
  for (const [feature, weight] of Object.entries(model.weights).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))) {
    if (Math.abs(weight) >= minimumWeight) weights[feature] = Math.round(weight * 1000) / 1000;
  }
  return { ...model, bias: Math.round(model.bias * 1000) / 1000, weights };
}

/** The fold of a group in grouped k-fold CV (FNV-1a of its key): stable whatever the row order. */
export function foldOf(group: string, folds: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < group.length; index += 1) hash = Math.imul(hash ^ group.charCodeAt(index), 0x01000193) >>> 0;
  return hash % folds;
}

/**
 * Out-of-fold probabilities for every sample: each is scored by a model that never saw its group.
 * `finish` turns each fold's model into what would ship (e.g. pruned as the shipped one is).
 */
export function crossValidatedProbabilities(
  samples: Sample[],
  options: Partial<TrainOptions> = {},
  folds = 5,
  finish: (model: LinearModel, training: Sample[]) => LinearModel = (model) => model,
): number[] {
  const probabilities = new Array<number>(samples.length).fill(0);
  for (let fold = 0; fold < folds; fold += 1) {
    const training = samples.filter((sample) => foldOf(sample.group, folds) !== fold);
    const model = finish(trainLogistic(training, 'fold', options), training);
    samples.forEach((sample, index) => {
      if (foldOf(sample.group, folds) === fold) probabilities[index] = probability(model, sample.features);
    });
  }
  return probabilities;
}

/** ROC-AUC as Mann–Whitney U with ties counted half: the probability a positive outranks a negative. */
export function rocAuc(positives: number[], negatives: number[]): number {
  const all = [...positives.map((value) => ({ value, isPositive: true })), ...negatives.map((value) => ({ value, isPositive: false }))];
  all.sort((left, right) => left.value - right.value);
  let rankSumPositive = 0;
  let index = 0;
  while (index < all.length) {
    let tieEnd = index;
    while (tieEnd + 1 < all.length && all[tieEnd + 1]?.value === all[index]?.value) tieEnd += 1;
    const averageRank = (index + tieEnd) / 2 + 1;
    for (let tie = index; tie <= tieEnd; tie += 1) if (all[tie]?.isPositive) rankSumPositive += averageRank;
    index = tieEnd + 1;
  }
  const u = rankSumPositive - (positives.length * (positives.length + 1)) / 2;
  return u / Math.max(1, positives.length * negatives.length);
}

/** Where a trainer writes its model: src/models/<name>.generated.ts. */
export function modelFile(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'models', `${name}.generated.ts`);
}

export type OperatingPoint = { threshold: number; precision: number; recall: number; f1: number };

export function operatingPoint(labels: boolean[], probabilities: number[], threshold: number): OperatingPoint {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  labels.forEach((isGold, index) => {
    const isPredicted = (probabilities[index] ?? 0) >= threshold;
    if (isGold && isPredicted) truePositive += 1;
    else if (isPredicted) falsePositive += 1;
    else if (isGold) falseNegative += 1;
  });
  const precision = truePositive / Math.max(1, truePositive + falsePositive);
  const recall = truePositive / Math.max(1, truePositive + falseNegative);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1 };
}

/** Every threshold from 0.05 to 0.95 in steps of 0.01, scored on out-of-fold probabilities. */
export function sweepThresholds(labels: boolean[], probabilities: number[]): OperatingPoint[] {
  const points: OperatingPoint[] = [];
  for (let step = 5; step <= 95; step += 1) points.push(operatingPoint(labels, probabilities, step / 100));
  return points;
}

export function bestF1(points: OperatingPoint[]): OperatingPoint {
  return points.reduce((best, point) => (point.f1 > best.f1 ? point : best), points[0] ?? { threshold: 0.5, precision: 0, recall: 0, f1: 0 });
}

/** Writes a model as a TypeScript module (no JSON import attributes needed in Node or Vite). */
export function writeModelModule(path: string, exportName: string, model: LinearModel, provenance: string): void {
  const body = JSON.stringify(model);
  writeFileSync(
    path,
    `// Generated by \`npm run train:coach\` (${provenance}). Do not edit by hand; retrain.\n` +
      `import type { LinearModel } from '../linear-model.ts';\n\n` +
      `export const ${exportName}: LinearModel = ${body};\n`,
  );
}
