/**
 * What a project gives a prompt, for the Brain's Context Retriever:
 *
 * 1. `stack:<projectId>`: the project's name and stack summary (its profile
 *    as the user corrected it), when it has one;
 * 2. `file:<path>`: every @-mentioned file, whole, or cut to what fits with a
 *    note saying which lines are shown;
 * 3. `chunk:<path>#<n>`: the project's chunks that best match the question
 *    (MiniSearch over ~40-line chunks), best first, skipping what the files
 *    above already show.
 *
 * Items come in that order and in that priority: the stack before files,
 * files before chunks, until `budgetTokens` (estimateTokens of each item's
 * `text`) is used up. Ids are stable for the same project state, so the user
 * can drop an item (`exclude`) and regenerate. File text is rendered with its
 * path and a language fence ("File: src/app.ts\n```ts\n…\n```") so the model
 * can quote it correctly. A missing project, or none, gives no items; it never
 * throws for that.
 */
import type { CodelumiDB } from '../db/db';
import type { Project } from '../core/records';
import { estimateTokens } from '../core/tokens';
import { getProjectFile, projectFileId, projectFilePaths } from '../db/projects';
import { within } from '../core/timing';
import { fenceFor } from './languages';
import { safeFence } from '../markdown/fences';
import { profileSummary } from './profile';
import { chunkIndexFor, chunkIndexInMemory } from './ranking';

import { parseMentions } from './mentions';
export { parseMentions };

export interface ProjectContextItem {
  id: string;
  kind: 'stack' | 'file' | 'chunk';
  label: string;
  text: string;
  tokens: number;
  path?: string;
}

/** At most this many chunks, however much budget is left: more rarely helps and crowds the history out. */
const MAX_CHUNKS = 8;
/** Chunks looked at before giving up on filling the budget. */
const CHUNK_CANDIDATES = 30;

/** "File: <path>[ (note)]" and the content in a fence tagged with the file's language. */
export function renderFile(path: string, content: string, note?: string): string {
  const f = safeFence(content);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `File: ${path}${note ? ` (${note})` : ''}\n${f}${fenceFor(path)}\n${body}${f}`;
}

function stackItem(project: Project): ProjectContextItem | undefined {
  const summary = profileSummary(project.profile);
  if (!summary) return undefined;
  const text = `Project: ${project.name}\n${summary}`;
  return {
    id: `stack:${project.id}`,
    kind: 'stack',
    label: `${project.name} stack`,
    text,
    tokens: estimateTokens(text),
  };
}

/** The longest head of the file (whole lines) whose rendering fits `budget`; undefined when not even the note fits. */
function cutToFit(path: string, content: string, budget: number): { text: string; shown: number } | undefined {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const render = (n: number) =>
    renderFile(
      path,
      lines.slice(0, n).join('\n'),
      n === 0
        ? `not shown: ${lines.length} lines, too long for the context window`
        : `cut to fit: lines 1–${n} of ${lines.length}`,
    );
  if (estimateTokens(render(0)) > budget) return undefined;
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(render(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return { text: render(lo), shown: lo };
}

/** Builds (or finds cached) the project's chunk index, ahead of its first question. */
export async function prepareProject(db: CodelumiDB, projectId: string): Promise<void> {
  const project = await db.projects.get(projectId);
  if (project) await chunkIndexFor(db, project);
}

/** Each project's file paths as last read, per database, with the files revision and file count they were read at. */
const pathCache = new WeakMap<CodelumiDB, Map<string, { key: string; paths: Promise<string[]> }>>();

/**
 * The project's file paths, read again only when its files revision (a
 * finished scan that changed files) or its file count (a scan still writing,
 * or one cut short) changed: a count is one small request, the list is
 * thousands of keys.
 */
async function filePaths(db: CodelumiDB, projectId: string): Promise<string[]> {
  const [project, count] = await Promise.all([
    db.projects.get(projectId),
    db.projectFiles.where('projectId').equals(projectId).count(),
  ]);
  let byProject = pathCache.get(db);
  if (!byProject) pathCache.set(db, (byProject = new Map()));
  if (!project) {
    // Deleted (perhaps in another tab): its paths leave memory.
    byProject.delete(projectId);
    return [];
  }
  const key = `${project.filesRevision ?? 0}:${count}`;
  const cached = byProject.get(projectId);
  if (cached?.key === key) return cached.paths;
  const paths = projectFilePaths(db, projectId);
  byProject.set(projectId, { key, paths });
  paths.catch(() => byProject.delete(projectId));
  return paths;
}

/** Drops a project's cached paths from memory (the project was deleted). */
export function forgetProjectPaths(db: CodelumiDB, projectId: string): void {
  pathCache.get(db)?.delete(projectId);
}

/** The project files a message @-mentions (none without an @: the project's paths are read only then, and kept while its files stay the same). */
export async function projectMentions(db: CodelumiDB, projectId: string, message: string): Promise<string[]> {
  if (!message.includes('@')) return [];
  return parseMentions(message, await filePaths(db, projectId));
}

/** Items for a prompt: the stack summary, every @-mentioned file (whole, or cut to fit with a note), then the project's most relevant chunks for the question, within `budgetTokens` (estimateTokens from lib/core/tokens.ts). Never throws for a missing project. */
export async function projectContext(
  db: CodelumiDB,
  input: {
    projectId: string;
    question: string;
    mentions: string[];
    budgetTokens: number;
    exclude?: string[];
    indexWaitMs?: number;
    /** Never wait for an index still being loaded or built: go without chunks (it goes on for the next question). */
    coldFallback?: boolean;
  },
): Promise<ProjectContextItem[]> {
  let left = Math.floor(input.budgetTokens);
  if (!input.projectId || !(left > 0)) return [];
  const project = await db.projects.get(input.projectId);
  if (!project) return [];
  const exclude = new Set(input.exclude ?? []);
  const items: ProjectContextItem[] = [];
  const take = (item: ProjectContextItem) => {
    items.push(item);
    left -= item.tokens;
  };

  const stack = stackItem(project);
  if (stack && !exclude.has(stack.id) && stack.tokens <= left) take(stack);

  /** Lines already shown per file: a whole file (Infinity) or the head of a cut one. */
  const shown = new Map<string, number>();
  for (const path of new Set(input.mentions)) {
    const id = `file:${path}`;
    if (exclude.has(id)) continue;
    const file = await getProjectFile(db, project.id, path);
    if (!file) continue;
    const whole = renderFile(path, file.content);
    const tokens = estimateTokens(whole);
    if (tokens <= left) {
      take({ id, kind: 'file', label: path, text: whole, tokens, path });
      shown.set(path, Infinity);
      continue;
    }
    const cut = cutToFit(path, file.content, left);
    if (!cut) continue;
    take({ id, kind: 'file', label: `${path} (cut to fit)`, text: cut.text, tokens: estimateTokens(cut.text), path });
    shown.set(path, cut.shown);
  }

  if (!input.question.trim() || left <= 0) return items;
  // A project just opened or re-scanned may still be indexing: past `indexWaitMs` this question goes without chunks.
  const opening = chunkIndexFor(db, project);
  const index =
    input.coldFallback && !chunkIndexInMemory(project.id)
      ? void opening.catch(() => undefined)
      : await within(opening, input.indexWaitMs);
  if (!index) return items;
  let chunks = 0;
  const ranked = await index.rankWithText(input.question, CHUNK_CANDIDATES, async (paths) =>
    (await db.projectFiles.bulkGet(paths.map((path) => projectFileId(project.id, path)))).map((f) => f?.content),
  );
  for (const chunk of ranked) {
    if (chunks >= MAX_CHUNKS || left <= 0) break;
    if (exclude.has(chunk.id) || chunk.endLine <= (shown.get(chunk.path) ?? 0)) continue;
    const text = renderFile(chunk.path, chunk.text, `lines ${chunk.startLine}–${chunk.endLine}`);
    const tokens = estimateTokens(text);
    if (tokens > left) continue;
    take({
      id: chunk.id,
      kind: 'chunk',
      label: `${chunk.path}:${chunk.startLine}–${chunk.endLine}`,
      text,
      tokens,
      path: chunk.path,
    });
    chunks++;
  }
  return items;
}
