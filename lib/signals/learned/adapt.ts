/**
 * Adapting the signal model to one user, on the device, from the signals they
 * corrected: a few rounds of online gradient steps of the same logistic loss
 * on each corrected message, kept as sparse per-feature weight changes next to
 * the shipped model (which is never modified). Only the corrected message's own
 * word features move, so a user whose "thanks" is sarcastic stops producing
 * thanks for messages like theirs without the detector losing thanks at large.
 */
import { hashFeatures, namedFeatures, type SignalInput, type SparseVector } from './features';
import { logits, softmax, type ModelClass, type SignalModel } from './model';

/** The user's changes to the model: per hashed feature, one weight change per class. */
export interface Adaptation {
  /** The model's key (SignalModel.key): an adaptation belongs to one model. */
  model: string;
  deltas: Record<string, number[]>;
  /** How many corrections it learned from. */
  examples: number;
}

/** Learning rate and rounds per correction: enough to move that message's verdict, small enough to stay local. */
export const ADAPT_RATE = 0.6;
export const ADAPT_ROUNDS = 4;

/** An empty adaptation for `model`. */
export function emptyAdaptation(model: SignalModel): Adaptation {
  return { model: model.key, deltas: {}, examples: 0 };
}

/** Logits of `x` under the model plus the user's adaptation. */
export function adaptedLogits(model: SignalModel, x: SparseVector, adaptation?: Adaptation): number[] {
  const z = logits(model, x);
  if (!adaptation || adaptation.model !== model.key) return z;
  x.indices.forEach((i, j) => {
    const d = adaptation.deltas[i];
    if (d) for (let c = 0; c < z.length; c++) z[c] += x.values[j] * d[c];
  });
  return z;
}

/**
 * Learns from one corrected message: `to` is what the message really was
 * (new_question when it carried no signal). Returns a new adaptation; pure.
 */
export function learnCorrection(
  model: SignalModel,
  adaptation: Adaptation,
  input: SignalInput,
  to: ModelClass,
): Adaptation {
  const base = adaptation.model === model.key ? adaptation : emptyAdaptation(model);
  const k = model.file.classes.length;
  const target = model.file.classes.indexOf(to);
  if (target < 0) return base;
  // Only the user's own words (word and character n-grams, word families) move: context features such as "the
  // answer had code" are on for most messages, and changing them would change how every message reads.
  const named = [...namedFeatures(input, model.file.features)].filter(([name]) => /^[wck]:/.test(name));
  const x = hashFeatures(named, model.file.features);
  const deltas: Record<string, number[]> = { ...base.deltas };
  for (const i of x.indices) deltas[i] = (deltas[i] ?? new Array<number>(k).fill(0)).slice();
  const next: Adaptation = { model: base.model, deltas, examples: base.examples + 1 };
  for (let round = 0; round < ADAPT_ROUNDS; round++) {
    const p = softmax(adaptedLogits(model, x, next), model.file.temperature);
    x.indices.forEach((i, j) => {
      const d = deltas[i];
      for (let c = 0; c < k; c++)
        d[c] = Math.round((d[c] - ADAPT_RATE * x.values[j] * (p[c] - (c === target ? 1 : 0))) * 1e4) / 1e4;
    });
  }
  return next;
}
