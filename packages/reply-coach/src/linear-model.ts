/**
 * A logistic-regression model over named sparse features: the runtime half. Weights are learned
 * offline from the corpus `dev` splits (`npm run train:coach`, see eval/train-linear.ts) and shipped
 * as generated modules in src/models/, so the coach stays pure, deterministic and offline.
 */
export type LinearModel = {
  /** What the model predicts and from which data; shown in docs and the generated file header. */
  readonly name: string;
  readonly bias: number;
  /** Feature name → weight. Features missing here weigh 0. */
  readonly weights: Readonly<Record<string, number>>;
  /** The decision threshold on the probability, chosen on dev by cross-validation. */
  readonly threshold: number;
};

/** The model's log-odds for a set of features (each counted once). */
export function logit(model: LinearModel, features: Iterable<string>): number {
  let total = model.bias;
  const seen = new Set<string>();
  for (const feature of features) {
    if (seen.has(feature)) continue;
    seen.add(feature);
    total += model.weights[feature] ?? 0;
  }
  return total;
}

export function probability(model: LinearModel, features: Iterable<string>): number {
  return 1 / (1 + Math.exp(-logit(model, features)));
}

/** Lower-cased word tokens (letters, digits, apostrophes inside words) for n-gram features. */
export function tokens(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?|[?!]/gu) ?? [];
}

/**
 * Word unigrams and bigrams ("w:thanks", "b:thank_you"), plus the first two words of the text
 * ("f:could_you"), which carry most of what a sentence does. Shared by every learned detector.
 */
export function ngramFeatures(text: string): string[] {
  const words = tokens(text);
  const features: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    features.push(`w:${words[index]}`);
    if (index + 1 < words.length) features.push(`b:${words[index]}_${words[index + 1]}`);
  }
  if (words.length > 0) features.push(`f:${words[0]}`);
  if (words.length > 1) features.push(`f:${words[0]}_${words[1]}`);
  return features;
}
