/**
 * The saved copy of the past-questions index (table `indexes`, schema v12):
 * MiniSearch's terms plus the index's bookkeeping, written as JSON parts of
 * a few thousand entries each in one Blob, and read back a part per step, so
 * no single step of a load holds the worker. A long history's copy is about
 * ten megabytes: saved as one string, reading the row (the value is
 * deserialised on the reading thread) and parsing it held a question asked
 * just after the start for most of a second. A copy that is missing, of
 * another format or unreadable reads as none (the index is rebuilt).
 */
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import { PAST_QUESTIONS_INDEX, readIndex } from '../db/indexes';
import { countTerms, QUESTION_INDEX_OPTIONS, type QuestionDoc, type QuestionMeta } from './question-docs';

/** The layout of the saved copy; bump it when the parts or the index options change (old copies are rebuilt). */
export const PAST_INDEX_FORMAT = 2;

/** The saved copy as written: the parts in one Blob, and each part's length in bytes. */
export interface SavedParts {
  data: Blob;
  parts: number[];
}

/** Entries per part: a part parses in a few milliseconds. */
const PART_ENTRIES = 2_000;

type IndexJSON = ReturnType<MiniSearch['toJSON']>;

/** The first part: MiniSearch's small fields and the index's bookkeeping. */
interface Head {
  mini: Omit<IndexJSON, 'index' | 'documentIds' | 'fieldLength' | 'storedFields'>;
  lastUpdate: number | null;
  conversations: string[];
  /** The conversations of the questions held, each written once (a question names its own by place). */
  questionConversations: string[];
}

/**
 * One question: MiniSearch's short id, the question's id, its conversation
 * (a place in `questionConversations`), its time and last change, its field
 * lengths, and its content terms as first indexed. MiniSearch's document ids,
 * field lengths and stored fields are rebuilt from these: saved apart, they
 * repeated every id and conversation id and were most of the copy.
 */
type QuestionRow = [number, string, number, number, number, number[], string[]];

/** Every later part: one slice of the questions or of MiniSearch's terms. */
type Part = ['index', IndexJSON['index']] | ['questions', QuestionRow[]];

/** The index's state, as saved and as loaded. */
export interface PastIndexState {
  index: MiniSearch<QuestionDoc>;
  meta: Map<string, QuestionMeta>;
  /** The newest `updatedAt` indexed (never past the clock). */
  lastUpdate: number;
  /** The conversations there at the last pass. */
  conversations: Iterable<string>;
  /** In how many questions each content term occurs (counted while loading, so the store need not). */
  documentFrequency?: Map<string, number>;
}

/** The state as the parts saved; synchronous, so nothing changes the index while it is written out. */
export function serialisePastIndex(state: PastIndexState): SavedParts {
  const { index, documentIds, fieldLength, storedFields: _rebuilt, ...mini } = state.index.toJSON();
  const places = new Map<string, number>();
  const questions: QuestionRow[] = [];
  for (const [shortId, id] of Object.entries(documentIds)) {
    // A question MiniSearch holds without its bookkeeping cannot be: the load's count check would find it.
    const m = state.meta.get(id);
    if (!m) continue;
    let place = places.get(m.conversationId);
    if (place === undefined) places.set(m.conversationId, (place = places.size));
    questions.push([Number(shortId), id, place, m.at, m.updatedAt, fieldLength[shortId], m.terms]);
  }
  const head: Head = {
    mini,
    lastUpdate: Number.isFinite(state.lastUpdate) ? state.lastUpdate : null,
    conversations: [...state.conversations],
    questionConversations: [...places.keys()],
  };
  const parts = [JSON.stringify(head)];
  const slices = (kind: Part[0], entries: unknown[]) => {
    for (let i = 0; i < entries.length; i += PART_ENTRIES)
      parts.push(JSON.stringify([kind, entries.slice(i, i + PART_ENTRIES)]));
  };
  slices('questions', questions);
  slices('index', index);
  const blobs = parts.map((part) => new Blob([part]));
  return { data: new Blob(blobs), parts: blobs.map((b) => b.size) };
}

/**
 * The saved copy back in memory; undefined when there is none usable. Each
 * part is parsed in its own step, after `pause` (the worker's background
 * turn: a question goes first). A watermark past the clock (a device whose
 * clock ran ahead) is brought back to now, so questions written after it are
 * not skipped.
 */
export async function loadPastIndex(
  db: CodelumiDB,
  pause: () => Promise<void> = async () => undefined,
): Promise<PastIndexState | undefined> {
  const row = await readIndex(db, PAST_QUESTIONS_INDEX, PAST_INDEX_FORMAT);
  if (!row || typeof row.data === 'string' || !row.parts?.length) return undefined;
  const { data, parts } = row as { data: Blob; parts: number[] };
  const starts: number[] = [];
  for (let i = 0, at = 0; i < parts.length; at += parts[i++]) starts.push(at);
  // The next part's bytes are read while this one is parsed (a failed read is reported when its part is reached).
  const text = (i: number) => {
    const read = data.slice(starts[i], starts[i] + parts[i]).text();
    read.catch(() => undefined);
    return read;
  };
  try {
    let next = text(0);
    const part = async (i: number) => {
      const current = await next;
      if (i + 1 < parts.length) next = text(i + 1);
      return JSON.parse(current) as unknown;
    };
    const head = (await part(0)) as Head;
    const index: IndexJSON['index'] = [];
    const documentIds: IndexJSON['documentIds'] = {};
    const fieldLength: IndexJSON['fieldLength'] = {};
    const storedFields: IndexJSON['storedFields'] = {};
    const meta = new Map<string, QuestionMeta>();
    const documentFrequency = new Map<string, number>();
    for (let i = 1; i < parts.length; i++) {
      await pause();
      const [kind, entries] = (await part(i)) as Part;
      if (kind === 'index') for (const entry of entries) index.push(entry);
      else if (kind === 'questions')
        for (const [shortId, id, place, at, updatedAt, lengths, terms] of entries) {
          const conversationId = head.questionConversations[place];
          if (typeof conversationId !== 'string') throw new Error('a question without its conversation');
          documentIds[shortId] = id;
          fieldLength[shortId] = lengths;
          storedFields[shortId] = { conversationId, at };
          meta.set(id, { conversationId, at, updatedAt, terms });
          countTerms(documentFrequency, terms);
        }
      else throw new Error(`unknown part ${String(kind)}`);
    }
    await pause();
    const loaded = await MiniSearch.loadJSAsync<QuestionDoc>(
      { ...head.mini, index, documentIds, fieldLength, storedFields },
      QUESTION_INDEX_OPTIONS,
    );
    if (loaded.documentCount !== meta.size) throw new Error('counts differ');
    return {
      index: loaded,
      meta,
      lastUpdate: Math.min(head.lastUpdate ?? -Infinity, Date.now()),
      conversations: head.conversations,
      documentFrequency,
    };
  } catch (err) {
    console.warn('Codelumi: the saved index of past questions could not be read; it is rebuilt', err);
    return undefined;
  }
}
