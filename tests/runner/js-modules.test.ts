import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { createModuleSystem, resolveModule, type ModuleFunction } from '@/lib/runner/js-modules';
import { modulePrefix, modulesStack, wrapModule, type LoadedModuleUrl } from '@/lib/runner/program';
import { transpileProgram } from '@/lib/runner/transpile';
import { AssertionError, createJsHarness } from '@/lib/runner/js-harness';

const has = (paths: string[]) => (p: string) => paths.includes(p);

describe('resolving an import among the program files', () => {
  const files = has([
    'src/app.ts',
    'src/util.ts',
    'src/lib/index.js',
    'lib/math.js',
    'lib/data.json',
    'legacy.cjs',
    'view.tsx',
  ]);

  it('finds relative paths with or without their extension, index files and parent folders', () => {
    expect(resolveModule('./util', 'src/app.ts', files)).toEqual({ path: 'src/util.ts' });
    expect(resolveModule('./util.ts', 'src/app.ts', files)).toEqual({ path: 'src/util.ts' });
    expect(resolveModule('./lib', 'src/app.ts', files)).toEqual({ path: 'src/lib/index.js' });
    expect(resolveModule('./lib/', 'src/app.ts', files)).toEqual({ path: 'src/lib/index.js' });
    expect(resolveModule('../lib/math.js', 'src/app.ts', files)).toEqual({ path: 'lib/math.js' });
    expect(resolveModule('../lib/data.json', 'src/app.ts', files)).toEqual({ path: 'lib/data.json' });
    expect(resolveModule('./legacy', 'main.js', files)).toEqual({ path: 'legacy.cjs' });
    expect(resolveModule('./view', 'main.js', files)).toEqual({ path: 'view.tsx' });
  });

  it('reads a .js import as the TypeScript file that is there (TypeScript convention)', () => {
    expect(resolveModule('./util.js', 'src/app.ts', files)).toEqual({ path: 'src/util.ts' });
    expect(resolveModule('./view.jsx', 'main.ts', files)).toEqual({ path: 'view.tsx' });
  });

  it('says a file is missing, a path leaving the workspace is missing, and a bare name is a package', () => {
    expect(resolveModule('./nope', 'src/app.ts', files)).toEqual({ missing: 'file' });
    expect(resolveModule('../../etc/passwd', 'src/app.ts', files)).toEqual({ missing: 'file' });
    expect(resolveModule('react', 'src/app.ts', files)).toEqual({ missing: 'package' });
    expect(resolveModule('@scope/pkg/sub', 'src/app.ts', files)).toEqual({ missing: 'package' });
  });
});

/** A module system over `sources`, compiled the way the worker does (transpiled, wrapped, loaded as a script per file). */
function program(sources: Record<string, string>, entry: string) {
  const context = vm.createContext({ self: {} as Record<string, unknown> });
  const urls: LoadedModuleUrl[] = [];
  const runs: string[] = [];
  const system = createModuleSystem({
    has: (p) => Object.hasOwn(sources, p),
    compile: (path): ModuleFunction => {
      runs.push(path);
      const typescript = /\.tsx?$/.test(path);
      const r = transpileProgram(sources[path], { typescript, jsx: path.endsWith('x') });
      if (!r.ok) throw new Error(r.error.message);
      const url = `blob:null/${path.replace(/\W/g, '-')}`;
      vm.runInContext(wrapModule(r.code, path === entry), context, { filename: url });
      urls.push({ url, path, shift: modulePrefix(path === entry).length });
      return (context.self as { __codelumiModule: ModuleFunction }).__codelumiModule;
    },
    builtin: (name) => {
      if (name === 'assert') return { ok: true };
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    },
    process: {},
  });
  return { system, urls, runs };
}

describe('the program module registry', () => {
  it('runs ESM, TypeScript and CommonJS modules importing each other, each once', async () => {
    const { system, runs } = program(
      {
        'main.ts': [
          "import { add } from './lib/math';",
          "import double, * as strings from './strings.js';",
          "const legacy = require('./legacy.cjs');",
          "import { twice } from './reexport';",
          'export const out = [add(1, 2), double(4), strings.shout("hi"), legacy.inc(1), twice(5)];',
        ].join('\n'),
        'lib/math.ts': 'export function add(a: number, b: number): number { return a + b; }',
        'strings.js': "export default (n) => n * 2;\nexport const shout = (s) => s.toUpperCase() + '!';",
        'legacy.cjs': "const { add } = require('./lib/math');\nmodule.exports = { inc: (n) => add(n, 1) };",
        'reexport.ts': "export { default as twice } from './strings';\nexport * from './lib/math';",
      },
      'main.ts',
    );
    await system.run('main.ts');
    const exports = system.requireFrom('main.ts')('./main') as { out: unknown[] };
    expect(exports.out).toEqual([3, 8, 'HI!', 2, 10]);
    expect(runs.sort()).toEqual(['legacy.cjs', 'lib/math.ts', 'main.ts', 'reexport.ts', 'strings.js']);
  });

  it('gives a module in a cycle the exports so far, as Node does', async () => {
    const { system } = program(
      {
        'main.js': "const a = require('./a');\nmodule.exports = a.seen;",
        'a.js': "exports.early = 1;\nconst b = require('./b');\nexports.seen = b.seen;\nexports.late = 2;",
        'b.js': "const a = require('./a');\nexports.seen = { early: a.early, late: a.late };",
      },
      'main.js',
    );
    await system.run('main.js');
    expect(system.requireFrom('main.js')('./main')).toEqual({ early: 1, late: undefined });
  });

  it("fails an import of a file not given with Node's words, the importer's name and its line", async () => {
    const { system, urls } = program(
      { 'main.js': "require('./a');", 'a.ts': "const x: number = 1;\nimport { y } from './x';\nexport { y };" },
      'main.js',
    );
    const err = (await Promise.resolve(system.run('main.js')).catch((e: Error) => e)) as Error;
    expect(err.message).toBe("Cannot find module './x' imported from a.ts");
    const where = modulesStack(err.stack!, urls);
    expect({ file: where.file, line: where.line }).toEqual({ file: 'a.ts', line: 2 });
    expect(where.text).toContain('a.ts:2:');
    expect(where.text).toContain('main.js:1:');
  });

  it('says packages are not available for a bare import, and still gives the sandbox modules', async () => {
    const { system } = program({ 'main.js': "module.exports = require('assert');\nrequire('lodash');" }, 'main.js');
    const err = (await Promise.resolve(system.run('main.js')).catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      "Cannot find package 'lodash' imported from main.js: packages are not available in the sandbox (it runs the program's own files, without npm packages, Node built-ins or network)",
    );
  });

  it('maps an error thrown on a module line 1 to the column in the file', async () => {
    const { system, urls } = program({ 'main.js': "require('./boom');", 'boom.js': '  null.x;' }, 'main.js');
    const err = (await Promise.resolve(system.run('main.js')).catch((e: Error) => e)) as Error;
    expect(String(err)).toContain('Cannot read properties of null');
    expect(modulesStack(err.stack!, urls)).toMatchObject({ file: 'boom.js', line: 1, column: 8 });
  });

  it('runs a module again after it threw, as Node does', async () => {
    const { system, runs } = program(
      {
        'main.js': "try { require('./bad'); } catch {}\ntry { require('./bad'); } catch {}",
        'bad.js': "throw new Error('no');",
      },
      'main.js',
    );
    await system.run('main.js');
    expect(runs.filter((p) => p === 'bad.js')).toHaveLength(2);
  });
});

describe('a failed test of a multi-file program', () => {
  it('names where its error was thrown, as the sink locates it', async () => {
    const err: string[] = [];
    const h = createJsHarness({
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      locate: (e) => (e instanceof AssertionError ? 'tests/math.test.ts:9:18' : undefined),
    });
    h.globals.test('wrong', () => h.globals.expect(2).toBe(3));
    h.globals.test('throws', () => {
      throw new TypeError('not located');
    });
    expect(await h.runTests()).toEqual({ passed: 0, failed: 2 });
    expect(err[0]).toMatch(/^✗ wrong\n {4}AssertionError: [^]*\n {4}at tests\/math\.test\.ts:9:18\n$/);
    expect(err[1]).toBe('✗ throws\n    TypeError: not located\n');
  });
});

describe("the tests file's imports cannot be rewired by the program", () => {
  /** The review's P1-2 program: wrong code, a patched String.prototype.startsWith that makes 'vitest' relative, and its own vitest.js. */
  const sources: Record<string, string> = {
    'calc.js': [
      'exports.add = (a, b) => a - b;',
      'const real = String.prototype.startsWith;',
      "String.prototype.startsWith = function (p, ...r) { if (p === './' && String(this) === 'vitest') return true; return real.call(this, p, ...r); };",
      "const realString = globalThis.String; globalThis.String = (v) => (v === 'assert' ? './assert' : realString(v));",
    ].join('\n'),
    'vitest.js': 'exports.test = (n, f) => f(); exports.expect = () => ({ toBe() {} });',
    'assert.js': 'module.exports = () => undefined;',
    'calc.test.js': "const { test, expect } = require('vitest');\nconst { add } = require('./calc');",
  };
  const harnessVitest = { test: 'HARNESS' };
  const harnessAssert = { assert: 'HARNESS' };

  function system(preferred: boolean) {
    return createModuleSystem({
      has: (p) => Object.hasOwn(sources, p),
      compile: (path): ModuleFunction => {
        const r = transpileProgram(sources[path], { typescript: false, jsx: false });
        if (!r.ok) throw new Error(r.error.message);
        // The worker's case: the program and the module system share one global scope.
        vm.runInThisContext(wrapModule(r.code, false).replace('self.__codelumiModule', 'globalThis.__m'));
        return (globalThis as unknown as { __m: ModuleFunction }).__m;
      },
      builtin: (name) => {
        if (name === 'vitest') return harnessVitest;
        if (name === 'assert') return harnessAssert;
        throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
      },
      process: {},
      ...(preferred
        ? {
            preferred: (name: string, from: string) =>
              from === 'calc.test.js' && name === 'vitest' ? { value: harnessVitest } : undefined,
          }
        : {}),
    });
  }

  it("gives the tests the harness's vitest and assert after the program patched startsWith and String", () => {
    const stringPrototype = String.prototype;
    const savedStartsWith = Object.getOwnPropertyDescriptor(stringPrototype, 'startsWith')!;
    const savedString = globalThis.String;
    for (const preferred of [true, false]) {
      const s = system(preferred);
      try {
        s.run('calc.js'); // the entry runs first and patches the built-ins
        const testsRequire = s.requireFrom('calc.test.js') as (name: string) => unknown;
        expect(testsRequire('vitest'), `preferred: ${preferred}`).toBe(harnessVitest);
        expect(testsRequire('assert'), `preferred: ${preferred}`).toBe(harnessAssert);
        // The program's own file is still there for whoever asks for it by its path.
        expect((testsRequire('./vitest') as { test: unknown }).test).toBeTypeOf('function');
      } finally {
        globalThis.String = savedString;
        Object.defineProperty(stringPrototype, 'startsWith', savedStartsWith);
      }
    }
  });

  it('resolves relative imports with captured built-ins (a replaced split or exec changes nothing)', () => {
    const files = has(['src/app.ts', 'src/util.ts', 'lib/math.js']);
    const saved = {
      split: Object.getOwnPropertyDescriptor(String.prototype, Symbol.split),
      exec: RegExp.prototype.exec,
      lastIndexOf: String.prototype.lastIndexOf,
    };
    try {
      Object.defineProperty(String.prototype, Symbol.split, { value: () => ['lib', 'math.js'], configurable: true });
      RegExp.prototype.exec = () => null;
      String.prototype.lastIndexOf = () => -1;
      expect(resolveModule('./util.js', 'src/app.ts', files)).toEqual({ path: 'src/util.ts' });
      expect(resolveModule('../lib/math', 'src/app.ts', files)).toEqual({ path: 'lib/math.js' });
    } finally {
      if (saved.split) Object.defineProperty(String.prototype, Symbol.split, saved.split);
      else delete (String.prototype as unknown as Record<symbol, unknown>)[Symbol.split];
      RegExp.prototype.exec = saved.exec;
      String.prototype.lastIndexOf = saved.lastIndexOf;
    }
  });
});
