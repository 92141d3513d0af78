/**
 * The Planner's tables in the archive: plans, their step runs and workspace
 * file versions go out and come back exactly; a plan started from a
 * conversation in the bin stays out with everything it wrote; a damaged
 * plan row is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { exportArchive } from '@/lib/archive/export';
import { importArchive } from '@/lib/archive/import';
import { readLines } from '@/lib/archive/lines';
import { currentFiles } from '@/lib/planner/workspace';
import { isCodelumiError } from '@/lib/core/errors';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';
import { fillEverything } from './sample';

let factory: IDBFactory;
let source: CodelumiDB;
let target: CodelumiDB;
beforeEach(async () => {
  factory = new IDBFactory();
  source = freshDatabase(factory);
  target = freshDatabase(factory);
  await fillEverything(source);
});
afterEach(() => {
  source.close();
  target.close();
});

const exportAll = () => exportArchive(source, { app: '0.1.0', projectFiles: true, now: () => 42 });
const importInto = (file: Blob, mode: 'replace' | 'merge' = 'replace') =>
  importArchive(target, file, { mode, platform: { indexedDB: factory, IDBKeyRange } });

type Line = { t?: string; r?: Record<string, unknown>; tables?: Record<string, number> };

async function lines(blob: Blob): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of readLines(blob)) out.push(JSON.parse(line.text) as Line);
  return out;
}

describe('plans in the archive', () => {
  it('carries plans, step runs and every file version, and restores them row for row', async () => {
    const file = await exportAll();
    const [header] = await lines(file);
    expect(header!.tables).toMatchObject({ plans: 1, planSteps: 1, workspaceFiles: 2 });
    await importInto(file);
    for (const t of ['plans', 'planSteps', 'workspaceFiles'] as const)
      expect(await target.table(t).toArray()).toEqual(await source.table(t).toArray());
    expect((await currentFiles(target, 'pl1')).map((f) => [f.path, f.content, f.source])).toEqual([
      ['src/useClicks.ts', 'export const useClicks = () => 1;', 'user'],
    ]);
  });

  it('merges a plan changed on both sides by its later updatedAt', async () => {
    const file = await exportAll();
    await importInto(file);
    await target.plans.update('pl1', { title: 'Older here', updatedAt: 1 });
    const report = await importInto(file, 'merge');
    expect(report.updated.plans).toBe(1);
    expect((await target.plans.get('pl1'))?.title).toBe('A hook that counts clicks');
  });

  it('leaves out a plan started from a conversation in the bin, with its step runs and files', async () => {
    await source.conversations.update('c1', { deletedAt: Date.now() });
    const rows = await lines(await exportAll());
    expect(rows.filter((l) => l.t === 'plans' || l.t === 'planSteps' || l.t === 'workspaceFiles')).toEqual([]);
    expect(JSON.stringify(rows)).not.toContain('useClicks');
  });

  it('refuses an archive whose step run has a status no version of the app wrote, and changes nothing', async () => {
    const rows = await lines(await exportAll());
    const broken = rows.map((l) => (l.t === 'planSteps' ? { ...l, r: { ...l.r, status: 'exploded' } } : l));
    const text = new Blob(broken.map((l) => JSON.stringify(l) + '\n'));
    const err = await importInto(text).catch((e: unknown) => e);
    expect(isCodelumiError(err) && err.code).toBe('invalid:import');
    expect((err as Error).message).toMatch(/planSteps.*status/);
    expect(await target.plans.count()).toBe(0);
  });

  it('carries a failed planning with its error (code and details) and an older plan whose error is a sentence', async () => {
    const failed = {
      ...(await source.plans.get('pl1'))!,
      id: 'pl2',
      status: 'planning-failed' as const,
      plan: { goal: '', files: [], steps: [] },
      error: { code: 'not_found:model' as const, message: 'The model is not installed.', details: { model: 'm' } },
    };
    await source.plans.put(failed);
    await source.plans.update('pl1', { error: 'Step s1 failed its check: retry it, edit its files, or skip it.' });
    await importInto(await exportAll());
    expect(await target.plans.get('pl2')).toEqual(failed);
    expect((await target.plans.get('pl1'))?.error).toMatch(/Step s1 failed/);
  });

  it('refuses a plan whose error is neither a sentence nor an error with a code', async () => {
    const rows = await lines(await exportAll());
    const broken = rows.map((l) => (l.t === 'plans' ? { ...l, r: { ...l.r, error: { message: 'no code' } } } : l));
    const err = await importInto(new Blob(broken.map((l) => JSON.stringify(l) + '\n'))).catch((e: unknown) => e);
    expect(isCodelumiError(err) && err.code).toBe('invalid:import');
    expect(await target.plans.count()).toBe(0);
  });
});
