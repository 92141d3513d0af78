/**
 * Multi-file programs through the real sandbox in the production app page
 * (the Planner checks each step this way): modules importing each other in
 * JavaScript/TypeScript and Python, tests in a file of their own that import
 * the program, missing modules, and modules that try to fake the tests.
 */
import { test, expect } from './fixtures';
import { attachRunner } from '../scripts/eval/runner-browser';
import { pythonTestLaunch } from './support/runner';

// Python starts in every test: its WebAssembly runs unoptimised here (see pythonTestLaunch).
test.use({ launchOptions: pythonTestLaunch() });

const JS_FILES = [
  {
    path: 'src/math.ts',
    content:
      'export function add(a: number, b: number): number {\n  return a + b;\n}\nexport default function mul(a: number, b: number): number {\n  return a * b;\n}\n',
  },
  {
    path: 'src/format.js',
    content: "import mul, { add } from './math';\nexport const show = (a, b) => `${add(a, b)} ${mul(a, b)}`;\n",
  },
  {
    path: 'src/legacy.cjs',
    content: "const { add } = require('./math.js');\nmodule.exports = { inc: (n) => add(n, 1) };\n",
  },
  { path: 'src/index.js', content: "export * from './math';\nexport { show } from './format';\n" },
];

const JS_ENTRY = [
  "import { show } from './format';",
  "import { inc } from './legacy.cjs';",
  "console.log('entry ran', show(2, 3), inc(41));",
  'export const answer: number = inc(41);',
].join('\n');

const JS_TESTS = [
  "import { test, expect } from 'vitest';",
  "import { add } from '../src';",
  "import { answer } from '../src/main';",
  "const { inc } = require('../src/legacy.cjs');",
  "test('adds through the index file', () => { expect(add(2, 2)).toBe(4); });",
  "test('sees the entry file exports', () => { expect(answer).toBe(42); });",
  '',
  "test('wrong on purpose', () => {",
  '  expect(inc(1)).toBe(3);',
  '});',
].join('\n');

const PY_FILES = [
  { path: 'shop/__init__.py', content: 'from .cart import Cart\n' },
  {
    path: 'shop/cart.py',
    content:
      'from .prices import price_of\n\n\nclass Cart:\n    def __init__(self):\n        self.items = []\n\n    def add(self, name):\n        self.items.append(name)\n\n    def total(self):\n        return sum(price_of(n) for n in self.items)\n',
  },
  {
    path: 'shop/prices.py',
    content: "PRICES = {'apple': 2, 'pear': 3}\n\n\ndef price_of(name):\n    return PRICES[name]\n",
  },
  { path: 'calc.py', content: 'def add(a, b):\n    return a + b\n' },
];

const PY_ENTRY =
  "from shop import Cart\nfrom calc import add\n\nc = Cart()\nc.add('apple')\nprint('total', c.total(), add(1, 2))\n";

const PY_TESTS = [
  'import pytest',
  'from calc import add',
  'from shop.cart import Cart',
  '',
  'def test_add():',
  '    assert add(2, 3) == 5',
  '',
  'def test_cart():',
  '    c = Cart()',
  "    c.add('pear')",
  '    assert c.total() == 3',
  '',
  'def test_wrong():',
  '    assert add(1, 1) == 3',
  '',
  'def test_unknown_item():',
  '    c = Cart()',
  "    c.add('kiwi')",
  '    with pytest.raises(KeyError):',
  '        c.total()',
  '',
].join('\n');

test.describe('multi-file programs in the sandbox', () => {
  test('JavaScript and TypeScript: ESM, TypeScript and CommonJS modules import each other; the tests file imports them', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(120_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);

    const r = await runner.run({
      language: 'typescript',
      path: 'src/main.ts',
      code: JS_ENTRY,
      files: JS_FILES,
      tests: JS_TESTS,
      testsPath: 'tests/app.test.ts',
      timeLimitMs: 20_000,
    });
    const log = `${JSON.stringify(r.error)}\n${r.stdout}${r.stderr}`;
    // Each module runs once: the entry's line is printed once although the tests import it again.
    expect(r.stdout, log).toBe('entry ran 5 6 42\n✓ adds through the index file\n✓ sees the entry file exports\n');
    expect({ status: r.status, passed: r.passed, failed: r.failed }, log).toEqual({
      status: 'error',
      passed: 2,
      failed: 1,
    });
    expect(r.error, log).toMatchObject({ kind: 'tests', message: '1 test failed', file: 'tests/app.test.ts', line: 9 });
    expect(r.stderr).toContain('✗ wrong on purpose');
    expect(r.stderr).toContain('at tests/app.test.ts:9:');

    // An import of a file not given: Node's words, the importing file and its line.
    const missing = await runner.run({
      language: 'typescript',
      code: "import { one } from './a';\nconsole.log(one);",
      files: [
        { path: 'a.ts', content: "export const one: number = 1;\nimport { two } from './x';\nexport { two };\n" },
      ],
    });
    expect(missing.error, missing.stderr).toMatchObject({
      kind: 'runtime',
      message: "Error: Cannot find module './x' imported from a.ts",
      file: 'a.ts',
      line: 2,
    });
    expect(missing.stderr).toContain('a.ts:2:');

    // A package import says packages are not there.
    const pkg = await runner.run({
      language: 'javascript',
      code: "import _ from 'lodash';",
      files: [],
      path: 'index.js',
    });
    expect(pkg.error?.message).toContain(
      "Cannot find package 'lodash' imported from index.js: packages are not available in the sandbox",
    );

    // A syntax error in an imported file points at that file.
    const broken = await runner.run({
      language: 'javascript',
      code: "require('./lib/broken');",
      files: [{ path: 'lib/broken.js', content: 'const ok = 1;\nconst = 2;\n' }],
    });
    expect(broken.error, broken.stderr).toMatchObject({ kind: 'syntax', file: 'lib/broken.js', line: 2 });

    // A bad tree is refused before it reaches the sandbox.
    const refused = await runner.run({ language: 'javascript', code: '', files: [{ path: '../x.js', content: '' }] });
    expect(refused.error?.message).toBe(
      `The program's files cannot run: the path "../x.js" leaves the workspace (..).`,
    );
  });

  test('JavaScript: a module that rebinds the test functions or ends the program is counted honestly', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(120_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const evil = {
      path: 'evil.js',
      content:
        "globalThis.test = () => {};\nglobalThis.expect = () => ({ toBe() {} });\ntest('fake pass from a module', () => {});\nmodule.exports.leave = () => process.exit(0);\n",
    };
    const rebinds = await runner.run({
      language: 'javascript',
      code: "require('./evil');",
      files: [evil],
      tests: "require('./evil');\ntest('real', () => { expect(1 + 1).toBe(3); });",
      testsPath: 'evil.test.js',
    });
    expect({ status: rebinds.status, failed: rebinds.failed }, rebinds.stderr).toEqual({ status: 'error', failed: 1 });
    expect(rebinds.stderr).toContain('✗ real');

    const exits = await runner.run({
      language: 'javascript',
      code: '',
      files: [evil],
      tests:
        "const { leave } = require('./evil');\ntest('one', () => { expect(1).toBe(1); });\ntest('two', () => { expect(2).toBe(3); });\nleave();",
      testsPath: 'evil.test.js',
    });
    expect({ status: exits.status, passed: exits.passed }, exits.stderr).toEqual({ status: 'error', passed: 0 });
    expect(exits.failed).toBeGreaterThanOrEqual(1);
    expect(exits.error?.message).toContain('process.exit(0) ended the program before its tests');
  });

  test('JavaScript: no file leaves its module wrapper, serves the tests its own vitest or assert, or silences the given tests', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(120_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const wrongAdd = "test('adds', () => { expect(add(1, 2)).toBe(3); });";

    // The review's P1-1 entry: it closes its module function, traps the tests' binder at load time, reopens a function.
    const breakout = await runner.run({
      language: 'javascript',
      code: [
        'exports.add = (a, b) => a - b;',
        '};',
        '(() => {',
        '  let real;',
        '  const m = new Proxy(function () {}, { get: () => m, apply: () => m });',
        "  Object.defineProperty(self, '__codelumiProgram', {",
        '    configurable: true,',
        '    set(v) { real = v; },',
        '    get() { return real && ((h) => real(Object.freeze({ ...h, expect: () => m }))); },',
        '  });',
        '})();',
        'self.__unused = function () {',
      ].join('\n'),
      path: 'calc.js',
      tests: `const { add } = require('./calc');\n${wrongAdd}\ntest('adds again', () => { expect(add(2, 2)).toBe(4); });`,
      testsPath: 'calc.test.js',
    });
    expect({ status: breakout.status, passed: breakout.passed }, breakout.stderr).toEqual({
      status: 'error',
      passed: 0,
    });
    expect(breakout.error, breakout.stderr).toMatchObject({ kind: 'syntax', file: 'calc.js', line: 2 });

    // The review's P1-2 program: 'vitest' and 'assert' made relative or renamed, and files of those names that never fail.
    const fakes = [
      { path: 'vitest.js', content: 'exports.test = (n, f) => f();\nexports.expect = () => ({ toBe() {} });\n' },
      { path: 'assert.js', content: 'module.exports = () => undefined;\nmodule.exports.equal = () => undefined;\n' },
    ];
    const patch = [
      'exports.add = (a, b) => a - b;',
      'const real = String.prototype.startsWith;',
      "String.prototype.startsWith = function (p, ...r) { const s = '' + this; if (p === './' && (s === 'vitest' || s === 'node:assert')) return true; return real.call(this, p, ...r); };",
      "const RealString = String; globalThis.String = (v) => (v === 'node:assert' ? './assert' : v === 'vitest' ? './vitest' : RealString(v));",
    ].join('\n');
    for (const tests of [
      `import { test, expect } from 'vitest';\nimport { add } from './calc';\n${wrongAdd}`,
      "import assert from 'node:assert';\nimport { add } from './calc';\ntest('adds', () => { assert.equal(add(1, 2), 3); });",
    ]) {
      const r = await runner.run({
        language: 'javascript',
        code: patch,
        path: 'calc.js',
        files: fakes,
        tests,
        testsPath: 'calc.test.js',
      });
      expect({ status: r.status, passed: r.passed, failed: r.failed }, `${tests}\n${r.stderr}`).toEqual({
        status: 'error',
        passed: 0,
        failed: 1,
      });
    }

    // The review's P1-3: a module the tests require registers test.only; the given tests still run and fail.
    const only = await runner.run({
      language: 'javascript',
      code: "require('./util');",
      files: [{ path: 'util.js', content: "test.only('program only', () => {});\nexports.add = (a, b) => a - b;\n" }],
      tests: `const { add } = require('./util');\n${wrongAdd}`,
      testsPath: 'util.test.js',
    });
    expect({ status: only.status, passed: only.passed, failed: only.failed }, only.stderr).toEqual({
      status: 'error',
      passed: 1,
      failed: 1,
    });
    expect(only.stderr).toContain('✗ adds');

    // The entry requires the tests file inside its own describe.skip: the run says the given tests did not run.
    const skipped = await runner.run({
      language: 'javascript',
      code: "exports.add = (a, b) => a - b;\ndescribe.skip('hidden', () => { require('./calc.test.js'); });",
      path: 'calc.js',
      tests: `const { add } = require('./calc');\n${wrongAdd}`,
      testsPath: 'calc.test.js',
    });
    expect({ status: skipped.status, passed: skipped.passed, failed: skipped.failed }, skipped.stderr).toEqual({
      status: 'error',
      passed: 0,
      failed: 1,
    });
    expect(skipped.error).toMatchObject({ kind: 'tests' });
    expect(skipped.error?.message).toContain('the program skipped them');
  });

  test('Python: a package, modules and a pytest-style tests file; missing modules; hostile modules; nothing carries over', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(420_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);

    // Python starts cold in each test's fresh browser context; on a loaded machine that takes a while.
    const r = await runner.run({
      language: 'python',
      code: PY_ENTRY,
      files: PY_FILES,
      tests: PY_TESTS,
      testsPath: 'tests/test_shop.py',
      timeLimitMs: 240_000,
    });
    const log = `${JSON.stringify(r.error)}\n${r.stdout}${r.stderr}`;
    expect(r.stdout, log).toContain('total 2 3\n');
    expect({ status: r.status, passed: r.passed, failed: r.failed }, log).toEqual({
      status: 'error',
      passed: 3,
      failed: 1,
    });
    expect(r.error, log).toEqual({ kind: 'tests', message: '1 test failed', file: 'tests/test_shop.py' });
    expect(r.stderr).toContain('✗ test_wrong');
    expect(r.stderr).toContain('File "tests/test_shop.py", line 14, in test_wrong');

    const missing = await runner.run({
      language: 'python',
      code: 'import helpers\n',
      files: [{ path: 'helpers.py', content: 'x = 1\nfrom utils import thing\n' }],
      timeLimitMs: 60_000,
    });
    expect(missing.error, missing.stderr).toMatchObject({
      kind: 'runtime',
      message: "ModuleNotFoundError: No module named 'utils'",
      file: 'helpers.py',
      line: 2,
    });
    expect(missing.stderr).toContain("no module 'utils' is among the program's files");

    const evil = {
      path: 'evil.py',
      content:
        'import sys, builtins, json, unittest\nbuiltins.bool = lambda *a: True\njson.dumps = lambda *a, **k: \'{"passed": 9, "failed": 0}\'\nunittest.TestCase.run = lambda self, result=None: None\n\ndef leave():\n    sys.exit(0)\n',
    };
    const rebinds = await runner.run({
      language: 'python',
      code: 'import evil\n',
      files: [evil],
      tests: 'import evil\n\ndef test_real():\n    assert 1 + 1 == 3\n',
      testsPath: 'test_evil.py',
      timeLimitMs: 60_000,
    });
    expect({ status: rebinds.status, passed: rebinds.passed, failed: rebinds.failed }, rebinds.stderr).toEqual({
      status: 'error',
      passed: 0,
      failed: 1,
    });

    const exits = await runner.run({
      language: 'python',
      code: 'x = 1\n',
      files: [evil],
      tests: 'from evil import leave\n\ndef test_real():\n    assert 1 + 1 == 2\n\nleave()\n',
      testsPath: 'test_evil.py',
      timeLimitMs: 60_000,
    });
    expect({ status: exits.status, passed: exits.passed, failed: exits.failed }, exits.stderr).toEqual({
      status: 'error',
      passed: 0,
      failed: 1,
    });
    expect(exits.error?.message).toContain('SystemExit ended the program before its tests ran');

    // Tests at their own path that end themselves count their real results (not "cut short").
    const ends = await runner.run({
      language: 'python',
      code: 'def add(a, b):\n    return a + b\n',
      path: 'calc.py',
      tests:
        'import sys, pytest\nfrom calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\nif __name__ == "__main__":\n    sys.exit(pytest.main())\n',
      testsPath: 'tests/test_calc.py',
      timeLimitMs: 60_000,
    });
    expect({ status: ends.status, passed: ends.passed, failed: ends.failed }, ends.stderr).toEqual({
      status: 'ok',
      passed: 1,
      failed: 0,
    });

    // The next run's interpreter has none of those files, and its folder does not exist.
    const after = await runner.run({
      language: 'python',
      code: "import os\nprint(os.path.exists('/home/pyodide/workspace'))\ntry:\n    import evil\n    print('leaked')\nexcept ImportError:\n    print('clean')\n",
      timeLimitMs: 60_000,
    });
    expect(after.stdout, after.stderr).toBe('False\nclean\n');
  });
});
