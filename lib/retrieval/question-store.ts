/**
 * The past questions held in memory: the MiniSearch index over their text,
 * each question's conversation, times and terms, and how many questions
 * each term occurs in. Adding and taking out keep the three in step; taking
 * out vacuums at once, so no word of a question taken out stays in memory.
 * Keeping it current and saved is past-index.ts's job.
 */
import MiniSearch from 'minisearch';
import type { Message } from '../core/records';
import {
  countTerms,
  QUESTION_INDEX_OPTIONS,
  questionDoc,
  termsOf,
  type QuestionDoc,
  type QuestionMeta,
} from './question-docs';
import { serialisePastIndex, type PastIndexState, type SavedParts } from './past-index-copy';

/** The questions held (see the file comment). */
export class QuestionStore {
  private readonly index: MiniSearch<QuestionDoc>;
  private readonly meta: Map<string, QuestionMeta>;
  /** In how many held questions each content term occurs, as first indexed (edits do not lower it, taking out does; it only decides which terms are too common to search for). */
  private readonly documentFrequency: Map<string, number> = new Map();
  /** The newest `updatedAt` held, never past the clock (a skewed device would hide every later question). */
  lastUpdate: number;

  /** An empty store, or one over a loaded copy. */
  constructor(saved?: PastIndexState) {
    this.index = saved?.index ?? new MiniSearch<QuestionDoc>(QUESTION_INDEX_OPTIONS);
    this.meta = saved?.meta ?? new Map();
    this.lastUpdate = saved?.lastUpdate ?? -Infinity;
    if (saved?.documentFrequency) this.documentFrequency = saved.documentFrequency;
    else for (const m of this.meta.values()) countTerms(this.documentFrequency, m.terms);
  }

  /** Holds a question (again when `force` or when it changed since); true when it did. */
  add(m: Message, force = false): boolean {
    this.lastUpdate = Math.max(this.lastUpdate, Math.min(m.updatedAt, Date.now()));
    const known = this.meta.get(m.id);
    // A catch-up's overlap re-reads the last few seconds: a question held as it is now is skipped.
    if (known && known.updatedAt === m.updatedAt && !force) return false;
    const doc = questionDoc(m);
    if (known) this.index.replace(doc);
    else {
      this.index.add(doc);
      countTerms(this.documentFrequency, termsOf(doc.text));
    }
    this.meta.set(m.id, {
      conversationId: m.conversationId,
      at: m.createdAt,
      updatedAt: m.updatedAt,
      terms: known?.terms ?? [...termsOf(doc.text)],
    });
    return true;
  }

  /** Takes these questions out with their words: term counts, then the index (discarded, then vacuumed now). */
  async takeOut(ids: readonly string[]): Promise<void> {
    const held = ids.filter((id) => this.meta.has(id));
    for (const id of held) {
      for (const term of this.meta.get(id)!.terms) {
        const n = (this.documentFrequency.get(term) ?? 0) - 1;
        if (n > 0) this.documentFrequency.set(term, n);
        else this.documentFrequency.delete(term);
      }
      this.meta.delete(id);
    }
    this.index.discardAll(held);
    // A discarded question's words stay in the index until it is vacuumed: now, not when enough others are discarded.
    if (held.length) await this.index.vacuum();
  }

  /** The held questions of these conversations. */
  questionsOf(conversationIds: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const [id, m] of this.meta) if (conversationIds.has(m.conversationId)) out.push(id);
    return out;
  }

  /** True while MiniSearch vacuums (old words may still be in it). */
  get vacuuming(): boolean {
    return this.index.isVacuuming;
  }

  /** The store as the parts saved, with `conversations` as the conversations seen (synchronous). */
  serialise(conversations: Iterable<string>): SavedParts {
    return serialisePastIndex({ index: this.index, meta: this.meta, lastUpdate: this.lastUpdate, conversations });
  }

  /** The conversations of the held questions. */
  conversations(): Set<string> {
    return new Set([...this.meta.values()].map((m) => m.conversationId));
  }

  /** Whether a question is held. */
  has(id: string): boolean {
    return this.meta.has(id);
  }

  /** Each held question's id, conversation and time. */
  entries(): IterableIterator<[string, QuestionMeta]> {
    return this.meta.entries();
  }

  /** How many questions and distinct terms are held, and how many terms are counted. */
  get held(): { questions: number; terms: number; counted: number } {
    return { questions: this.index.documentCount, terms: this.index.termCount, counted: this.documentFrequency.size };
  }

  /** How many questions are held. */
  get size(): number {
    return this.meta.size;
  }

  /** The conversation of a held question. */
  conversationOf(id: string): string | undefined {
    return this.meta.get(id)?.conversationId;
  }

  /** In how many held questions `term` occurs. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Full-text hits for `query`, best first. */
  search(query: string) {
    return this.index.search(query);
  }
}
