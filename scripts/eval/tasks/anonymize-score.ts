/**
 * How the anonymizer's output matches a corpus with planted values (see
 * scripts/eval/anonymize-corpus.ts): per kind, the share of planted values
 * removed entirely (recall) and the share given their own kind; the share of
 * the other words (whitespace-separated, touching no planted value) left
 * untouched; and the findings that touch no planted value.
 */

export interface Span {
  kind: string;
  start: number;
  end: number;
}

export interface KindRecall {
  planted: number;
  removed: number;
  typed: number;
}

export interface AnonymizeScore {
  rows: number;
  kinds: Record<string, KindRecall>;
  words: number;
  wordsKept: number;
  /** Findings touching no planted value, by kind. */
  extra: Record<string, number>;
}

const overlaps = (a: Span | { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Scores rows of `{text, planted}` against the findings made on them. */
export function scoreAnonymize(rows: { text: string; planted: Span[]; findings: Span[] }[]): AnonymizeScore {
  const score: AnonymizeScore = { rows: rows.length, kinds: {}, words: 0, wordsKept: 0, extra: {} };
  for (const { text, planted, findings } of rows) {
    for (const p of planted) {
      const k = (score.kinds[p.kind] ??= { planted: 0, removed: 0, typed: 0 });
      k.planted++;
      const covering = findings.filter((f) => overlaps(f, p));
      let at = p.start;
      for (const f of [...covering].sort((a, b) => a.start - b.start)) if (f.start <= at) at = Math.max(at, f.end);
      if (at >= p.end) {
        k.removed++;
        if (covering.some((f) => f.kind === p.kind)) k.typed++;
      }
    }
    for (const f of findings)
      if (!planted.some((p) => overlaps(f, p))) score.extra[f.kind] = (score.extra[f.kind] ?? 0) + 1;
    for (const w of text.matchAll(/\S+/g)) {
      const word = { start: w.index, end: w.index + w[0].length };
      if (planted.some((p) => overlaps(p, word))) continue;
      score.words++;
      if (!findings.some((f) => overlaps(f, word))) score.wordsKept++;
    }
  }
  return score;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '–');

/** The score as a table for the terminal. */
export function formatAnonymizeScore(s: AnonymizeScore): string {
  const kinds = Object.keys(s.kinds).sort();
  const total = kinds.reduce(
    (t, k) => ({
      planted: t.planted + s.kinds[k].planted,
      removed: t.removed + s.kinds[k].removed,
      typed: t.typed + s.kinds[k].typed,
    }),
    { planted: 0, removed: 0, typed: 0 },
  );
  const row = (name: string, k: KindRecall) =>
    `${name.padEnd(16)}${String(k.planted).padStart(8)}${String(k.removed).padStart(9)}${pct(k.removed, k.planted).padStart(9)}${pct(k.typed, k.planted).padStart(13)}`;
  const extra = Object.entries(s.extra).sort((a, b) => b[1] - a[1]);
  const extraTotal = extra.reduce((n, [, c]) => n + c, 0);
  return [
    `anonymize: ${s.rows} rows`,
    `${'kind'.padEnd(16)}${'planted'.padStart(8)}${'removed'.padStart(9)}${'recall'.padStart(9)}${'typed right'.padStart(13)}`,
    ...kinds.map((k) => row(k, s.kinds[k])),
    row('all', total),
    `other words kept  ${pct(s.wordsKept, s.words)} (${s.wordsKept} of ${s.words})`,
    `findings on no planted value  ${extraTotal}${extra.length ? ` (${extra.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  ].join('\n');
}
