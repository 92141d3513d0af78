import { describe, expect, it } from 'vitest';
import { memorySource, type FileSource } from '@/lib/projects/source';
import { walkFolder, type WalkEvent } from '@/lib/projects/walk';
import { decodeText, looksBinary, skipFileByName, skipFolder } from '@/lib/projects/rules';
import { uploadSource, type UploadedFile } from '@/lib/projects/sources/upload';
import {
  canPickFolders,
  ensureReadPermission,
  handleSource,
  pickFolder,
  type DirectoryHandleLike,
  type FileHandleLike,
} from '@/lib/projects/sources/handle';
import { isCodelumiError } from '@/lib/core/errors';
import { NEXT_APP } from './fixtures';

async function events(source: FileSource, maxFileBytes?: number): Promise<WalkEvent[]> {
  const out: WalkEvent[] = [];
  for await (const e of walkFolder(source, { maxFileBytes })) out.push(e);
  return out;
}

const skips = (list: WalkEvent[]) =>
  Object.fromEntries(list.filter((e) => e.type === 'skip').map((e) => [e.path, (e as { reason: string }).reason]));
const files = (list: WalkEvent[]) => list.filter((e) => e.type === 'file').map((e) => e.path);

describe('skipping rules', () => {
  it('always skips version control, dependency and build folders, reporting each folder once', async () => {
    const list = await events(memorySource('shop', NEXT_APP));
    const skipped = skips(list);
    expect(skipped['.git/']).toBe('vcs');
    expect(skipped['node_modules/']).toBe('dependencies'); // the more telling reason, though .gitignore names it too
    expect(skipped['.next/']).toBe('build-output');
    expect(skipped['coverage/']).toBe('build-output');
    expect(Object.keys(skipped).filter((p) => p.startsWith('node_modules'))).toEqual(['node_modules/']);
  });

  it('skips dependency folders even without a .gitignore', async () => {
    const list = await events(
      memorySource('x', {
        'node_modules/a/index.js': 'x',
        '.venv/bin/python': 'x',
        'vendor/lib.go': 'x',
        'main.go': 'x',
      }),
    );
    expect(skips(list)).toEqual({
      'node_modules/': 'dependencies',
      '.venv/': 'dependencies',
      'vendor/': 'dependencies',
    });
    expect(files(list)).toEqual(['main.go']);
  });

  it('skips binaries by extension, lockfiles, minified files and likely secrets by name', async () => {
    const skipped = skips(await events(memorySource('shop', NEXT_APP)));
    expect(skipped['public/logo.png']).toBe('binary');
    expect(skipped['pnpm-lock.yaml']).toBe('lockfile');
    expect(skipped['public/app.min.js']).toBe('generated');
    expect(skipped['.env.local']).toBe('ignored');
    expect(skipFileByName('config/.env')).toBe('secret');
    expect(skipFileByName('.env.production')).toBe('secret');
    expect(skipFileByName('.env.example')).toBeUndefined();
    expect(skipFileByName('certs/server.pem')).toBe('secret');
    expect(skipFileByName('src/app.ts')).toBeUndefined();
    expect(skipFolder('src')).toBeUndefined();
    expect(skipFolder('target')).toBe('build-output');
  });

  it('skips files over the size limit without reading them', async () => {
    let read = false;
    const source: FileSource = {
      name: 'big',
      origin: 'memory',
      root: {
        kind: 'directory',
        name: 'big',
        list: async () => [
          {
            kind: 'file',
            name: 'huge.json',
            open: async () => ({
              size: 600 * 1024,
              lastModified: 1,
              arrayBuffer: async () => ((read = true), new ArrayBuffer(0)),
            }),
          },
          {
            kind: 'file',
            name: 'small.ts',
            open: async () => ({ size: 10, lastModified: 1, arrayBuffer: async () => new ArrayBuffer(10) }),
          },
        ],
      },
    };
    const list = await events(source);
    expect(skips(list)).toEqual({ 'huge.json': 'too-large' });
    expect(files(list)).toEqual(['small.ts']);
    expect(read).toBe(false);
    expect(skips(await events(memorySource('x', { 'a.txt': 'x'.repeat(200) }), 100))).toEqual({ 'a.txt': 'too-large' });
  });

  it('walks in a stable order: by name, depth first', async () => {
    const list = await events(memorySource('x', { 'b.ts': '', 'a/z.ts': '', 'a/b/c.ts': '', 'A.md': '' }));
    expect(files(list)).toEqual(['A.md', 'a/b/c.ts', 'a/z.ts', 'b.ts']);
  });
});

describe('binary sniffing and text decoding', () => {
  it('calls bytes with a NUL in the first 8000 binary, as git does', () => {
    expect(looksBinary(new Uint8Array([0x41, 0x00, 0x42]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('plain text'))).toBe(false);
    const late = new Uint8Array(9000).fill(0x41);
    late[8500] = 0;
    expect(looksBinary(late)).toBe(false);
  });

  it('decodes UTF-8, drops a byte-order mark and normalizes Windows line ends', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('héllo\r\nwörld\r\n')]);
    expect(decodeText(bom)).toBe('héllo\nwörld\n');
  });

  it('refuses UTF-16 (NUL bytes) and bytes that are mostly invalid UTF-8', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]))).toBeUndefined();
    expect(decodeText(new Uint8Array(200).fill(0xc3).map((b, i) => (i % 2 ? 0x28 : b)))).toBeUndefined();
    // One stray Latin-1 byte in a long text is still text.
    const latin = new TextEncoder().encode('// caf'.padEnd(500, 'x'));
    expect(decodeText(new Uint8Array([...latin, 0xe9]))).toBeDefined();
  });
});

describe('file sources', () => {
  it('reads an upload of a folder through the files’ relative paths', async () => {
    const file = (path: string, text: string): UploadedFile => {
      const bytes = new TextEncoder().encode(text);
      return {
        name: path.split('/').pop()!,
        webkitRelativePath: path,
        size: bytes.length,
        lastModified: 5,
        arrayBuffer: async () => bytes.buffer as ArrayBuffer,
      };
    };
    const source = uploadSource([
      file('demo/src/a.ts', 'a'),
      file('demo/.gitignore', 'generated/\n'),
      file('demo/generated/a.js', 'x'),
      file('demo/README.md', 'r'),
    ])!;
    expect(source.name).toBe('demo');
    expect(source.origin).toBe('upload');
    const list = await events(source);
    expect(files(list)).toEqual(['.gitignore', 'README.md', 'src/a.ts']);
    expect(skips(list)).toEqual({ 'generated/': 'ignored' });
    expect(uploadSource([])).toBeUndefined();
  });

  it('reads a picked folder through its handle, and asks for permission again when it was forgotten', async () => {
    const fileHandle = (name: string, text: string): FileHandleLike => ({
      kind: 'file',
      name,
      getFile: async () => {
        const bytes = new TextEncoder().encode(text);
        return { size: bytes.length, lastModified: 7, arrayBuffer: async () => bytes.buffer as ArrayBuffer };
      },
    });
    const dir = (
      name: string,
      children: (FileHandleLike | DirectoryHandleLike)[],
      extra: Partial<DirectoryHandleLike> = {},
    ): DirectoryHandleLike => ({
      kind: 'directory',
      name,
      values: async function* () {
        yield* children;
      },
      ...extra,
    });
    let permission: PermissionState = 'prompt';
    const asked: string[] = [];
    const root = dir(
      'app',
      [
        fileHandle('main.py', 'print(1)'),
        dir('__pycache__', [fileHandle('x.pyc', 'x')]),
        dir('pkg', [fileHandle('mod.py', 'x = 1')]),
      ],
      {
        queryPermission: async () => permission,
        requestPermission: async () => {
          asked.push('read');
          return (permission = 'granted');
        },
      },
    );
    const list = await events(handleSource(root));
    expect(files(list)).toEqual(['main.py', 'pkg/mod.py']);
    expect(skips(list)).toEqual({ '__pycache__/': 'build-output' });

    await ensureReadPermission(root);
    expect(asked).toEqual(['read']);
    await ensureReadPermission(root);
    expect(asked).toEqual(['read']);

    const refusing = dir('x', [], { queryPermission: async () => 'prompt', requestPermission: async () => 'denied' });
    const err = await ensureReadPermission(refusing).catch((e) => e);
    expect(isCodelumiError(err) && err.code).toBe('denied:folder');
  });

  it('knows whether the browser can pick folders, and treats a cancelled pick as no folder', async () => {
    expect(canPickFolders({})).toBe(false);
    const cancelled = {
      showDirectoryPicker: async () => Promise.reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })),
    };
    expect(canPickFolders(cancelled)).toBe(true);
    expect(await pickFolder(cancelled)).toBeUndefined();
  });
});
