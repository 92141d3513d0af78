/**
 * The Context Retriever's warm-up on a real database (fake-indexeddb): the
 * chat page asks the worker to build what retrieval reads while the user
 * types, and a warmed retriever answers exactly as a cold one would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createRetriever } from '@/lib/brain/retrieval/retriever';
import { EmbeddingStore } from '@/lib/brain/retrieval/embedding-store';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import { memorySource } from '@/lib/projects/source';
import { prepareProject, projectContext, projectMentions } from '@/lib/projects/context';
import { forgetChunkIndex } from '@/lib/projects/ranking';
import { freshDatabase } from '../../support/db';
import { NEXT_APP } from '../../projects/fixtures';
import { DAY, NOW, seedExchange } from './corpus';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
  forgetChunkIndex();
});
afterEach(() => db.close());

const lexical = () => new EmbeddingStore(db, { model: async () => undefined, embed: async () => [] });

describe('Retriever.warm', () => {
  it('builds the project’s index ahead of the first question, and retrieval then gives what a cold retriever gives', async () => {
    const source = memorySource('shop', NEXT_APP);
    const project = await attachProject(db, source);
    await indexProject(db, project.id, source);
    await seedExchange(db, 'How do I format a price in cents?', 'Divide by 100 and use `toFixed(2)`.', NOW - DAY);
    const prepare = vi.fn(prepareProject);
    const make = () => createRetriever(db, { store: lexical(), now: () => NOW, random: () => 0.99, project: { context: projectContext, mentions: projectMentions, prepare } });
    const input = { question: 'How does @format.ts format a price?', conversationContext: '', contextLength: 8192, projectId: project.id };

    const cold = await make().retrieve(input);
    forgetChunkIndex();
    const warmed = make();
    await warmed.warm(project.id);
    expect(prepare).toHaveBeenCalledWith(db, project.id);
    const after = await warmed.retrieve(input);

    expect(after).toEqual(cold);
    const items = after.flatMap((s) => s.items.map((i) => i.id));
    expect(items).toContain('file:src/lib/format.ts');
    expect(items.some((id) => id.startsWith('qa:'))).toBe(true);
  });

  it('warms without a project, and for a project that no longer exists, without failing', async () => {
    const retriever = createRetriever(db, { store: lexical(), project: { context: projectContext, mentions: projectMentions, prepare: prepareProject } });
    await expect(retriever.warm()).resolves.toBeUndefined();
    await expect(retriever.warm('gone')).resolves.toBeUndefined();
  });
});
