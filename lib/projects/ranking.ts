/**
 * Which chunks of a project answer a question best: a MiniSearch (BM25)
 * index over every chunk's text and path, with a tokenizer that knows code
 * ("useDraft" also matches "draft", "parse_mentions" also "mentions"). The
 * index is built once per project and revision of its files, and kept in
 * memory for the next question.
 */
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Project } from '../core/records';
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

/** A search index over the chunks of one project. */
export class ProjectChunkIndex {
  private readonly search: MiniSearch<Doc>;
  private readonly chunks = new Map<string, Chunk>();

  constructor(files: Iterable<{ path: string; content: string }>) {
    this.search = new MiniSearch<Doc>({
      fields: ['text', 'path'],
      tokenize: codeTokens,
      processTerm: (term) => (term.length < 2 ? null : term),
      searchOptions: {
        boost: { path: 2 },
        // Exact terms only: code tokens are already split (camelCase, snake_case, paths), and
        // prefix or fuzzy expansion over a large project's identifiers costs hundreds of ms a question.
        prefix: false,
        fuzzy: false,
        combineWith: 'OR',
        processTerm: (term) => (term.length < 2 || STOP_WORDS.has(term) ? null : term),
      },
    });
    this.search.addAll(this.chunked(files));
  }

  /** Builds the index a slice of files at a time, leaving the thread free for other work in between (a large project takes a second or more). */
  static async build(
    files: readonly { path: string; content: string }[],
    filesPerSlice = 200,
  ): Promise<ProjectChunkIndex> {
    const index = new ProjectChunkIndex([]);
    for (let i = 0; i < files.length; i += filesPerSlice) {
      if (i > 0) await nextTask();
      index.search.addAll(index.chunked(files.slice(i, i + filesPerSlice)));
    }
    return index;
  }

  /** The files' chunks as search documents, remembering each chunk. */
  private chunked(files: Iterable<{ path: string; content: string }>): Doc[] {
    const docs: Doc[] = [];
    for (const file of files) {
      for (const chunk of chunkFile(file.path, file.content)) {
        const id = chunkId(chunk);
        this.chunks.set(id, chunk);
        docs.push({ id, text: chunk.text, path: chunk.path });
      }
    }
    return docs;
  }

  get size(): number {
    return this.chunks.size;
  }

  /** The best chunks for `question`, best first; none for a question without searchable words. */
  rank(question: string, limit = 20): RankedChunk[] {
    if (!question.trim()) return [];
    return this.search
      .search(question)
      .slice(0, limit)
      .map((hit) => ({ ...(this.chunks.get(hit.id as string) as Chunk), id: hit.id as string, score: hit.score }));
  }
}

/** How many projects' indexes are kept in memory at once (the most recently used). */
const CACHE_SIZE = 3;
const cache = new Map<string, { revision: number; index: Promise<ProjectChunkIndex> }>();

/**
 * The chunk index of a project, built from its indexed files on first use and
 * rebuilt only when the files changed (their revision moved on).
 */
export function chunkIndexFor(
  db: CodelumiDB,
  project: Pick<Project, 'id' | 'filesRevision'>,
): Promise<ProjectChunkIndex> {
  const revision = project.filesRevision ?? 0;
  const cached = cache.get(project.id);
  if (cached && cached.revision === revision) {
    // Most recently used moves to the end.
    cache.delete(project.id);
    cache.set(project.id, cached);
    return cached.index;
  }
  const index = db.projectFiles
    .where('projectId')
    .equals(project.id)
    .toArray()
    .then((files) => ProjectChunkIndex.build(files.sort((a, b) => (a.path < b.path ? -1 : 1))));
  cache.delete(project.id);
  cache.set(project.id, { revision, index });
  // A failed build is not kept: the next question tries again.
  index.catch(() => {
    if (cache.get(project.id)?.index === index) cache.delete(project.id);
  });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return index;
}

/** Drops cached indexes (one project's, or all): after a delete, or in tests. */
export function forgetChunkIndex(projectId?: string): void {
  if (projectId) cache.delete(projectId);
  else cache.clear();
}
