/**
 * A past question as the past-questions index sees it: its document (text,
 * conversation, time), the index's options and the content words it counts.
 * Shared by the index (past-index.ts), its saved copy (past-index-copy.ts)
 * and the ranking (past.ts), which must tokenise exactly alike.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Message } from '../core/records';
import { STOP_WORDS } from '../signals/text/normalize';

/** One indexed question. */
export interface QuestionDoc {
  id: string;
  text: string;
  conversationId: string;
  at: number;
}

/** What the index keeps per question besides MiniSearch's own data. */
export interface QuestionMeta {
  conversationId: string;
  at: number;
  updatedAt: number;
  /** Content terms as first indexed (what `forget` takes off the term counts). */
  terms: string[];
}

/** A lower-cased content word, or null for short words and stop words. */
function contentTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The distinct content terms of a text, as the index sees them. */
export function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const t = contentTerm(token);
    if (t) terms.add(t);
  }
  return terms;
}

/** Counts each of `terms` once more in `counts` (in how many questions a term occurs). */
export function countTerms(counts: Map<string, number>, terms: Iterable<string>): void {
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
}

/** The index's MiniSearch options (a saved copy is loaded with the same; change them and bump PAST_INDEX_FORMAT). */
export const QUESTION_INDEX_OPTIONS: Options<QuestionDoc> = {
  fields: ['text'],
  storeFields: ['conversationId', 'at'],
  // Content words only: "a", "in", "how" … would relate every question to every other.
  processTerm: contentTerm,
  // Prefixes of longer words only ("debounc" finds "debounced"), no fuzzy: both expand over a long history's vocabulary (same recall on the corpus).
  searchOptions: { prefix: (t) => t.length >= 5, fuzzy: false, combineWith: 'OR' },
};

/** The document of a question (its first 4,000 characters are searched). */
export const questionDoc = (m: Message): QuestionDoc => ({
  id: m.id,
  text: m.content.slice(0, 4000),
  conversationId: m.conversationId,
  at: m.createdAt,
});
