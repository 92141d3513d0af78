/**
 * The tamper corpus: programs that try to fake their own result or poison
 * later runs, run through the real sandbox in the production app page. Each
 * attempt is followed by the result it really had, and by an ordinary run
 * that must behave as if the attempt never happened.
 */
import { test, expect } from './fixtures';
import { attachRunner, type RunnerPage } from '../scripts/eval/runner-browser';
import type { RunInput } from '../lib/runner/host';

interface Expected {
  status: 'ok' | 'error';
  passed?: number;
  failed?: number;
  stdout?: string;
  /** Words the run's error message must contain. */
  error?: string;
}

interface Case {
  name: string;
  /** The tampering run and its real result. */
  tamper: RunInput;
  real: Expected;
  /** An ordinary run afterwards and what it must report. */
  then?: RunInput;
  after?: Expected;
}

const FAILING_PY = 'assert 1 + 1 == 3';

const PY: Case[] = [
  {
    name: 'sys.stdout replaced by a StringIO',
    tamper: { language: 'python', code: "import sys, io\nsys.stdout = io.StringIO()\nprint('hidden')" },
    real: { status: 'ok', stdout: '' },
    then: { language: 'python', code: "print('visible')" },
    after: { status: 'ok', stdout: 'visible\n' },
  },
  {
    name: 'json.dumps monkeypatched to report passes',
    tamper: {
      language: 'python',
      code: `import json\njson.dumps = lambda *a, **k: '{"passed": 9, "failed": 0, "error": null}'\n${FAILING_PY}`,
    },
    real: { status: 'error', passed: 0, failed: 1 },
    then: { language: 'python', code: FAILING_PY },
    after: { status: 'error', passed: 0, failed: 1 },
  },
  {
    name: 'builtins.print and builtins.__import__ poisoned',
    tamper: {
      language: 'python',
      code: "import builtins\nbuiltins.print = lambda *a, **k: None\n_real = builtins.__import__\nbuiltins.__import__ = lambda name, *a, **k: (_ for _ in ()).throw(ImportError('poisoned ' + name)) if name == 'fractions' else _real(name, *a, **k)",
    },
    real: { status: 'ok' },
    then: { language: 'python', code: 'import fractions\nprint(fractions.Fraction(1, 2))' },
    after: { status: 'ok', stdout: '1/2\n' },
  },
  {
    name: 'bool shadowed so every assert looks true',
    tamper: { language: 'python', code: `bool = lambda *a: True\n${FAILING_PY}` },
    real: { status: 'error', passed: 0, failed: 1 },
  },
  {
    name: "sys.modules['json'] replaced",
    tamper: {
      language: 'python',
      code: "import sys, types\nfake = types.ModuleType('json')\nfake.dumps = lambda *a, **k: 'FAKE'\nsys.modules['json'] = fake",
    },
    real: { status: 'ok' },
    then: { language: 'python', code: 'import json\nprint(json.dumps([1]))' },
    after: { status: 'ok', stdout: '[1]\n' },
  },
  {
    name: 'an audit hook that blocks open()',
    tamper: {
      language: 'python',
      code: "import sys\ndef hook(event, args):\n    if event == 'open':\n        raise RuntimeError('blocked by an earlier run')\nsys.addaudithook(hook)",
    },
    real: { status: 'ok' },
    then: { language: 'python', code: "with open('/tmp/x.txt', 'w') as f:\n    f.write('x')\nprint('opened')" },
    after: { status: 'ok', stdout: 'opened\n' },
  },
  {
    name: 'a meta path finder that blocks imports',
    tamper: {
      language: 'python',
      code: "import sys\nclass Block:\n    def find_spec(self, name, path=None, target=None):\n        if name == 'fractions':\n            raise ImportError('blocked by an earlier run')\nsys.meta_path.insert(0, Block())",
    },
    real: { status: 'ok' },
    then: { language: 'python', code: 'import fractions\nprint(fractions.Fraction(3, 4))' },
    after: { status: 'ok', stdout: '3/4\n' },
  },
  {
    name: 'files and environment variables left behind',
    tamper: {
      language: 'python',
      code: "import os\nwith open('/tmp/left-behind.txt', 'w') as f:\n    f.write('secret')\nwith open('left-in-home.txt', 'w') as f:\n    f.write('secret')\nos.environ['LEFT_BEHIND'] = 'secret'",
    },
    real: { status: 'ok' },
    then: {
      language: 'python',
      code: "import os\nprint(os.path.exists('/tmp/left-behind.txt'), os.path.exists('left-in-home.txt'), os.environ.get('LEFT_BEHIND'))",
    },
    after: { status: 'ok', stdout: 'False False None\n' },
  },
  {
    name: 'unittest.TestCase.run replaced to report success',
    tamper: {
      language: 'python',
      code: 'import unittest\nunittest.TestCase.run = lambda self, result=None: result.addSuccess(self)\nclass T(unittest.TestCase):\n    def test_wrong(self):\n        self.assertEqual(1, 2)',
    },
    real: { status: 'error', passed: 0, failed: 1 },
  },
];

/** What the pytest-stand-in and frame attacks below do to every dict of harness globals they reach: failing reports become passes. */
const PY_ATTACK = [
  'def _attack(g):',
  '    """Rebinds what a harness\'s globals hold so failures look like passes (every route the old harness had)."""',
  "    if not isinstance(g, dict) or g.get('__name__') == '__main__' and '__codelumi_run' not in g:",
  '        return',
  '    names = list(g)',
  '    for k in names:',
  "        if k.startswith('_') and 'fail' in k.lower() and callable(g[k]):",
  "            twin = k.replace('failed', 'passed').replace('fail', 'pass')",
  '            if twin in g:',
  '                g[k] = g[twin]',
  "    if '_Skip' in g:",
  "        g['_Skip'] = AssertionError",
  "    r = g.get('_report')",
  "    if r is not None and getattr(r, 'sink', None) is not None:",
  '        real = r.sink',
  '        class Fake:',
  '            def passed(self, *a): return real.passed(*a)',
  '            def failed(self, *a): return real.passed(*a)',
  '            def __getattr__(self, k): return getattr(real, k)',
  '        r.sink = Fake()',
].join('\n');
const PY_FAILING_TESTS = 'def test_a():\n    assert solve(1) == 2\n\ndef test_b():\n    assert solve(2) == 3\n';

/** Programs that end themselves before or inside their tests, or rebind what the harness reports through. */
const PY_FAKES: Case[] = [
  {
    name: "helpers' __globals__ rebound (pytest.raises.__globals__: fail → pass, _Skip, report sink)",
    tamper: {
      language: 'python',
      code: `${PY_ATTACK}\nimport pytest\n_attack(pytest.raises.__globals__)\ndef solve(x):\n    return x\n`,
      tests: PY_FAILING_TESTS,
    },
    real: { status: 'error', passed: 0, failed: 2 },
  },
  {
    name: 'sys._getframe(n).f_globals rebound from inside a test the harness calls',
    tamper: {
      language: 'python',
      code: `${PY_ATTACK}\nimport sys\ndef solve(x):\n    f = sys._getframe(1)\n    while f is not None:\n        _attack(f.f_globals)\n        f = f.f_back\n    return x\n`,
      tests: PY_FAILING_TESTS,
    },
    real: { status: 'error', passed: 0, failed: 2 },
  },
  {
    name: '__code__ of every harness function the program can reach replaced to report a pass',
    tamper: {
      language: 'python',
      code: "import pytest, unittest, sys\n_seen = []\ndef _fns():\n    pool = [v for k, v in globals().items() if k.startswith('__codelumi')]\n    pool += [getattr(pytest, k) for k in dir(pytest)] + [unittest.main]\n    pool += [c for c in sys._getframe(1).f_code.co_consts]\n    for v in list(pool):\n        g = getattr(v, '__globals__', None)\n        if isinstance(g, dict):\n            pool += list(g.values())\n        for k in dir(type(v)) if not isinstance(v, (str, int, tuple, type(None))) else []:\n            pool.append(getattr(type(v), k, None))\n    return [v for v in pool if hasattr(v, '__code__')]\ndef _pass(*a, **k):\n    try:\n        _passed()\n    except NameError:\n        pass\nfor f in _fns():\n    n = getattr(f, '__name__', '')\n    n = n.lower() if isinstance(n, str) else ''\n    if ('fail' in n or 'false' in n or 'raised' in n) and not f.__code__.co_freevars:\n        try:\n            f.__code__ = _pass.__code__\n        except (ValueError, TypeError):\n            pass\ndef solve(x):\n    return x\nassert solve(1) == 1\n",
      tests: 'assert solve(1) == 2\nassert solve(2) == 3\n',
    },
    real: { status: 'error', passed: 1, failed: 2 },
  },
  {
    name: 'forged passes before a real failure',
    tamper: {
      language: 'python',
      code: "import sys, pytest\n_reports = [c for c in sys._getframe().f_code.co_consts if hasattr(c, 'passed')]\n_g = pytest.raises.__globals__\nif '_report' in _g:\n    _reports.append(_g['_report'].sink)\nf = sys._getframe()\nwhile f is not None:\n    _reports += [v for v in f.f_locals.values() if hasattr(v, 'passed') and hasattr(v, 'failed')]\n    f = f.f_back\nassert 1 == 1\nfor r in _reports:\n    for i in range(3):\n        for args in ((), ('tests.py:1:0',), ('tests.py',)):\n            try:\n                r.passed(*args)\n            except Exception:\n                pass\n",
      tests: 'assert 1 + 1 == 3\n',
    },
    real: { status: 'error', failed: 1 },
  },
  {
    name: "__name__ rebound by the code, so the tests' main block would be skipped",
    tamper: {
      language: 'python',
      code: "def f(x):\n    return x + 1\n__name__ = 'x'\n",
      tests: "def check(candidate):\n    assert candidate(1) == 1\nif __name__ == '__main__':\n    check(f)\n",
    },
    real: { status: 'error', passed: 0, failed: 1, error: '1 test failed' },
  },
  {
    name: 'builtins.range emptied, so the tests loop never runs',
    tamper: {
      language: 'python',
      code: 'import builtins\nbuiltins.range = lambda *a: iter(())\ndef f(x):\n    return -x - 1\n',
      tests: 'for i in range(3):\n    assert f(i) == i\n',
    },
    real: {
      status: 'error',
      passed: 0,
      failed: 1,
      error: 'No test ran: none of the asserts or tests reported an outcome',
    },
  },
  {
    name: 'check(candidate) against a decorated function (functools.lru_cache)',
    tamper: {
      language: 'python',
      code: 'import functools\n@functools.lru_cache(maxsize=None)\ndef f(x):\n    return x * 2\n',
      tests: 'def check(candidate):\n    assert candidate(2) == 4\n',
    },
    real: { status: 'ok', passed: 1, failed: 0 },
  },
  {
    name: 'sys.exit(0) in the code',
    tamper: { language: 'python', code: 'import sys\nsys.exit(0)', tests: 'assert 1 + 1 == 3' },
    real: { status: 'error', passed: 0, failed: 1, error: 'SystemExit ended the program before its tests ran' },
  },
  {
    name: 'raise SystemExit in a function a test calls',
    tamper: { language: 'python', code: 'def solve(x):\n    raise SystemExit\n', tests: PY_FAILING_TESTS },
    real: { status: 'error', passed: 0, failed: 2, error: 'SystemExit ended the program' },
  },
  {
    name: 'sys.exit() in a function the tests call at their top level',
    tamper: {
      language: 'python',
      code: 'import sys\ndef solve(x):\n    sys.exit()\n',
      tests: 'assert solve(1) == 2\nassert 1 == 1\n',
    },
    real: { status: 'error', passed: 0, failed: 2, error: 'SystemExit ended the program before its tests ran' },
  },
  {
    name: 'os._exit(0) in the code',
    tamper: { language: 'python', code: 'import os\nos._exit(0)', tests: 'assert 1 + 1 == 3' },
    real: { status: 'error', passed: 0, failed: 1, error: 'os._exit ended the program before its tests ran' },
  },
  {
    name: 'os._exit(0) in a function a unittest method calls',
    tamper: {
      language: 'python',
      code: 'import os\ndef solve(x):\n    os._exit(0)\n',
      tests:
        'import unittest\nclass T(unittest.TestCase):\n    def test_a(self):\n        self.assertEqual(solve(1), 2)\n    def test_b(self):\n        self.assertEqual(1, 2)\n',
    },
    real: { status: 'error', passed: 0, failed: 2, error: 'os._exit ended the program' },
  },
  {
    name: 'sys.exit(0) in the candidate check(candidate) is called with',
    tamper: {
      language: 'python',
      code: 'import sys\ndef solve(x):\n    sys.exit(0)\n',
      tests: 'def check(candidate):\n    assert candidate(1) == 2\n',
    },
    real: { status: 'error', passed: 0, failed: 1, error: 'SystemExit ended the program' },
  },
  {
    name: 'tests that end themselves with sys.exit(pytest.main()) still run',
    tamper: {
      language: 'python',
      code: 'def solve(x):\n    return x\n',
      tests:
        "import pytest, sys\ndef test_a():\n    assert solve(1) == 1\nif __name__ == '__main__':\n    sys.exit(pytest.main(['tests.py']))\n",
    },
    real: { status: 'ok', passed: 1, failed: 0 },
  },
  // Tests that run as usual count as usual: nothing here may look like a test that did not run.
  {
    name: 'skipped and expected-failure unittest methods',
    tamper: {
      language: 'python',
      code: 'def f(x):\n    return x\n',
      tests:
        "import unittest\nclass T(unittest.TestCase):\n    @unittest.skip('later')\n    def test_a(self):\n        self.assertEqual(f(1), 2)\n    @unittest.expectedFailure\n    def test_b(self):\n        self.assertEqual(f(2), 3)\n    def test_c(self):\n        self.assertEqual(f(2), 2)\nif __name__ == '__main__':\n    unittest.main()\n",
    },
    real: { status: 'ok', passed: 1, failed: 0 },
  },
  {
    name: 'check(candidate) against a lambda, and asserts in a loop',
    tamper: {
      language: 'python',
      code: 'solve = lambda x: x\n',
      tests: 'def check(candidate):\n    for i in range(3):\n        assert candidate(i) == i\n',
    },
    real: { status: 'ok', passed: 3, failed: 0 },
  },
];

const FAILING_TEST = "test('wrong', () => { expect(1 + 1).toBe(3); });";
const JS_AFTER: RunInput = { language: 'javascript', code: 'const x = 1;', tests: FAILING_TEST };
const JS_AFTER_REAL: Expected = { status: 'error', passed: 0, failed: 1 };

const JS: Case[] = [
  {
    name: 'a test.only the program registers, at once and from a timer, to turn the given tests into skips',
    tamper: {
      language: 'javascript',
      code: "test.only('mine', () => {});\nsetTimeout(() => test.only('later', () => {}), 0);",
      tests: FAILING_TEST,
    },
    real: { status: 'error', passed: 2, failed: 1 },
  },
  {
    name: 'var test shadows the harness',
    tamper: { language: 'javascript', code: 'var test = () => {};', tests: FAILING_TEST },
    real: JS_AFTER_REAL,
  },
  {
    name: 'function it shadows the harness',
    tamper: { language: 'javascript', code: 'function it() {}', tests: "it('wrong', () => { expect(2).toBe(3); });" },
    real: JS_AFTER_REAL,
  },
  {
    name: 'const describe and function expect shadow the harness',
    tamper: {
      language: 'javascript',
      code: 'const describe = () => {};\nfunction expect() { return { toBe() {} }; }',
      tests: `describe('suite', () => { ${FAILING_TEST} });`,
    },
    real: JS_AFTER_REAL,
  },
  {
    name: 'typescript var test shadows the harness',
    tamper: {
      language: 'typescript',
      code: 'var test = (name: string, fn: () => void): void => {};',
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
  },
  {
    name: 'Object.is made always true',
    tamper: { language: 'javascript', code: 'Object.is = () => true;', tests: FAILING_TEST },
    real: JS_AFTER_REAL,
    then: JS_AFTER,
    after: JS_AFTER_REAL,
  },
  {
    name: 'Array.prototype poisoned',
    tamper: {
      language: 'javascript',
      code: 'Array.prototype.push = function () { return 0; };\nArray.prototype[Symbol.iterator] = function* () {};\nArray.prototype.flatMap = function () { return []; };',
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
    then: JS_AFTER,
    after: JS_AFTER_REAL,
  },
  {
    name: 'Promise.prototype.then poisoned to swallow rejections',
    tamper: {
      language: 'javascript',
      code: 'const then = Promise.prototype.then;\nPromise.prototype.then = function (ok, bad) { return then.call(this, ok, ok); };\nPromise.prototype.constructor = function Fake(executor) { return new Promise(executor); };',
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
    then: JS_AFTER,
    after: JS_AFTER_REAL,
  },
  {
    name: 'Object.prototype.then swaps the result',
    tamper: {
      language: 'javascript',
      code: "Object.defineProperty(Object.prototype, 'then', { configurable: true, get() { return (resolve) => { delete Object.prototype.then; resolve({ passed: 7, failed: 0 }); }; } });",
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
  },
  {
    name: 'postMessage overridden to forge the summary',
    tamper: {
      language: 'javascript',
      code: "self.postMessage = () => {};\nconst real = MessagePort.prototype.postMessage;\nMessagePort.prototype.postMessage = function (m, t) { if (m && m.type === 'done') m = { ...m, summary: { passed: 7, failed: 0 } }; return real.call(this, m, t); };",
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
  },
  {
    name: 'JSON.stringify and Function.prototype.call poisoned',
    tamper: {
      language: 'javascript',
      code: "JSON.stringify = () => '{}';\nconst call = Function.prototype.call;\nFunction.prototype.call = function (...a) { return call.apply(this, a); };",
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
  },
  {
    name: 'harness internals found on globalThis',
    tamper: {
      language: 'javascript',
      code: "for (const k of Object.getOwnPropertyNames(globalThis)) {\n  if (/codelumi/i.test(k)) { console.log('found ' + k); try { globalThis[k] = () => ({ passed: 7, failed: 0 }); } catch {} }\n}",
      tests: FAILING_TEST,
    },
    real: JS_AFTER_REAL,
  },
];

const TWO_TESTS = "test('one', () => { expect(1).toBe(1); });\ntest('two', () => { expect(1 + 1).toBe(3); });";
const NOT_RUN: Expected = { status: 'error', passed: 0, failed: 1, error: 'The tests did not run' };

/** Code that skips, swallows or cuts short the tests given apart from it: the run says so and fails. */
const JS_SKIPPED: Case[] = [
  {
    name: 'code ending in return;',
    tamper: { language: 'javascript', code: 'const x = 1;\nreturn;', tests: FAILING_TEST },
    real: NOT_RUN,
  },
  {
    name: 'code ending in if (false)',
    tamper: { language: 'javascript', code: 'const x = 1;\nif (false)', tests: FAILING_TEST },
    real: NOT_RUN,
  },
  {
    name: 'code ending in an unclosed function f()',
    tamper: { language: 'javascript', code: 'function f() ', tests: FAILING_TEST },
    real: NOT_RUN,
  },
  {
    name: 'code ending in an unclosed arrow function',
    tamper: { language: 'javascript', code: 'const g = () => ', tests: FAILING_TEST },
    real: NOT_RUN,
  },
  {
    name: 'typescript code ending in return;',
    tamper: { language: 'typescript', code: 'const x: number = 1;\nreturn;', tests: FAILING_TEST },
    real: NOT_RUN,
  },
  {
    name: 'code registers a passing test of its own with the global test(), then returns',
    tamper: {
      language: 'javascript',
      code: "test('fake', () => {});\nglobalThis.test = () => {};\nreturn;",
      tests: FAILING_TEST,
    },
    real: { status: 'error', passed: 1, failed: 1, error: 'The tests did not run' },
  },
  {
    name: 'process.exit(0) in the code',
    tamper: { language: 'javascript', code: 'process.exit(0);', tests: FAILING_TEST },
    real: { status: 'error', passed: 0, failed: 1, error: 'process.exit(0) ended the program before its tests ran' },
  },
  {
    name: 'process.exit(0) in a function the tests call at their top level',
    tamper: { language: 'javascript', code: 'function solve() { process.exit(0); }', tests: `solve();\n${TWO_TESTS}` },
    real: {
      status: 'error',
      passed: 0,
      failed: 1,
      error: 'process.exit(0) ended the program before its tests finished',
    },
  },
  {
    name: 'process.exit(0) from a timer while the tests run',
    tamper: {
      language: 'javascript',
      code: 'function later() { setTimeout(() => process.exit(0), 0); return new Promise((r) => setTimeout(r, 100)); }',
      tests: `test('one', () => { expect(1).toBe(1); });\ntest('two', async () => { await later(); expect(1 + 1).toBe(3); });\ntest('three', () => { expect(2).toBe(3); });`,
    },
    real: {
      status: 'error',
      passed: 1,
      failed: 2,
      error: 'process.exit(0) ended the program before its tests finished (1 of 3 ran)',
    },
  },
  {
    name: 'code registers test.only before the given tests',
    tamper: { language: 'javascript', code: "test.only('fake', () => {});", tests: FAILING_TEST },
    real: { status: 'error', passed: 1, failed: 1 },
  },
  {
    name: 'code wraps the given tests in its own describe.skip',
    tamper: { language: 'javascript', code: "describe.skip('hidden', main);\nfunction main() ", tests: FAILING_TEST },
    real: { status: 'error', passed: 0, failed: 1, error: 'the program skipped them' },
  },
  {
    name: 'code closes its wrapper to trap the binder at load time and reach the tests through with (proxy)',
    tamper: {
      language: 'javascript',
      code: [
        'self.add = (a, b) => a - b;',
        '}; };',
        'const real = self.__codelumiProgram;',
        'self.__codelumiProgram = (h) => {',
        '  const fake = Object.freeze({ ...h, expect: () => ({ toBe() {} }) });',
        '  const main = real(h);',
        '  return async (...a) => { await main(...a); return self.__x(fake)(); };',
        '};',
        "self.__x = function (h) { with (new Proxy({}, { has: (t, k) => typeof k === 'string' && k.startsWith('__codelumiHarness_'), get: (t, k) => (k === Symbol.unscopables ? undefined : h) })) return async function () {",
      ].join('\n'),
      tests: "test('adds', () => { expect(add(1, 2)).toBe(3); });",
    },
    real: { status: 'error', passed: 0, failed: 0, error: 'SyntaxError' },
  },
];

/** Code that wraps the tests in a function it calls itself: the tests really run, and count. */
const JS_WRAPPED: Case[] = [
  {
    name: 'tests wrapped in a hoisted function the code calls',
    tamper: { language: 'javascript', code: 'main();\nfunction main() ', tests: TWO_TESTS },
    real: { status: 'error', passed: 1, failed: 1 },
  },
  {
    name: 'passing tests wrapped in a hoisted async function the code calls',
    tamper: {
      language: 'javascript',
      code: 'main();\nasync function main() ',
      tests: "test('one', () => { expect(1).toBe(1); });",
    },
    real: { status: 'ok', passed: 1, failed: 0 },
  },
];

async function check(runner: RunnerPage, input: RunInput, want: Expected, label: string): Promise<void> {
  const r = await runner.run({ timeLimitMs: 20_000, ...input });
  const got: Expected = { status: r.status as Expected['status'] };
  if (want.passed !== undefined) got.passed = r.passed;
  if (want.failed !== undefined) got.failed = r.failed;
  if (want.stdout !== undefined) got.stdout = r.stdout;
  if (want.error !== undefined) got.error = r.error?.message.includes(want.error) ? want.error : r.error?.message;
  expect.soft(got, `${label}\n${JSON.stringify(r.error)}\n${r.stdout}${r.stderr}`).toEqual(want);
}

test.describe('runs start from a clean state and report their real result', () => {
  test('Python: no run can fake its result or leave anything for the next', async ({ page, openApp }) => {
    test.setTimeout(480_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    // Python starts cold in each test's fresh browser context; on a loaded machine that takes a while.
    await check(
      runner,
      { language: 'python', code: "print('warm')", timeLimitMs: 240_000 },
      { status: 'ok', stdout: 'warm\n' },
      'cold start',
    );
    for (const c of [...PY, ...PY_FAKES]) {
      await check(runner, c.tamper, c.real, `${c.name}: its own run`);
      if (c.then && c.after) await check(runner, c.then, c.after, `${c.name}: the next run`);
    }
    // random.seed from one run does not fix the next run's numbers.
    const seeded = await runner.run({
      language: 'python',
      code: 'import random\nrandom.seed(42)\nprint(random.random())',
    });
    const next = await runner.run({ language: 'python', code: 'import random\nprint(random.random())' });
    expect(seeded.status).toBe('ok');
    expect(next.stdout).not.toBe(seeded.stdout);
  });

  test('JavaScript and TypeScript: shadowed or poisoned harness names cannot fake a result', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(240_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    for (const c of JS) {
      await check(runner, c.tamper, c.real, `${c.name}: its own run`);
      if (c.then && c.after) await check(runner, c.then, c.after, `${c.name}: the next run`);
    }
    for (const c of [...JS_SKIPPED, ...JS_WRAPPED]) await check(runner, c.tamper, c.real, c.name);
    // A passing test still passes and shows its output.
    await check(
      runner,
      {
        language: 'javascript',
        code: "console.log('hi');\nvar test = () => {};",
        tests: "test('right', () => { expect(1 + 1).toBe(2); });",
      },
      { status: 'ok', passed: 1, failed: 0, stdout: 'hi\n✓ right\n' },
      'passing test after shadowing',
    );
  });
});
