/**
 * Patterns: for each kind of question, how each answer style has fared.
 * Outcomes update a Beta posterior per (kind → style); choosing a style for
 * the next answer samples from those posteriors (Thompson sampling), so the
 * best-known style wins most of the time while others still get tried.
 */
import { ALL_STYLE_KEYS } from './classify';
import type { OutcomeScore } from '../signals/answer-outcome';
import { withPriors, type StylePrior } from './priors';

export interface PatternStats {
  questionKind: string;
  answerStyle: string;
  /** Weighted successes and failures (the Beta posterior is 1 + these). */
  successes: number;
  failures: number;
}

/** Adds one outcome to a pattern's counts (mixed outcomes count on both sides). */
export function recordOutcome<P extends PatternStats>(pattern: P, result: OutcomeScore): P {
  if (result.outcome === 'unknown') return pattern;
  return {
    ...pattern,
    successes: round(pattern.successes + result.positive * (result.outcome === 'negative' ? 0.25 : 1)),
    failures: round(pattern.failures + result.negative * (result.outcome === 'positive' ? 0.25 : 1)),
  };
}

/** Takes an outcome back out (when the signals of an answer are recomputed). */
export function removeOutcome<P extends PatternStats>(pattern: P, result: OutcomeScore): P {
  if (result.outcome === 'unknown') return pattern;
  return {
    ...pattern,
    successes: Math.max(0, round(pattern.successes - result.positive * (result.outcome === 'negative' ? 0.25 : 1))),
    failures: Math.max(0, round(pattern.failures - result.negative * (result.outcome === 'positive' ? 0.25 : 1))),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The posterior mean success rate of a pattern. */
export function successRate(p: Pick<PatternStats, 'successes' | 'failures'>): number {
  return (1 + p.successes) / (2 + p.successes + p.failures);
}

/** How much evidence a pattern has (weighted outcomes). */
export function evidenceOf(p: Pick<PatternStats, 'successes' | 'failures'>): number {
  return p.successes + p.failures;
}

/**
 * How sure we are that this style works, 0..1: the posterior probability
 * mass above 0.5, approximated with a normal of the Beta's mean and variance.
 */
export function confidenceOf(p: Pick<PatternStats, 'successes' | 'failures'>): number {
  const a = 1 + p.successes;
  const b = 1 + p.failures;
  const mean = a / (a + b);
  const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
  const z = (mean - 0.5) / Math.sqrt(variance);
  return normalCdf(z);
}

function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26 on erf.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** A Beta(a, b) sample from two Gamma samples (Marsaglia–Tsang). */
export function sampleBeta(a: number, b: number, random: () => number): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  return x / (x + y);
}

function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box–Muller normal.
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A pattern's counts, with the community's share of them when priors were added (priors.ts). */
type Counted = PatternStats & { community?: number };

export interface StyleChoice {
  /** The style key to ask for, or undefined when nothing is known yet (let the model answer its own way). */
  style?: string;
  /** 'best': the strongest known style; 'explore': trying another one; 'none': no evidence yet. */
  reason: 'best' | 'explore' | 'none';
  /** Posterior mean of the chosen style. */
  successRate?: number;
  confidence?: number;
  evidence?: number;
  /** Which patterns the choice drew on (kind-level first, then topic-level). */
  basedOn?: string;
  /** Pseudo-outcomes the community pack added to the chosen style (absent: the user's own evidence alone). */
  community?: number;
}

/**
 * Picks the style for a question of kind `kindKey` ("react/debug") from the
 * patterns. Evidence for the exact kind is used first, then for the topic
 * ("react/*"). With probability `explore` an untried or weak style is tried.
 * `priors` (the community pack's evidence) join the exact kind's evidence as
 * a few pseudo-outcomes that fade as the user's own evidence grows
 * (priors.ts `withPriors`): thin own evidence follows the community, strong
 * own evidence ignores it.
 */
export function chooseStyle(
  kindKey: string,
  patterns: readonly PatternStats[],
  random: () => number = Math.random,
  explore = 0.1,
  priors: readonly StylePrior[] = [],
): StyleChoice {
  const topic = kindKey.split('/')[0];
  const exact: Counted[] = priors.length
    ? withPriors(kindKey, patterns, priors)
    : patterns.filter((p) => p.questionKind === kindKey);
  const byTopic = new Map<string, PatternStats>();
  for (const p of patterns) {
    if (p.questionKind.split('/')[0] !== topic) continue;
    const cur = byTopic.get(p.answerStyle) ?? {
      questionKind: `${topic}/*`,
      answerStyle: p.answerStyle,
      successes: 0,
      failures: 0,
    };
    byTopic.set(p.answerStyle, { ...cur, successes: cur.successes + p.successes, failures: cur.failures + p.failures });
  }
  const pool: Counted[] = evidenceTotal(exact) >= 2 ? exact : [...byTopic.values()];
  if (evidenceTotal(pool) < 1) return { reason: 'none' };
  const basedOn = pool === exact ? kindKey : `${topic}/*`;

  // Before the user has any outcome of their own here, the community's best style is the head start: neither
  // exploring unknown styles nor sampling among the community's few pseudo-counts would serve them better.
  const own = evidenceTotal(pool) - pool.reduce((n, p) => n + (p.community ?? 0), 0);
  if (own < 1e-9) {
    const top = pool.reduce((a, b) => (successRate(b) > successRate(a) ? b : a));
    return {
      style: top.answerStyle,
      reason: 'best',
      successRate: successRate(top),
      confidence: confidenceOf(top),
      evidence: evidenceOf(top),
      basedOn,
      ...((top as { community?: number }).community
        ? { community: round((top as { community: number }).community) }
        : {}),
    };
  }
  if (random() < explore) {
    const tried = new Set(pool.map((p) => p.answerStyle));
    const untried = ALL_STYLE_KEYS.filter((k) => !tried.has(k));
    const candidates = untried.length ? untried : pool.map((p) => p.answerStyle);
    const style = candidates[Math.floor(random() * candidates.length)];
    const p = pool.find((x) => x.answerStyle === style);
    return {
      style,
      reason: 'explore',
      successRate: p ? successRate(p) : 0.5,
      confidence: p ? confidenceOf(p) : 0.5,
      evidence: p ? evidenceOf(p) : 0,
      basedOn,
    };
  }
  let best: Counted | undefined;
  let bestDraw = -1;
  for (const p of pool) {
    const draw = sampleBeta(1 + p.successes, 1 + p.failures, random);
    if (draw > bestDraw) [best, bestDraw] = [p, draw];
  }
  if (!best || successRate(best) < 0.5) {
    // Everything tried so far has mostly failed: try something else rather than repeat a failure.
    const tried = new Set(pool.map((p) => p.answerStyle));
    const untried = ALL_STYLE_KEYS.filter((k) => !tried.has(k));
    if (untried.length)
      return {
        style: untried[Math.floor(random() * untried.length)],
        reason: 'explore',
        successRate: 0.5,
        confidence: 0.5,
        evidence: 0,
        basedOn,
      };
  }
  return best
    ? {
        style: best.answerStyle,
        reason: 'best',
        successRate: successRate(best),
        confidence: confidenceOf(best),
        evidence: evidenceOf(best),
        basedOn,
        ...(best.community ? { community: round(best.community) } : {}),
      }
    : { reason: 'none' };
}

function evidenceTotal(list: readonly PatternStats[]): number {
  return list.reduce((n, p) => n + evidenceOf(p), 0);
}
