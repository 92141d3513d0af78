/**
 * The Python side of the sandbox's test harness, as source the worker runs
 * once in the first interpreter (later interpreters start from a memory
 * snapshot of it). `__codelumi_run(code, tests, report)` runs the code as
 * `__main__` in a fresh namespace and counts tests the way Python
 * programmers write them:
 * - every module-level `assert` (and every `assert` in a module-level
 *   `check(candidate)` function, HumanEval's convention) is one test; a
 *   failing one is reported and the run goes on to the next;
 * - module-level `test_*` functions (pytest style, with a small `pytest`
 *   stand-in for `raises`, `approx`, `mark.parametrize`, `fixture`) are run
 *   once each, unless the script calls them itself (then that call counts);
 * - `unittest.TestCase` classes are run with unittest (also when the script
 *   calls `unittest.main()`), each test method one test; a test that never
 *   reports an outcome counts as failed.
 * When the tests define `check(candidate)` but never call it, it is called
 * with the last function the code defines.
 *
 * Each interpreter runs one program (python-program.ts), so nothing needs
 * resetting. What the program could replace during its own run is kept out
 * of the reporting path: every outcome goes to `report` (JavaScript
 * counters) as it happens, before any message is formatted; the builtins,
 * stdout/stderr and unittest classes the harness uses are captured when it
 * loads; both files are parsed and rewritten before any user code runs, and
 * the names the rewritten asserts call are random per run.
 */
export const PYTHON_HARNESS = String.raw`
import ast as _ast, builtins as _builtins, os as _os, sys as _sys, traceback as _traceback, types as _types, unittest as _unittest, inspect as _inspect
from builtins import (isinstance, issubclass, callable, getattr, setattr, delattr, hasattr, vars, list, dict, set, str, repr,
                      type, len, zip, all, abs, max, print, compile, exec, reversed, Exception, BaseException, SystemExit,
                      SyntaxError, TypeError, AssertionError, ModuleNotFoundError, OSError)

_USER_FILES = ('main.py', 'tests.py')
_SHIPPED_PACKAGES = set()
# The streams the harness writes its own lines to, whatever the program does to sys.stdout/sys.stderr.
_STDOUT = _sys.stdout
_STDERR = _sys.stderr
_TestCase = _unittest.TestCase
_TestSuite = _unittest.TestSuite
_TestLoader = _unittest.TestLoader
_TestResult = _unittest.TestResult
_FunctionType = _types.FunctionType
_ModuleType = _types.ModuleType
# unittest as it was before the program ran: restored before the harness runs the program's TestCases.
_UNITTEST_CLASSES = [c for c in (_TestCase, _TestSuite, _unittest.suite.BaseTestSuite, _TestLoader, _TestResult, _unittest.case._Outcome) if isinstance(c, type)]
_UNITTEST_SAVED = [(c, dict(vars(c))) for c in _UNITTEST_CLASSES]


class _Report:
    """Where outcomes go: the run's JavaScript counters, set by __codelumi_run."""
    sink = None

_report = _Report()

def _err(text):
    _STDERR.write(text)


def _out(text):
    _STDOUT.write(text)


def _passed():
    _report.sink.passed()


def _failed():
    _report.sink.failed()


def _user_tb(tb):
    while tb is not None and tb.tb_frame.f_code.co_filename not in _USER_FILES:
        tb = tb.tb_next
    return tb


def _format_exc(e):
    lines = _traceback.format_exception(type(e), e, _user_tb(e.__traceback__))
    text = ''.join(lines)
    if isinstance(e, ModuleNotFoundError) and e.name and e.name.split('.')[0] in _SHIPPED_PACKAGES:
        text += ("Note: Codelumi runs Python offline with the standard library only; "
                 "the package '" + e.name.split('.')[0] + "' is not available in the sandbox.\n")
    return text


def _location(e, filename):
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(e):
    msg = str(e)
    return type(e).__name__ + (': ' + msg if msg else '')


# ------------------------------------------------------------------ counted asserts

def _check_failed(line, filename, src, detail):
    _failed()
    _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    ' + detail + '\n')


def _check_passed():
    _passed()


class _CountAsserts(_ast.NodeTransformer):
    """Turns module-level asserts, and asserts in a module-level check(), into counted checks."""

    def __init__(self, source, filename, names):
        self.source = source
        self.filename = filename
        self.names = names
        self.depth = 0

    def visit_FunctionDef(self, node):
        if self.depth == 0 and node.name == 'check':
            self.depth += 1
            self.generic_visit(node)
            self.depth -= 1
            return node
        return node  # asserts inside other functions keep their meaning

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        return node

    def visit_Lambda(self, node):
        return node

    def visit_Assert(self, node):
        src = (_ast.get_source_segment(self.source, node) or 'assert').splitlines()[0][:200]
        line = node.lineno
        msg = node.msg if node.msg is not None else _ast.Constant(value=None)
        n = self.names
        call = lambda name, args: _ast.Expr(value=_ast.Call(func=_ast.Name(id=n[name], ctx=_ast.Load()), args=args, keywords=[]))
        const = lambda v: _ast.Constant(value=v)
        ok = lambda value: _ast.Assign(targets=[_ast.Name(id=n['ok'], ctx=_ast.Store())], value=_ast.Constant(value=value))
        handler = _ast.ExceptHandler(
            type=_ast.Name(id=n['exception'], ctx=_ast.Load()),
            name=n['e'],
            body=[call('raised', [const(line), const(self.filename), const(src), _ast.Name(id=n['e'], ctx=_ast.Load())])],
        )
        # The test's truth is taken by the if statement itself, not by a bool() the program could rebind.
        new = _ast.Try(
            body=[_ast.If(test=node.test, body=[ok(True)], orelse=[ok(False)])],
            handlers=[handler],
            orelse=[_ast.If(
                test=_ast.Name(id=n['ok'], ctx=_ast.Load()),
                body=[call('passed', [])],
                orelse=[call('false', [const(line), const(self.filename), const(src), _ast.Lambda(args=_ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=msg)])],
            )],
            finalbody=[],
        )
        return _ast.copy_location(new, node)


def _raised(line, filename, src, e):
    _check_failed(line, filename, src, _describe(e))


def _false(line, filename, src, msg):
    try:
        m = msg()
    except Exception as e:
        m = '(the assert message raised ' + _describe(e) + ')'
    _check_failed(line, filename, src, 'AssertionError' + (': ' + str(m) if m is not None else ''))


def _top_level_test_calls(tree):
    """Names of test_* functions the script calls itself at module level."""
    names = set()
    for stmt in tree.body:
        if isinstance(stmt, _ast.Expr) and isinstance(stmt.value, _ast.Call) and isinstance(stmt.value.func, _ast.Name):
            if stmt.value.func.id.startswith('test'):
                names.add(stmt.value.func.id)
    return names


class _CountTestCalls(_ast.NodeTransformer):
    """A module-level call test_x() becomes one counted test."""

    def __init__(self, filename, names):
        self.filename = filename
        self.names = names

    def visit_Module(self, node):
        body = []
        for stmt in node.body:
            if isinstance(stmt, _ast.Expr) and isinstance(stmt.value, _ast.Call) and isinstance(stmt.value.func, _ast.Name) and stmt.value.func.id.startswith('test'):
                name = stmt.value.func.id
                wrapped = _ast.Expr(value=_ast.Call(
                    func=_ast.Name(id=self.names['call_test'], ctx=_ast.Load()),
                    args=[_ast.Constant(value=name), _ast.Lambda(args=_ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=stmt.value)],
                    keywords=[]))
                body.append(_ast.copy_location(wrapped, stmt))
            else:
                body.append(stmt)
        node.body = body
        return node


def _call_test(name, thunk):
    try:
        result = thunk()
        if hasattr(result, '__await__'):
            raise TypeError('async test functions are not supported')
    except Exception as e:
        _failed()
        _err('✗ ' + name + '\n' + _indent(_format_exc(e)))
    else:
        _passed()
        _out('✓ ' + name + '\n')


def _indent(text):
    return ''.join('    ' + l + '\n' for l in text.rstrip('\n').split('\n'))


# ------------------------------------------------------------------ pytest stand-in

class _Raises:
    def __init__(self, expected, match=None):
        self.expected = expected
        self.match = match
        self.value = None
        self.type = None

    def __enter__(self):
        return self

    def __exit__(self, typ, value, tb):
        if typ is None:
            raise AssertionError('DID NOT RAISE ' + getattr(self.expected, '__name__', str(self.expected)))
        if not issubclass(typ, self.expected):
            return False
        if self.match is not None:
            import re
            if not re.search(self.match, str(value)):
                raise AssertionError('Regex ' + repr(self.match) + ' does not match ' + repr(str(value)))
        self.value = value
        self.type = typ
        return True


def _raises(expected, *args, match=None, **kwargs):
    ctx = _Raises(expected, match)
    if args:
        with ctx:
            args[0](*args[1:], **kwargs)
        return ctx
    return ctx


class _Approx:
    def __init__(self, expected, rel=None, abs=None):
        self.expected = expected
        self.rel = 1e-6 if rel is None else rel
        self.abs = 1e-12 if abs is None else abs

    def _close(self, a, b):
        try:
            return a == b or abs(a - b) <= max(self.rel * abs(b), self.abs)
        except TypeError:
            return a == b

    def __eq__(self, other):
        e = self.expected
        if isinstance(e, (list, tuple)):
            return isinstance(other, (list, tuple)) and len(other) == len(e) and all(self._close(a, b) for a, b in zip(other, e))
        if isinstance(e, dict):
            return isinstance(other, dict) and other.keys() == e.keys() and all(self._close(other[k], e[k]) for k in e)
        return self._close(other, e)

    def __repr__(self):
        return 'approx(' + repr(self.expected) + ')'


class _Mark:
    def parametrize(self, names, values, **kwargs):
        if isinstance(names, str):
            names = [n.strip() for n in names.split(',') if n.strip()]
        def deco(fn):
            params = list(getattr(fn, '_codelumi_params', []))
            params.append((list(names), list(values)))
            fn._codelumi_params = params
            return fn
        return deco

    def __getattr__(self, name):
        def deco(*args, **kwargs):
            if len(args) == 1 and callable(args[0]) and not kwargs:
                return args[0]
            return lambda fn: fn
        return deco


class _Skip(Exception):
    pass


def _fixture(*args, **kwargs):
    def deco(fn):
        fn._codelumi_fixture = True
        return fn
    if len(args) == 1 and callable(args[0]):
        return deco(args[0])
    return deco


def _skip(reason=''):
    raise _Skip(reason)


def _fail(reason=''):
    raise AssertionError(reason)


_pytest = _types.ModuleType('pytest')
_pytest.raises = _raises
_pytest.approx = _Approx
_pytest.mark = _Mark()
_pytest.fixture = _fixture
_pytest.skip = _skip
_pytest.fail = _fail
_pytest.main = lambda *a, **k: 0


# ------------------------------------------------------------------ collection

def _param_sets(fn):
    sets = [{}]
    for names, values in reversed(getattr(fn, '_codelumi_params', [])):
        expanded = []
        for base in sets:
            for v in values:
                vals = v if len(names) > 1 else (v,)
                d = dict(base)
                d.update(zip(names, vals))
                expanded.append(d)
        sets = expanded
    return sets


def _run_pytest_functions(ns, skip_names):
    inspect = _inspect
    for name, fn in list(ns.items()):
        if not name.startswith('test') or name in skip_names or not isinstance(fn, _FunctionType):
            continue
        if fn.__code__.co_filename not in _USER_FILES or getattr(fn, '_codelumi_fixture', False):
            continue
        for params in _param_sets(fn):
            label = name + ('[' + '-'.join(repr(v) for v in params.values()) + ']' if params else '')
            try:
                kwargs = dict(params)
                for p in inspect.signature(fn).parameters.values():
                    if p.name in kwargs or p.default is not inspect.Parameter.empty:
                        continue
                    fixture = ns.get(p.name)
                    if callable(fixture) and getattr(fixture, '_codelumi_fixture', False):
                        kwargs[p.name] = fixture()
                    else:
                        raise TypeError('fixture ' + repr(p.name) + ' is not available in the sandbox')
                result = fn(**kwargs)
                if hasattr(result, '__await__'):
                    import asyncio
                    asyncio.get_event_loop().run_until_complete(result)
            except _Skip:
                _out('- ' + label + ' (skipped)\n')
            except Exception as e:
                _failed()
                _err('✗ ' + label + '\n' + _indent(_format_exc(e)))
            else:
                _passed()
                _out('✓ ' + label + '\n')


class _Result(_TestResult):
    def __init__(self):
        super().__init__()
        self.reported = set()

    def addSuccess(self, test):
        super().addSuccess(test)
        self.reported.add(id(test))
        _passed()
        _out('✓ ' + test.id().replace('__main__.', '') + '\n')

    def _bad(self, test, err):
        self.reported.add(id(test))
        _failed()
        e = err[1]
        _err('✗ ' + test.id().replace('__main__.', '') + '\n' + _indent(_format_exc(e)))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._bad(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._bad(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.reported.add(id(test))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.reported.add(id(test))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.reported.add(id(test))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._bad(subtest, err)
            self.reported.add(id(test))


class _UnittestState:
    ran = False
    ns = None

_ut = _UnittestState()


def _restore_unittest():
    # The program may have patched unittest (e.g. TestCase.run) to report success; its own TestCases run on the real one.
    for cls, saved in _UNITTEST_SAVED:
        for k in list(vars(cls)):
            if k not in saved:
                try:
                    delattr(cls, k)
                except (AttributeError, TypeError):
                    pass
        for k, v in saved.items():
            if vars(cls).get(k) is not v:
                try:
                    setattr(cls, k, v)
                except (AttributeError, TypeError):
                    pass


def _run_unittest(ns):
    if _ut.ran:
        return
    _ut.ran = True
    _restore_unittest()
    loader = _TestLoader()
    cases = []
    for obj in list(ns.values()):
        if isinstance(obj, type) and issubclass(obj, _TestCase) and obj.__module__ == '__main__':
            cases.extend(loader.loadTestsFromTestCase(obj))
    if not cases:
        return
    result = _Result()
    _TestSuite(cases).run(result)
    for case in cases:
        if id(case) not in result.reported:
            _failed()
            _err('✗ ' + case.id().replace('__main__.', '') + '\n    the test ended without reporting a result\n')


def _unittest_main(*args, **kwargs):
    if _ut.ns is not None:
        _run_unittest(_ut.ns)

_unittest.main = _unittest_main
_sys.modules['pytest'] = _pytest


# ------------------------------------------------------------------ one run

def _prepare(source, filename, names):
    """Parses and rewrites one file (before any user code runs); returns (code object or None, error dict or None)."""
    try:
        tree = _ast.parse(source, filename)
    except SyntaxError as e:
        _err('  File "' + filename + '", line ' + str(e.lineno) + '\n' + (('    ' + e.text.rstrip() + '\n') if e.text else '') + type(e).__name__ + ': ' + str(e.msg) + '\n')
        return None, {'kind': 'syntax', 'message': type(e).__name__ + ': ' + str(e.msg) + (' (' + filename + ')' if filename != 'main.py' else ''), 'line': e.lineno if filename == 'main.py' else None, 'column': e.offset if filename == 'main.py' else None}
    called = _top_level_test_calls(tree)
    tree = _CountAsserts(source, filename, names).visit(tree)
    tree = _CountTestCalls(filename, names).visit(tree)
    _ast.fix_missing_locations(tree)
    return (compile(tree, filename, 'exec'), called), None


def _execute(code, filename, ns):
    """Runs one prepared file in ns; returns an error dict, 'exit' or None."""
    try:
        exec(code, ns)
    except SystemExit as e:
        code = e.code
        if code not in (None, 0):
            if not isinstance(code, int):
                _err(str(code) + '\n')
            return {'kind': 'runtime', 'message': 'SystemExit: ' + str(code)}
        return 'exit'
    except BaseException as e:
        _err(_format_exc(e))
        return {'kind': 'runtime', 'message': _describe(e), 'line': _location(e, 'main.py') if filename == 'main.py' else None}
    return None


def _report_error(error):
    _report.sink.error(error['kind'], error['message'], error.get('line'), error.get('column'))


def __codelumi_run(code, tests, report):
    _report.sink = report
    # Names the rewritten asserts call: random, so a program cannot rebind them by writing them down.
    tag = _os.urandom(8).hex()
    names = {k: '__codelumi_' + k + '_' + tag for k in ('passed', 'false', 'raised', 'call_test', 'exception', 'ok', 'e')}
    files = []
    error = None
    for source, filename in ((code, 'main.py'), (tests or '', 'tests.py')):
        if not source.strip():
            continue
        prepared, error = _prepare(source, filename, names)
        if error:
            break
        files.append((prepared, filename))
    if error:
        _report_error(error)
        report.finished()
        return
    calls_check = _calls_check(tests) if tests else False
    ns = {'__name__': '__main__', '__builtins__': _builtins, '__doc__': None,
          names['passed']: _check_passed, names['false']: _false, names['raised']: _raised,
          names['call_test']: _call_test, names['exception']: Exception}
    main_mod = _ModuleType('__main__')
    main_mod.__dict__.update(ns)
    ns = main_mod.__dict__
    _sys.modules['__main__'] = main_mod
    _ut.ran = False
    _ut.ns = ns
    exited = False
    called = set()
    defined_before = None
    for (prepared, file_called), filename in files:
        called |= file_called
        if filename == 'tests.py':
            defined_before = [k for k, v in list(ns.items()) if isinstance(v, _FunctionType) and v.__code__.co_filename == 'main.py']
        outcome = _execute(prepared, filename, ns)
        if outcome == 'exit':
            exited = True
            break
        if outcome:
            error = outcome
            break
    if error is None and not exited:
        check = ns.get('check')
        if tests and isinstance(check, _FunctionType) and 'check' not in called and not calls_check and defined_before:
            candidate = ns[defined_before[-1]]
            _call_check(check, candidate, defined_before[-1])
        _run_pytest_functions(ns, called | {'check'})
        _run_unittest(ns)
    _ut.ns = None
    for stream in (_sys.stdout, _sys.stderr, _STDOUT, _STDERR):
        try:
            stream.flush()
        except Exception as e:
            _STDERR.write('(flushing the output failed: ' + _describe(e) + ')\n')
    if error:
        _report_error(error)
    report.finished()


def _calls_check(source):
    try:
        tree = _ast.parse(source)
    except SyntaxError:
        return False
    for node in _ast.walk(tree):
        if isinstance(node, _ast.Call) and isinstance(node.func, _ast.Name) and node.func.id == 'check':
            return True
    return False


def _call_check(check, candidate, name):
    # Asserts inside check() count one by one; an exception that escapes them is one failed test.
    try:
        check(candidate)
    except Exception as e:
        _failed()
        _err('✗ check(' + name + ')\n' + _indent(_format_exc(e)))


def __codelumi_set_shipped(names):
    _SHIPPED_PACKAGES.update(names)
`;
