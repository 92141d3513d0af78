/** Scoring a signal detector against a labelled corpus: per-kind precision, recall, F1 and exact match. */
import fs from 'node:fs';

export const TEXT_KINDS = [
  'thanks',
  'no_followup',
  'repeated_question',
  'said_wrong',
  'code_error',
  'user_corrected',
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export interface LabelledLine {
  id: string;
  prev_user?: string;
  prev_assistant?: string;
  message: string;
  expected: string[];
  note?: string;
}

export interface KindScore {
  kind: TextKind;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CorpusScore {
  lines: number;
  exact: number;
  kinds: Record<TextKind, KindScore>;
  /** Lines where the detector and the label differ, for the report. */
  misses: { id: string; expected: string[]; got: string[] }[];
}

/** The lines of a JSONL corpus. */
export function readCorpus(path: string): LabelledLine[] {
  return fs
    .readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledLine);
}

/** Scores `detect` on every line: a line is an exact match when its set of text kinds equals the label's. */
export function scoreCorpus(lines: readonly LabelledLine[], detect: (line: LabelledLine) => string[]): CorpusScore {
  const counts = Object.fromEntries(TEXT_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
    TextKind,
    { tp: number; fp: number; fn: number }
  >;
  let exact = 0;
  const misses: CorpusScore['misses'] = [];
  for (const line of lines) {
    const got = new Set(detect(line));
    const want = new Set(line.expected);
    let same = true;
    for (const k of TEXT_KINDS) {
      const g = got.has(k);
      const w = want.has(k);
      if (g && w) counts[k].tp++;
      else if (g) counts[k].fp++;
      else if (w) counts[k].fn++;
      if (g !== w) same = false;
    }
    if (same) exact++;
    else misses.push({ id: line.id, expected: [...want], got: [...got] });
  }
  const kinds = Object.fromEntries(
    TEXT_KINDS.map((kind) => {
      const { tp, fp, fn } = counts[kind];
      const precision = tp + fp ? tp / (tp + fp) : 1;
      const recall = tp + fn ? tp / (tp + fn) : 1;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return [kind, { kind, tp, fp, fn, precision, recall, f1 }];
    }),
  ) as Record<TextKind, KindScore>;
  return { lines: lines.length, exact: exact / lines.length, kinds, misses };
}

/** The per-kind table as text, for the test log. */
export function formatScore(name: string, score: CorpusScore): string {
  const f = (x: number) => x.toFixed(3);
  const rows = TEXT_KINDS.map((k) => {
    const s = score.kinds[k];
    return `${k.padEnd(18)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${f(s.precision)}  ${f(s.recall)}  ${f(s.f1)}`;
  });
  return [
    `${name}: ${score.lines} lines, exact match ${f(score.exact)}`,
    `${'kind'.padEnd(18)}   tp   fp   fn  prec.  recall  F1`,
    ...rows,
  ].join('\n');
}
