/**
 * Scoring a signal detector against labelled follow-ups (one main label per
 * message, as in the training set): per-kind precision, recall and F1 over the
 * five text signal kinds, their macro average, and the share of messages that
 * merely ask something new but were given a negative signal. Strict: only the
 * main label counts (a predicted kind that is only in `also_labels` is a false
 * positive), so figures are comparable with the training script's.
 */
import { SIGNAL_CLASSES, type ModelClass } from './model';

/** The negative text kinds (a new question given one of these was misread as a complaint). */
const NEGATIVE = new Set<string>(['said_wrong', 'user_corrected', 'repeated_question', 'code_error']);

export interface KindFigures {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface LabelScore {
  rows: number;
  kinds: Record<Exclude<ModelClass, 'new_question'>, KindFigures>;
  /** Mean F1 over the five signal kinds. */
  macroF1: number;
  newQuestions: number;
  /** Share of new_question rows given any negative signal (0..1; NaN when there are none). */
  newQuestionNegative: number;
}

/** Scores predictions: `label` is the row's main label, `predicted` the text kinds the detector gave. */
export function scoreLabels(rows: readonly { label: string; predicted: Iterable<string> }[]): LabelScore {
  const counts = Object.fromEntries(SIGNAL_CLASSES.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
    string,
    { tp: number; fp: number; fn: number }
  >;
  let newQuestions = 0;
  let newNegative = 0;
  for (const row of rows) {
    const got = new Set(row.predicted);
    for (const k of SIGNAL_CLASSES) {
      const g = got.has(k);
      const w = row.label === k;
      if (g && w) counts[k].tp++;
      else if (g) counts[k].fp++;
      else if (w) counts[k].fn++;
    }
    if (row.label === 'new_question') {
      newQuestions++;
      if ([...got].some((k) => NEGATIVE.has(k))) newNegative++;
    }
  }
  const kinds = Object.fromEntries(
    SIGNAL_CLASSES.map((k) => {
      const { tp, fp, fn } = counts[k];
      const precision = tp + fp ? tp / (tp + fp) : 0;
      const recall = tp + fn ? tp / (tp + fn) : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return [k, { tp, fp, fn, precision, recall, f1 }];
    }),
  ) as LabelScore['kinds'];
  const macroF1 = SIGNAL_CLASSES.reduce((s, k) => s + kinds[k].f1, 0) / SIGNAL_CLASSES.length;
  return {
    rows: rows.length,
    kinds,
    macroF1,
    newQuestions,
    newQuestionNegative: newQuestions ? newNegative / newQuestions : NaN,
  };
}

/** The score as a small text table (what `--score`, the trainer and the bench print). */
export function formatLabelScore(title: string, s: LabelScore): string {
  const f = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));
  const lines = [`${title}: ${s.rows} rows`, `${'kind'.padEnd(18)}   tp   fp   fn  prec.  recall  F1`];
  for (const k of SIGNAL_CLASSES) {
    const x = s.kinds[k];
    lines.push(
      `${k.padEnd(18)} ${String(x.tp).padStart(4)} ${String(x.fp).padStart(4)} ${String(x.fn).padStart(4)}  ${f(x.precision)}  ${f(x.recall)}  ${f(x.f1)}`,
    );
  }
  lines.push(`macro-F1 (5 kinds)  ${f(s.macroF1)}`);
  lines.push(
    `new questions given a negative signal  ${Number.isNaN(s.newQuestionNegative) ? 'n/a' : `${(100 * s.newQuestionNegative).toFixed(1)} %`} of ${s.newQuestions}`,
  );
  return lines.join('\n');
}
