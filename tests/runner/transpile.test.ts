import { describe, expect, it } from 'vitest';
import { findSyntaxError, transpileProgram, usesModules } from '@/lib/runner/transpile';
import { PROGRAM_PREFIX, userStack, wrapProgram } from '@/lib/runner/program';

describe('TypeScript and JSX transpiling', () => {
  it('strips types without checking them and keeps line numbers', () => {
    const src =
      "const n: number = 'not a number' as any;\ninterface A { x: number }\nfunction f(a: A): number {\n  return a.x;\n}\nconsole.log(f({ x: 1 }), n);";
    const r = transpileProgram(src, { typescript: true, jsx: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).not.toContain(': number');
    expect(r.code.split('\n').length).toBe(src.split('\n').length);
    expect(r.code.split('\n')[3]).toContain('return a.x');
  });

  it('reports a syntax error with its line and column', () => {
    const r = transpileProgram('const ok = 1;\nconst broken: number = ;\n', { typescript: true, jsx: false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('syntax');
    expect(r.error.line).toBe(2);
    expect(r.error.column).toBeGreaterThan(1);
    expect(r.error.message).toMatch(/^SyntaxError: /);
  });

  it('turns ES module syntax into require/exports the sandbox provides', () => {
    expect(usesModules("import assert from 'node:assert';")).toBe(true);
    expect(usesModules('export function f() {}')).toBe(true);
    expect(usesModules('const importance = 1;')).toBe(false);
    const r = transpileProgram("import assert from 'node:assert';\nexport const x = 1;\nassert.ok(x);", {
      typescript: false,
      jsx: false,
    });
    expect(r.ok && r.code).toContain("require('node:assert')");
  });

  it('leaves plain JavaScript untouched but still finds its syntax errors', () => {
    expect(transpileProgram('console.log(1)', { typescript: false, jsx: false })).toEqual({
      ok: true,
      code: 'console.log(1)',
    });
    expect(findSyntaxError('let a = (1;\n', { typescript: false, jsx: false })?.line).toBe(1);
    expect(findSyntaxError('let a = 1;\n', { typescript: false, jsx: false })).toBeUndefined();
  });
});

describe('program wrapping and stacks', () => {
  it("wraps the program on its first line so line numbers stay the user's", () => {
    const wrapped = wrapProgram('a();\nb();');
    expect(wrapped.startsWith(PROGRAM_PREFIX + 'a();')).toBe(true);
    expect(wrapped.split('\n')[1]).toBe('b();');
  });

  it("rewrites stack frames in the program to main.js lines and drops the sandbox's frames", () => {
    const url = 'blob:null/1234-abcd';
    const stack = [
      "TypeError: Cannot read properties of null (reading 'x')",
      `    at f (${url}:3:9)`,
      `    at self.__codelumiProgram (${url}:1:${PROGRAM_PREFIX.length + 5})`,
      '    at runJavaScript (blob:null/worker:1:2000)',
    ].join('\n');
    const r = userStack(stack, url, 'main.js');
    expect(r.line).toBe(3);
    expect(r.column).toBe(9);
    expect(r.text).toContain('at f (main.js:3:9)');
    expect(r.text).toContain('(main.js:1:5)');
    expect(r.text).not.toContain('runJavaScript');
  });
});
