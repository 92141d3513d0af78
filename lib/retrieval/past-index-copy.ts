/**
 * The saved copy of the past-questions index (table `indexes`, schema v12):
 * MiniSearch's JSON plus the index's bookkeeping, written as one string and
 * read back whole. A copy that is missing, of another format or unreadable
 * reads as none (the index is rebuilt).
 */
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import { PAST_QUESTIONS_INDEX, readIndex } from '../db/indexes';
import { QUESTION_INDEX_OPTIONS, type QuestionDoc, type QuestionMeta } from './question-docs';

/** The layout of the saved copy; bump it when `SavedPast` or the index options change (old copies are rebuilt). */
export const PAST_INDEX_FORMAT = 1;

/** The saved copy: the MiniSearch index and the index's bookkeeping. */
interface SavedPast {
  index: ReturnType<MiniSearch['toJSON']>;
  /** [id, conversationId, at, updatedAt, terms] per question. */
  meta: [string, string, number, number, string[]][];
  lastUpdate: number | null;
  conversations: string[];
}

/** The index's state, as saved and as loaded. */
export interface PastIndexState {
  index: MiniSearch<QuestionDoc>;
  meta: Map<string, QuestionMeta>;
  /** The newest `updatedAt` indexed (never past the clock). */
  lastUpdate: number;
  /** The conversations there at the last pass. */
  conversations: Iterable<string>;
}

/** The state as the string saved; synchronous, so nothing changes the index while it is written out. */
export function serialisePastIndex(state: PastIndexState): string {
  const meta: SavedPast['meta'] = [];
  for (const [id, m] of state.meta) meta.push([id, m.conversationId, m.at, m.updatedAt, m.terms]);
  const saved: SavedPast = {
    index: state.index.toJSON(),
    meta,
    lastUpdate: Number.isFinite(state.lastUpdate) ? state.lastUpdate : null,
    conversations: [...state.conversations],
  };
  return JSON.stringify(saved);
}

/**
 * The saved copy back in memory; undefined when there is none usable. A
 * watermark past the clock (a device whose clock ran ahead) is brought back
 * to now, so questions written after it are not skipped.
 */
export async function loadPastIndex(db: CodelumiDB): Promise<PastIndexState | undefined> {
  const row = await readIndex(db, PAST_QUESTIONS_INDEX, PAST_INDEX_FORMAT);
  if (!row) return undefined;
  try {
    const saved = JSON.parse(row.data) as SavedPast;
    const index = await MiniSearch.loadJSAsync<QuestionDoc>(saved.index, QUESTION_INDEX_OPTIONS);
    if (!Array.isArray(saved.meta) || index.documentCount !== saved.meta.length) throw new Error('counts differ');
    const meta = new Map<string, QuestionMeta>();
    for (const [id, conversationId, at, updatedAt, terms] of saved.meta)
      meta.set(id, { conversationId, at, updatedAt, terms });
    return {
      index,
      meta,
      lastUpdate: Math.min(saved.lastUpdate ?? -Infinity, Date.now()),
      conversations: saved.conversations,
    };
  } catch (err) {
    console.warn('Codelumi: the saved index of past questions could not be read; it is rebuilt', err);
    return undefined;
  }
}
