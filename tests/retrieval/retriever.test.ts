/**
 * The Context Retriever's warm-up on a real database (fake-indexeddb): the
 * chat page asks the worker to build what retrieval reads while the user
 * types, so a question that may wait only briefly for an index finds it built.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createRetriever } from '@/lib/retrieval/retriever';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import { memorySource } from '@/lib/projects/source';
import { prepareProject, projectContext, projectMentions } from '@/lib/projects/project-context';
import { forgetChunkIndex } from '@/lib/projects/ranking';
import { loadStylePriors } from '@/lib/community/pack/priors';
import { writeStoredPack } from '@/lib/community/pack/store';
import { changePrivacyTier } from '@/lib/community/tier-change';
import { styleInstruction } from '@/lib/patterns/classify';
import { freshDatabase } from '../support/db';
import { deferred } from '../support/deferred';
import { NEXT_APP } from '../projects/fixtures';
import { DAY, NOW, seedExchange } from './corpus';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
  forgetChunkIndex();
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const lexical = () => new EmbeddingStore(db, { model: async () => undefined, embed: async () => [] });

describe('Retriever.warm', () => {
  it('builds the project’s index ahead of the first question, so a question that may wait only briefly still gets its chunks', async () => {
    const source = memorySource('shop', NEXT_APP);
    const project = await attachProject(db, source);
    await indexProject(db, project.id, source);
    await seedExchange(db, 'How do I format a price in cents?', 'Divide by 100 and use `toFixed(2)`.', NOW - DAY);
    // A large project: reading its files for the chunk index takes longer than a question may wait, except
    // while the test holds the gate open (the warm-up's read).
    const files = db.projectFiles;
    const where = files.where.bind(files);
    const closed = deferred();
    let open = false;
    onTestFinished(() => closed.resolve());
    vi.spyOn(files, 'where').mockImplementation(((index: string) => {
      const query = where(index);
      if (index !== 'projectId') return query;
      const gate = open ? Promise.resolve() : closed.promise;
      return {
        equals: (id: string) => ({
          primaryKeys: () => query.equals(id).primaryKeys(),
          // @-mentions count the files to know whether the cached paths still hold.
          count: () => query.equals(id).count(),
          toArray: () => gate.then(() => query.equals(id).toArray()),
        }),
      };
    }) as typeof files.where);
    const prepare = vi.fn(prepareProject);
    const make = () =>
      createRetriever(db, {
        store: lexical(),
        now: () => NOW,
        random: () => 0.99,
        indexWaitMs: 50,
        project: { context: projectContext, mentions: projectMentions, prepare },
      });
    const input = {
      question: 'How does @format.ts format a price with cartTotal?',
      conversationContext: '',
      contextLength: 8192,
      projectId: project.id,
    };
    const ids = (sections: { items: { id: string }[] }[]) => sections.flatMap((s) => s.items.map((i) => i.id));

    // Cold: the stack and the mentioned file come at once; the chunks are not ready in time.
    const cold = ids(await make().retrieve(input));
    expect(cold).toContain(`stack:${project.id}`);
    expect(cold).toContain('file:src/lib/format.ts');
    expect(cold.some((id) => id.startsWith('chunk:'))).toBe(false);

    forgetChunkIndex();
    const warmed = make();
    open = true;
    await warmed.warm(project.id);
    open = false; // a question that read the files again would wait past indexWaitMs and get no chunks
    expect(prepare).toHaveBeenCalledWith(db, project.id);
    const after = ids(await warmed.retrieve(input));
    expect(after.some((id) => id.startsWith('chunk:'))).toBe(true);
    expect(after).toContain('file:src/lib/format.ts');
    expect(after.some((id) => id.startsWith('qa:'))).toBe(true);
  });

  it('warms without a project, and for a project that no longer exists, without failing', async () => {
    const retriever = createRetriever(db, {
      store: lexical(),
      project: { context: projectContext, mentions: projectMentions, prepare: prepareProject },
    });
    await expect(retriever.warm()).resolves.toBeUndefined();
    await expect(retriever.warm('gone')).resolves.toBeUndefined();
  });
});

describe('Retriever with the community pack', () => {
  it('gives a question the user has no evidence on the style the pack says works, and none once the tier is 0', async () => {
    const SHORT = 'short|code-first|no-steps|no-tests';
    await changePrivacyTier(db, 1);
    await writeStoredPack(db, {
      hubUrl: 'http://127.0.0.1:8787',
      checkedAt: NOW,
      pack: {
        v: 1,
        version: 4,
        publishedAt: '2026-12-01T10:00:00.000Z',
        k: 5,
        epsilon: 1,
        kinds: [
          {
            questionKind: 'react/debug',
            styles: [
              { answerStyle: SHORT, installs: 9, successes: 80, failures: 6, description: 'React debugging: short' },
            ],
          },
        ],
      },
    });
    const retriever = createRetriever(db, {
      store: lexical(),
      random: () => 0.5,
      stylePriors: () => loadStylePriors(db),
    });
    const input = {
      question: 'Why does my React component re-render forever?',
      conversationContext: '',
      contextLength: 8192,
    };
    const style = (sections: Awaited<ReturnType<typeof retriever.retrieve>>) =>
      sections.find((s) => s.name === 'Answer style')?.items[0];

    const received = style(await retriever.retrieve(input));
    expect(received?.text).toBe(styleInstruction(SHORT));
    expect(received?.label).toMatch(/from the community pack/);

    await changePrivacyTier(db, 0);
    expect(style(await retriever.retrieve(input))).toBeUndefined();
  });
});
