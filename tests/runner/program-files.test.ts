import { describe, expect, it } from 'vitest';
import { MAX_PROGRAM_FILES, pathProblem, programTreeProblem } from '@/lib/runner/program-files';
import { hostToSandboxSchema, parseMessage } from '@/lib/runner/protocol';
import { readHostMessage } from '@/lib/runner/host-message';
import { SandboxHost } from '@/lib/runner/host';

const tree = (t: Partial<Parameters<typeof programTreeProblem>[0]>) =>
  programTreeProblem({ language: 'javascript', code: '', ...t });

describe('the files of a multi-file program', () => {
  it('accepts workspace-relative POSIX paths', () => {
    for (const p of ['main.py', 'src/app.ts', 'a/b/c/d.json', '.eslintrc.cjs', 'pkg/__init__.py'])
      expect(pathProblem(p), p).toBeUndefined();
  });

  it('refuses absolute paths, .., ., empty folders, backslashes and control characters, saying which', () => {
    expect(pathProblem('/etc/passwd')).toMatch(/absolute/);
    expect(pathProblem('C:/x.js')).toMatch(/absolute/);
    expect(pathProblem('src/../../x.js')).toMatch(/leaves the workspace/);
    expect(pathProblem('./x.js')).toMatch(/\. segment/);
    expect(pathProblem('a//b.js')).toMatch(/empty folder/);
    expect(pathProblem('a/')).toMatch(/empty folder/);
    expect(pathProblem('src\\x.js')).toMatch(/backslash/);
    expect(pathProblem('a\nb.js')).toMatch(/control character/);
    expect(pathProblem('')).toMatch(/no path/);
  });

  it('refuses a path given twice, a file at the code or tests path, and a file that is also a folder', () => {
    const f = (path: string) => ({ path, content: '' });
    expect(tree({ files: [f('a.js'), f('a.js')] })).toBe('"a.js" is given twice (in files and in files)');
    expect(tree({ files: [f('main.js')] })).toBe('"main.js" is given twice (the code and in files)');
    expect(tree({ path: 'src/app.ts', files: [f('src/app.ts')] })).toMatch(/given twice \(the code and in files\)/);
    expect(tree({ tests: 'x', testsPath: 'main.js', files: [] })).toMatch(/given twice \(the code and the tests\)/);
    expect(tree({ files: [f('lib'), f('lib/x.js')] })).toBe('"lib" is a file and also the folder of "lib/x.js"');
    expect(tree({ testsPath: 't.js' })).toMatch(/testsPath is given without tests/);
  });

  it('refuses too many files and too much text', () => {
    const many = Array.from({ length: MAX_PROGRAM_FILES + 1 }, (_, i) => ({ path: `f${i}.js`, content: '' }));
    expect(tree({ files: many })).toMatch(/at most 500 can run/);
    const big = Array.from({ length: 6 }, (_, i) => ({ path: `f${i}.js`, content: 'x'.repeat(1_000_000) }));
    expect(tree({ files: big })).toMatch(/at most 5,000,000 can run/);
  });

  it('leaves a single block of code as it was', () => {
    expect(tree({ tests: 'test()' })).toBeUndefined();
    expect(tree({ files: [] })).toBeUndefined();
  });
});

describe('multi-file requests between the app and the sandbox', () => {
  const run = {
    type: 'run',
    runId: 'r1',
    language: 'typescript',
    code: "import { add } from './calc';",
    timeLimitMs: 10_000,
    outputLimit: 100_000,
  };

  it('the sandbox document accepts exactly the multi-file requests the app schema accepts', () => {
    const samples: unknown[] = [
      { ...run, files: [{ path: 'calc.ts', content: 'export const add = 1;' }] },
      { ...run, path: 'src/main.ts', tests: 't', testsPath: 'tests/main.test.ts', files: [] },
      { ...run, files: [{ path: '../calc.ts', content: '' }] },
      { ...run, files: [{ path: '/calc.ts', content: '' }] },
      { ...run, files: [{ path: 'a\\b.ts', content: '' }] },
      { ...run, files: [{ path: 'main.ts', content: '' }] },
      { ...run, files: [{ path: 'x.ts', content: 1 }] },
      { ...run, files: [{ path: 'x.ts' }] },
      { ...run, files: 'calc.ts' },
      { ...run, path: '' },
      { ...run, testsPath: 'x.ts' },
    ];
    const accepted = samples.map((s) => {
      const zod = parseMessage(hostToSandboxSchema, s);
      const manual = readHostMessage(s);
      expect(manual === undefined, JSON.stringify(s)).toBe(zod === undefined);
      if (zod) expect(manual).toEqual(JSON.parse(JSON.stringify(zod)));
      return zod !== undefined;
    });
    expect(accepted).toEqual([true, true, false, false, false, false, false, false, false, false, false]);
  });

  it('the host refuses a bad tree at once, saying what is wrong, without starting a sandbox', async () => {
    const host = new SandboxHost({ document: { defaultView: null } as unknown as Document, assetBase: '/runner/' });
    const result = await host.run({
      language: 'python',
      code: 'print(1)',
      files: [{ path: '../secrets.py', content: '' }],
    }).done;
    expect(result.status).toBe('error');
    expect(result.error).toEqual({
      kind: 'sandbox',
      message: `The program's files cannot run: the path "../secrets.py" leaves the workspace (..).`,
    });
  });
});
