/**
 * A TEST DOUBLE of the sandbox for the Planner's tests under Node: runs a
 * multi-file JavaScript/TypeScript check (`CheckInput`: the code, its tests
 * and the other files, ES modules importing each other by relative path) in
 * a node:vm context, with Sucrase turning the modules into CommonJS and a
 * minimal `test`/`expect`. Only for tests: the app's checks run in the real
 * sandbox (lib/runner). Python is not run here (an `unavailable` error).
 */
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import { transform } from 'sucrase';
import type { RunResult } from '@/lib/runner/host';
import type { CheckInput } from '@/lib/planner/step-check';

const ENDINGS = ['', '.js', '.ts', '.mjs', '.jsx', '.tsx', '/index.js', '/index.ts'];

function resolve(from: string, spec: string, modules: Map<string, string>): string | undefined {
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  const base = parts.join('/');
  return ENDINGS.map((e) => base + e).find((p) => modules.has(p));
}

function result(
  status: RunResult['status'],
  passed: number,
  failed: number,
  out: string[],
  error?: RunResult['error'],
): RunResult {
  return {
    status,
    passed,
    failed,
    durationMs: 0,
    stdout: out.join('\n'),
    stderr: '',
    truncated: false,
    error,
    wallMs: 0,
  };
}

/** Runs `input` as the sandbox would (see the module's comment); every check it is given runs. */
export async function vmRunCheck(input: CheckInput): Promise<RunResult> {
  if (input.language === 'python') return result('error', 0, 0, [], { kind: 'unavailable', message: 'No Python here' });
  const modules = new Map<string, string>(input.files.map((f) => [f.path, f.content]));
  modules.set(input.path, input.code);
  if (input.testsPath && input.tests !== undefined) modules.set(input.testsPath, input.tests);
  const out: string[] = [];
  const tests: { name: string; fn: () => unknown }[] = [];
  const expect = (actual: unknown) => ({
    toBe: (want: unknown) => {
      if (!Object.is(actual, want)) throw new Error(`expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`);
    },
    toEqual: (want: unknown) => {
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(want))))
        throw new Error(`expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`);
    },
  });
  const context = vm.createContext({
    console: { log: (...a: unknown[]) => out.push(a.join(' ')) },
    test: (name: string, fn: () => unknown) => tests.push({ name, fn }),
    expect,
  });
  const cache = new Map<string, { exports: unknown }>();
  const load = (path: string): unknown => {
    const hit = cache.get(path);
    if (hit) return hit.exports;
    const module = { exports: {} as unknown };
    cache.set(path, module);
    const { code } = transform(modules.get(path)!, { transforms: ['imports', 'typescript'], filePath: path });
    const fn = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, context, { filename: path }) as (
      r: (s: string) => unknown,
      m: { exports: unknown },
      e: unknown,
    ) => void;
    fn(
      (spec) => {
        const target = resolve(path, spec, modules);
        if (!target) throw new Error(`Cannot find module '${spec}' from ${path}`);
        return load(target);
      },
      module,
      module.exports,
    );
    return module.exports;
  };
  try {
    load(input.path);
    if (input.testsPath) load(input.testsPath);
  } catch (err) {
    return result('error', 0, 0, out, { kind: 'runtime', message: (err as Error).message });
  }
  let passed = 0;
  let failed = 0;
  let first: string | undefined;
  for (const t of tests) {
    try {
      await t.fn();
      passed++;
      out.push(`✓ ${t.name}`);
    } catch (err) {
      failed++;
      first ??= `${t.name}: ${(err as Error).message}`;
      out.push(`✗ ${t.name}: ${(err as Error).message}`);
    }
  }
  return failed
    ? result('error', passed, failed, out, { kind: 'tests', message: first! })
    : result('ok', passed, 0, out);
}
