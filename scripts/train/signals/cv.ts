/**
 * Grouped cross-validation for the signal model, nested so every reported
 * figure is honest: for each outer fold, the L2 strength, the calibration
 * temperature and the decision settings are chosen by an inner grouped
 * cross-validation on the outer training part alone; then a model fitted on
 * that part predicts the outer test fold, which nothing was chosen on. No
 * conversation is ever in both a training and a test part.
 */
import type { SparseVector } from '../../../lib/signals/learned/features';
import { decideKinds, MODEL_CLASSES, softmax } from '../../../lib/signals/learned/model';
import { scoreLabels, type LabelScore } from '../../../lib/signals/learned/score';
import { chooseDecision, type Decision } from './decide';
import { fit, groupFolds, scoreRow, type Fitted } from './fit';

/** Everything the folds need, computed once: features, labels, targets, rule finds, conversations. */
export interface Problem {
  x: SparseVector[];
  /** Main label per row (index into MODEL_CLASSES). */
  y: number[];
  /** Training target per row (a distribution over MODEL_CLASSES). */
  targets: number[][];
  labels: string[];
  ruleKinds: string[][];
  groups: string[];
  /** Rows that join every training part (never a test part): the team's corpus. */
  extra: { x: SparseVector[]; y: number[][]; weight: number };
}

export interface CvSettings {
  folds: number;
  innerFolds: number;
  seed: number;
  /** Candidate L2 strengths; the inner folds pick one. */
  l2Grid: number[];
  steps: number;
  learningRate: number;
  minRows: number;
  /** Exponent of the balanced class weights (0 = none, 0.5 = square root, 1 = balanced). */
  classWeightPower: number;
  maxNewQuestionNegative: number;
  /** Whether the decision may use per-class offsets (else only thanks wins outright, as in version 1). */
  decisionOffsets: boolean;
  /** One shared offset for the negative kinds, set by the new-question limit alone (decide.ts chooseUniform). */
  uniformDecision?: boolean;
}

const K = MODEL_CLASSES.length;

/** Per-class weights from the main labels of the rows at `idx`. */
function classWeights(y: readonly number[], idx: readonly number[], power: number): number[] {
  const n = new Array<number>(K).fill(0);
  for (const i of idx) n[y[i]]++;
  return n.map((m) => (m ? (idx.length / (K * m)) ** power : 0));
}

/** Fits the model on rows `idx` (plus the extra rows) with L2 `l2`. */
export function fitOn(p: Problem, idx: readonly number[], l2: number, s: CvSettings): Fitted {
  const cw = classWeights(p.y, idx, s.classWeightPower);
  return fit([...idx.map((i) => p.x[i]), ...p.extra.x], [...idx.map((i) => p.targets[i]), ...p.extra.y], {
    classes: K,
    l2,
    steps: s.steps,
    learningRate: s.learningRate,
    minRows: s.minRows,
    rowWeights: [...idx.map((i) => cw[p.y[i]]), ...p.extra.y.map(() => p.extra.weight)],
  });
}

/** Logits of rows `idx` under a fitted model. */
export function logitsOf(p: Problem, model: Fitted, idx: readonly number[]): number[][] {
  const col = new Map(model.index.map((i, c) => [i, c]));
  return idx.map((i) => scoreRow(model, col, p.x[i], K));
}

/** Held-out logits of every row in `idx` from a grouped k-fold split of `idx` alone (aligned with `idx`). */
export function heldOutLogits(
  p: Problem,
  idx: readonly number[],
  folds: number,
  l2: number,
  s: CvSettings,
): number[][] {
  const fold = groupFolds(
    idx.map((i) => p.groups[i]),
    folds,
    s.seed,
  );
  const out: number[][] = new Array(idx.length);
  for (let f = 0; f < folds; f++) {
    const train = idx.filter((_, j) => fold[j] !== f);
    const testAt = idx.map((_, j) => j).filter((j) => fold[j] === f);
    const z = logitsOf(
      p,
      fitOn(p, train, l2, s),
      testAt.map((j) => idx[j]),
    );
    testAt.forEach((j, n) => (out[j] = z[n]));
  }
  return out;
}

/** Mean negative log-likelihood of labels `y` under softmax(z / t). */
export function nll(z: readonly number[][], y: readonly number[], t: number): number {
  let sum = 0;
  z.forEach((row, r) => (sum -= Math.log(Math.max(1e-12, softmax(row, t)[y[r]]))));
  return sum / z.length;
}

/** The softmax temperature (0.3..4, step 0.05) that best predicts `y` from held-out logits `z`. */
export function calibrate(z: readonly number[][], y: readonly number[]): { temperature: number; nll: number } {
  let temperature = 1;
  let best = Infinity;
  for (let t = 0.3; t <= 4.001; t += 0.05) {
    const v = nll(z, y, t);
    if (v < best) [best, temperature] = [v, Math.round(t * 100) / 100];
  }
  return { temperature, nll: best };
}

/** What was chosen from held-out predictions of some rows: L2, temperature, decision, and how they scored there. */
export interface Choice {
  l2: number;
  temperature: number;
  nll: number;
  decision: Decision;
  /** Decided score on the rows the choice was made on (optimistic by construction). */
  score: LabelScore;
  /** Those rows' held-out logits under the chosen L2 (aligned with the rows). */
  logits: number[][];
}

/**
 * Chooses L2, temperature and decision by a grouped `folds`-fold CV of the
 * rows `idx` alone: the L2 whose held-out predictions, calibrated and decided,
 * give the best macro-F1 within the new-question limit (the stronger L2 on ties).
 */
export function choose(p: Problem, idx: readonly number[], folds: number, s: CvSettings): Choice {
  let best: Choice | undefined;
  const y = idx.map((i) => p.y[i]);
  const labels = idx.map((i) => p.labels[i]);
  const rules = idx.map((i) => p.ruleKinds[i]);
  for (const l2 of [...s.l2Grid].sort((a, b) => b - a)) {
    const logits = heldOutLogits(p, idx, folds, l2, s);
    const cal = calibrate(logits, y);
    const probs = logits.map((z) => softmax(z, cal.temperature));
    const { decision, score } = chooseDecision(labels, probs, rules, s.maxNewQuestionNegative, {
      offsets: s.decisionOffsets,
      uniform: s.uniformDecision,
    });
    const ok = (sc: LabelScore) => (sc.newQuestionNegative <= s.maxNewQuestionNegative ? sc.macroF1 : -1);
    if (!best || ok(score) > ok(best.score) + 1e-9)
      best = { l2, temperature: cal.temperature, nll: cal.nll, decision, score, logits };
  }
  return best!;
}

/** The honest figures: every row predicted once, by a model and settings chosen without it. */
export interface NestedResult {
  /** Plain argmax of the outer held-out probabilities. */
  argmax: LabelScore;
  /** As the app decides, with each outer fold's own inner-chosen settings. */
  decided: LabelScore;
  /** Per row, the calibrated held-out probabilities and the kinds decided. */
  probs: number[][];
  predicted: string[][];
  /** What each outer fold's inner CV chose. */
  choices: Omit<Choice, 'logits' | 'score'>[];
}

/** Nested grouped cross-validation over all rows (see the file comment); `chooseOn` is `choose` (a test may watch it). */
export function nestedCv(
  p: Problem,
  s: CvSettings,
  log: (line: string) => void = () => {},
  chooseOn: typeof choose = choose,
): NestedResult {
  const all = p.y.map((_, i) => i);
  const fold = groupFolds(p.groups, s.folds, s.seed);
  const probs: number[][] = new Array(all.length);
  const predicted: string[][] = new Array(all.length);
  const choices: NestedResult['choices'] = [];
  for (let f = 0; f < s.folds; f++) {
    const train = all.filter((i) => fold[i] !== f);
    const test = all.filter((i) => fold[i] === f);
    const c = chooseOn(p, train, s.innerFolds, s);
    const z = logitsOf(p, fitOn(p, train, c.l2, s), test);
    test.forEach((i, n) => {
      probs[i] = softmax(z[n], c.temperature);
      predicted[i] = decideKinds({ ...c.decision, classes: [...MODEL_CLASSES] }, probs[i], p.ruleKinds[i]);
    });
    choices.push({ l2: c.l2, temperature: c.temperature, nll: c.nll, decision: c.decision });
    log(
      `outer fold ${f + 1}/${s.folds}: ${train.length} train, ${test.length} test rows; inner CV chose L2 ${c.l2}, temperature ${c.temperature}, minNegative ${c.decision.minNegative}`,
    );
  }
  const argmax = scoreLabels(p.labels.map((label, i) => ({ label, predicted: [MODEL_CLASSES[argmaxOf(probs[i])]] })));
  const decided = scoreLabels(p.labels.map((label, i) => ({ label, predicted: predicted[i] })));
  return { argmax, decided, probs, predicted, choices };
}

/** The index of the largest value (the first, on ties). */
export function argmaxOf(v: readonly number[]): number {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
  return b;
}
