/**
 * Fitting the multinomial logistic regression: full-batch Adam on the
 * class-weighted cross-entropy with L2, a fixed number of steps. Full batch
 * and a fixed order make it deterministic: the same rows give the same
 * weights, to the bit, on every run.
 */
import type { SparseVector } from '../../../lib/signals/learned/features';
import { mulberry32 } from '../../lib/seeded-random';

export interface FitOptions {
  classes: number;
  l2: number;
  steps: number;
  learningRate: number;
  /** Features seen in fewer training rows are dropped (noise on 600 rows). */
  minRows: number;
  /** Weight of each row in the loss (rare kinds and real rows count more). */
  rowWeights: number[];
}

export interface Fitted {
  /** Hashed feature index → row in `weights`. */
  index: number[];
  weights: Float64Array;
  bias: number[];
}

/** Fits the model on rows `x` with target distributions `y` (one-hot for a single label). */
export function fit(x: readonly SparseVector[], y: readonly number[][], o: FitOptions): Fitted {
  const k = o.classes;
  const df = new Map<number, number>();
  for (const v of x) for (const i of v.indices) df.set(i, (df.get(i) ?? 0) + 1);
  const index = [...df.entries()]
    .filter(([, n]) => n >= o.minRows)
    .map(([i]) => i)
    .sort((a, b) => a - b);
  const col = new Map(index.map((i, c) => [i, c]));
  // Rows as compact (column, value) lists, in typed arrays: the loops below run over them thousands of times.
  const rows = x.map((v) => {
    const cols: number[] = [];
    const vals: number[] = [];
    v.indices.forEach((i, j) => {
      const c = col.get(i);
      if (c !== undefined) {
        cols.push(c);
        vals.push(v.values[j]);
      }
    });
    return { cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
  });
  const targets = y.map((t) => Float64Array.from(t));
  const d = index.length;
  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const gw = new Float64Array(d * k);
  const gb = new Float64Array(k);
  const mw = new Float64Array(d * k);
  const vw = new Float64Array(d * k);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const totalWeight = o.rowWeights.reduce((a, b) => a + b, 0);
  const rowShare = Float64Array.from(o.rowWeights, (weight) => weight / totalWeight);
  const z = new Float64Array(k);
  const gr = new Float64Array(k);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  // The same operations in the same order as written out in full: the weights stay the same to the bit.
  const [a1, a2, l2, lr] = [1 - b1, 1 - b2, o.l2, o.learningRate];
  for (let step = 1; step <= o.steps; step++) {
    gw.fill(0);
    gb.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const { cols, vals } = rows[r];
      const target = targets[r];
      const n = cols.length;
      for (let c = 0; c < k; c++) z[c] = b[c];
      for (let j = 0; j < n; j++) {
        const base = cols[j] * k;
        const v = vals[j];
        for (let c = 0; c < k; c++) z[c] += v * w[base + c];
      }
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, z[c]);
      let s = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c] - m);
        s += z[c];
      }
      const cw = rowShare[r];
      for (let c = 0; c < k; c++) {
        gr[c] = cw * (z[c] / s - target[c]);
        gb[c] += gr[c];
      }
      // A row names each column once, so each sum below gets one term per row, in row order, as before.
      for (let j = 0; j < n; j++) {
        const base = cols[j] * k;
        const v = vals[j];
        for (let c = 0; c < k; c++) gw[base + c] += gr[c] * v;
      }
    }
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    for (let i = 0; i < w.length; i++) {
      const g = gw[i] + l2 * w[i];
      mw[i] = b1 * mw[i] + a1 * g;
      vw[i] = b2 * vw[i] + a2 * g * g;
      w[i] -= (lr * (mw[i] / c1)) / (Math.sqrt(vw[i] / c2) + eps);
    }
    for (let c = 0; c < k; c++) {
      mb[c] = b1 * mb[c] + a1 * gb[c];
      vb[c] = b2 * vb[c] + a2 * gb[c] * gb[c];
      b[c] -= (lr * (mb[c] / c1)) / (Math.sqrt(vb[c] / c2) + eps);
    }
  }
  return { index, weights: w, bias: [...b] };
}

/** Logits of one row under a fitted model. */
export function scoreRow(f: Fitted, col: Map<number, number>, v: SparseVector, k: number): number[] {
  const z = f.bias.slice();
  v.indices.forEach((i, j) => {
    const c = col.get(i);
    if (c === undefined) return;
    for (let q = 0; q < k; q++) z[q] += v.values[j] * f.weights[c * k + q];
  });
  return z;
}

/**
 * Folds by group: groups are shuffled with `seed` and dealt, largest first,
 * to the fold with the fewest rows, so every conversation sits in one fold.
 */
export function groupFolds(groups: readonly string[], k: number, seed: number): number[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const rand = mulberry32(seed);
  const names = [...sizes.keys()].sort().map((g) => ({ g, r: rand() }));
  names.sort((a, b) => sizes.get(b.g)! - sizes.get(a.g)! || a.r - b.r);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const { g } of names) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
    foldOf.set(g, best);
    load[best] += sizes.get(g)!;
  }
  return groups.map((g) => foldOf.get(g)!);
}
