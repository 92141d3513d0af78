/**
 * The trainer's cross-validation is honest: a conversation never sits in both
 * a training and a test part, at either level of the nested CV. Synthetic
 * rows make leakage visible: every conversation has its own feature that
 * gives away its (random) label, so a model that saw the conversation in
 * training scores almost perfectly, and one that did not scores at chance.
 */
import { describe, expect, it } from 'vitest';
import { MODEL_CLASSES } from '@/lib/signals/learned/model';
import { choose, heldOutLogits, nestedCv, argmaxOf, type CvSettings, type Problem } from '@/scripts/train/signals/cv';
import { mulberry32 } from '@/scripts/lib/seeded-random';

const SETTINGS: CvSettings = {
  folds: 5,
  innerFolds: 3,
  seed: 7,
  l2Grid: [0.001],
  steps: 60,
  learningRate: 0.1,
  minRows: 1,
  classWeightPower: 0,
  maxNewQuestionNegative: 0.1,
  decisionOffsets: true,
};

/** 60 conversations of 4 rows; each conversation's rows share a label and a feature no other conversation has. */
function leakyProblem(): Problem {
  const rand = mulberry32(11);
  const p: Problem = {
    x: [],
    y: [],
    targets: [],
    labels: [],
    ruleKinds: [],
    groups: [],
    extra: { x: [], y: [], weight: 0 },
  };
  for (let g = 0; g < 60; g++) {
    const label = Math.floor(rand() * MODEL_CLASSES.length);
    for (let r = 0; r < 4; r++) {
      p.x.push({ indices: [1000 + g], values: [1] });
      p.y.push(label);
      p.targets.push(MODEL_CLASSES.map((_, c) => (c === label ? 1 : 0)));
      p.labels.push(MODEL_CLASSES[label]);
      p.ruleKinds.push([]);
      p.groups.push(`conversation ${g}`);
    }
  }
  return p;
}

const accuracy = (p: Problem, z: number[][], idx: number[]) =>
  idx.filter((i, n) => argmaxOf(z[n]) === p.y[i]).length / idx.length;

describe('grouped cross-validation', () => {
  it('predicts every row from a model that never saw its conversation', () => {
    const p = leakyProblem();
    const all = p.y.map((_, i) => i);
    // Chance is about 1/6 (with the majority class a little more); a leak would score near 1.
    expect(accuracy(p, heldOutLogits(p, all, 5, 0.001, SETTINGS), all)).toBeLessThan(0.4);
    // The same rows split without regard to conversations do leak: the check above can fail.
    const ungrouped = { ...p, groups: p.groups.map((_, i) => `row ${i}`) };
    expect(accuracy(ungrouped, heldOutLogits(ungrouped, all, 5, 0.001, SETTINGS), all)).toBeGreaterThan(0.9);
  });

  it('keeps the nested figures at chance too: the inner choices see only the outer training part', () => {
    const p = leakyProblem();
    // The one-number decision keeps the test quick; which decision is chosen does not matter here.
    const r = nestedCv(p, { ...SETTINGS, uniformDecision: true });
    expect(r.choices).toHaveLength(SETTINGS.folds);
    const right = p.labels.filter((label, i) => MODEL_CLASSES[argmaxOf(r.probs[i])] === label).length;
    expect(right / p.labels.length).toBeLessThan(0.4);
  }, 120_000);

  it('gives each inner choice the outer training part alone: no row, and no conversation, of the fold it is scored on', () => {
    const p = leakyProblem();
    const seen: number[][] = [];
    const r = nestedCv(p, { ...SETTINGS, uniformDecision: true }, undefined, (q, idx, folds, s) => {
      seen.push([...idx]);
      return choose(q, idx, folds, s);
    });
    expect(seen).toHaveLength(SETTINGS.folds);
    // Every row is scored once, by the fold whose choice never saw it or any row of its conversation.
    p.y.forEach((_, i) => {
      const blind = seen.filter((idx) => !idx.some((j) => p.groups[j] === p.groups[i]));
      expect(blind, `row ${i}`).toHaveLength(1);
      expect(seen.filter((idx) => idx.includes(i))).toHaveLength(SETTINGS.folds - 1);
    });
    expect(r.choices).toHaveLength(SETTINGS.folds);
  }, 120_000);
});
