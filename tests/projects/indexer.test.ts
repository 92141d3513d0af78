import { afterEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createConversation } from '@/lib/db/conversations';
import { deleteProject, projectFilePaths, updateProjectProfile } from '@/lib/db/projects';
import { attachProject } from '@/lib/projects/attach';
import { indexProject, type ScanProgress } from '@/lib/projects/indexer';
import { memorySource, type MemoryFile } from '@/lib/projects/source';
import { removeProfileEntry } from '@/lib/projects/profile';
import { ProjectScans } from '@/lib/projects/scans';
import { freshDatabase } from '../support/db';
import { NEXT_APP } from './fixtures';

let db: CodelumiDB;
afterEach(() => db?.close());

async function attach(files: Record<string, MemoryFile>) {
  db = freshDatabase();
  const source = memorySource('shop', files);
  const project = await attachProject(db, source);
  return { project, source };
}

describe('indexing a project', () => {
  it('indexes the text files and counts what it skipped and why', async () => {
    const { project, source } = await attach(NEXT_APP);
    const progress: ScanProgress[] = [];
    const stats = await indexProject(db, project.id, source, { onProgress: (p) => progress.push(p) });

    expect(await projectFilePaths(db, project.id)).toEqual([
      '.env.example',
      '.gitignore',
      'Dockerfile',
      'README.md',
      'keep.log',
      'next.config.mjs',
      'package.json',
      'prisma/schema.prisma',
      'src/app/page.tsx',
      'src/lib/cart.ts',
      'src/lib/format.ts',
      'tsconfig.base.json',
      'tsconfig.json',
    ]);
    expect(stats.files).toBe(13);
    expect(stats.skipped).toEqual({
      'build-output': 2,
      vcs: 1,
      ignored: 2,
      binary: 2,
      dependencies: 1,
      generated: 1,
      lockfile: 1,
    });
    expect(stats.examples.binary).toEqual(['assets/blob.data', 'public/logo.png']);
    expect(stats.examples.ignored).toEqual(['.env.local', 'debug.log']);
    expect(stats.changes).toEqual({ added: 13, updated: 0, removed: 0, unchanged: 0 });
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', indexed: 13 });

    const stored = await db.projects.get(project.id);
    expect(stored?.stats).toEqual(stats);
    expect(stored?.filesRevision).toBe(1);
    const ids = stored!.profile!.entries.map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'framework:next',
        'language:typescript',
        'package-manager:pnpm',
        'testing:vitest',
        'tooling:docker',
      ]),
    );
    const file = await db.projectFiles.get(`${project.id}:src/lib/format.ts`);
    expect(file).toMatchObject({
      projectId: project.id,
      path: 'src/lib/format.ts',
      size: (NEXT_APP['src/lib/format.ts'] as string).length,
    });
    expect(file!.content).toContain('formatPrice');
  });

  it('re-scans: updates changed files, adds new ones, removes deleted ones, leaves the rest', async () => {
    const { project, source } = await attach(NEXT_APP);
    await indexProject(db, project.id, source);
    const before = await db.projectFiles.get(`${project.id}:README.md`);

    const next: Record<string, MemoryFile> = {
      ...NEXT_APP,
      'src/lib/format.ts': 'export const formatPrice = (c: number) => `${c}`;\n',
      'src/lib/tax.ts': 'export const VAT = 0.2;\n',
    };
    delete next['src/lib/cart.ts'];
    const stats = await indexProject(db, project.id, memorySource('shop', next));

    expect(stats.changes).toEqual({ added: 1, updated: 1, removed: 1, unchanged: 11 });
    const paths = await projectFilePaths(db, project.id);
    expect(paths).toContain('src/lib/tax.ts');
    expect(paths).not.toContain('src/lib/cart.ts');
    expect((await db.projectFiles.get(`${project.id}:src/lib/format.ts`))!.content).toContain('=>');
    expect(await db.projectFiles.get(`${project.id}:README.md`)).toEqual(before);
    expect((await db.projects.get(project.id))!.filesRevision).toBe(2);

    // Nothing changed: the revision stays, so caches of the files stay valid.
    const again = await indexProject(db, project.id, memorySource('shop', next));
    expect(again.changes).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 13 });
    expect((await db.projects.get(project.id))!.filesRevision).toBe(2);
  });

  it('does not read files whose size and modification time are unchanged', async () => {
    const files = {
      'a.ts': { content: 'export const a = 1;\n', lastModified: 100 },
      'b.ts': { content: 'export const b = 1;\n', lastModified: 100 },
    };
    const { project, source } = await attach(files);
    await indexProject(db, project.id, source);
    let reads = 0;
    const counting = memorySource('shop', files);
    const list = counting.root.list.bind(counting.root);
    counting.root.list = async () =>
      (await list()).map((e) =>
        e.kind === 'file'
          ? {
              ...e,
              open: async () => {
                const f = await e.open();
                return {
                  ...f,
                  size: f.size,
                  lastModified: f.lastModified,
                  arrayBuffer: () => ((reads += 1), f.arrayBuffer()),
                };
              },
            }
          : e,
      );
    const stats = await indexProject(db, project.id, counting);
    expect(reads).toBe(0);
    expect(stats.changes.unchanged).toBe(2);
  });

  it('keeps the user’s profile edits through a re-scan', async () => {
    const { project, source } = await attach(NEXT_APP);
    await indexProject(db, project.id, source);
    await updateProjectProfile(db, project.id, (p) => removeProfileEntry(p, 'library:zod'));
    await indexProject(db, project.id, source);
    const entry = (await db.projects.get(project.id))!.profile!.entries.find((e) => e.id === 'library:zod');
    expect(entry?.removed).toBe(true);
  });

  it('stops at the file limit and says so', async () => {
    const { project, source } = await attach({ 'a.ts': 'a', 'b.ts': 'b', 'c.ts': 'c' });
    const stats = await indexProject(db, project.id, source, { maxFiles: 2 });
    expect(stats.files).toBe(2);
    expect(stats.skipped).toEqual({ limit: 1 });
    expect(stats.examples.limit).toEqual(['c.ts']);
  });

  it('can be cancelled without removing anything', async () => {
    const { project, source } = await attach(NEXT_APP);
    await indexProject(db, project.id, source);
    const controller = new AbortController();
    controller.abort();
    await expect(
      indexProject(db, project.id, memorySource('shop', { 'only.ts': 'x' }), { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect((await projectFilePaths(db, project.id)).length).toBe(13);
  });

  it('deletes a project with its files; its conversations stay, detached', async () => {
    const { project, source } = await attach(NEXT_APP);
    await indexProject(db, project.id, source);
    const chat = await createConversation(db, { projectId: project.id });
    await deleteProject(db, project.id);
    expect(await db.projects.get(project.id)).toBeUndefined();
    expect(await db.projectFiles.where('projectId').equals(project.id).count()).toBe(0);
    const kept = await db.conversations.get(chat.id);
    expect(kept).toBeDefined();
    expect(kept!.projectId).toBeUndefined();
  });

  it('runs one scan per project at a time and reports its progress to subscribers', async () => {
    const { project, source } = await attach(NEXT_APP);
    const scans = new ProjectScans();
    const seen: string[] = [];
    scans.subscribe(() => seen.push(scans.get(project.id)?.progress.phase ?? 'finished'));
    const first = scans.start(db, project.id, source);
    expect(scans.start(db, project.id, source)).toBe(first);
    const stats = await first.done;
    expect(stats.files).toBe(13);
    expect(scans.get(project.id)).toBeUndefined();
    expect(seen).toContain('reading');
    expect(seen[seen.length - 1]).toBe('finished');
  });
});
