/**
 * A project folder as the scanner sees it: a tree of directories and files
 * that can be listed and read. The same scanner serves a folder picked with
 * the File System Access API (./sources/handle.ts), a folder uploaded through
 * `<input webkitdirectory>` (./sources/upload.ts) and, in tests and
 * benchmarks, files held in memory (below).
 */

/** What the scanner needs of a file: its size and time without reading it, and its bytes on demand. `File` fits. */
export interface FileLike {
  readonly size: number;
  readonly lastModified: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface SourceFile {
  readonly kind: 'file';
  readonly name: string;
  /** Opens the file's metadata (a file handle needs a call for it); reading the bytes is a further step. */
  open(): Promise<FileLike>;
}

export interface SourceDirectory {
  readonly kind: 'directory';
  readonly name: string;
  list(): Promise<SourceEntry[]>;
}

export type SourceEntry = SourceFile | SourceDirectory;

export interface FileSource {
  /** The folder's own name (the project's default name). */
  readonly name: string;
  readonly origin: 'folder' | 'upload' | 'memory';
  readonly root: SourceDirectory;
}

/** A file's content in memory: text, bytes, or either with a modification time. */
export type MemoryFile = string | Uint8Array | { content: string | Uint8Array; lastModified?: number };

function memoryFile(value: MemoryFile): FileLike {
  const spec = typeof value === 'string' || value instanceof Uint8Array ? { content: value } : value;
  const bytes = typeof spec.content === 'string' ? new TextEncoder().encode(spec.content) : spec.content;
  return {
    size: bytes.byteLength,
    lastModified: spec.lastModified ?? 0,
    arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer,
  };
}

interface TreeNode {
  dirs: Map<string, TreeNode>;
  files: Map<string, () => FileLike>;
}

const emptyNode = (): TreeNode => ({ dirs: new Map(), files: new Map() });

/** Builds a directory tree from "/"-separated relative paths. */
export function treeFromPaths<T>(entries: Iterable<[path: string, file: T]>, toFile: (file: T) => FileLike): TreeNode {
  const root = emptyNode();
  for (const [path, file] of entries) {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0) continue;
    let node = root;
    for (const dir of parts.slice(0, -1)) {
      let next = node.dirs.get(dir);
      if (!next) node.dirs.set(dir, (next = emptyNode()));
      node = next;
    }
    node.files.set(parts[parts.length - 1], () => toFile(file));
  }
  return root;
}

/** A SourceDirectory over a tree built by `treeFromPaths`. */
export function treeDirectory(name: string, node: TreeNode): SourceDirectory {
  return {
    kind: 'directory',
    name,
    list: async () => [
      ...[...node.dirs].map(([n, child]) => treeDirectory(n, child)),
      ...[...node.files].map(([n, file]): SourceFile => ({ kind: 'file', name: n, open: async () => file() })),
    ],
  };
}

/** A folder held in memory: `{ "src/app.ts": "…", "logo.png": Uint8Array }`. For tests, benchmarks and examples. */
export function memorySource(name: string, files: Record<string, MemoryFile>): FileSource {
  return { name, origin: 'memory', root: treeDirectory(name, treeFromPaths(Object.entries(files), memoryFile)) };
}
