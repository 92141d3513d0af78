/**
 * The Python side of the sandbox's test harness, as source the worker hands
 * to Pyodide once. `__codelumi_run(code, tests)` runs the code as
 * `__main__` in a fresh namespace and counts tests the way Python
 * programmers write them:
 * - every module-level `assert` (and every `assert` in a module-level
 *   `check(candidate)` function, HumanEval's convention) is one test; a
 *   failing one is reported and the run goes on to the next;
 * - module-level `test_*` functions (pytest style, with a small `pytest`
 *   stand-in for `raises`, `approx`, `mark.parametrize`, `fixture`) are run
 *   once each, unless the script calls them itself (then that call counts);
 * - `unittest.TestCase` classes are run with unittest (also when the script
 *   calls `unittest.main()`), each test method one test.
 * When the tests define `check(candidate)` but never call it, it is called
 * with the last function the code defines.
 * State a run leaves behind (modules, builtins, cwd) is reset before the next.
 */
export const PYTHON_HARNESS = String.raw`
import ast as _ast, builtins as _builtins, os as _os, sys as _sys, traceback as _traceback, types as _types, unittest as _unittest, json as _json

_USER_FILES = ('main.py', 'tests.py')
_BASE_MODULES = set(_sys.modules)
_BASE_BUILTINS = dict(_builtins.__dict__)
_BASE_PATH = list(_sys.path)
_BASE_CWD = _os.getcwd()
_BASE_RECURSION = _sys.getrecursionlimit()
_SHIPPED_PACKAGES = set()


class _Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.error = None

_tally = _Tally()


def _err(text):
    _sys.stderr.write(text)


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
    _tally.failed += 1
    _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    ' + detail + '\n')


def _check_passed():
    _tally.passed += 1


class _CountAsserts(_ast.NodeTransformer):
    """Turns module-level asserts, and asserts in a module-level check(), into counted checks."""

    def __init__(self, source, filename):
        self.source = source
        self.filename = filename
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
        call = lambda name, args: _ast.Expr(value=_ast.Call(func=_ast.Name(id=name, ctx=_ast.Load()), args=args, keywords=[]))
        const = lambda v: _ast.Constant(value=v)
        handler = _ast.ExceptHandler(
            type=_ast.Name(id='Exception', ctx=_ast.Load()),
            name='__codelumi_e',
            body=[call('__codelumi_raised__', [const(line), const(self.filename), const(src), _ast.Name(id='__codelumi_e', ctx=_ast.Load())])],
        )
        new = _ast.Try(
            body=[_ast.Assign(targets=[_ast.Name(id='__codelumi_ok', ctx=_ast.Store())], value=_ast.Call(func=_ast.Name(id='bool', ctx=_ast.Load()), args=[node.test], keywords=[]))],
            handlers=[handler],
            orelse=[_ast.If(
                test=_ast.Name(id='__codelumi_ok', ctx=_ast.Load()),
                body=[call('__codelumi_passed__', [])],
                orelse=[call('__codelumi_false__', [const(line), const(self.filename), const(src), _ast.Lambda(args=_ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=msg)])],
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

    def __init__(self, filename):
        self.filename = filename

    def visit_Module(self, node):
        body = []
        for stmt in node.body:
            if isinstance(stmt, _ast.Expr) and isinstance(stmt.value, _ast.Call) and isinstance(stmt.value.func, _ast.Name) and stmt.value.func.id.startswith('test'):
                name = stmt.value.func.id
                wrapped = _ast.Expr(value=_ast.Call(
                    func=_ast.Name(id='__codelumi_call_test__', ctx=_ast.Load()),
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
        _tally.failed += 1
        _err('✗ ' + name + '\n' + _indent(_format_exc(e)))
    else:
        _tally.passed += 1
        print('✓ ' + name)


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
    import inspect
    for name, fn in list(ns.items()):
        if not name.startswith('test') or name in skip_names or not isinstance(fn, _types.FunctionType):
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
                print('- ' + label + ' (skipped)')
            except Exception as e:
                _tally.failed += 1
                _err('✗ ' + label + '\n' + _indent(_format_exc(e)))
            else:
                _tally.passed += 1
                print('✓ ' + label)


class _Result(_unittest.TestResult):
    def addSuccess(self, test):
        super().addSuccess(test)
        _tally.passed += 1
        print('✓ ' + test.id().replace('__main__.', ''))

    def _bad(self, test, err):
        _tally.failed += 1
        e = err[1]
        _err('✗ ' + test.id().replace('__main__.', '') + '\n' + _indent(_format_exc(e)))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._bad(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._bad(test, err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._bad(subtest, err)


class _UnittestState:
    ran = False
    ns = None

_ut = _UnittestState()


def _run_unittest(ns):
    if _ut.ran:
        return
    _ut.ran = True
    loader = _unittest.TestLoader()
    suite = _unittest.TestSuite()
    for obj in list(ns.values()):
        if isinstance(obj, type) and issubclass(obj, _unittest.TestCase) and obj.__module__ == '__main__':
            suite.addTests(loader.loadTestsFromTestCase(obj))
    suite.run(_Result())


def _unittest_main(*args, **kwargs):
    if _ut.ns is not None:
        _run_unittest(_ut.ns)

_unittest.main = _unittest_main


# ------------------------------------------------------------------ one run

def _reset():
    # Modules the code wrote or imported from outside the standard library go;
    # standard modules stay loaded (re-importing C modules is slow and fragile).
    for name, mod in list(_sys.modules.items()):
        if name in _BASE_MODULES:
            continue
        origin = getattr(mod, '__file__', None) or ''
        if origin and not origin.startswith('/lib/python'):
            del _sys.modules[name]
    _builtins.__dict__.clear()
    _builtins.__dict__.update(_BASE_BUILTINS)
    _sys.path[:] = _BASE_PATH
    _sys.setrecursionlimit(_BASE_RECURSION)
    try:
        _os.chdir(_BASE_CWD)
    except OSError:
        pass
    _sys.modules['pytest'] = _pytest
    _unittest.main = _unittest_main


def _execute(source, filename, ns):
    """Runs one file in ns; returns an error dict or None."""
    try:
        tree = _ast.parse(source, filename)
    except SyntaxError as e:
        _err('  File "' + filename + '", line ' + str(e.lineno) + '\n' + (('    ' + e.text.rstrip() + '\n') if e.text else '') + type(e).__name__ + ': ' + str(e.msg) + '\n')
        return {'kind': 'syntax', 'message': type(e).__name__ + ': ' + str(e.msg) + (' (' + filename + ')' if filename != 'main.py' else ''), 'line': e.lineno if filename == 'main.py' else None, 'column': e.offset if filename == 'main.py' else None}
    tree = _CountAsserts(source, filename).visit(tree)
    tree = _CountTestCalls(filename).visit(tree)
    _ast.fix_missing_locations(tree)
    try:
        exec(compile(tree, filename, 'exec'), ns)
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


def __codelumi_run(code, tests):
    _reset()
    _tally.passed = 0
    _tally.failed = 0
    ns = {'__name__': '__main__', '__builtins__': _builtins, '__doc__': None,
          '__codelumi_passed__': _check_passed, '__codelumi_false__': _false,
          '__codelumi_raised__': _raised, '__codelumi_call_test__': _call_test}
    main_mod = _types.ModuleType('__main__')
    main_mod.__dict__.update(ns)
    ns = main_mod.__dict__
    saved_main = _sys.modules.get('__main__')
    _sys.modules['__main__'] = main_mod
    _ut.ran = False
    _ut.ns = ns
    error = None
    exited = False
    try:
        defined_before = None
        for source, filename in ((code, 'main.py'), (tests or '', 'tests.py')):
            if not source.strip():
                continue
            if filename == 'tests.py':
                defined_before = [k for k, v in ns.items() if isinstance(v, _types.FunctionType) and v.__code__.co_filename == 'main.py']
            outcome = _execute(source, filename, ns)
            if outcome == 'exit':
                exited = True
                break
            if outcome:
                error = outcome
                break
        if error is None and not exited:
            called = set()
            for source in (code, tests or ''):
                try:
                    called |= _top_level_test_calls(_ast.parse(source))
                except SyntaxError:
                    pass
            check = ns.get('check')
            if tests and isinstance(check, _types.FunctionType) and 'check' not in called and not _calls_check(tests) and defined_before:
                candidate = ns[defined_before[-1]]
                _call_check(check, candidate, defined_before[-1])
            _run_pytest_functions(ns, called | {'check'})
            _run_unittest(ns)
    finally:
        try:
            _sys.stdout.flush()
            _sys.stderr.flush()
        except Exception:
            pass
        if saved_main is not None:
            _sys.modules['__main__'] = saved_main
        _ut.ns = None
    if error is None and _tally.failed:
        error = {'kind': 'tests', 'message': str(_tally.failed) + (' test failed' if _tally.failed == 1 else ' tests failed')}
    return _json.dumps({'passed': _tally.passed, 'failed': _tally.failed, 'error': error})


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
        _tally.failed += 1
        _err('✗ check(' + name + ')\n' + _indent(_format_exc(e)))


def __codelumi_set_shipped(names):
    _SHIPPED_PACKAGES.update(names)
`;
