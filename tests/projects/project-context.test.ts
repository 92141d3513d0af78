import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { estimateTokens } from '@/lib/core/tokens';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import {
  forgetProjectPaths,
  prepareProject,
  projectContext,
  projectMentions,
  renderFile,
  type ProjectContextItem,
} from '@/lib/projects/project-context';
import { memorySource, type MemoryFile } from '@/lib/projects/source';
import { forgetChunkIndex } from '@/lib/projects/ranking';
import { freshDatabase } from '../support/db';
import { deferred } from '../support/deferred';
import { NEXT_APP } from './fixtures';

let db: CodelumiDB;
afterEach(() => {
  db?.close();
  forgetChunkIndex();
});

const LONG = Array.from({ length: 300 }, (_, i) => `export const value${i} = ${i}; // a line of the long module`).join(
  '\n',
);

async function project(files: Record<string, MemoryFile> = { ...NEXT_APP, 'src/long.ts': LONG }) {
  db = freshDatabase();
  const source = memorySource('shop', files);
  const p = await attachProject(db, source);
  await indexProject(db, p.id, source);
  return p;
}

const total = (items: ProjectContextItem[]) => items.reduce((n, i) => n + i.tokens, 0);

describe('projectContext', () => {
  it('gives the stack, the mentioned files whole and the relevant chunks, in that order, with stable ids', async () => {
    const p = await project();
    const items = await projectContext(db, {
      projectId: p.id,
      question: 'How does cartTotal format the price?',
      mentions: ['src/lib/format.ts'],
      budgetTokens: 4000,
    });
    expect(items[0]).toMatchObject({ id: `stack:${p.id}`, kind: 'stack', label: 'shop stack' });
    expect(items[0].text).toContain('Project: shop');
    expect(items[0].text).toContain('Frameworks: Next.js 15, React 19');
    expect(items[1]).toMatchObject({
      id: 'file:src/lib/format.ts',
      kind: 'file',
      path: 'src/lib/format.ts',
      label: 'src/lib/format.ts',
    });
    expect(items[1].text).toBe(renderFile('src/lib/format.ts', NEXT_APP['src/lib/format.ts'] as string));
    expect(items[1].text.startsWith('File: src/lib/format.ts\n```ts\nexport function formatPrice')).toBe(true);
    const chunks = items.filter((i) => i.kind === 'chunk');
    expect(chunks[0]).toMatchObject({
      id: 'chunk:src/lib/cart.ts#0',
      path: 'src/lib/cart.ts',
      label: 'src/lib/cart.ts:1–5',
    });
    expect(chunks[0].text).toMatch(/^File: src\/lib\/cart\.ts \(lines 1–5\)\n```ts\n/);
    // The mentioned file is shown whole already: none of its chunks come again.
    expect(chunks.some((c) => c.path === 'src/lib/format.ts')).toBe(false);
    for (const item of items) expect(item.tokens).toBe(estimateTokens(item.text));

    const again = await projectContext(db, {
      projectId: p.id,
      question: 'How does cartTotal format the price?',
      mentions: ['src/lib/format.ts'],
      budgetTokens: 4000,
    });
    expect(again).toEqual(items);
  });

  it('stays within the budget, cutting a mentioned file that does not fit whole, with a note', async () => {
    const p = await project();
    const whole = estimateTokens(renderFile('src/long.ts', LONG));
    const budget = 600;
    expect(whole).toBeGreaterThan(budget);
    const items = await projectContext(db, {
      projectId: p.id,
      question: 'value42',
      mentions: ['src/long.ts'],
      budgetTokens: budget,
    });
    expect(total(items)).toBeLessThanOrEqual(budget);
    const file = items.find((i) => i.id === 'file:src/long.ts')!;
    expect(file.label).toBe('src/long.ts (cut to fit)');
    expect(file.text).toMatch(
      /^File: src\/long\.ts \(cut to fit: lines 1–\d+ of 300\)\n```ts\nexport const value0 = 0;/,
    );
    expect(file.text.endsWith('\n```')).toBe(true);
    // Filled close to the budget: what is left could not take another line.
    expect(budget - total(items)).toBeLessThan(40);
  });

  it('honours every budget, from tiny to large, and never returns more', async () => {
    const p = await project();
    for (const budget of [0, 5, 30, 120, 500, 2000, 20000]) {
      const items = await projectContext(db, {
        projectId: p.id,
        question: 'price cart format session',
        mentions: ['src/lib/cart.ts', 'src/long.ts'],
        budgetTokens: budget,
      });
      expect(total(items), `budget ${budget}`).toBeLessThanOrEqual(budget);
      if (budget === 0) expect(items).toEqual([]);
    }
  });

  it('leaves out dropped items by id, and nothing else', async () => {
    const p = await project();
    const input = {
      projectId: p.id,
      question: 'How does cartTotal format the price?',
      mentions: ['src/lib/format.ts'],
      budgetTokens: 4000,
    };
    const all = await projectContext(db, input);
    const dropped = [`stack:${p.id}`, 'chunk:src/lib/cart.ts#0'];
    const rest = await projectContext(db, { ...input, exclude: dropped });
    expect(rest.map((i) => i.id)).not.toContain(dropped[0]);
    expect(rest.map((i) => i.id)).not.toContain(dropped[1]);
    expect(rest.map((i) => i.id)).toContain('file:src/lib/format.ts');
    expect(
      all
        .filter((i) => !dropped.includes(i.id))
        .map((i) => i.id)
        .every((id) => rest.some((r) => r.id === id)),
    ).toBe(true);
  });

  it('gives nothing for a missing project, no project, or mentions of files it does not have — and never throws', async () => {
    const p = await project();
    expect(
      await projectContext(db, { projectId: 'nope', question: 'x', mentions: ['a.ts'], budgetTokens: 1000 }),
    ).toEqual([]);
    expect(await projectContext(db, { projectId: '', question: 'x', mentions: [], budgetTokens: 1000 })).toEqual([]);
    const items = await projectContext(db, {
      projectId: p.id,
      question: '',
      mentions: ['missing.ts'],
      budgetTokens: 1000,
    });
    expect(items.map((i) => i.kind)).toEqual(['stack']);
  });

  it('sees new files after a re-scan (the cached index follows the files’ revision)', async () => {
    const p = await project();
    const ask = () =>
      projectContext(db, { projectId: p.id, question: 'which invoice', mentions: [], budgetTokens: 4000 });
    expect((await ask()).filter((i) => i.kind === 'chunk')).toEqual([]);
    await indexProject(
      db,
      p.id,
      memorySource('shop', {
        ...NEXT_APP,
        'src/invoice.ts': 'export function invoiceNumberSequence() { return 1; }\n',
      }),
    );
    expect((await ask()).find((i) => i.kind === 'chunk')?.id).toBe('chunk:src/invoice.ts#0');
  });

  it('gives the stack and mentioned files but no chunks while the project is still being indexed past indexWaitMs', async () => {
    const p = await project();
    const files = db.projectFiles;
    const where = files.where.bind(files);
    // A large project: reading its files for the chunk index takes until the test opens the gate.
    const gate = deferred();
    let reads = 0;
    vi.spyOn(files, 'where').mockImplementation(((index: string) => {
      const query = where(index);
      if (index !== 'projectId') return query;
      return {
        equals: (id: string) => ({ toArray: () => (reads++, gate.promise.then(() => query.equals(id).toArray())) }),
      };
    }) as typeof files.where);
    const ask = () =>
      projectContext(db, {
        projectId: p.id,
        question: 'How does cartTotal format the price?',
        mentions: ['src/lib/format.ts'],
        budgetTokens: 4000,
        indexWaitMs: 20,
      });

    expect((await ask()).map((i) => i.kind)).toEqual(['stack', 'file']);
    gate.resolve();
    await prepareProject(db, p.id); // the build the first question started has finished
    // The build went on: the next question has its chunks, from that one read of the files.
    expect((await ask()).some((i) => i.kind === 'chunk')).toBe(true);
    expect(reads).toBe(1);
  });

  it('resolves @-mentions against the project’s files, including files added by a re-scan', async () => {
    const p = await project();
    expect(await projectMentions(db, p.id, 'Explain @format.ts and @src/lib/cart.ts, not @nothing.ts')).toEqual([
      'src/lib/format.ts',
      'src/lib/cart.ts',
    ]);
    expect(await projectMentions(db, p.id, 'mail me at dev@example.com')).toEqual([]);
    expect(await projectMentions(db, p.id, 'no mentions here')).toEqual([]);
    expect(await projectMentions(db, 'nope', 'Explain @format.ts')).toEqual([]);
    expect(await projectMentions(db, p.id, 'What about @invoice.ts?')).toEqual([]);
    await indexProject(db, p.id, memorySource('shop', { ...NEXT_APP, 'src/invoice.ts': 'export const n = 1;\n' }));
    expect(await projectMentions(db, p.id, 'What about @invoice.ts?')).toEqual(['src/invoice.ts']);
  });

  it('reads the project’s paths once for repeated @-mentions, and again once files are written (even by a scan cut short)', async () => {
    const p = await project();
    const keyReads = vi.spyOn(db.Collection.prototype, 'primaryKeys');
    expect(await projectMentions(db, p.id, 'Explain @format.ts')).toEqual(['src/lib/format.ts']);
    expect(await projectMentions(db, p.id, 'And @cart.ts?')).toEqual(['src/lib/cart.ts']);
    expect(keyReads).toHaveBeenCalledTimes(1);

    // A scan cut short writes files without a new files revision: the file count tells.
    await db.projectFiles.put({
      id: `${p.id}:src/refund.ts`,
      projectId: p.id,
      path: 'src/refund.ts',
      content: 'export const refund = 1;\n',
      size: 25,
      updatedAt: 2,
    });
    expect(await projectMentions(db, p.id, 'What about @refund.ts?')).toEqual(['src/refund.ts']);
    expect(keyReads).toHaveBeenCalledTimes(2);
    keyReads.mockRestore();
  });

  it('keeps no paths of a deleted project in memory', async () => {
    const p = await project();
    const keyReads = vi.spyOn(db.Collection.prototype, 'primaryKeys');
    expect(await projectMentions(db, p.id, 'Explain @format.ts')).toEqual(['src/lib/format.ts']);
    // The worker is told of the deletion: the paths go at once and would be read again.
    forgetProjectPaths(db, p.id);
    expect(await projectMentions(db, p.id, 'Explain @format.ts')).toEqual(['src/lib/format.ts']);
    expect(keyReads).toHaveBeenCalledTimes(2);
    // Deleted without a notice: the next mention finds no project, keeps nothing and reads no paths.
    await db.projects.delete(p.id);
    expect(await projectMentions(db, p.id, 'Explain @format.ts')).toEqual([]);
    expect(keyReads).toHaveBeenCalledTimes(2);
    keyReads.mockRestore();
  });

  it('fences file text so a file that contains fences cannot break out of its block', () => {
    const text = renderFile('docs/guide.md', 'Use:\n```sh\nnpm i\n```\n');
    expect(text).toBe('File: docs/guide.md\n````md\nUse:\n```sh\nnpm i\n```\n````');
    expect(renderFile('Makefile', 'all:\n\techo hi')).toBe('File: Makefile\n```makefile\nall:\n\techo hi\n```');
  });
});
