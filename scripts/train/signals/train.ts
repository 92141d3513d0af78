/**
 * Training the signal model end to end: features for every row, a nested
 * grouped cross-validation for the honest figures (cv.ts: every row is
 * predicted by a model, L2, temperature and decision chosen without it), then
 * the shipped settings chosen the same way on all rows and the final fit,
 * written as the model file. Pure apart from reading the data: the same data
 * gives the same file, byte for byte.
 */
import {
  featurize,
  seenByModel,
  DEFAULT_FEATURE_CONFIG,
  type FeatureConfig,
  type SparseVector,
} from '../../../lib/signals/learned/features';
import type { DetectedSignal } from '../../../lib/signals/kinds';
import { MODEL_CLASSES, type SignalModelFile } from '../../../lib/signals/learned/model';
import { detectTextSignals } from '../../../lib/signals/text/detect';
import type { LabelScore } from '../../../lib/signals/learned/score';
import { choose, fitOn, nestedCv, type CvSettings, type NestedResult, type Problem } from './cv';
import { readTrainingData, type TrainRow } from './data';
import { teamRows } from './team-corpus';

/** Bump when features.ts or the file's shape changes meaning. */
export const MODEL_VERSION = 3;

/** The training settings (part of what makes the shipped file reproducible: change them, retrain, commit). */
export const TRAIN_SETTINGS = {
  folds: 5,
  /** Folds of the inner cross-validation that chooses L2, temperature and decision inside an outer training part. */
  innerFolds: 4,
  seed: 20261205,
  /** Candidate L2 strengths (the inner folds choose). */
  l2Grid: [0.001, 0.004],
  steps: 150,
  learningRate: 0.05,
  minRows: 3,
  /** Exponent of the balanced class weights (0.5: square root, rare kinds count more without drowning the rest). */
  classWeightPower: 0.5,
  /** Share of a row's target given to its also_labels (the other labels that fit); 0 trains on the main label alone. */
  alsoWeight: 0,
  /** Weight of a team-corpus row (tests/fixtures/signals/corpus.jsonl) relative to a real row of a common class. */
  teamWeight: 0.5,
  /** The share of new questions the decision may give a negative signal (the target). */
  maxNewQuestionNegative: 0.1,
  /**
   * The decision's shape. Uniform: one offset shared by the negative kinds, set by the new-question limit, one
   * shared threshold for the rules' finds and one negative probability at which a complaint the rules found stands
   * (decide.ts chooseUniform). The shape was picked by comparing nested-CV figures of the same 606 rows (an early
   * version 2 model, L2 0.002: 0.460 macro-F1 with the offset alone, 0.432 with per-kind offsets and per-kind rule
   * thresholds, 0.406 with version 1's minNegative and rule thresholds: the more numbers the decision fits on ~480
   * rows, the more it fits their noise), so differences between shapes under about 0.01 say nothing.
   */
  uniformDecision: true,
  /** With uniformDecision false: whether the decision may give each kind its own offset (else only thanks wins outright). */
  decisionOffsets: true,
};

export type TrainSettings = typeof TRAIN_SETTINGS;

export interface TrainResult {
  file: SignalModelFile;
  /** Nested CV, as the app decides (honest). */
  cv: LabelScore;
  /** The same held-out predictions, decided by plain argmax. */
  argmax: LabelScore;
  nested: NestedResult;
  rows: TrainRow[];
}

const round = (v: number) => Math.round(v * 1e3) / 1e3;

/** Row targets: the main label, with `alsoWeight` of it spread over the row's also_labels. */
export function targetsOf(rows: readonly TrainRow[], alsoWeight: number): number[][] {
  return rows.map((r) => {
    const also = r.also_labels.filter((l) => l !== r.label && (MODEL_CLASSES as readonly string[]).includes(l));
    const share = also.length ? alsoWeight : 0;
    return MODEL_CLASSES.map((c) => (c === r.label ? 1 - share : also.includes(c) ? share / also.length : 0));
  });
}

/** The training problem for `rows` under `config` (features, targets, rule finds, conversations, team rows). */
export function problemOf(
  rows: readonly TrainRow[],
  config: FeatureConfig,
  s: TrainSettings,
  given: { x?: SparseVector[]; rules?: DetectedSignal[][]; extra?: { x: SparseVector[]; y: number[][] } } = {},
): Problem {
  const inputs = rows.map((r) =>
    seenByModel({
      prevUser: r.prev_user ?? undefined,
      prevAssistant: r.prev_assistant ?? undefined,
      message: r.message,
    }),
  );
  const rules = given.rules ?? inputs.map((input) => detectTextSignals(input));
  const x = given.x ?? inputs.map((input, i) => featurize(input, config, rules[i]));
  // The team's corpus joins every training part (never a test part) at a lower weight: real rows are the measure.
  const extra = given.extra ?? teamRows(config);
  return {
    x,
    y: rows.map((r) => MODEL_CLASSES.indexOf(r.label)),
    targets: targetsOf(rows, s.alsoWeight),
    labels: rows.map((r) => r.label),
    ruleKinds: rules.map((list) => list.map((r) => r.kind as string)),
    groups: rows.map((r) => r.group),
    extra: { ...extra, weight: s.teamWeight },
  };
}

type TrainOverrides = Partial<TrainSettings> & {
  features?: FeatureConfig;
  cache?: SparseVector[];
  rules?: DetectedSignal[][];
  skipFinal?: boolean;
  extra?: { x: SparseVector[]; y: number[][] };
};

/**
 * The shipped part of the model: the settings chosen by a grouped CV over all
 * rows, and the final fit with them. Everything in model.json but the
 * cross-validated figures (`cv`), which only trainSignals' nested CV gives.
 */
export function fitShipped(dataFile: string, log: (line: string) => void = () => {}, overrides: TrainOverrides = {}) {
  const { rows, hash } = readTrainingData(dataFile);
  const config = overrides.features ?? DEFAULT_FEATURE_CONFIG;
  const s: TrainSettings = { ...TRAIN_SETTINGS, ...overrides };
  const p = problemOf(rows, config, s, { x: overrides.cache, rules: overrides.rules, extra: overrides.extra });
  const cvs: CvSettings = { ...s };
  const all = rows.map((_, i) => i);
  const shipped = choose(p, all, s.folds, cvs);
  log(`shipped settings: L2 ${shipped.l2}, temperature ${shipped.temperature} (from ${s.folds}-fold CV on all rows)`);
  const final = overrides.skipFinal
    ? { bias: new Array<number>(MODEL_CLASSES.length).fill(0), index: [], weights: new Float64Array(0) }
    : fitOn(p, all, shipped.l2, cvs);
  const file: Omit<SignalModelFile, 'cv'> = {
    version: MODEL_VERSION,
    features: config,
    classes: [...MODEL_CLASSES],
    dataHash: `sha256:${hash}`,
    rows: rows.length,
    temperature: shipped.temperature,
    minNegative: shipped.decision.minNegative,
    ruleThresholds: shipped.decision.ruleThresholds,
    ruleNegative: shipped.decision.ruleNegative,
    classOffsets: shipped.decision.classOffsets,
    bias: final.bias.map(round),
    index: final.index,
    weights: [...final.weights].map(round),
  };
  return { file, problem: p, settings: s, cvSettings: cvs, shipped, rows };
}

/**
 * The parts of model.json's `cv` that fitShipped alone settles (how the CV was
 * run, the L2 it chose): everything there but the nested CV's figures.
 */
export function cvSetup(s: TrainSettings, shipped: { l2: number }): Record<string, unknown> {
  return {
    folds: s.folds,
    innerFolds: s.innerFolds,
    grouping: 'conversation (from source)',
    procedure:
      'nested: per outer fold, L2, temperature and decision chosen by grouped inner CV on the training part only',
    extraTraining: `tests/fixtures/signals/corpus.jsonl (in every training part, weight ${s.teamWeight})`,
    seed: s.seed,
    l2: shipped.l2,
  };
}

/** Trains on `dataFile` (fitShipped, then the nested CV's honest figures); `log` receives progress lines. */
export function trainSignals(
  dataFile: string,
  log: (line: string) => void = () => {},
  overrides: TrainOverrides = {},
): TrainResult {
  const {
    file: fitted,
    problem: p,
    settings: s,
    cvSettings: cvs,
    shipped,
    rows,
  } = fitShipped(dataFile, log, overrides);
  const nested = nestedCv(p, cvs, log);
  const kindsF1 = (sc: LabelScore) =>
    Object.fromEntries(Object.entries(sc.kinds).map(([kind, v]) => [kind, round(v.f1)]));
  const file: SignalModelFile = {
    ...fitted,
    cv: {
      ...cvSetup(s, shipped),
      macroF1: round(nested.decided.macroF1),
      newQuestionNegative: round(nested.decided.newQuestionNegative),
      f1: kindsF1(nested.decided),
      argmax: {
        macroF1: round(nested.argmax.macroF1),
        newQuestionNegative: round(nested.argmax.newQuestionNegative),
        f1: kindsF1(nested.argmax),
      },
      // Log-loss of the held-out predictions at the temperature fitted on them (so a little optimistic).
      nll: round(shipped.nll),
    },
  };
  return { file, cv: nested.decided, argmax: nested.argmax, nested, rows };
}

/** The model file as written to disk (stable key order, one line per array). */
export function serializeModel(file: SignalModelFile): string {
  return `${JSON.stringify(file)}\n`;
}
