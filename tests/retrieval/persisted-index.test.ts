/**
 * The saved search indexes (table `indexes`, schema v12) on a real database
 * (fake-indexeddb): the past-questions index and a project's chunk index are
 * loaded on the next start instead of rebuilt, catch up incrementally, are
 * rebuilt when corrupt without failing a question, and never keep a forgotten
 * conversation's or deleted project's words.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation } from '@/lib/db/conversations';
import { PAST_QUESTIONS_INDEX, projectChunksIndex } from '@/lib/db/indexes';
import { forgetExpired } from '@/lib/learning/forget';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { PastConversations } from '@/lib/retrieval/past';
import { PAST_INDEX_FORMAT } from '@/lib/retrieval/past-index';
import { createRetriever } from '@/lib/retrieval/retriever';
import { forgetProject } from '@/lib/retrieval/forget-project';
import type { EmbeddingProvider } from '@/lib/ollama/embeddings';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import { memorySource, type MemoryFile } from '@/lib/projects/source';
import { projectContext, projectMentions, prepareProject } from '@/lib/projects/project-context';
import {
  chunkIndexFor,
  chunkIndexOpenings,
  configureChunkIndexes,
  forgetChunkIndex,
  ProjectChunkIndex,
  settleChunkIndexes,
} from '@/lib/projects/ranking';
import { createQuestionLane, questionLane } from '@/lib/core/question-lane';
import { freshDatabase } from '../support/db';
import { DAY, NOW, seedExchange } from './corpus';

/** A saved index's text, its parts together (what a search for a word in it sees). */
const savedText = async (row: { data: string | Blob } | undefined) =>
  typeof row?.data === 'string' ? row.data : ((await row?.data.text()) ?? '');
const noModel: EmbeddingProvider = { model: async () => undefined, embed: async () => [] };
const made: PastConversations[] = [];
const past = (db: CodelumiDB) => {
  const made1 = new PastConversations(db, new EmbeddingStore(db, noModel), { persist: true, saveQuietMs: 0 });
  made.push(made1);
  return made1;
};

let db: CodelumiDB;
afterEach(async () => {
  // A save scheduled by a pass happens before the database closes.
  await Promise.all(made.splice(0).map((p) => p.index.settled()));
  await settleChunkIndexes();
  forgetChunkIndex();
  configureChunkIndexes({ persist: false });
  db?.close();
});

async function seedHistory() {
  db = freshDatabase();
  const debounce = await seedExchange(db, 'How do I debounce a search input?', 'Use `debounce(fn, 300)`.', NOW - DAY);
  const reverse = await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW - 2 * DAY);
  const zebra = await seedExchange(db, 'Why do zebrafish regenerate their fins?', 'Blastema cells.', NOW - 3 * DAY);
  return { debounce, reverse, zebra };
}

describe('the saved past-questions index', () => {
  it('is loaded on the next start without indexing a question again, and catches up on a new question alone', async () => {
    const { debounce } = await seedHistory();
    const first = past(db);
    await first.refresh();
    expect(first.index.opening).toBe('built');
    expect(first.index.indexed).toBe(3);
    expect(await first.index.save()).toBe(true);

    const second = past(db);
    const found = await second.candidates('debounce a search input', { now: NOW });
    expect(second.index.opening).toBe('loaded');
    expect(second.index.indexed).toBe(0);
    expect(found.map((c) => c.answerId)).toEqual([debounce.answer.id]);

    const added = await seedExchange(db, 'How do I memoize a selector in redux?', 'Use `createSelector`.', NOW);
    const again = await second.candidates('memoize a redux selector', { now: NOW });
    expect(second.index.indexed).toBe(1);
    expect(again.map((c) => c.answerId)).toEqual([added.answer.id]);
  });

  it('is rebuilt when the saved copy is corrupt, and the question is still answered meanwhile', async () => {
    const { reverse } = await seedHistory();
    // The current layout, its second part cut short.
    await db.indexes.put({
      key: PAST_QUESTIONS_INDEX,
      format: PAST_INDEX_FORMAT,
      covers: NOW,
      data: new Blob(['{"mini":{},"lastUpdate":1,"conversations":[]}', '["index", [tru']),
      parts: [45, 14],
      savedAt: NOW,
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const retriever = createRetriever(db, {
      store: new EmbeddingStore(db, noModel),
      now: () => NOW,
      persistIndexes: true,
      lane: createQuestionLane(),
    });

    const sections = await retriever.retrieve({
      question: 'How do I reverse a list in Python?',
      conversationContext: '',
      contextLength: 8192,
    });
    expect(sections.flatMap((s) => s.items.map((i) => i.id))).toContain(`qa:${reverse.answer.id}`);

    await retriever.pastIndex.refresh();
    expect(retriever.pastIndex.opening).toBe('built');
    expect(warn).toHaveBeenCalled();
    expect(await retriever.pastIndex.save()).toBe(true);
    const saved = await db.indexes.get(PAST_QUESTIONS_INDEX);
    expect(saved!.data).toBeInstanceOf(Blob);
    expect(saved!.parts!.reduce((a, b) => a + b, 0)).toBe((saved!.data as Blob).size);
    warn.mockRestore();
  });

  it('keeps no word of a forgotten conversation, and a copy not told of the forgetting is not saved', async () => {
    const { zebra, reverse } = await seedHistory();
    const index = past(db);
    await index.refresh();
    expect(await index.index.save()).toBe(true);
    expect(await savedText(await db.indexes.get(PAST_QUESTIONS_INDEX))).toMatch(/zebrafish/);
    // Another tab's copy, loaded before the forgetting and not told of it yet.
    const stale = past(db);
    await stale.refresh();

    await deleteConversation(db, zebra.conversation.id, NOW);
    expect((await forgetExpired(db, NOW + 60_000, 30_000)).conversations).toEqual([zebra.conversation.id]);
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeUndefined();
    expect(await stale.index.save()).toBe(false);
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeUndefined();

    await index.forget([zebra.conversation.id]);
    await index.index.settled();
    expect(await index.index.save()).toBe(true);
    const saved = await savedText(await db.indexes.get(PAST_QUESTIONS_INDEX));
    expect(saved).not.toMatch(/zebrafish|regenerate|fins/i);
    expect(saved).toMatch(/reverse/);

    const reloaded = past(db);
    expect(await reloaded.candidates('zebrafish fins regenerate', { now: NOW })).toEqual([]);
    expect(reloaded.index.opening).toBe('loaded');
    expect((await reloaded.candidates('reverse a list', { now: NOW })).map((c) => c.answerId)).toEqual([
      reverse.answer.id,
    ]);
  });

  it('answers a question asked while a long history is still being indexed before the build finishes', async () => {
    db = freshDatabase();
    const wanted = await seedExchange(db, 'How do I debounce a search input?', 'Use `debounce(fn, 300)`.', NOW);
    // More questions than one slice of a build (2,000): the build stands aside between slices.
    const rows = Array.from({ length: 3_000 }, (_, i) => ({
      id: `bulk-${i}`,
      conversationId: wanted.conversation.id,
      parentId: null,
      role: 'user' as const,
      content: `How do I handle case ${i} of the billing export?`,
      status: 'complete' as const,
      createdAt: NOW - DAY - i,
      updatedAt: NOW - DAY - i,
    }));
    await db.messages.bulkAdd(rows);
    const index = past(db);
    const order: string[] = [];
    const build = index.refresh().then(() => order.push('build'));
    // As the worker asks it: in the question lane.
    const question = questionLane
      .question(() => index.candidates('debounce a search input', { now: NOW, recentFallback: true }))
      .then((found) => {
        order.push('question');
        return found;
      });
    expect((await question).map((c) => c.answerId)).toEqual([wanted.answer.id]);
    await build;
    expect(order).toEqual(['question', 'build']);
    expect(index.index.indexed).toBe(3_001);
  });
});

const FILES: Record<string, MemoryFile> = {
  'package.json': JSON.stringify({ name: 'shop', dependencies: { react: '19.0.0' } }),
  'src/cart/total.ts':
    'export function cartTotal(items: { cents: number }[]): number {\n  return items.reduce((n, i) => n + i.cents, 0);\n}\n',
  'src/auth/session.ts': 'export async function refreshSessionToken(token: string) {\n  return fetchToken(token);\n}\n',
  'src/ui/use-draft.ts': 'export function useDraft(key: string) {\n  return localStorage.getItem(key);\n}\n',
};

async function attached(files: Record<string, MemoryFile>) {
  db = freshDatabase();
  const source = memorySource('shop', files);
  const project = await attachProject(db, source);
  await indexProject(db, project.id, source);
  return project;
}

const chunkIds = async (projectId: string, question: string) =>
  (await projectContext(db, { projectId, question, mentions: [], budgetTokens: 4000 })).filter(
    (i) => i.kind === 'chunk',
  );

describe('the saved project chunk index', () => {
  it('is loaded on the next start without chunking a file, and a changed file is indexed again alone', async () => {
    configureChunkIndexes({ persist: true, saveDelayMs: 0, saveQuietMs: 0 });
    const project = await attached(FILES);
    await prepareProject(db, project.id);
    expect(chunkIndexOpenings.get(project.id)).toBe('built');
    await settleChunkIndexes();
    expect((await db.indexes.get(projectChunksIndex(project.id)))?.covers).toBe(
      (await db.projects.get(project.id))!.filesRevision ?? 0,
    );

    forgetChunkIndex(); // a new start: nothing in memory
    const build = vi.spyOn(ProjectChunkIndex, 'build');
    const total = await chunkIds(project.id, 'How is the cart total computed?');
    expect(chunkIndexOpenings.get(project.id)).toBe('loaded');
    expect(build).not.toHaveBeenCalled();
    // The loaded index has no chunk text of its own: it is read from the file.
    expect(total[0].path).toBe('src/cart/total.ts');
    expect(total[0].text).toContain('items.reduce');

    const update = vi.spyOn(ProjectChunkIndex.prototype, 'update');
    await settleChunkIndexes();
    forgetChunkIndex();
    const changed = memorySource('shop', {
      ...FILES,
      'src/ui/use-draft.ts': 'export function useDraft(key: string) {\n  return sessionStorage.getItem(key);\n}\n',
    });
    await indexProject(db, project.id, changed);
    const draft = await chunkIds(project.id, 'where is sessionStorage read');
    expect(chunkIndexOpenings.get(project.id)).toBe('updated');
    expect(build).not.toHaveBeenCalled();
    expect(await update.mock.results[0].value).toBe(1);
    expect(draft[0].path).toBe('src/ui/use-draft.ts');
    expect(draft[0].text).toContain('sessionStorage');
    build.mockRestore();
    update.mockRestore();
  });

  it('is rebuilt when the saved copy is corrupt, and leaves with its project', async () => {
    configureChunkIndexes({ persist: true, saveDelayMs: 0, saveQuietMs: 0 });
    const project = await attached(FILES);
    const revision = (await db.projects.get(project.id))!.filesRevision ?? 0;
    await db.indexes.put({ key: projectChunksIndex(project.id), format: 1, covers: revision, data: '[', savedAt: 1 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await chunkIndexFor(db, project);
    expect(chunkIndexOpenings.get(project.id)).toBe('built');
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect((await chunkIds(project.id, 'refresh the session token'))[0].path).toBe('src/auth/session.ts');
    await settleChunkIndexes();
    expect(await savedText(await db.indexes.get(projectChunksIndex(project.id)))).toMatch(/refreshsessiontoken/);

    forgetChunkIndex(project.id);
    await forgetProject(db, project.id);
    expect(await db.indexes.get(projectChunksIndex(project.id))).toBeUndefined();
  });

  it('loses its saved copy as soon as a scan removes a file, so the removed file’s words are not kept at rest', async () => {
    configureChunkIndexes({ persist: true, saveDelayMs: 0, saveQuietMs: 0 });
    const project = await attached({
      ...FILES,
      'config/env.ts': 'export const zebraLedgerHost = "ledger.internal";\n',
    });
    await prepareProject(db, project.id);
    await settleChunkIndexes();
    expect(await savedText(await db.indexes.get(projectChunksIndex(project.id)))).toMatch(/zebraledgerhost/);

    // The file is gone from the folder; no question about the project comes afterwards.
    await indexProject(db, project.id, memorySource('shop', FILES));
    expect(await db.indexes.get(projectChunksIndex(project.id))).toBeUndefined();
  });

  it('serialises a project’s index once for changes made while questions kept it from saving', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const lane = { ...createQuestionLane(), quiet: () => gate };
    configureChunkIndexes({ persist: true, saveDelayMs: 0, saveQuietMs: 0, lane });
    const project = await attached(FILES);
    await prepareProject(db, project.id);
    const serialise = vi.spyOn(ProjectChunkIndex.prototype, 'toJSON');
    for (const [i, text] of ['sessionStorage', 'indexedDB', 'caches'].entries()) {
      await indexProject(
        db,
        project.id,
        memorySource('shop', {
          ...FILES,
          'src/ui/use-draft.ts': `export const read${i} = () => ${text}.getItem('k');\n`,
        }),
      );
      await prepareProject(db, project.id);
      // The save timer (0 ms) fires: the save waits for the lane to be quiet.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    open();
    await settleChunkIndexes();
    expect(serialise).toHaveBeenCalledTimes(1);
    expect(await savedText(await db.indexes.get(projectChunksIndex(project.id)))).toMatch(/caches/);
    serialise.mockRestore();
  });

  it('gives a question no chunks rather than wait for a cold build, and chunks once it is built', async () => {
    const project = await attached(FILES);
    const retriever = createRetriever(db, {
      store: new EmbeddingStore(db, noModel),
      now: () => NOW,
      project: { context: projectContext, mentions: projectMentions, prepare: prepareProject },
    });
    const input = { question: 'How is the cart total computed?', conversationContext: '', contextLength: 8192 };
    const cold = await retriever.retrieve({ ...input, projectId: project.id });
    expect(cold.flatMap((s) => s.items).some((i) => i.id.startsWith('chunk:'))).toBe(false);
    await chunkIndexFor(db, project);
    const warm = await retriever.retrieve({ ...input, projectId: project.id });
    expect(warm.flatMap((s) => s.items).some((i) => i.id.startsWith('chunk:src/cart/total.ts'))).toBe(true);
  });
});
