import { describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { safeFolderName, workspaceZip } from '@/lib/planner/deliver/zip';
import { isCodelumiError } from '@/lib/core/errors';

const files = [
  { path: 'src/todo/cli.py', content: 'import argparse\n\ndef main():\n    print("héllo ✓")\n' },
  { path: 'README.md', content: '# Todo\n' },
  { path: 'tests/test_cli.py', content: 'from todo.cli import main\n' },
  { path: 'src/todo/__init__.py', content: '' },
];

describe('workspaceZip', () => {
  it('holds every workspace file byte for byte under one folder named after the plan, and nothing else', () => {
    const { name, bytes } = workspaceZip('Todo CLI in Python!', files);
    expect(name).toBe('Todo-CLI-in-Python.zip');
    const entries = unzipSync(bytes);
    const fileEntries = Object.keys(entries).filter((k) => !k.endsWith('/'));
    expect(fileEntries.sort()).toEqual(files.map((f) => `Todo-CLI-in-Python/${f.path}`).sort());
    for (const f of files) {
      const got = entries[`Todo-CLI-in-Python/${f.path}`];
      expect(got).toEqual(new TextEncoder().encode(f.content));
      expect(strFromU8(got)).toBe(f.content);
    }
  });

  it('gives the same bytes for the same files whatever their order and whenever it runs', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date(2026, 0, 1, 9, 0, 0));
      const a = workspaceZip('Plan', files).bytes;
      vi.setSystemTime(new Date(2031, 6, 15, 17, 33, 20));
      const b = workspaceZip('Plan', [...files].reverse()).bytes;
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a path that could leave the folder, with a message naming it', () => {
    for (const path of ['../evil.sh', '/etc/passwd', 'a/../../b', 'C:/x.txt', 'a\\b.txt', '']) {
      let caught: unknown;
      try {
        workspaceZip('Plan', [{ path, content: 'x' }]);
      } catch (err) {
        caught = err;
      }
      expect(isCodelumiError(caught) && caught.code, path).toBe('invalid:path');
    }
  });

  it('refuses two files at one path and a file where another needs a folder', () => {
    expect(() =>
      workspaceZip('Plan', [
        { path: 'a.txt', content: '1' },
        { path: 'a.txt', content: '2' },
      ]),
    ).toThrow(/claim the path/);
    expect(() =>
      workspaceZip('Plan', [
        { path: 'src', content: '1' },
        { path: 'src/a.ts', content: '2' },
      ]),
    ).toThrow(/claim the path/);
  });

  it('compares paths in their one spelling: a//b and ./a/b are a/b, so two of them clash', () => {
    expect(() =>
      workspaceZip('Plan', [
        { path: 'src//a.ts', content: '1' },
        { path: './src/a.ts', content: '2' },
      ]),
    ).toThrow(/claim the path/);
  });

  it('keeps a file named __proto__ as an ordinary entry', () => {
    const entries = unzipSync(workspaceZip('Plan', [{ path: '__proto__/x.txt', content: 'ok' }]).bytes);
    expect(strFromU8(entries['Plan/__proto__/x.txt'])).toBe('ok');
  });
});

describe('safeFolderName', () => {
  it('keeps letters, digits and - _ . only, and never gives an empty or hidden name', () => {
    expect(safeFolderName('Café au lait: a React app')).toBe('Cafe-au-lait-a-React-app');
    expect(safeFolderName('../../etc')).toBe('etc');
    expect(safeFolderName('...')).toBe('workspace');
    expect(safeFolderName('日本語')).toBe('workspace');
    expect(safeFolderName('x'.repeat(100))).toHaveLength(60);
  });
});
