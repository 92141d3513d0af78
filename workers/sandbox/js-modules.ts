/**
 * A multi-file JavaScript/TypeScript program in the sandbox's worker: each
 * file becomes a CommonJS module function (transpiled first when it is
 * TypeScript, JSX or uses `import`/`export`), loaded as a Blob script of its
 * own with `importScripts`, so a stack frame's URL says which file it is in
 * and its line is the file's own. `lib/runner/js-modules.ts` resolves and
 * runs the modules.
 *
 * The tests, then the entry (`code` at its path), are compiled before
 * anything of the program runs: the tests' module function is bound to the
 * harness through the same random-named parameter as a single block's tests,
 * and the program never sees it being defined. Other files compile when
 * first required, with the `importScripts`, `Blob` and `URL` captured when
 * this file loaded.
 *
 * Every file, plain JavaScript included, is parsed by the transpiler on its
 * own before it is wrapped, and its wrapper compiles only when the file
 * leaves the function it is put in as it found it (program.ts): no file can
 * close its wrapper and run code while a script loads. The function a script
 * defines is taken from the global slot only as a plain data property.
 */
import { createModuleSystem, type ModuleFunction } from '../../lib/runner/js-modules';
import {
  compileMessage,
  modulePrefix,
  modulesStack,
  wrapModule,
  wrapTestsModule,
  type LoadedModuleUrl,
} from '../../lib/runner/program';
import { programPaths } from '../../lib/runner/program-files';
import { apply, mapGet, mapHas, push, whenSettled } from '../../lib/runner/intrinsics';
import type { CodeError, RunRequest } from '../../lib/runner/protocol';

/** The transpiler runtime's functions the worker uses. */
export interface Transpiler {
  transpileProgram(
    code: string,
    o: { typescript: boolean; jsx: boolean },
  ): { ok: true; code: string } | { ok: false; error: CodeError };
  findSyntaxError(code: string, o: { typescript: boolean; jsx: boolean }): CodeError | undefined;
  usesModules(code: string): boolean;
}

/** What a loaded program needs from the run to start. */
export interface ProgramRun {
  /** The frozen object the tests' names are bound to, with `require` as the tests file's own. */
  bindingsWith(require: unknown): unknown;
  /** The sandbox's own modules (assert, node:test, vitest, util): throws MODULE_NOT_FOUND for any other name. */
  harnessRequire(name: string): unknown;
  /** A single block's tests' `require`: the sandbox's own modules as the given tests get them. */
  testsRequire: unknown;
  /** The sandbox's own module `name` as the given tests get it (`{ value }`), or undefined when it has none by that name. */
  testsModule(name: string): { value: unknown } | undefined;
  process: unknown;
  /** A single block's `module` (the global one too); a multi-file program gives each file its own. */
  module: unknown;
}

/** A program ready to run: the single block of code, or the entry of a multi-file program. */
export interface LoadedProgram {
  /** Runs the program (then the tests); calls `done` once it settled, or `failed` with what it threw. */
  start(run: ProgramRun, done: () => void, failed: (e: unknown) => void): void;
  /** Where an error happened, as the user reads it: frames in the program only. */
  locate(err: Error & { stack: string }): { text: string; line?: number; column?: number; file?: string };
}

/** A file that did not compile, thrown where it was required; the run reports `error` (kind 'syntax'). */
export class ModuleCompileError extends Error {
  constructor(readonly error: CodeError) {
    super(error.message);
  }
}

type Scope = typeof globalThis & {
  __codelumiModule?: ModuleFunction;
  __codelumiProgram?: (harness: unknown) => ModuleFunction;
};
const scope = globalThis as Scope;
const realImportScripts = importScripts.bind(scope);
const RealBlob = Blob;
const createObjectURL = URL.createObjectURL.bind(URL);
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const deleteProperty = Reflect.deleteProperty;

/**
 * Takes the function a wrapper script just defined out of its global slot:
 * only a plain data property holding a function counts (an accessor the
 * program planted there, to hand back its own function, is refused).
 */
function takeSlot<F>(name: '__codelumiModule' | '__codelumiProgram', path: string): F {
  const d = getOwnPropertyDescriptor(scope, name);
  apply(deleteProperty as (...a: unknown[]) => unknown, undefined, [scope, name]);
  if (!d || !('value' in d) || typeof d.value !== 'function')
    throw new ModuleCompileError({
      kind: 'sandbox',
      message: `The program changed how its files are loaded (self.${name}), so ${path} cannot be loaded.`,
      file: path,
    });
  return d.value as F;
}

const SCRIPT = /\.(?:[mc]?[jt]sx?)$/;
const STYLE_OR_ASSET = /\.(?:css|scss|sass|less|svg|png|jpe?g|gif|webp)$/i;

/**
 * Prepares a multi-file program: compiles its entry and its tests (a
 * compile error comes back as the run's error, with its file and line) and
 * returns how to start it. `t` is the loaded transpiler: files compile when
 * first required, synchronously, so it is there for any of them (and it
 * locates a syntax error that only the engine found).
 */
export function loadModuleProgram(
  req: RunRequest,
  key: string,
  t: Transpiler | undefined,
): { error: CodeError; text: string } | LoadedProgram {
  const paths = programPaths(req);
  const contents = new Map<string, string>();
  for (const f of req.files ?? []) contents.set(f.path, f.content);
  contents.set(paths.code, req.code);
  const hasTests = req.tests !== undefined;
  if (hasTests) contents.set(paths.tests, req.tests!);
  const urls: LoadedModuleUrl[] = [];
  let testsBindings: unknown;

  const optionsFor = (path: string) => {
    const typescript = /\.[mc]?tsx?$/.test(path) || (!SCRIPT.test(path) && req.language === 'typescript');
    const jsx = /\.[jt]sx$/.test(path) || (path === paths.code && !!req.jsx);
    return { typescript, jsx };
  };

  /** The file's script: transpiled when it needs it; throws ModuleCompileError when it does not parse. */
  function scriptOf(path: string, source: string, wrap: (code: string) => { script: string; shift: number }) {
    const opts = optionsFor(path);
    if (!t)
      throw new ModuleCompileError({ kind: 'sandbox', message: 'The TypeScript transpiler could not be loaded.' });
    let code = source;
    if (opts.typescript || opts.jsx || /^[ \t]*(?:import|export)\b/m.test(source)) {
      const r = t.transpileProgram(source, opts);
      if (!r.ok) throw new ModuleCompileError({ ...r.error, file: path });
      code = r.code;
    } else {
      // Plain JavaScript is parsed too, on its own: a file must be a whole program, with nothing left open or closed.
      const bad = t.findSyntaxError(source, opts);
      if (bad) throw new ModuleCompileError({ ...bad, file: path });
    }
    const { script, shift } = wrap(code);
    const url = createObjectURL(new RealBlob([script], { type: 'text/javascript' }));
    try {
      realImportScripts(url);
    } catch (err) {
      const located = t.findSyntaxError(source, opts);
      const raw = compileMessage(String((err as Error)?.message ?? err)).replace(
        /^Failed to execute 'importScripts' on 'WorkerGlobalScope': /,
        'SyntaxError: ',
      );
      const message =
        !located && /await/.test(raw) && path !== paths.code && path !== paths.tests
          ? `${raw} (top-level await works in the entry file and the tests, not in a file they import)`
          : raw;
      throw new ModuleCompileError(located ? { ...located, file: path } : { kind: 'syntax', message, file: path });
    }
    push(urls, { url, path, shift });
  }

  /** A file other than the tests as its module function (the tests are made in start, bound to the run). */
  function compile(path: string): ModuleFunction {
    const source = mapGet(contents as Map<unknown, unknown>, path) as string;
    if (path.endsWith('.json') && path !== paths.code && path !== paths.tests) {
      return (_require, module) => {
        try {
          module.exports = JSON.parse(source);
        } catch (e) {
          throw new ModuleCompileError({ kind: 'syntax', message: `${String((e as Error).message)}`, file: path });
        }
      };
    }
    if (STYLE_OR_ASSET.test(path)) return () => undefined;
    if (!SCRIPT.test(path) && path !== paths.code && path !== paths.tests) {
      const err = new Error(
        `Cannot import '${path}': only JavaScript, TypeScript and JSON files can be imported`,
      ) as Error & { code?: string };
      err.code = 'ERR_UNKNOWN_FILE_EXTENSION';
      throw err;
    }
    scriptOf(path, source, (code) => {
      const isAsync = path === paths.code;
      return { script: wrapModule(code, isAsync, key), shift: modulePrefix(isAsync, key).length };
    });
    return takeSlot<ModuleFunction>('__codelumiModule', path);
  }

  // The tests, then the entry, compile now, before anything of the program runs.
  const early = new Map<string, ModuleFunction | (() => ModuleFunction)>();
  try {
    if (hasTests) {
      // The tests' module function is made once the run's bindings exist (start); its script loads now.
      scriptOf(paths.tests, req.tests!, (code) => wrapTestsModule(code, key));
      const make = takeSlot<(bindings: unknown) => ModuleFunction>('__codelumiProgram', paths.tests);
      early.set(paths.tests, () => make(testsBindings));
    }
    early.set(paths.code, compile(paths.code));
  } catch (e) {
    if (e instanceof ModuleCompileError) {
      const err = e.error;
      return { error: err, text: `${err.file ?? ''}:${err.line ?? '?'}:${err.column ?? '?'}\n${err.message}\n` };
    }
    throw e;
  }

  return {
    start(run, done, failed) {
      const system = createModuleSystem({
        has: (path) => mapHas(contents as Map<unknown, unknown>, path),
        compile: (path) => {
          if (!mapHas(early as Map<unknown, unknown>, path)) return compile(path);
          const f = mapGet(early as Map<unknown, unknown>, path) as ModuleFunction | (() => ModuleFunction);
          return path === paths.tests && hasTests ? (f as () => ModuleFunction)() : (f as ModuleFunction);
        },
        builtin: (name) => run.harnessRequire(name),
        process: run.process,
        // The tests' `vitest`, `node:assert`… are the harness's, whatever files the program has.
        preferred: (name, from) => (from === paths.tests && hasTests ? run.testsModule(name) : undefined),
      });
      testsBindings = run.bindingsWith(system.requireFrom(paths.tests));
      const runTests = () => {
        if (!hasTests || system.started(paths.tests)) return done();
        let result: unknown;
        try {
          result = system.run(paths.tests);
        } catch (e) {
          return failed(e);
        }
        whenSettled(result, done, failed);
      };
      let entry: unknown;
      try {
        entry = system.run(paths.code);
      } catch (e) {
        return failed(e);
      }
      whenSettled(entry, runTests, failed);
    },
    locate: (err) => modulesStack(err.stack, urls),
  };
}
