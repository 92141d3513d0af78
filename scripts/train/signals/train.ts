/**
 * Training the signal model end to end: features for every row, grouped
 * k-fold cross-validation (out-of-fold predictions give the honest figures
 * and the calibration temperature), then the final fit on all rows, written
 * as the model file. Pure apart from reading the data: the same data gives
 * the same file, byte for byte.
 */
import {
  featurize,
  DEFAULT_FEATURE_CONFIG,
  type FeatureConfig,
  type SparseVector,
} from '../../../lib/signals/learned/features';
import type { DetectedSignal } from '../../../lib/signals/kinds';
import {
  decideKinds,
  MODEL_CLASSES,
  SIGNAL_CLASSES,
  softmax,
  type SignalModelFile,
} from '../../../lib/signals/learned/model';
import { detectTextSignals } from '../../../lib/signals/text/detect';
import { scoreLabels, type LabelScore } from '../../../lib/signals/learned/score';
import { fit, groupFolds, scoreRow, type FitOptions } from './fit';
import { readTrainingData, type TrainRow } from './data';
import { teamRows } from './team-corpus';

/** Bump when features.ts or the file's shape changes meaning. */
export const MODEL_VERSION = 1;

/** The training settings (part of what makes the shipped file reproducible: change them, retrain, commit). */
export const TRAIN_SETTINGS = {
  folds: 5,
  seed: 20261205,
  l2: 0.002,
  steps: 150,
  learningRate: 0.05,
  minRows: 3,
  /** Weight of a team-corpus row (tests/fixtures/signals/corpus.jsonl) relative to a real row of a common class. */
  teamWeight: 0.5,
  /** The share of new questions the decision margin may give a negative signal (the target). */
  maxNewQuestionNegative: 0.1,
};

export interface TrainResult {
  file: SignalModelFile;
  cv: LabelScore;
  /** The same held-out predictions, decided by plain argmax (no margin). */
  argmax: LabelScore;
  /** Out-of-fold calibrated probabilities per row (for reports). */
  oof: number[][];
  rows: TrainRow[];
}

function classWeights(y: readonly number[], k: number): number[] {
  const n = new Array<number>(k).fill(0);
  for (const c of y) n[c]++;
  // Square root of balanced weights: rare kinds count more, without drowning the common ones.
  return n.map((m) => (m ? Math.sqrt(y.length / (k * m)) : 0));
}

const oneHot = (c: number, k: number) => Array.from({ length: k }, (_, i) => (i === c ? 1 : 0));

/** Negative log-likelihood of the labels under softmax(z / t). */
function nll(z: number[][], y: number[], t: number): number {
  let s = 0;
  z.forEach((row, r) => (s -= Math.log(Math.max(1e-12, softmax(row, t)[y[r]]))));
  return s / z.length;
}

const round = (v: number) => Math.round(v * 1e3) / 1e3;

/** Trains on `dataFile`; `log` receives progress lines. */
export function trainSignals(
  dataFile: string,
  log: (line: string) => void = () => {},
  overrides: Partial<typeof TRAIN_SETTINGS> & {
    features?: FeatureConfig;
    cache?: SparseVector[];
    rules?: DetectedSignal[][];
    skipFinal?: boolean;
    extra?: { x: SparseVector[]; y: number[][] };
  } = {},
): TrainResult {
  const { rows, hash } = readTrainingData(dataFile);
  const k = MODEL_CLASSES.length;
  const config = overrides.features ?? DEFAULT_FEATURE_CONFIG;
  const inputs = rows.map((r) => ({
    prevUser: r.prev_user ?? undefined,
    prevAssistant: r.prev_assistant ?? undefined,
    message: r.message,
  }));
  const rules = overrides.rules ?? inputs.map((input) => detectTextSignals(input));
  const x: SparseVector[] = overrides.cache ?? inputs.map((input, i) => featurize(input, config, rules[i]));
  const y = rows.map((r) => MODEL_CLASSES.indexOf(r.label));
  const s = { ...TRAIN_SETTINGS, ...overrides };
  const cw = classWeights(y, k);
  // The team's corpus joins every training part (never a test part) at a lower weight: real rows are the measure.
  const extra = overrides.extra ?? teamRows(config);
  const options = (yy: number[]): FitOptions => ({
    classes: k,
    l2: s.l2,
    steps: s.steps,
    learningRate: s.learningRate,
    minRows: s.minRows,
    rowWeights: [...yy.map((c) => cw[c]), ...extra.y.map(() => s.teamWeight)],
  });
  const fitOn = (idx: number[]) =>
    fit(
      [...idx.map((i) => x[i]), ...extra.x],
      [...idx.map((i) => oneHot(y[i], k)), ...extra.y],
      options(idx.map((i) => y[i])),
    );

  const fold = groupFolds(
    rows.map((r) => r.group),
    s.folds,
    s.seed,
  );
  const oofLogits: number[][] = new Array(rows.length);
  for (let f = 0; f < s.folds; f++) {
    const train = rows.map((_, i) => i).filter((i) => fold[i] !== f);
    const test = rows.map((_, i) => i).filter((i) => fold[i] === f);
    const model = fitOn(train);
    const col = new Map(model.index.map((i, c) => [i, c]));
    for (const i of test) oofLogits[i] = scoreRow(model, col, x[i], k);
    log(`fold ${f + 1}/${s.folds}: ${train.length} train, ${test.length} test rows`);
  }
  // Calibration: one temperature for the softmax, the one that best predicts the held-out labels.
  let temperature = 1;
  let best = Infinity;
  for (let t = 0.3; t <= 4.001; t += 0.05) {
    const v = nll(oofLogits, y, t);
    if (v < best) [best, temperature] = [v, Math.round(t * 100) / 100];
  }
  const oof = oofLogits.map((z) => softmax(z, temperature));
  const argmaxScore = scoreLabels(rows.map((r, i) => ({ label: r.label, predicted: [MODEL_CLASSES[argmax(oof[i])]] })));
  // The decision (lib/signals/learned/model.ts decideKinds): thresholds on calibrated probabilities, chosen on the
  // held-out predictions for the best macro-F1 that keeps new questions given a negative signal at or under the target.
  const ruleKinds = rules.map((list) => list.map((r) => r.kind as string));
  const classes = [...MODEL_CLASSES];
  const scoreAt = (minNegative: number, ruleThresholds: Record<string, number>) =>
    scoreLabels(
      rows.map((r, i) => ({
        label: r.label,
        predicted: decideKinds({ minNegative, ruleThresholds, classes }, oof[i], ruleKinds[i]),
      })),
    );
  const objective = (sc: LabelScore) =>
    sc.newQuestionNegative <= s.maxNewQuestionNegative ? sc.macroF1 : -sc.newQuestionNegative;
  const grid = Array.from({ length: 21 }, (_, i) => Math.round(i * 5) / 100);
  // Among settings that score alike (within 0.01), the lowest thresholds win: they keep more of what is plainly
  // said ("that is wrong") and of the rules' finds, which the 600 rows cannot tell apart from noise.
  const results = grid.map((m) => {
    let t: Record<string, number> = Object.fromEntries(SIGNAL_CLASSES.map((k) => [k, 1]));
    let sc = scoreAt(m, t);
    for (let pass = 0; pass < 2; pass++) {
      for (const kind of SIGNAL_CLASSES) {
        for (const v of grid) {
          const trial = { ...t, [kind]: v };
          const ts = scoreAt(m, trial);
          if (objective(ts) >= objective(sc) - 1e-9) [t, sc] = [trial, ts];
        }
      }
    }
    return { m, t, sc };
  });
  const top = Math.max(...results.map((r) => objective(r.sc)));
  const chosen = results.find((r) => objective(r.sc) >= top - 0.01)!;
  const { m: minNegative, t: ruleThresholds, sc: cv } = chosen;

  const final = overrides.skipFinal
    ? { bias: new Array<number>(k).fill(0), index: [], weights: new Float64Array(0) }
    : fitOn(rows.map((_, i) => i));
  const file: SignalModelFile = {
    version: MODEL_VERSION,
    features: config,
    classes: [...MODEL_CLASSES],
    dataHash: `sha256:${hash}`,
    rows: rows.length,
    temperature,
    minNegative,
    ruleThresholds,
    bias: final.bias.map(round),
    index: final.index,
    weights: [...final.weights].map(round),
    cv: {
      folds: s.folds,
      grouping: 'conversation (from source)',
      extraTraining: 'tests/fixtures/signals/corpus.jsonl (in every training part, weight ' + s.teamWeight + ')',
      seed: s.seed,
      macroF1: round(cv.macroF1),
      newQuestionNegative: round(cv.newQuestionNegative),
      f1: Object.fromEntries(Object.entries(cv.kinds).map(([kind, v]) => [kind, round(v.f1)])),
      nll: round(best),
      argmax: { macroF1: round(argmaxScore.macroF1), newQuestionNegative: round(argmaxScore.newQuestionNegative) },
    },
  };
  return { file, cv, argmax: argmaxScore, oof, rows };
}

/** The index of the largest value (the first, on ties). */
export function argmax(p: readonly number[]): number {
  let b = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
  return b;
}

/** The model file as written to disk (stable key order, one line per array). */
export function serializeModel(file: SignalModelFile): string {
  return `${JSON.stringify(file)}\n`;
}
