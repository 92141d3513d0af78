/**
 * Which chunks of a project answer a question best: a MiniSearch (BM25)
 * index over every chunk's text and path, with a tokenizer that knows code
 * ("useDraft" also matches "draft", "parse_mentions" also "mentions"). It
 * can be saved as JSON (without the chunks' text, which the files hold),
 * loaded back, and updated file by file when files change.
 */
import MiniSearch from 'minisearch';
import { chunkFile, type Chunk } from './chunks';
import { nextTask } from '../core/timing';

export interface RankedChunk extends Chunk {
  /** `chunk:<path>#<index>` */
  id: string;
  score: number;
}

/** The stable id of a chunk. */
export function chunkId(chunk: Pick<Chunk, 'path' | 'index'>): string {
  return `chunk:${chunk.path}#${chunk.index}`;
}

const STOP_WORDS = new Set(
  'a an and are as at be but by can could do does did for from how i if in into is it its me my of on or our should so that the their them then there these this to us was we what when where which who why will with would you your please explain show tell give make get want need file files code project'.split(
    ' ',
  ),
);

/**
 * Words of code or prose, lower-cased: every identifier whole and, when it is
 * made of parts (camelCase, snake_case, kebab-case), each part too.
 */
export function codeTokens(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[A-Za-z_$][A-Za-z0-9_$]*|\d+/g) ?? []) {
    out.push(word.toLowerCase());
    const parts = word.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
    if (parts.length > 1) for (const part of parts) out.push(part.toLowerCase());
  }
  return out;
}

interface Doc {
  id: string;
  text: string;
  path: string;
}

/** A project file as the chunk index reads it: `version` tells a changed file from an unchanged one. */
export interface ChunkSource {
  path: string;
  content: string;
  version?: string;
}

/** The layout of a saved chunk index; bump it when `SavedChunks` or the index options change (old copies are rebuilt). */
export const CHUNK_INDEX_FORMAT = 1;

/** A saved chunk index: the MiniSearch index, where each chunk is (not its text: read from the file when ranked), each file's version. */
interface SavedChunks {
  index: ReturnType<MiniSearch['toJSON']>;
  /** [id, path, index, startLine, endLine] */
  chunks: [string, string, number, number, number][];
  /** [path, version] */
  files: [string, string][];
}

const SEARCH_OPTIONS = {
  fields: ['text', 'path'],
  tokenize: codeTokens,
  processTerm: (term: string) => (term.length < 2 ? null : term),
  searchOptions: {
    boost: { path: 2 },
    // Exact terms only: code tokens are already split (camelCase, snake_case, paths), and
    // prefix or fuzzy expansion over a large project's identifiers costs hundreds of ms a question.
    prefix: false,
    fuzzy: false,
    combineWith: 'OR' as const,
    processTerm: (term: string) => (term.length < 2 || STOP_WORDS.has(term) ? null : term),
  },
};

/** A search index over the chunks of one project. */
export class ProjectChunkIndex {
  private search: MiniSearch<Doc>;
  /** Each chunk; a loaded index has no text in memory (`text` ''): `rankWithText` reads it from the file. */
  private readonly chunks = new Map<string, Chunk>();
  /** Each indexed file's version and chunk ids, so an update re-indexes only changed files. */
  private readonly files = new Map<string, { version: string; ids: string[] }>();

  constructor(files: Iterable<ChunkSource>) {
    this.search = new MiniSearch<Doc>(SEARCH_OPTIONS);
    this.search.addAll(this.chunked(files));
  }

  /** Builds the index a slice of files at a time, leaving the thread free for other work in between (a large project takes a second or more). */
  static async build(
    files: readonly ChunkSource[],
    filesPerSlice = 200,
    pause: () => Promise<void> = nextTask,
  ): Promise<ProjectChunkIndex> {
    const index = new ProjectChunkIndex([]);
    for (let i = 0; i < files.length; i += filesPerSlice) {
      if (i > 0) await pause();
      index.search.addAll(index.chunked(files.slice(i, i + filesPerSlice)));
    }
    return index;
  }

  /** A saved index (`toJSON`) back in memory; throws when it cannot be read (the caller rebuilds). */
  static async load(json: string): Promise<ProjectChunkIndex> {
    const saved = JSON.parse(json) as SavedChunks;
    const index = new ProjectChunkIndex([]);
    index.search = await MiniSearch.loadJSAsync<Doc>(saved.index, SEARCH_OPTIONS);
    const idsOf = new Map<string, string[]>();
    for (const [id, path, n, startLine, endLine] of saved.chunks) {
      index.chunks.set(id, { path, index: n, startLine, endLine, text: '' });
      const ids = idsOf.get(path);
      if (ids) ids.push(id);
      else idsOf.set(path, [id]);
    }
    for (const [path, version] of saved.files) index.files.set(path, { version, ids: idsOf.get(path) ?? [] });
    if (index.search.documentCount !== index.chunks.size) throw new Error('the saved chunk index is incomplete');
    return index;
  }

  /** The index as JSON, without the chunks' text (the files hold it). */
  toJSON(): SavedChunks {
    return {
      index: this.search.toJSON(),
      chunks: [...this.chunks.values()].map((c) => [chunkId(c), c.path, c.index, c.startLine, c.endLine]),
      files: [...this.files].map(([path, f]) => [path, f.version]),
    };
  }

  /**
   * Brings the index in line with the project's files as they are now: the
   * chunks of removed and changed files (another `version`) leave it, those
   * of new and changed files join it; unchanged files are not chunked again.
   * Returns how many files changed.
   */
  async update(files: readonly ChunkSource[], pause: () => Promise<void> = nextTask): Promise<number> {
    const now = new Set(files.map((f) => f.path));
    const stale: string[] = [];
    for (const path of this.files.keys()) if (!now.has(path)) stale.push(path);
    const changed = files.filter((f) => this.files.get(f.path)?.version !== (f.version ?? ''));
    for (const f of changed) if (this.files.has(f.path)) stale.push(f.path);
    for (const path of stale) {
      for (const id of this.files.get(path)!.ids) {
        this.chunks.delete(id);
        this.search.discard(id);
      }
      this.files.delete(path);
    }
    for (let i = 0; i < changed.length; i += 200) {
      if (i > 0) await pause();
      this.search.addAll(this.chunked(changed.slice(i, i + 200)));
    }
    // A removed file's words stay in the index until it is vacuumed.
    if (stale.length) await this.search.vacuum();
    return stale.length + changed.filter((f) => !stale.includes(f.path)).length;
  }

  /** The files' chunks as search documents, remembering each chunk. */
  private chunked(files: Iterable<ChunkSource>): Doc[] {
    const docs: Doc[] = [];
    for (const file of files) {
      const ids: string[] = [];
      for (const chunk of chunkFile(file.path, file.content)) {
        const id = chunkId(chunk);
        this.chunks.set(id, chunk);
        ids.push(id);
        docs.push({ id, text: chunk.text, path: chunk.path });
      }
      this.files.set(file.path, { version: file.version ?? '', ids });
    }
    return docs;
  }

  /** How many chunks the index holds. */
  get size(): number {
    return this.chunks.size;
  }

  /** The best chunks for `question`, best first; none for a question without searchable words. A loaded index's chunks come without text: see `rankWithText`. */
  rank(question: string, limit = 20): RankedChunk[] {
    if (!question.trim()) return [];
    return this.search
      .search(question)
      .slice(0, limit)
      .map((hit) => ({ ...(this.chunks.get(hit.id as string) as Chunk), id: hit.id as string, score: hit.score }));
  }

  /** `rank` with every chunk's text, read from its file when the index was loaded without it (chunking is deterministic). */
  async rankWithText(
    question: string,
    limit: number,
    readFiles: (paths: string[]) => Promise<(string | undefined)[]>,
  ): Promise<RankedChunk[]> {
    const ranked = this.rank(question, limit);
    const missing = [...new Set(ranked.filter((c) => !c.text).map((c) => c.path))];
    if (missing.length === 0) return ranked;
    const contents = await readFiles(missing);
    const texts = new Map<string, string>();
    missing.forEach((path, i) => {
      const content = contents[i];
      if (content !== undefined) for (const chunk of chunkFile(path, content)) texts.set(chunkId(chunk), chunk.text);
    });
    // A file changed or gone since the index read it gives no text: its chunk is left out until the index catches up.
    return ranked.flatMap((c) => (c.text ? [c] : texts.has(c.id) ? [{ ...c, text: texts.get(c.id)! }] : []));
  }
}
