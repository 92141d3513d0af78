/**
 * The learned signal detector's model: a multinomial logistic regression over
 * the features of features.ts, stored as versioned JSON (model.json, written
 * by `npm run train:signals`). Inference is a sparse dot product and a
 * softmax: no network, no model server, well under a millisecond.
 */
import type { DetectedSignal } from '../kinds';
import { featurize, fnv1a, type FeatureConfig, type SignalInput, type SparseVector } from './features';

/** What the model can say a message does: the five text signal kinds, or ask something new. */
export const MODEL_CLASSES = [
  'thanks',
  'said_wrong',
  'user_corrected',
  'repeated_question',
  'code_error',
  'new_question',
] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];
/** The five classes that are signals about the answer (new_question is not). */
export const SIGNAL_CLASSES = MODEL_CLASSES.filter((c) => c !== 'new_question') as Exclude<
  ModelClass,
  'new_question'
>[];

/** The model file. Weights are sparse: only features seen in training are kept. */
export interface SignalModelFile {
  /** Bumped when the file's shape or the feature code changes meaning. */
  version: number;
  features: FeatureConfig;
  classes: ModelClass[];
  /** sha256 of the training file, so a reproduction can tell it used the same data. */
  dataHash: string;
  rows: number;
  /** Softmax temperature fitted on out-of-fold predictions (calibration). */
  temperature: number;
  /** The least probability at which the model's own negative verdict is reported (keeps new questions clean). */
  minNegative: number;
  /** Per kind, the least probability at which a kind the rules found is kept. */
  ruleThresholds: Record<string, number>;
  /**
   * The least probability of the negative kinds together at which a negative kind the rules found is kept
   * when the decision found none, whatever its own share (a clear complaint: sure it is bad news, unsure which kind).
   */
  ruleNegative: number;
  /** Per class (in `classes` order), added to its log-probability before the likeliest class is taken; 0 for new_question. */
  classOffsets: number[];
  /** Per-class bias. */
  bias: number[];
  /** Hashed feature indices with a weight row. */
  index: number[];
  /** index.length × classes.length weights, row by row. */
  weights: number[];
  /** The cross-validated figures the file was shipped with. */
  cv: Record<string, unknown>;
}

/** A loaded model: the file plus a lookup from feature index to its weight row. */
export interface SignalModel {
  file: SignalModelFile;
  rowOf: Map<number, number>;
  /**
   * Names this model and no other: its version, training data and fitted numbers. A user's adaptation belongs
   * to one key (a retrain on the same data with other features or settings gives another).
   */
  key: string;
}

/** Prepares a model file for inference. Throws when the file does not fit its own classes. */
export function loadModel(file: SignalModelFile): SignalModel {
  const k = file.classes.length;
  if (file.weights.length !== file.index.length * k || file.bias.length !== k)
    throw new Error('Signal model file is inconsistent: weights do not match its classes.');
  const fitted = JSON.stringify([file.temperature, file.bias, file.index.length, file.classOffsets, file.ruleNegative]);
  return {
    file,
    rowOf: new Map(file.index.map((i, row) => [i, row])),
    key: `v${file.version}:${file.dataHash}:${fnv1a(fitted).toString(16)}`,
  };
}

/** Class scores (logits) of a feature vector, before the softmax; `offset` adds per-class bias (the user's adaptation). */
export function logits(model: SignalModel, x: SparseVector, offset?: readonly number[]): number[] {
  const k = model.file.classes.length;
  const z = model.file.bias.slice();
  for (let j = 0; j < x.indices.length; j++) {
    const row = model.rowOf.get(x.indices[j]);
    if (row === undefined) continue;
    const v = x.values[j];
    const base = row * k;
    for (let c = 0; c < k; c++) z[c] += v * model.file.weights[base + c];
  }
  if (offset) for (let c = 0; c < k; c++) z[c] += offset[c] ?? 0;
  return z;
}

/** Softmax of `z / temperature` (probabilities summing to 1). */
export function softmax(z: readonly number[], temperature = 1): number[] {
  const t = temperature > 0 ? temperature : 1;
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp((v - m) / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Calibrated probabilities per class for one message, in `model.file.classes` order. */
export function predict(
  model: SignalModel,
  input: SignalInput,
  offset?: readonly number[],
  rules?: DetectedSignal[],
): { probs: number[]; x: SparseVector } {
  const x = featurize(input, model.file.features, rules);
  return { probs: softmax(logits(model, x, offset), model.file.temperature), x };
}

/** The kinds that count against an answer. */
export const NEGATIVE_CLASSES: readonly ModelClass[] = [
  'said_wrong',
  'user_corrected',
  'repeated_question',
  'code_error',
];

/** How probable it is that the message counts against the answer (the negative kinds together). */
export function negativeProbability(classes: readonly ModelClass[], probs: readonly number[]): number {
  return classes.reduce((sum, c, i) => (NEGATIVE_CLASSES.includes(c) ? sum + probs[i] : sum), 0);
}

/**
 * The signal kinds the model settles on for one message:
 * - the likeliest signal kind, when its log-probability plus its
 *   `classOffsets` entry reaches new_question's (per-kind decision
 *   thresholds: a kind that new questions are easily mistaken for needs more
 *   evidence; offsets never decide between two kinds);
 * - else, when the negative kinds together reach `minNegative`, the
 *   likeliest negative kind (a message can be surely a complaint while unsure
 *   whether it corrects or only says "wrong");
 * - and every kind the rules found that the model gives at least that kind's
 *   `ruleThresholds` (a message can thank and correct, or paste an error and
 *   complain: the model confirms or vetoes the rules' finds);
 * - and when the negative kinds together reach `ruleNegative` (sure it is
 *   bad news, unsure which kind): a code_error the rules found (pasted error
 *   output), which replaces said_wrong; else, when no negative kind was
 *   decided, the likeliest negative kind the rules found (a clear complaint
 *   is never lost to the offsets).
 * Never new_question (it is not a signal).
 */
export function decideKinds(
  m: Pick<SignalModelFile, 'minNegative' | 'ruleThresholds' | 'ruleNegative' | 'classes' | 'classOffsets'>,
  probs: readonly number[],
  ruleKinds: readonly string[],
): ModelClass[] {
  const nq = m.classes.indexOf('new_question');
  const log = (c: number) => Math.log(Math.max(probs[c], 1e-12));
  let best = -1;
  let worst = -1;
  m.classes.forEach((c, i) => {
    if (i === nq) return;
    if (best < 0 || probs[i] > probs[best]) best = i;
    if (NEGATIVE_CLASSES.includes(c) && (worst < 0 || probs[i] > probs[worst])) worst = i;
  });
  const negative = negativeProbability(m.classes, probs);
  const out = new Set<ModelClass>();
  if (best >= 0 && (nq < 0 || log(best) + (m.classOffsets[best] ?? 0) >= log(nq))) out.add(m.classes[best]);
  else if (worst >= 0 && negative >= m.minNegative) out.add(m.classes[worst]);
  for (const kind of ruleKinds) {
    const c = m.classes.indexOf(kind as ModelClass);
    if (c >= 0 && c !== nq && probs[c] >= (m.ruleThresholds[kind] ?? 1)) out.add(m.classes[c]);
  }
  // When the model is sure the message is bad news but not which kind, the rules' finds decide: pasted error
  // output the rules found wins over a plain "it's wrong" (as the training labels have it); else the likeliest
  // negative kind the rules found stands, when nothing negative was decided yet.
  if (negative >= m.ruleNegative) {
    if (ruleKinds.includes('code_error') && m.classes.includes('code_error')) {
      out.delete('said_wrong');
      out.add('code_error');
    } else if (![...out].some((c) => NEGATIVE_CLASSES.includes(c))) {
      let found = -1;
      for (const kind of ruleKinds) {
        const c = m.classes.indexOf(kind as ModelClass);
        if (c >= 0 && NEGATIVE_CLASSES.includes(m.classes[c]) && (found < 0 || probs[c] > probs[found])) found = c;
      }
      if (found >= 0) out.add(m.classes[found]);
    }
  }
  // The model's order, so the output does not depend on the rules' order.
  return m.classes.filter((c) => out.has(c));
}
