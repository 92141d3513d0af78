/**
 * Earlier conversations as context: the user's past questions most related to
 * the new one (full-text ranking always, embedding similarity too when an
 * embedding model is installed, merged by reciprocal rank fusion), with the
 * answers that worked. Ordered by the on-device reranker once it has learned.
 */
import type { SearchResult } from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';
import { childrenOf } from '../db/messages';
import { learnableNow } from '../db/conversations';
import { closingFenceFor, fenceSpans } from '../markdown/fences';
import { estimateTokens } from '../core/tokens';
import type { EmbeddingStore } from './embedding-store';
import { reciprocalRankFusion } from './fusion';
import { within } from '../core/timing';
import { PastQuestionIndex, termsOf, type PastIndexOptions } from './past-index';
import { baselineScore, rerankScore, useLearnedOrder, type FeatureVector, type RerankerModel } from './reranker';

export interface PastCandidate {
  questionId: string;
  answerId: string;
  conversationId: string;
  title: string;
  question: string;
  answer: string;
  at: number;
  /** +1 the answer went well, -1 badly, 0 unknown or mixed. */
  outcome: number;
  features: FeatureVector;
  /** The order score actually used (learned or untrained). */
  score: number;
  baseline: number;
}

/** Embedding similarity below which a past question is not related at all; fusion with the lexical rank does the rest. */
const MIN_SEMANTIC = 0.3;
const DAY = 86_400_000;
/** A term in more than this share of the questions is too common to search for … */
const COMMON_SHARE = 0.2;
/** … once the history has this many questions (in a short one every word still tells). */
const COMMON_MIN_DOCS = 500;

/** The embedding key of a past question. */
export const questionKey = (id: string) => `q:${id}`;

/** How `PastConversations.candidates` looks for related earlier questions. */
export interface CandidatesOptions {
  excludeConversationId?: string;
  projectId?: string;
  now?: number;
  model?: RerankerModel;
  limit?: number;
  queryVector?: Float32Array | Promise<Float32Array | undefined>;
  /** Gives none rather than wait longer for the index to be built or caught up (it goes on building). */
  indexWaitMs?: number;
  /**
   * Instead of none: until the index holds the history (loaded or built), the newest questions
   * (`PastQuestionIndex.recent`), without waiting; past `indexWaitMs` of catching up, the index as it is. A
   * question to answer: a ready index with no pass owed is searched at once and caught up after.
   */
  recentFallback?: boolean;
}

export class PastConversations {
  private readonly questions: PastQuestionIndex;

  constructor(
    private readonly db: CodelumiDB,
    private readonly store: EmbeddingStore,
    options: PastIndexOptions = {},
  ) {
    this.questions = new PastQuestionIndex(db, options);
  }

  /** The index of past questions (its state: ready, how it opened, how many questions it indexed). */
  get index(): PastQuestionIndex {
    return this.questions;
  }

  /** Reads every question of these conversations again at the next pass: they got messages with old times (a later export of an imported conversation). */
  reread(conversationIds: Iterable<string>): void {
    this.questions.reread(conversationIds);
  }

  /** Loads (or builds) the index, then indexes questions written since the last call (incremental; concurrent callers share one pass). */
  refresh(): Promise<void> {
    return this.questions.refresh();
  }

  /** How many questions and distinct terms the index holds in memory, and how many terms it counts (what `forget` lowers). */
  get held(): { questions: number; terms: number; counted: number } {
    return this.questions.held;
  }

  /**
   * Takes every question of these (forgotten) conversations out of memory:
   * the index with their words, their term counts and their vectors, and out
   * of the saved index. A pass that read them before they were forgotten
   * finishes first, so none comes back; resolves once the index no longer
   * holds their words.
   */
  async forget(conversationIds: Iterable<string>): Promise<void> {
    const gone = new Set(conversationIds);
    if (gone.size === 0) return;
    // Before the first pass only the vectors can hold them, under keys not known here: they are read again.
    if (this.questions.unopened) this.store.unload();
    const ids = await this.questions.forget(gone);
    this.store.forget(ids.map(questionKey));
  }

  /**
   * The question's terms worth searching for. In a long history a term found
   * in more than a fifth of the questions ("handle", "project") ranks little
   * but costs a pass over much of the index, so such terms are left out, as
   * stop words are; the rarest two stay when every term is that common. The
   * question as asked when the history is short.
   */
  private telling(question: string): string {
    const docs = this.questions.size;
    if (docs < COMMON_MIN_DOCS) return question;
    const terms = [...termsOf(question)];
    const df = (t: string) => this.questions.frequency(t);
    const rare = terms.filter((t) => df(t) <= docs * COMMON_SHARE);
    return (rare.length ? rare : terms.sort((a, b) => df(a) - df(b)).slice(0, 2)).join(' ');
  }

  /** Embeds up to `limit` recent questions that have no embedding yet (background work, when a model is installed). */
  async embedSome(limit = 24): Promise<number> {
    if (!(await this.store.currentModel())) return 0;
    await this.refresh();
    const unembedded = [...this.questions.questions()].filter(([id]) => !this.store.has(questionKey(id)));
    // Nothing is computed from a conversation kept out of learning, or in the bin (soon forgotten); left out
    // before the limit, so those questions never take the turn of others.
    const learnable = await learnableNow(
      this.db,
      unembedded.map(([, m]) => m.conversationId),
    );
    const missing = unembedded
      .filter(([, m]) => learnable.has(m.conversationId))
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, limit);
    if (missing.length === 0) return 0;
    const messages = await this.db.messages.bulkGet(missing.map(([id]) => id));
    return this.store.ensure(
      messages
        .filter((m): m is Message => !!m)
        .map((m) => ({ key: questionKey(m.id), text: m.content.slice(0, 4000), messageId: m.id })),
    );
  }

  /**
   * Related earlier questions with their answers, best first: not from the
   * current conversation, and never an answer that went badly.
   */
  async candidates(question: string, opts: CandidatesOptions): Promise<PastCandidate[]> {
    // A question to answer searches the ready index as the last pass left it, and the index catches up once no
    // question is in flight (beside the question, it slowed the question's other stages): what was written since is
    // this conversation's (left out anyway) or another tab's, which the next question finds. A pass already running,
    // or one owed after an import, brings in what came before the question: waited for.
    const catchUpAfter = !!opts.recentFallback && this.questions.current;
    try {
      return await this.rank(question, opts, catchUpAfter);
    } finally {
      if (catchUpAfter)
        void this.questions
          .afterQuestions()
          .then(() => this.refresh())
          .catch(() => undefined);
    }
  }

  private async rank(question: string, opts: CandidatesOptions, current: boolean): Promise<PastCandidate[]> {
    let source: { search(q: string): SearchResult[] } | undefined;
    if (current) source = this.questions;
    else {
      const refreshed = this.refresh().then(
        () => true,
        () => false,
      );
      if (opts.recentFallback && !this.questions.ready) source = await this.questions.recent();
      else if (await within(refreshed, opts.indexWaitMs)) source = this.questions;
      else if (opts.recentFallback) source = this.questions;
    }
    if (!source) return [];
    const now = opts.now ?? Date.now();
    const eligible = (r: SearchResult) => r.conversationId !== opts.excludeConversationId;
    const eligibleId = (id: string) => this.questions.conversationOf(id) !== opts.excludeConversationId;
    const telling = this.telling(question);
    let hits = source.search(telling);
    // Only a new word was left and nothing has it: the common words still relate the question to others.
    if (hits.length === 0 && telling !== question) hits = source.search(question);
    const lexical = hits.filter(eligible).slice(0, 40);
    const maxLex = lexical[0]?.score ?? 1;
    const lexScore = new Map(lexical.map((r) => [r.id as string, r.score / maxLex]));
    // The question's embedding (when one is coming) is awaited only now: the lexical part did not wait for it.
    const queryVector = await opts.queryVector;
    const semantic = queryVector
      ? this.store
          .nearest(queryVector, 40, (key) => key.startsWith('q:') && eligibleId(key.slice(2)))
          .filter((s) => s.similarity >= MIN_SEMANTIC)
      : [];
    const semScore = new Map(semantic.map((s) => [s.key.slice(2), s.similarity]));
    const fused = reciprocalRankFusion([lexical.map((r) => r.id as string), semantic.map((s) => s.key.slice(2))]);
    const top = [...fused.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
    if (top.length === 0) return [];

    // A few bulk reads for all candidates at once, not a round trip per candidate.
    const ids = top.map(([id]) => id);
    const [questions, children, memories] = await Promise.all([
      this.db.messages.bulkGet(ids),
      childrenOf(this.db, ids),
      // Only switched-off memories matter here: read those by index, never wait for the whole table.
      this.db.memories.where('enabled').equals(0).toArray(),
    ]);
    // A message the user stated a memory in, and then switched that memory off, never comes back as context.
    const switchedOff = new Set(memories.filter((m) => m.enabled === 0 && m.messageId).map((m) => m.messageId));
    const answerOf = new Map<string, Message>();
    for (const c of children) {
      if (c.role !== 'assistant' || c.status !== 'complete' || !c.content.trim() || !c.parentId) continue;
      const best = answerOf.get(c.parentId);
      if (!best || c.createdAt > best.createdAt) answerOf.set(c.parentId, c);
    }
    const answerIds = ids.map((id) => answerOf.get(id)?.id ?? '');
    const [records, conversations] = await Promise.all([
      this.db.answers.bulkGet(answerIds),
      this.db.conversations.bulkGet(questions.map((q) => q?.conversationId ?? '')),
    ]);
    const out: PastCandidate[] = [];
    for (let i = 0; i < top.length; i++) {
      const q = questions[i];
      const answer = q && answerOf.get(q.id);
      if (!q || !answer || switchedOff.has(q.id) || q.conversationId === opts.excludeConversationId) continue;
      const record = records[i];
      const conversation = conversations[i];
      // A conversation kept out of learning is never another question's context.
      if (!conversation || conversation.deletedAt || conversation.noLearn) continue;
      const outcome = record?.outcome === 'positive' ? 1 : record?.outcome === 'negative' ? -1 : 0;
      if (outcome < 0) continue;
      const ageDays = Math.max(0, (now - answer.createdAt) / DAY);
      const features: FeatureVector = [
        top[i][1],
        lexScore.get(q.id) ?? 0,
        semScore.get(q.id) ?? 0,
        Math.exp(-ageDays / 30),
        opts.projectId && conversation.projectId === opts.projectId ? 1 : 0,
        outcome,
        fenceSpans(answer.content).length > 0 ? 1 : 0,
      ];
      const baseline = baselineScore(features);
      const score = useLearnedOrder(opts.model) ? rerankScore(opts.model, features) : baseline;
      out.push({
        questionId: q.id,
        answerId: answer.id,
        conversationId: q.conversationId,
        title: conversation.title,
        question: q.content,
        answer: answer.content,
        at: answer.createdAt,
        outcome,
        features,
        score,
        baseline,
      });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, opts.limit ?? 8);
  }
}

/** Cuts text to about `tokens` tokens at a line or word boundary, with a note when cut. */
export function clip(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  let cut = text.slice(0, Math.max(0, tokens * 3));
  const line = cut.lastIndexOf('\n');
  if (line > cut.length * 0.6) cut = cut.slice(0, line);
  // Keep a cut code fence closed so the rest of the prompt is not read as code.
  const closing = closingFenceFor(cut);
  if (closing) cut += `\n${closing}`;
  return `${cut.trimEnd()}\n[…cut to fit]`;
}

/** The name of the earlier-conversations section in the inspector and the trace. */
export const PAST_SECTION_NAME = 'Earlier conversations';
/** The heading of that section as the model reads it (a trace is scrubbed by finding it). */
export const PAST_SECTION_HEADING = 'Related earlier conversations with this user (build on what worked)';

/** A past exchange as the model reads it; it starts with `Earlier (<date>, chat “`, which `forget-trace.ts` relies on. */
export function renderPast(c: PastCandidate, maxTokens: number): string {
  const date = new Date(c.at).toISOString().slice(0, 10);
  const label = c.outcome > 0 ? 'The answer that worked' : 'The answer given';
  return `Earlier (${date}, chat “${c.title}”) the user asked:\n${clip(c.question, Math.floor(maxTokens * 0.3))}\n${label}:\n${clip(c.answer, Math.floor(maxTokens * 0.7))}`;
}
