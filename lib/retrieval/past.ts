/**
 * Earlier conversations as context: the user's past questions most related to
 * the new one (full-text ranking always, embedding similarity too when an
 * embedding model is installed, merged by reciprocal rank fusion), with the
 * answers that worked. Ordered by the on-device reranker once it has learned.
 */
import Dexie from 'dexie';
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';
import { childrenOf } from '../db/messages';
import { learnableNow } from '../db/conversations';
import { closingFenceFor, fenceSpans } from '../markdown/fences';
import { estimateTokens } from '../core/tokens';
import { STOP_WORDS } from '../signals/text/normalize';
import { allMemories } from '../memory/learned-context';
import type { EmbeddingStore } from './embedding-store';
import { reciprocalRankFusion } from './fusion';
import { nextTask, within } from '../core/timing';
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

interface QuestionDoc {
  id: string;
  text: string;
  conversationId: string;
  at: number;
}

const CATCH_UP_OVERLAP_MS = 5_000;
/** Questions indexed between pauses when catching up. */
const CATCH_UP_SLICE = 2_000;
/** Embedding similarity below which a past question is not related at all; fusion with the lexical rank does the rest. */
const MIN_SEMANTIC = 0.3;
const DAY = 86_400_000;
/** A term in more than this share of the questions is too common to search for … */
const COMMON_SHARE = 0.2;
/** … once the history has this many questions (in a short one every word still tells). */
const COMMON_MIN_DOCS = 500;

/** A lower-cased content word, or null for short words and stop words. */
function contentTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The distinct content terms of a text, as the index sees them. */
function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const t = contentTerm(token);
    if (t) terms.add(t);
  }
  return terms;
}

/** The embedding key of a past question. */
export const questionKey = (id: string) => `q:${id}`;

export class PastConversations {
  private index = new MiniSearch<QuestionDoc>({
    fields: ['text'],
    storeFields: ['conversationId', 'at'],
    // Content words only: "a", "in", "how" … would relate every question to every other.
    processTerm: contentTerm,
    // Prefixes of longer words only ("debounc" finds "debounced"), no fuzzy: both expand over a long history's vocabulary (same recall on the corpus).
    searchOptions: { prefix: (t) => t.length >= 5, fuzzy: false, combineWith: 'OR' },
  });
  /** Each indexed question's conversation, time, and content terms as first indexed (what `forget` takes off `documentFrequency`). */
  private meta = new Map<string, { conversationId: string; at: number; terms: string[] }>();
  /** In how many indexed questions each content term occurs, as first indexed (edits do not lower it until the worker restarts, `forget` does; it only decides which terms are too common to search for). */
  private documentFrequency = new Map<string, number>();
  private lastUpdate = -Infinity;
  /** The conversations there at the last pass (undefined before the first). */
  private knownConversations: Set<string> | undefined;
  private catching: Promise<void> | undefined;
  /** Conversations whose questions are read again at the next pass (`reread`). */
  private toReread = new Set<string>();

  constructor(
    private readonly db: CodelumiDB,
    private readonly store: EmbeddingStore,
  ) {}

  /** Reads every question of these conversations again at the next pass: they got messages with old times (a later export of an imported conversation). */
  reread(conversationIds: Iterable<string>): void {
    for (const id of conversationIds) this.toReread.add(id);
  }

  /** Indexes questions written since the last call (incremental; concurrent callers share one pass). */
  refresh(): Promise<void> {
    this.catching ??= this.catchUp().finally(() => (this.catching = undefined));
    return this.catching;
  }

  private async catchUp(): Promise<void> {
    const since = this.lastUpdate === -Infinity ? -Infinity : this.lastUpdate - CATCH_UP_OVERLAP_MS;
    const changed = await this.db.messages
      .where('[role+updatedAt]')
      .between(['user', since], ['user', Dexie.maxKey], false, true)
      .toArray();
    // Conversations that arrived since the last pass may hold questions older than its window
    // (imported history keeps its own times): all of their questions are read once.
    const ids = (await this.db.conversations.toCollection().primaryKeys()) as string[];
    const again = this.knownConversations ? [...this.toReread] : [];
    this.toReread.clear();
    const arrived = this.knownConversations
      ? [...new Set([...again, ...ids.filter((id) => !this.knownConversations!.has(id))])]
      : [];
    this.knownConversations = new Set(ids);
    if (arrived.length)
      changed.push(
        ...(await this.db.messages.where('conversationId').anyOf(arrived).toArray()).filter(
          (m) => m.role === 'user' && m.updatedAt < since,
        ),
      );
    for (let i = 0; i < changed.length; i++) {
      // A long history takes a second or more to index: the thread is left free for other work between slices.
      if (i > 0 && i % CATCH_UP_SLICE === 0) await nextTask();
      const m = changed[i];
      this.lastUpdate = Math.max(this.lastUpdate, m.updatedAt);
      const doc = { id: m.id, text: m.content.slice(0, 4000), conversationId: m.conversationId, at: m.createdAt };
      const known = this.meta.get(m.id);
      if (known) this.index.replace(doc);
      else {
        this.index.add(doc);
        for (const term of termsOf(doc.text))
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
      this.meta.set(m.id, {
        conversationId: m.conversationId,
        at: m.createdAt,
        terms: known?.terms ?? [...termsOf(doc.text)],
      });
    }
  }

  /** How many questions and distinct terms the index holds in memory, and how many terms it counts (what `forget` lowers). */
  get held(): { questions: number; terms: number; counted: number } {
    return { questions: this.index.documentCount, terms: this.index.termCount, counted: this.documentFrequency.size };
  }

  /**
   * Takes every question of these (forgotten) conversations out of memory:
   * the index with their words, their term counts and their vectors. A pass
   * that read them before they were forgotten finishes first, so none comes
   * back; resolves once the index no longer holds their words.
   */
  async forget(conversationIds: Iterable<string>): Promise<void> {
    const gone = new Set(conversationIds);
    if (gone.size === 0) return;
    await this.catching?.catch(() => undefined);
    // Before the first pass only the vectors can hold them, under keys not known here: they are read again.
    if (!this.knownConversations) this.store.unload();
    const questions = [...this.meta].filter(([, m]) => gone.has(m.conversationId));
    for (const [id, m] of questions) {
      this.meta.delete(id);
      for (const term of m.terms) {
        const n = (this.documentFrequency.get(term) ?? 0) - 1;
        if (n > 0) this.documentFrequency.set(term, n);
        else this.documentFrequency.delete(term);
      }
    }
    for (const id of gone) {
      this.knownConversations?.delete(id);
      this.toReread.delete(id);
    }
    this.store.forget(questions.map(([id]) => questionKey(id)));
    this.index.discardAll(questions.map(([id]) => id));
    // A discarded question's words stay in the index until it is vacuumed: now, not when enough others are discarded.
    await this.index.vacuum();
  }

  /**
   * The question's terms worth searching for. In a long history a term found
   * in more than a fifth of the questions ("handle", "project") ranks little
   * but costs a pass over much of the index, so such terms are left out, as
   * stop words are; the rarest two stay when every term is that common. The
   * question as asked when the history is short.
   */
  private telling(question: string): string {
    const docs = this.meta.size;
    if (docs < COMMON_MIN_DOCS) return question;
    const terms = [...termsOf(question)];
    const df = (t: string) => this.documentFrequency.get(t) ?? 0;
    const rare = terms.filter((t) => df(t) <= docs * COMMON_SHARE);
    return (rare.length ? rare : terms.sort((a, b) => df(a) - df(b)).slice(0, 2)).join(' ');
  }

  /** Embeds up to `limit` recent questions that have no embedding yet (background work, when a model is installed). */
  async embedSome(limit = 24): Promise<number> {
    if (!(await this.store.currentModel())) return 0;
    await this.refresh();
    const unembedded = [...this.meta.entries()].filter(([id]) => !this.store.has(questionKey(id)));
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
  async candidates(
    question: string,
    opts: {
      excludeConversationId?: string;
      projectId?: string;
      now?: number;
      model?: RerankerModel;
      limit?: number;
      queryVector?: Float32Array | Promise<Float32Array | undefined>;
      /** Gives none rather than wait longer for the index to be built or caught up (it goes on building). */
      indexWaitMs?: number;
    },
  ): Promise<PastCandidate[]> {
    if (
      !(await within(
        this.refresh().then(() => true),
        opts.indexWaitMs,
      ))
    )
      return [];
    const now = opts.now ?? Date.now();
    const eligible = (id: string) => this.meta.get(id)?.conversationId !== opts.excludeConversationId;
    const telling = this.telling(question);
    let hits = this.index.search(telling);
    // Only a new word was left and nothing has it: the common words still relate the question to others.
    if (hits.length === 0 && telling !== question) hits = this.index.search(question);
    const lexical = hits.filter((r) => eligible(r.id as string)).slice(0, 40);
    const maxLex = lexical[0]?.score ?? 1;
    const lexScore = new Map(lexical.map((r) => [r.id as string, r.score / maxLex]));
    // The question's embedding (when one is coming) is awaited only now: the lexical part did not wait for it.
    const queryVector = await opts.queryVector;
    const semantic = queryVector
      ? this.store
          .nearest(queryVector, 40, (key) => key.startsWith('q:') && eligible(key.slice(2)))
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
      allMemories(this.db),
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
      if (!q || !answer || switchedOff.has(q.id)) continue;
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
