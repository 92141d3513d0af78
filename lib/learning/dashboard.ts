/**
 * The learning dashboard's figures over a period: signals by kind per day,
 * the share of answers that went well by topic, the strongest patterns,
 * recent corrections and memories, and "what Codelumi learned this week" in
 * plain words.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord, Memory, Pattern, Signal } from '../core/records';
import { parseKindKey, styleLabel } from '../patterns/classify';
import { isPlanKind, parsePlanKind, planShapeLabel, projectKindLabel } from '../patterns/plan-kinds';
import { SIGNAL_KINDS, SIGNAL_SPECS, type CorrectionTarget, type SignalKind } from '../signals/kinds';
import { confidenceOf, evidenceOf, successRate } from '../patterns/patterns';
import { MIN_TRAINING_ROWS, useLearnedOrder, type RerankerModel } from '../retrieval/reranker';

export interface DashboardData {
  periodDays: number;
  from: number;
  to: number;
  signalsByDay: { day: string; counts: Record<SignalKind, number> }[];
  topics: { topic: string; answers: number; positive: number; negative: number; share: number }[];
  patterns: {
    id: string;
    questionKind: string;
    topic: string;
    intent: string;
    style: string;
    label: string;
    successRate: number;
    confidence: number;
    evidence: number;
  }[];
  corrections: { id: string; text: string; createdAt: number; enabled: boolean }[];
  newMemories: { id: string; kind: string; text: string; source: string; createdAt: number }[];
  summary: string[];
  totals: { answers: number; positive: number; negative: number; signals: number; memories: number };
  /** The newest signals, with how sure the detector was and whether the user corrected them. */
  recentSignals: {
    id: string;
    kind: SignalKind;
    label: string;
    polarity: number;
    confidence: number;
    evidence: string;
    correctedFrom?: SignalKind;
    /** The local model that judged the message, when the optional judge did. */
    judgedBy?: string;
    createdAt: number;
  }[];
  /** Signals the user said were not right, newest first ("to" is 'none' when the signal was removed). */
  signalCorrections: { id: string; from: SignalKind; to: CorrectionTarget; evidence: string; createdAt: number }[];
  /** The on-device reranker of retrieved context: how much it learned and whether it beats the untrained order. */
  reranker: { trainedOn: number; needed: number; auc?: number; baselineAuc?: number; heldOut?: number; inUse: boolean };
}

const DAY = 86_400_000;

function dayKey(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function emptyCounts(): Record<SignalKind, number> {
  return Object.fromEntries(SIGNAL_KINDS.map((k) => [k, 0])) as Record<SignalKind, number>;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Plain sentences about the last seven days (pure, for testing). */
export function summarizeWeek(input: {
  now: number;
  answers: readonly AnswerRecord[];
  previousAnswers: readonly AnswerRecord[];
  memories: readonly Memory[];
  patterns: readonly Pattern[];
  signals: readonly Signal[];
}): string[] {
  const out: string[] = [];
  const good = (list: readonly AnswerRecord[]) => list.filter((a) => a.outcome === 'positive').length;
  const judged = (list: readonly AnswerRecord[]) => list.filter((a) => a.outcome !== 'unknown').length;
  const nowJudged = judged(input.answers);
  if (nowJudged > 0) {
    const share = good(input.answers) / nowJudged;
    const bad = input.answers.filter((a) => a.outcome === 'negative').length;
    const mixed = input.answers.filter((a) => a.outcome === 'mixed').length;
    const before = judged(input.previousAnswers);
    const trend = before > 0 ? good(input.previousAnswers) / before : undefined;
    const parts = [
      `${good(input.answers)} went well`,
      bad ? `${bad} did not` : '',
      mixed ? `${mixed} had mixed reactions` : '',
    ].filter(Boolean);
    out.push(
      `Of the ${nowJudged} answer${nowJudged === 1 ? '' : 's'} you reacted to, ${parts.join(', ')}${trend === undefined ? '' : share > trend + 0.05 ? ` (up from ${pct(trend)} going well the week before)` : share < trend - 0.05 ? ` (down from ${pct(trend)} the week before)` : ' (about the same as the week before)'}.`,
    );
  }
  // Only what is switched on is "followed in every chat".
  for (const m of input.memories
    .filter((x) => x.kind !== 'correction' && x.source === 'explicit' && x.enabled === 1)
    .slice(0, 3)) {
    out.push(`You told Codelumi: “${m.text}”. It now follows that in every chat.`);
  }
  const corrections = input.memories.filter((x) => x.kind === 'correction');
  if (corrections.length) {
    const topics = [...new Set(corrections.map((c) => c.topic).filter((t): t is string => !!t && t !== 'general'))];
    out.push(
      `You corrected Codelumi ${corrections.length} time${corrections.length === 1 ? '' : 's'}${topics.length ? ` (about ${topics.slice(0, 3).join(', ')})` : ''}; those corrections now go into related questions.`,
    );
  }
  for (const m of input.memories.filter((x) => x.source === 'inferred' && x.confidence > 0).slice(0, 2)) {
    out.push(`Learned from your reactions: ${m.text.charAt(0).toLowerCase()}${m.text.slice(1)}.`);
  }
  const strong = [...input.patterns]
    .filter((p) => evidenceOf(p) >= 2 && !isPlanKind(p.questionKind))
    .sort((a, b) => confidenceOf(b) - confidenceOf(a))[0];
  if (strong && !input.memories.some((m) => m.source === 'inferred')) {
    const { topic, intent } = parseKindKey(strong.questionKind);
    out.push(
      `For ${topic} ${intent.replace('_', ' ')} questions, ${styleLabel(strong.answerStyle)} answers have worked best so far (${pct(successRate(strong))} likely to go well).`,
    );
  }
  const copies = input.signals.filter((s) => s.kind === 'code_copied').length;
  const runs = input.signals.filter((s) => s.kind === 'code_ran_ok' || s.kind === 'tests_passed').length;
  if (copies + runs > 0)
    out.push(
      `You copied code ${copies} time${copies === 1 ? '' : 's'} and ran it successfully ${runs} time${runs === 1 ? '' : 's'}.`,
    );
  if (out.length === 0)
    out.push('Nothing learned yet this week. Chat as usual: Codelumi learns from what you do with its answers.');
  return out;
}

/** A pattern's kind and style in words: a question's topic and intent, or a plan's project kind ("Python CLI", "plan"). */
function patternWords(p: Pattern): { topic: string; intent: string; label: string } {
  const plan = parsePlanKind(p.questionKind);
  if (plan)
    return { topic: projectKindLabel(plan).replace(/^an? /, ''), intent: 'plan', label: planShapeLabel(p.answerStyle) };
  const { topic, intent } = parseKindKey(p.questionKind);
  return { topic, intent, label: styleLabel(p.answerStyle) };
}

/** An answer record's topic as listed: a plan's is its project kind ("Python CLI plans"). */
function topicName(topic: string): string {
  const plan = parsePlanKind(topic);
  return plan ? `${projectKindLabel(plan).replace(/^an? /, '')} plans` : topic;
}

/** Dashboard figures for the last `periodDays` days. */
export async function computeDashboard(db: CodelumiDB, periodDays: number, now = Date.now()): Promise<DashboardData> {
  const from = now - periodDays * DAY;
  const rerankerModel = (await db.meta.get('brain.reranker'))?.value as RerankerModel | undefined;
  const [signals, answers, memories, patterns] = await Promise.all([
    db.signals.where('createdAt').above(from).toArray(),
    db.answers.where('createdAt').above(from).toArray(),
    db.memories.toArray(),
    db.patterns.toArray(),
  ]);
  const signalCorrections = await db.signalCorrections.where('createdAt').above(from).reverse().sortBy('createdAt');

  const days = new Map<string, Record<SignalKind, number>>();
  for (let t = from; t <= now; t += DAY) days.set(dayKey(t), emptyCounts());
  days.set(dayKey(now), days.get(dayKey(now)) ?? emptyCounts());
  for (const s of signals) {
    const counts = days.get(dayKey(s.createdAt));
    if (counts && s.kind in SIGNAL_SPECS) counts[s.kind as SignalKind]++;
  }

  const byTopic = new Map<string, { answers: number; positive: number; negative: number }>();
  for (const a of answers) {
    if (a.outcome === 'unknown') continue;
    const topic = topicName(a.topic);
    const t = byTopic.get(topic) ?? { answers: 0, positive: 0, negative: 0 };
    t.answers++;
    if (a.outcome === 'positive') t.positive++;
    if (a.outcome === 'negative') t.negative++;
    byTopic.set(topic, t);
  }

  const weekFrom = now - 7 * DAY;
  const lastWeekAnswers = await db.answers
    .where('createdAt')
    .between(weekFrom - 7 * DAY, weekFrom)
    .toArray();
  const weekMemories = memories.filter(
    (m) => m.createdAt >= weekFrom || (m.source === 'inferred' && m.updatedAt >= weekFrom),
  );

  return {
    periodDays,
    from,
    to: now,
    signalsByDay: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts })),
    topics: [...byTopic.entries()]
      .map(([topic, t]) => ({ topic, ...t, share: t.answers ? t.positive / t.answers : 0 }))
      .sort((a, b) => b.answers - a.answers),
    patterns: patterns
      .filter((p) => evidenceOf(p) > 0)
      .map((p) => {
        const { topic, intent, label } = patternWords(p);
        return {
          id: p.id,
          questionKind: p.questionKind,
          topic,
          intent,
          style: p.answerStyle,
          label,
          successRate: successRate(p),
          confidence: confidenceOf(p),
          evidence: evidenceOf(p),
        };
      })
      .sort((a, b) => b.confidence * Math.min(1, b.evidence / 3) - a.confidence * Math.min(1, a.evidence / 3))
      .slice(0, 10),
    corrections: memories
      .filter((m) => m.kind === 'correction' && m.createdAt >= from)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 8)
      .map((m) => ({ id: m.id, text: m.text, createdAt: m.createdAt, enabled: m.enabled === 1 })),
    newMemories: memories
      .filter((m) => m.kind !== 'correction' && m.createdAt >= from)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 8)
      .map((m) => ({ id: m.id, kind: m.kind, text: m.text, source: m.source, createdAt: m.createdAt })),
    recentSignals: [...signals]
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 12)
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        label: SIGNAL_SPECS[s.kind as SignalKind]?.label ?? s.kind,
        polarity: s.polarity,
        confidence: s.confidence,
        evidence: s.evidence,
        correctedFrom: s.correctedFrom,
        judgedBy: s.judged?.model,
        createdAt: s.createdAt,
      })),
    signalCorrections: signalCorrections
      .slice(0, 12)
      .map((c) => ({ id: c.id, from: c.from, to: c.to, evidence: c.evidence, createdAt: c.createdAt })),
    summary: summarizeWeek({
      now,
      answers: answers.filter((a) => a.createdAt >= weekFrom),
      previousAnswers: lastWeekAnswers,
      memories: weekMemories,
      patterns,
      signals: signals.filter((s) => s.createdAt >= weekFrom),
    }),
    reranker: {
      trainedOn: rerankerModel?.trainedOn ?? 0,
      needed: MIN_TRAINING_ROWS,
      auc: rerankerModel?.auc,
      baselineAuc: rerankerModel?.baselineAuc,
      heldOut: rerankerModel?.heldOut,
      inUse: useLearnedOrder(rerankerModel),
    },
    totals: {
      answers: answers.length,
      positive: answers.filter((a) => a.outcome === 'positive').length,
      negative: answers.filter((a) => a.outcome === 'negative').length,
      signals: signals.length,
      memories: memories.length,
    },
  };
}
