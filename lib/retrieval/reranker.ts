/**
 * The on-device reranker: a logistic model over a few features of each
 * retrieved item (how well it matched, how recent, whether it came before a
 * good answer …), trained in the worker from the learning engine's outcomes:
 * items that were in the prompt of an answer that went well are positives,
 * of one that went badly negatives. Until it has learned enough, the
 * untrained order (fused relevance plus a little recency and outcome) is used.
 */

/** Feature order; keep stable (stored weights depend on it). */
export const FEATURES = ['fused', 'lexical', 'semantic', 'recency', 'sameProject', 'outcome', 'hasCode'] as const;
export type FeatureVector = number[];

export interface RerankerModel {
  weights: number[];
  bias: number;
  /** Per-feature mean and spread the weights were trained on. */
  mean: number[];
  scale: number[];
  trainedOn: number;
  trainedAt: number;
  /** Held-out quality of the learned order and of the untrained one (AUC, 0.5 = chance), when measured. */
  auc?: number;
  baselineAuc?: number;
  heldOut?: number;
}

/** The untrained order: fused relevance first, nudged by recency and by how the item's answer went. */
export function baselineScore(f: FeatureVector): number {
  return f[0] * 40 + f[1] * 0.3 + f[2] * 0.5 + f[3] * 0.15 + f[4] * 0.2 + f[5] * 0.25;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The model's probability that an item helps (0..1). */
export function rerankScore(model: RerankerModel, f: FeatureVector): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i] * ((f[i] - model.mean[i]) / model.scale[i]);
  return sigmoid(z);
}

export interface TrainingRow {
  features: FeatureVector;
  label: 0 | 1;
  at: number;
}

/** Fits a logistic model (L2-regularised gradient descent on standardised features). */
export function trainReranker(
  rows: readonly TrainingRow[],
  now = Date.now(),
  epochs = 300,
  rate = 0.1,
  l2 = 0.01,
): RerankerModel {
  const d = FEATURES.length;
  const mean = new Array(d).fill(0);
  const scale = new Array(d).fill(1);
  for (let j = 0; j < d; j++) {
    const xs = rows.map((r) => r.features[j] ?? 0);
    const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length);
    mean[j] = m;
    scale[j] = Math.sqrt(v) || 1;
  }
  const w = new Array(d).fill(0);
  let b = 0;
  const n = rows.length;
  for (let e = 0; e < epochs && n > 0; e++) {
    const gw = new Array(d).fill(0);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j] * (((r.features[j] ?? 0) - mean[j]) / scale[j]);
      const err = sigmoid(z) - r.label;
      for (let j = 0; j < d; j++) gw[j] += err * (((r.features[j] ?? 0) - mean[j]) / scale[j]);
      gb += err;
    }
    for (let j = 0; j < d; j++) w[j] -= rate * (gw[j] / n + l2 * w[j]);
    b -= rate * (gb / n);
  }
  return { weights: w, bias: b, mean, scale, trainedOn: n, trainedAt: now };
}

/** Area under the ROC curve of `scores` against `labels` (probability a positive outranks a negative). */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number | undefined {
  const pos: number[] = [];
  const neg: number[] = [];
  scores.forEach((s, i) => (labels[i] ? pos : neg).push(s));
  if (pos.length === 0 || neg.length === 0) return undefined;
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Rows needed before the learned order is used at all. */
export const MIN_TRAINING_ROWS = 12;

/**
 * Trains on the older rows and measures on the newest fifth both the learned
 * order and the untrained one, then trains the served model on everything.
 */
export function trainAndEvaluate(rows: readonly TrainingRow[], now = Date.now()): RerankerModel | undefined {
  if (rows.length < MIN_TRAINING_ROWS) return undefined;
  const sorted = [...rows].sort((a, b) => a.at - b.at);
  const split = Math.floor(sorted.length * 0.8);
  const train = sorted.slice(0, split);
  const test = sorted.slice(split);
  const probe = trainReranker(train, now);
  const labels = test.map((r) => r.label);
  const learnedAuc = auc(
    test.map((r) => rerankScore(probe, r.features)),
    labels,
  );
  const baseAuc = auc(
    test.map((r) => baselineScore(r.features)),
    labels,
  );
  const model = trainReranker(sorted, now);
  return { ...model, auc: learnedAuc, baselineAuc: baseAuc, heldOut: test.length };
}

/** True when the learned model should order items: trained, and (when measured) not worse than the untrained order. */
export function useLearnedOrder(model: RerankerModel | undefined): model is RerankerModel {
  if (!model || model.trainedOn < MIN_TRAINING_ROWS) return false;
  if (model.auc === undefined || model.baselineAuc === undefined) return true;
  return model.auc >= model.baselineAuc;
}
