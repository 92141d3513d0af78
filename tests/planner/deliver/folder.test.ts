import { describe, expect, it } from 'vitest';
import { folderChanges, writeToFolder } from '@/lib/planner/deliver/folder';
import { ensureWritePermission, projectFolderHandle } from '@/lib/planner/deliver/folder-handle';
import { isCodelumiError } from '@/lib/core/errors';
import { createProject, saveProjectHandle } from '@/lib/db/projects';
import { freshDatabase } from '../../support/db';
import { fakeFolder } from './fake-folder';

const workspace = [
  { path: 'src/app.py', content: 'print("new")\n' },
  { path: 'src/util/strings.py', content: 'def up(s):\n    return s.upper()\n' },
  { path: 'README.md', content: '# App\n' },
  { path: 'setup.cfg', content: '[metadata]\n' },
];

async function codeOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return isCodelumiError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('folderChanges', () => {
  it('lists each file as created, changed with a line diff, or unchanged, and writes nothing', async () => {
    const folder = fakeFolder('project', {
      'src/app.py': 'print("old")\n',
      'README.md': '# App\n',
      'keep.txt': 'mine',
    });
    const changes = await folderChanges(folder.handle, workspace);
    expect(changes.map((c) => [c.path, c.action])).toEqual([
      ['README.md', 'unchanged'],
      ['setup.cfg', 'create'],
      ['src/app.py', 'change'],
      ['src/util/strings.py', 'create'],
    ]);
    const app = changes.find((c) => c.path === 'src/app.py')!;
    expect(app.before).toBe('print("old")\n');
    expect(app.diff.patch).toContain('-print("old")');
    expect(app.diff.patch).toContain('+print("new")');
    expect([app.diff.added, app.diff.removed]).toEqual([1, 1]);
    expect(changes.find((c) => c.path === 'src/util/strings.py')!.diff.added).toBe(2);
    expect(folder.files()).toEqual({ 'src/app.py': 'print("old")\n', 'README.md': '# App\n', 'keep.txt': 'mine' });
  });

  it('marks a file blocked when a folder of that name is in its place', async () => {
    const folder = fakeFolder('project');
    folder.mkdir('setup.cfg');
    const [change] = await folderChanges(folder.handle, [{ path: 'setup.cfg', content: 'x' }]);
    expect(change.action).toBe('blocked');
    expect(change.reason).toMatch(/folder and a file/);
  });

  it('blocks a path outside the folder without reaching it, and still offers the other files', async () => {
    const folder = fakeFolder('project', { 'outside.txt': 'mine' });
    const sub = await folder.handle.getDirectoryHandle('sub', { create: true });
    const changes = await folderChanges(sub, [
      { path: '../outside.txt', content: 'x' },
      { path: 'ok.txt', content: 'fine' },
    ]);
    expect(changes.map((c) => [c.path, c.action])).toEqual([
      ['../outside.txt', 'blocked'],
      ['ok.txt', 'create'],
    ]);
    expect(changes[0].reason).toMatch(/cannot be used.*Rename the file in the plan/);
    // Even when the user ticks it, a blocked path is never written: the file outside keeps its content.
    const report = await writeToFolder(sub, changes, new Set(['../outside.txt', 'ok.txt']));
    expect(report.map((r) => [r.path, r.status])).toEqual([
      ['../outside.txt', 'failed'],
      ['ok.txt', 'written'],
    ]);
    expect(folder.files()).toEqual({ 'outside.txt': 'mine', 'sub/ok.txt': 'fine' });
  });
});

describe('writeToFolder', () => {
  it('writes only the accepted files, creating folders, and reports every file', async () => {
    const folder = fakeFolder('project', { 'src/app.py': 'print("old")\n', 'README.md': '# App\n' });
    const changes = await folderChanges(folder.handle, workspace);
    const report = await writeToFolder(folder.handle, changes, new Set(['src/util/strings.py', 'setup.cfg']));
    expect(report).toEqual([
      { path: 'README.md', status: 'unchanged' },
      { path: 'setup.cfg', status: 'written' },
      { path: 'src/app.py', status: 'rejected' },
      { path: 'src/util/strings.py', status: 'written' },
    ]);
    expect(folder.files()).toEqual({
      'src/app.py': 'print("old")\n',
      'README.md': '# App\n',
      'setup.cfg': '[metadata]\n',
      'src/util/strings.py': 'def up(s):\n    return s.upper()\n',
    });
  });

  it('reports and writes files under their one spelling, whichever spelling the workspace or the accepts use', async () => {
    const folder = fakeFolder('project', {});
    const changes = await folderChanges(folder.handle, [
      { path: 'src//a.py', content: 'a = 1\n' },
      { path: 'b.py', content: 'b = 2\n' },
    ]);
    expect(changes.map((c) => c.path)).toEqual(['b.py', 'src/a.py']);
    const report = await writeToFolder(folder.handle, changes, new Set(['./src//a.py']));
    expect(report).toEqual([
      { path: 'b.py', status: 'rejected' },
      { path: 'src/a.py', status: 'written' },
    ]);
    expect(folder.files()).toEqual({ 'src/a.py': 'a = 1\n' });
    const twice = await folderChanges(folder.handle, [
      { path: 'a//b.py', content: '1' },
      { path: 'a/b.py', content: '2' },
    ]);
    expect(twice.map((c) => [c.path, c.action, c.after])).toEqual([
      ['a/b.py', 'blocked', '2'],
      ['a/b.py', 'create', '1'],
    ]);
    expect(twice[0].reason).toMatch(/Another file in the workspace has this path/);
  });

  it('never overwrites a file that changed on disk after the diff, and reports it as a conflict', async () => {
    const folder = fakeFolder('project', { 'src/app.py': 'print("old")\n' });
    const changes = await folderChanges(folder.handle, workspace.slice(0, 2));
    folder.put('src/app.py', 'print("edited meanwhile")\n');
    folder.put('src/util/strings.py', 'theirs\n');
    const report = await writeToFolder(folder.handle, changes, new Set(['src/app.py', 'src/util/strings.py']));
    expect(report.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    expect(report[0].reason).toMatch(/changed in the folder/);
    expect(report[1].reason).toMatch(/appeared in the folder/);
    expect(folder.files()).toEqual({ 'src/app.py': 'print("edited meanwhile")\n', 'src/util/strings.py': 'theirs\n' });
  });

  it('treats a file deleted after the diff as a conflict instead of writing it back', async () => {
    const folder = fakeFolder('project', { 'src/app.py': 'print("old")\n' });
    const changes = await folderChanges(folder.handle, workspace.slice(0, 1));
    folder.remove('src/app.py');
    const [result] = await writeToFolder(folder.handle, changes, new Set(['src/app.py']));
    expect(result).toMatchObject({ status: 'conflict', reason: expect.stringMatching(/deleted/) });
    expect(folder.files()).toEqual({});
  });

  it('reports a failed write with its reason, leaves no empty file behind, and still writes the rest', async () => {
    const folder = fakeFolder('project');
    const changes = await folderChanges(folder.handle, workspace);
    const full = new Error('disk full');
    full.name = 'QuotaExceededError';
    folder.failWrite('setup.cfg', full);
    const report = await writeToFolder(folder.handle, changes, new Set(workspace.map((f) => f.path)));
    expect(report.find((r) => r.path === 'setup.cfg')).toEqual({
      path: 'setup.cfg',
      status: 'failed',
      reason: 'The disk or the browser’s storage is full.',
    });
    expect(Object.keys(folder.files()).sort()).toEqual(['README.md', 'src/app.py', 'src/util/strings.py']);
  });

  it('fails a blocked file instead of writing it', async () => {
    const folder = fakeFolder('project');
    folder.mkdir('setup.cfg');
    const changes = await folderChanges(folder.handle, [{ path: 'setup.cfg', content: 'x' }]);
    const [result] = await writeToFolder(folder.handle, changes, new Set(['setup.cfg']));
    expect(result.status).toBe('failed');
  });

  it('refuses a change whose path leaves the folder even when it is accepted', async () => {
    const folder = fakeFolder('project');
    const forged = [
      { path: 'a/../../x', action: 'create' as const, after: 'x', diff: { patch: '', added: 1, removed: 0 } },
    ];
    expect(await codeOf(() => writeToFolder(folder.handle, forged, new Set(['a/../../x'])))).toBe('invalid:path');
    expect(folder.files()).toEqual({});
  });
});

describe('write permission', () => {
  it('asks for read-write permission at that moment and goes on once granted', async () => {
    const folder = fakeFolder('project', {}, { state: 'prompt', answer: 'granted' });
    const changes = await folderChanges(folder.handle, workspace.slice(2));
    expect(folder.permission.requests).toBe(1);
    await writeToFolder(folder.handle, changes, new Set(['README.md']));
    expect(folder.permission.requests).toBe(1);
    expect(folder.files()).toEqual({ 'README.md': '# App\n' });
  });

  it('is a clear error when the user refuses, and nothing is written', async () => {
    const folder = fakeFolder('project', {}, { state: 'prompt', answer: 'denied' });
    expect(await codeOf(() => folderChanges(folder.handle, workspace))).toBe('denied:folder_write');
    const changes = [
      { path: 'README.md', action: 'create' as const, after: 'x', diff: { patch: '', added: 1, removed: 0 } },
    ];
    let message = '';
    try {
      await writeToFolder(folder.handle, changes, new Set(['README.md']));
    } catch (err) {
      message = (err as Error).message;
      expect(isCodelumiError(err) && err.code).toBe('denied:folder_write');
    }
    expect(message).toContain('“project”');
    expect(folder.files()).toEqual({});
  });

  it('accepts a handle without permission calls (the origin private file system)', async () => {
    const folder = fakeFolder('opfs');
    const { queryPermission: _q, requestPermission: _r, ...bare } = folder.handle;
    await expect(ensureWritePermission(bare as typeof folder.handle)).resolves.toBeUndefined();
  });
});

describe('projectFolderHandle', () => {
  it('gives back the folder kept when the project was attached, and nothing for an uploaded one', async () => {
    const db = freshDatabase();
    const folder = fakeFolder('kept');
    const picked = await createProject(db, { name: 'kept', source: 'folder' });
    const uploaded = await createProject(db, { name: 'up', source: 'upload' });
    // fake-indexeddb clones stored values, so the kept handle comes back as a copy; the browser keeps the real one.
    await saveProjectHandle(db, picked.id, { kind: 'directory', name: 'kept' } as unknown as FileSystemDirectoryHandle);
    expect((await projectFolderHandle(db, picked.id))?.name).toBe(folder.handle.name);
    expect(await projectFolderHandle(db, uploaded.id)).toBeUndefined();
    db.close();
  });
});
