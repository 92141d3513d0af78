/**
 * An in-memory folder with the File System Access API's shape and rules, for
 * delivery tests: permissions (query, and a request answered by the test),
 * `NotFoundError` for what is missing, `TypeMismatchError` for a file where a
 * folder is asked (and back), names only (a `/` in a name is a `TypeError`,
 * as in Chromium), and writes that land only on `close()`.
 */
import type {
  WritableDirectoryHandleLike,
  WritableFileHandleLike,
  WritableStreamLike,
} from '@/lib/planner/deliver/folder-handle';

type Node = { kind: 'file'; content: string } | { kind: 'directory'; children: Map<string, Node> };

function domError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/** The permission the folder holds, and what the browser answers when asked. */
export interface FakePermission {
  state: PermissionState;
  /** The user's answer to `requestPermission` (granted sets `state`). */
  answer: PermissionState;
  requests: number;
}

export interface FakeFolder {
  handle: WritableDirectoryHandleLike;
  permission: FakePermission;
  /** Every file's content by path. */
  files(): Record<string, string>;
  /** Puts a file (and its folders) in place, as another program would. */
  put(path: string, content: string): void;
  mkdir(path: string): void;
  remove(path: string): void;
  /** Makes the next `write()` under this path throw (a full disk, say). */
  failWrite(path: string, error: Error): void;
}

/** A fresh in-memory folder named `name`, holding `files`. */
export function fakeFolder(
  name = 'project',
  files: Record<string, string> = {},
  permission: Partial<FakePermission> = {},
): FakeFolder {
  const root: Node = { kind: 'directory', children: new Map() };
  const perm: FakePermission = { state: 'granted', answer: 'granted', requests: 0, ...permission };
  const failing = new Map<string, Error>();

  const checkName = (n: string) => {
    if (n === '' || n === '.' || n === '..' || n.includes('/') || n.includes('\\'))
      throw new TypeError(`Name is not allowed: ${n}`);
  };
  const requireWrite = () => {
    if (perm.state !== 'granted') throw domError('NotAllowedError', 'The request is not allowed.');
  };

  function fileHandle(dir: Node & { kind: 'directory' }, fileName: string, path: string): WritableFileHandleLike {
    return {
      kind: 'file',
      name: fileName,
      async getFile() {
        const node = dir.children.get(fileName);
        if (!node || node.kind !== 'file') throw domError('NotFoundError', 'A requested file could not be found.');
        const content = node.content;
        return { text: async () => content };
      },
      async createWritable(): Promise<WritableStreamLike> {
        requireWrite();
        let buffer = '';
        let open = true;
        return {
          async write(data: string) {
            if (!open) throw new TypeError('The stream is closed.');
            const fail = failing.get(path);
            if (fail) {
              failing.delete(path);
              throw fail;
            }
            buffer += data;
          },
          async close() {
            if (!open) throw new TypeError('The stream is closed.');
            open = false;
            dir.children.set(fileName, { kind: 'file', content: buffer });
          },
          async abort() {
            open = false;
          },
        };
      },
    };
  }

  function dirHandle(node: Node & { kind: 'directory' }, dirName: string, prefix: string): WritableDirectoryHandleLike {
    return {
      kind: 'directory',
      name: dirName,
      async getDirectoryHandle(child, options) {
        checkName(child);
        let next = node.children.get(child);
        if (next?.kind === 'file')
          throw domError('TypeMismatchError', 'The path supplied exists, but was not an entry of requested type.');
        if (!next) {
          if (!options?.create) throw domError('NotFoundError', 'A requested file or directory could not be found.');
          requireWrite();
          next = { kind: 'directory', children: new Map() };
          node.children.set(child, next);
        }
        return dirHandle(next, child, `${prefix}${child}/`);
      },
      async getFileHandle(child, options) {
        checkName(child);
        const next = node.children.get(child);
        if (next?.kind === 'directory')
          throw domError('TypeMismatchError', 'The path supplied exists, but was not an entry of requested type.');
        if (!next) {
          if (!options?.create) throw domError('NotFoundError', 'A requested file or directory could not be found.');
          requireWrite();
          node.children.set(child, { kind: 'file', content: '' });
        }
        return fileHandle(node, child, `${prefix}${child}`);
      },
      async removeEntry(child) {
        checkName(child);
        requireWrite();
        if (!node.children.delete(child))
          throw domError('NotFoundError', 'A requested file or directory could not be found.');
      },
      async queryPermission() {
        return perm.state;
      },
      async requestPermission() {
        perm.requests += 1;
        if (perm.answer === 'granted') perm.state = 'granted';
        return perm.answer;
      },
    };
  }

  const dirAt = (segments: string[]) => {
    let node = root as Node & { kind: 'directory' };
    for (const s of segments) {
      let next = node.children.get(s);
      if (!next) node.children.set(s, (next = { kind: 'directory', children: new Map() }));
      if (next.kind !== 'directory') throw new Error(`${s} is a file`);
      node = next;
    }
    return node;
  };
  const put = (path: string, content: string) => {
    const segments = path.split('/');
    dirAt(segments.slice(0, -1)).children.set(segments[segments.length - 1], { kind: 'file', content });
  };
  for (const [path, content] of Object.entries(files)) put(path, content);

  return {
    handle: dirHandle(root as Node & { kind: 'directory' }, name, ''),
    permission: perm,
    files() {
      const out: Record<string, string> = {};
      const walk = (node: Node & { kind: 'directory' }, prefix: string) => {
        for (const [n, child] of node.children) {
          if (child.kind === 'file') out[`${prefix}${n}`] = child.content;
          else walk(child, `${prefix}${n}/`);
        }
      };
      walk(root as Node & { kind: 'directory' }, '');
      return out;
    },
    put,
    mkdir: (path) => void dirAt(path.split('/')),
    remove(path) {
      const segments = path.split('/');
      dirAt(segments.slice(0, -1)).children.delete(segments[segments.length - 1]);
    },
    failWrite: (path, error) => void failing.set(path, error),
  };
}
