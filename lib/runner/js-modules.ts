/**
 * The module system of a multi-file JavaScript/TypeScript program in the
 * sandbox: how `require('./util')` (and the `import`s the transpiler turns
 * into `require`) finds a file among the program's files, and a CommonJS
 * registry that runs each module once, in the order it is first required,
 * with Node's cycle behaviour (a module required while it is still running
 * gives its exports as they are so far).
 *
 * Framework-free: the worker hands in how a file becomes a module function
 * (transpiled, loaded as a Blob script); the unit tests hand in `vm`.
 * Everything it does while the program runs uses built-ins captured before
 * the program started (intrinsics.ts): a program that replaces
 * `String.prototype.startsWith`, `String`, `RegExp.prototype.exec` or
 * `Map.prototype.get` changes neither its own imports nor the tests'. The
 * tests file's `require` also tries the harness's own modules (`vitest`,
 * `node:assert`, …) before any resolution (`preferred`), so no file of the
 * program can stand in for them.
 */
import {
  StringCtor,
  apply,
  join,
  mapGet,
  mapHas,
  mapSet,
  pop,
  push,
  regExpExec,
  stringEndsWith,
  stringLastIndexOf,
  stringSlice,
  stringStartsWith,
} from './intrinsics';

const assign = Object.assign;
const mapDeleteFn = Map.prototype.delete as (this: unknown, k: unknown) => boolean;
const mapDelete = (m: Map<unknown, unknown>, k: unknown) => apply(mapDeleteFn as (...a: unknown[]) => unknown, m, [k]);

/** The extensions a relative import may leave out, in the order they are tried. */
export const MODULE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.json'] as const;

/** What `resolveModule` found: a file of the program, or why there is none. */
export type Resolution = { path: string } | { missing: 'file' | 'package' };

const isRelative = (s: string) =>
  s === '.' || s === '..' || stringStartsWith(s, './') || stringStartsWith(s, '../') || stringStartsWith(s, '/');

/** `s` cut at each '/', by indexing (a string's own characters, which no program can replace). */
function splitSlash(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s[i] === '/') {
      push(parts, stringSlice(s, start, i));
      start = i + 1;
    }
  }
  return parts;
}

/** The folder of a workspace path ('' at the root). */
export function dirnameOf(path: string): string {
  const i = stringLastIndexOf(path, '/');
  return i < 0 ? '' : stringSlice(path, 0, i);
}

/** `spec` joined to `dir` and normalised, or undefined when it leaves the workspace. */
function join2(dir: string, spec: string): string | undefined {
  const parts: string[] = [];
  const start = stringStartsWith(spec, '/') ? [] : dir ? splitSlash(dir) : [];
  for (let i = 0; i < start.length; i++) push(parts, start[i]);
  const rest = splitSlash(spec);
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i];
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      pop(parts);
    } else push(parts, seg);
  }
  return join(parts, '/');
}

/**
 * Where `specifier`, imported from the file at `from`, leads among the
 * program's files (`has` says which paths exist), as Node and TypeScript
 * bundlers find it: the exact path, then with each of MODULE_EXTENSIONS,
 * then a `.js`/`.jsx`/`.mjs`/`.cjs` written for a TypeScript file, then the
 * folder's `index` file. A bare name (`react`) is a package.
 */
export function resolveModule(specifier: string, from: string, has: (path: string) => boolean): Resolution {
  if (!isRelative(specifier)) return { missing: 'package' };
  const target = join2(dirnameOf(from), specifier);
  if (target === undefined) return { missing: 'file' };
  const folderOnly = stringEndsWith(specifier, '/') || specifier === '.' || specifier === '..' || target === '';
  const candidates: string[] = [];
  if (!folderOnly) {
    push(candidates, target);
    for (let i = 0; i < MODULE_EXTENSIONS.length; i++) push(candidates, target + MODULE_EXTENSIONS[i]);
    // TypeScript's own convention: `import './util.js'` means util.ts when that is the file there is.
    const m = regExpExec(/^(.*)\.(m|c)?(js|jsx)$/, target);
    if (m) {
      const base = m[1];
      const mc = m[2] ?? '';
      if (m[3] === 'js') push(candidates, `${base}.${mc}ts`);
      push(candidates, `${base}.tsx`);
    }
  }
  const prefix = target === '' ? '' : `${target}/`;
  for (let i = 0; i < MODULE_EXTENSIONS.length; i++) push(candidates, `${prefix}index${MODULE_EXTENSIONS[i]}`);
  for (let i = 0; i < candidates.length; i++) if (has(candidates[i])) return { path: candidates[i] };
  return { missing: 'file' };
}

/** A module as its file's code sees it. */
export interface ModuleRecord {
  id: string;
  filename: string;
  path: string;
  exports: unknown;
  loaded: boolean;
}

/** A module's code: the CommonJS wrapper's parameters. Returns a promise for the entry and the tests (top-level await). */
export type ModuleFunction = (
  require: unknown,
  module: ModuleRecord,
  exports: unknown,
  process: unknown,
  filename: string,
  dirname: string,
) => unknown;

export interface ModuleSystemOptions {
  /** True when the program has a file at `path`. */
  has(path: string): boolean;
  /** The file's module function; throws (with its file and line) when it does not compile. */
  compile(path: string): ModuleFunction;
  /** A name that is not a relative path: the sandbox's own modules (assert, vitest, …); throws when it has none. */
  builtin(name: string, from: string): unknown;
  /** What each module gets as `process`. */
  process: unknown;
  /**
   * Modules that win over any resolution for the file at `from` (the tests
   * file's harness modules: `vitest`, `node:assert`, …): `{ value }` for a
   * name it has, undefined otherwise. Asked before the name is looked at.
   */
  preferred?(name: string, from: string): { value: unknown } | undefined;
}

/** The error a failed import throws: Node's wording, and `code` 'MODULE_NOT_FOUND'. */
export function moduleNotFound(specifier: string, from: string, kind: 'file' | 'package'): Error {
  const message =
    kind === 'package'
      ? `Cannot find package '${specifier}' imported from ${from}: packages are not available in the sandbox (it runs the program's own files, without npm packages, Node built-ins or network)`
      : `Cannot find module '${specifier}' imported from ${from}`;
  const err = new Error(message) as Error & { code?: string };
  err.code = 'MODULE_NOT_FOUND';
  return err;
}

/**
 * Creates the program's module registry. `run(path)` runs a file as a module
 * (once: a second call gives the first call's result) and returns what its
 * function returned; `requireFrom(path)` is the `require` that file's code gets.
 */
export function createModuleSystem(options: ModuleSystemOptions) {
  const cache = new Map<string, ModuleRecord>();
  const results = new Map<string, unknown>();
  let main: ModuleRecord | undefined;

  function record(path: string): ModuleRecord {
    return { id: `/${path}`, filename: `/${path}`, path, exports: {}, loaded: false };
  }

  function run(path: string): unknown {
    if (mapHas(cache, path)) return mapGet(results, path);
    const module = record(path);
    main ??= module;
    // In the cache before it runs: a cycle back to it gets its exports so far, as in Node.
    mapSet(cache, path, module);
    let result: unknown;
    try {
      const fn = options.compile(path);
      result = apply(fn as (...a: unknown[]) => unknown, module.exports, [
        requireFrom(path),
        module,
        module.exports,
        options.process,
        module.filename,
        `/${dirnameOf(path)}`,
      ]);
    } catch (e) {
      // As in Node: a module that threw is not kept, so requiring it again runs it again (and throws again).
      mapDelete(cache as Map<unknown, unknown>, path);
      throw e;
    }
    mapSet(results, path, result);
    module.loaded = true;
    return result;
  }

  function resolve(specifier: string, from: string): string {
    const r = resolveModule(specifier, from, options.has);
    if ('path' in r) return r.path;
    throw moduleNotFound(specifier, from, r.missing);
  }

  function requireFrom(from: string) {
    const require = (specifier: unknown) => {
      if (typeof specifier === 'string' && options.preferred) {
        const own = options.preferred(specifier, from);
        if (own) return own.value;
      }
      const spec = StringCtor(specifier);
      if (!isRelative(spec)) {
        try {
          return options.builtin(spec, from);
        } catch (e) {
          if ((e as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND')
            throw moduleNotFound(spec, from, 'package');
          throw e;
        }
      }
      const path = resolve(spec, from);
      run(path);
      return (mapGet(cache, path) as ModuleRecord).exports;
    };
    const cacheView: Record<string, ModuleRecord> = {};
    return assign(require, {
      resolve: (specifier: unknown) => `/${resolve(StringCtor(specifier), from)}`,
      get main() {
        return main;
      },
      cache: cacheView,
    });
  }

  return {
    run,
    requireFrom,
    /** True once the file at `path` has started running. */
    started: (path: string) => mapHas(cache, path),
  };
}
