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
 * - `unittest.TestCase` classes are run with unittest once the files have
 *   run (`unittest.main()` in them does nothing), each test method one test;
 *   a test that never reports an outcome counts as failed;
 * - tests of the tests file that never report at all (the program ended
 *   itself first) count as failed, one each (see test-ledger.ts).
 * When the tests define `check(candidate)` but never call it, it is called
 * with the last function the code defines.
 *
 * Each interpreter runs one program (python-program.ts), so nothing needs
 * resetting. What the program could replace during its own run is kept out
 * of the reporting path:
 * - both files are parsed and rewritten before any user code runs, and the
 *   harness tells `report` (a JavaScript ledger, test-ledger.ts) the fixed
 *   list of tests it read from them: a test that never reports (the code
 *   called sys.exit, raised SystemExit, or the tests were cut short) counts
 *   as failed;
 * - every outcome goes to `report` as it happens, before any message is
 *   formatted. The rewritten asserts and test calls reach `report` (and the
 *   few built-ins they use) as constants of their own code objects, swapped
 *   in after compiling, not as names in the program's namespace;
 * - the harness's run is built per run by `_make_run`, whose functions look
 *   up no global name (checked when the harness loads): rebinding names in
 *   the harness's globals (through a helper's `__globals__` or a frame's
 *   `f_globals`) changes nothing they do. What the program is handed
 *   (the pytest stand-in, `unittest.main`, the message helpers) reports
 *   nothing, so replacing its `__code__` or globals changes no outcome;
 * - the builtins, stdout/stderr and unittest classes the harness uses are
 *   captured when it loads.
 * What one CPython realm cannot keep apart is listed in lib/runner/README.md.
 */
export const PYTHON_HARNESS = String.raw`
import ast as _ast, asyncio as _asyncio, builtins as _builtins, dis as _dis, os as _os, re as _re, sys as _sys, traceback as _traceback, types as _types, unittest as _unittest, inspect as _inspect, warnings as _warnings
from builtins import (isinstance, issubclass, callable, getattr, setattr, delattr, hasattr, vars, list, dict, set, str, repr, id,
                      type, len, zip, all, any, abs, max, print, compile, exec, reversed, sorted, tuple, Exception, BaseException, SystemExit,
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
_CodeType = _types.CodeType
_ModuleType = _types.ModuleType
# unittest as it was before the program ran: restored before the harness runs the program's TestCases.
_UNITTEST_CLASSES = [c for c in (_TestCase, _TestSuite, _unittest.suite.BaseTestSuite, _TestLoader, _TestResult, _unittest.case._Outcome) if isinstance(c, type)]
_UNITTEST_SAVED = [(c, dict(vars(c))) for c in _UNITTEST_CLASSES]


# ------------------------------------------------------------------ words (output only: no outcome depends on them)

def _err(text):
    _STDERR.write(text)


def _out(text):
    _STDOUT.write(text)


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


def _indent(text):
    return ''.join('    ' + l + '\n' for l in text.rstrip('\n').split('\n'))


class _Words:
    """What the rewritten asserts and test calls print, after their outcome has gone to JavaScript."""

    def false(self, line, filename, src, msg):
        try:
            m = msg()
        except Exception as e:
            m = '(the assert message raised ' + _describe(e) + ')'
        _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    AssertionError' + (': ' + str(m) if m is not None else '') + '\n')

    def raised(self, line, filename, src, e):
        _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    ' + _describe(e) + '\n')

    def test_passed(self, name):
        _out('✓ ' + name + '\n')

    def test_failed(self, name, e):
        _err('✗ ' + name + '\n' + _indent(_format_exc(e)))

    def test_async(self, name):
        _err('✗ ' + name + '\n    TypeError: async test functions are not supported\n')


# ------------------------------------------------------------------ rewriting (before any user code runs)

def _report_call(ph, method, test_id):
    """PH.method('id'): PH is a constant swapped for the run's JavaScript report object after compiling."""
    return _ast.Expr(value=_ast.Call(func=_ast.Attribute(value=_ast.Constant(value=ph['report']), attr=method, ctx=_ast.Load()), args=[_ast.Constant(value=test_id)], keywords=[]))


def _words_call(ph, method, args):
    return _ast.Expr(value=_ast.Call(func=_ast.Attribute(value=_ast.Constant(value=ph['words']), attr=method, ctx=_ast.Load()), args=args, keywords=[]))


def _store(name, value):
    return _ast.Assign(targets=[_ast.Name(id=name, ctx=_ast.Store())], value=_ast.Constant(value=value))


_NO_ARGS = lambda: _ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[])


class _CountAsserts(_ast.NodeTransformer):
    """Turns module-level asserts, and asserts in a module-level check(), into counted checks; notes each one's id."""

    def __init__(self, source, filename, ph, names):
        self.source = source
        self.filename = filename
        self.ph = ph
        self.names = names
        self.depth = 0
        self.top = set()
        self.ids = []

    def visit_Module(self, node):
        self.top = {id(s) for s in node.body if isinstance(s, _ast.Assert)}
        self.generic_visit(node)
        return node

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
        test_id = self.filename + ':' + str(line) + ':' + str(node.col_offset)
        self.ids.append((test_id, id(node) in self.top))
        msg = node.msg if node.msg is not None else _ast.Constant(value=None)
        ph, n = self.ph, self.names
        const = lambda v: _ast.Constant(value=v)
        where = [const(line), const(self.filename), const(src)]
        # Truth is taken by the if statement itself (not a bool() the program could rebind); the outcome goes to
        # JavaScript through a constant of this code object before anything is printed.
        new = _ast.Try(
            body=[_ast.If(test=node.test, body=[_store(n['ok'], True)], orelse=[_store(n['ok'], False)])],
            handlers=[_ast.ExceptHandler(type=const(ph['exception']), name=n['e'], body=[
                _report_call(ph, 'failed', test_id),
                _words_call(ph, 'raised', where + [_ast.Name(id=n['e'], ctx=_ast.Load())]),
            ])],
            orelse=[_ast.If(
                test=_ast.Name(id=n['ok'], ctx=_ast.Load()),
                body=[_report_call(ph, 'passed', test_id)],
                orelse=[_report_call(ph, 'failed', test_id), _words_call(ph, 'false', where + [_ast.Lambda(args=_NO_ARGS(), body=msg)])],
            )],
            finalbody=[],
        )
        return _ast.copy_location(new, node)


def _is_test_call(stmt):
    return isinstance(stmt, _ast.Expr) and isinstance(stmt.value, _ast.Call) and isinstance(stmt.value.func, _ast.Name) and stmt.value.func.id.startswith('test')


def _top_level_test_calls(tree):
    """Names of test_* functions the script calls itself at module level."""
    return {stmt.value.func.id for stmt in tree.body if _is_test_call(stmt)}


class _CountTestCalls(_ast.NodeTransformer):
    """A module-level call test_x() becomes one counted test, reported to JavaScript through constants."""

    def __init__(self, filename, ph, names):
        self.filename = filename
        self.ph = ph
        self.names = names

    def visit_Module(self, node):
        body = []
        ph, n = self.ph, self.names
        for stmt in node.body:
            if not _is_test_call(stmt):
                body.append(stmt)
                continue
            name = stmt.value.func.id
            test_id = self.filename + '::' + name
            result = _ast.Name(id=n['r'], ctx=_ast.Load())
            # hasattr is a builtin function baked in as a constant: nothing the program can rebind.
            awaitable = _ast.Call(func=_ast.Constant(value=ph['hasattr']), args=[result, _ast.Constant(value='__await__')], keywords=[])
            new = _ast.Try(
                body=[
                    _ast.Assign(targets=[_ast.Name(id=n['r'], ctx=_ast.Store())], value=stmt.value),
                    _ast.If(test=awaitable, body=[_store(n['ok'], False)], orelse=[_store(n['ok'], True)]),
                ],
                handlers=[_ast.ExceptHandler(type=_ast.Constant(value=ph['exception']), name=n['e'], body=[
                    _report_call(ph, 'failed', test_id),
                    _words_call(ph, 'test_failed', [_ast.Constant(value=name), _ast.Name(id=n['e'], ctx=_ast.Load())]),
                ])],
                orelse=[_ast.If(
                    test=_ast.Name(id=n['ok'], ctx=_ast.Load()),
                    body=[_report_call(ph, 'passed', test_id), _words_call(ph, 'test_passed', [_ast.Constant(value=name)])],
                    orelse=[_report_call(ph, 'failed', test_id), _words_call(ph, 'test_async', [_ast.Constant(value=name)])],
                )],
                finalbody=[],
            )
            body.append(_ast.copy_location(new, stmt))
        node.body = body
        return node


def _is_fixture(fn):
    for d in fn.decorator_list:
        target = d.func if isinstance(d, _ast.Call) else d
        if 'fixture' in (_ast.unparse(target) if target is not None else ''):
            return True
    return False


def _marks_only(fn):
    """True when every decorator is a pytest mark (which leaves the function a plain test function)."""
    for d in fn.decorator_list:
        target = d.func if isinstance(d, _ast.Call) else d
        if not ('mark.' in _ast.unparse(target) or _ast.unparse(target).startswith('mark')):
            return False
    return True


def _is_testcase(cls, local_cases):
    for b in cls.bases:
        name = b.attr if isinstance(b, _ast.Attribute) else b.id if isinstance(b, _ast.Name) else ''
        if name.endswith('TestCase') or name in local_cases:
            return True
    return False


def _plan(tree, filename):
    """The tests this file holds, as (id, required) pairs, read from the source before any user code runs.

    Required (in the tests file): test* functions the harness runs and the test* methods of unittest classes
    (the rewriting adds the module-level asserts). Known but not required: the file itself (outcomes of tests
    only known at run time: dynamic TestCases and methods)."""
    tests_file = filename == 'tests.py'
    out = [(filename, False)]
    local_cases = {}
    for stmt in tree.body:
        if isinstance(stmt, (_ast.FunctionDef, _ast.AsyncFunctionDef)) and stmt.name.startswith('test') and not _is_fixture(stmt):
            out.append((filename + '::' + stmt.name, tests_file and _marks_only(stmt)))
        elif _is_test_call(stmt):
            out.append((filename + '::' + stmt.value.func.id, False))
        elif isinstance(stmt, _ast.ClassDef) and _is_testcase(stmt, local_cases):
            methods = [s.name for s in stmt.body if isinstance(s, (_ast.FunctionDef, _ast.AsyncFunctionDef)) and s.name.startswith('test')]
            inherited = [m for b in stmt.bases if isinstance(b, _ast.Name) for m in local_cases.get(b.id, [])]
            local_cases[stmt.name] = methods + inherited
            out.append((filename + '::' + stmt.name, False))
            for m in sorted(set(methods + inherited)):
                out.append((filename + '::' + stmt.name + '::' + m, tests_file))
    return out


def _calls_check(source):
    try:
        tree = _ast.parse(source)
    except SyntaxError:
        return False
    for node in _ast.walk(tree):
        if isinstance(node, _ast.Call) and isinstance(node.func, _ast.Name) and node.func.id == 'check':
            return True
    return False


def _defines(tree, name):
    return any(isinstance(s, (_ast.FunctionDef, _ast.AsyncFunctionDef)) and s.name == name for s in tree.body)


def _defines_function(tree):
    return any(isinstance(s, (_ast.FunctionDef, _ast.AsyncFunctionDef)) for s in tree.body)


def _auto_checks(shapes, calls):
    """True when the harness will call the tests' check(candidate) itself: the tests define it and never call it, and the code defines a function.

    shapes maps a file name to (defines a function, defines check)."""
    return 'tests.py' in shapes and 'main.py' in shapes and not calls and shapes['tests.py'][1] and shapes['main.py'][0]


def _bake(code, values):
    """The code object with each placeholder constant (in it and in its nested code) replaced by the run's object."""
    consts = []
    changed = False
    for c in code.co_consts:
        new = c
        if type(c) is str and c in values:
            new = values[c]
        elif isinstance(c, _CodeType):
            new = _bake(c, values)
        changed = changed or new is not c
        consts.append(new)
    return code.replace(co_consts=tuple(consts)) if changed else code


def _prepare(source, filename, ph, names):
    """Parses, rewrites and compiles one file; returns ((code, called test names, plan, tree), None) or (None, error dict)."""
    try:
        tree = _ast.parse(source, filename)
    except SyntaxError as e:
        _err('  File "' + filename + '", line ' + str(e.lineno) + '\n' + (('    ' + e.text.rstrip() + '\n') if e.text else '') + type(e).__name__ + ': ' + str(e.msg) + '\n')
        return None, {'kind': 'syntax', 'message': type(e).__name__ + ': ' + str(e.msg) + (' (' + filename + ')' if filename != 'main.py' else ''), 'line': e.lineno if filename == 'main.py' else None, 'column': e.offset if filename == 'main.py' else None}
    called = _top_level_test_calls(tree)
    # The plan reads the file's own statements, so it is read before the rewriting replaces some of them.
    plan = _plan(tree, filename)
    auto = _defines_function(tree)
    checks = _defines(tree, 'check')
    counter = _CountAsserts(source, filename, ph, names)
    tree = counter.visit(tree)
    tree = _CountTestCalls(filename, ph, names).visit(tree)
    plan += [(i, required and filename == 'tests.py') for i, required in counter.ids]
    if filename == 'tests.py':
        # Reaching the end of the tests is itself checked: code that ends the program inside them leaves it missing.
        tree.body.append(_report_call(ph, 'reached', 'tests.py:end'))
    _ast.fix_missing_locations(tree)
    with _warnings.catch_warnings():
        # A call of a placeholder string constant draws a SyntaxWarning; the placeholder is replaced before it runs.
        _warnings.simplefilter('ignore', SyntaxWarning)
        code = compile(tree, filename, 'exec')
    return (code, called, plan, (auto, checks)), None


# ------------------------------------------------------------------ pytest stand-in (given to the program: nothing here reports)

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
            if not _re.search(self.match, str(value)):
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


def _unittest_main(*args, **kwargs):
    """unittest.main() in a program: the harness runs the program's TestCases itself once its code has run."""
    return None

_unittest.main = _unittest_main
_sys.modules['pytest'] = _pytest


# ------------------------------------------------------------------ one run

def _make_run(report, isinstance=isinstance, issubclass=issubclass, callable=callable, getattr=getattr, setattr=setattr,
              delattr=delattr, hasattr=hasattr, vars=vars, list=list, dict=dict, set=set, str=str, repr=repr, id=id, type=type,
              len=len, int=int, range=range, any=any, exec=exec, Exception=Exception, BaseException=BaseException, SystemExit=SystemExit,
              AttributeError=AttributeError, TypeError=TypeError, Skip=_Skip, TestCase=_TestCase, TestSuite=_TestSuite,
              TestLoader=_TestLoader, TestResult=_TestResult, FunctionType=_FunctionType, ModuleType=_ModuleType,
              unittest_saved=_UNITTEST_SAVED, sys=_sys, builtins=_builtins, urandom=_os.urandom, inspect=_inspect,
              asyncio=_asyncio, prepare=_prepare, bake=_bake, calls_check=_calls_check, defines=_defines,
              param_sets=_param_sets, auto_checks=_auto_checks, Words=_Words, out=_out, err=_err, format_exc=_format_exc, describe=_describe,
              location=_location, indent=_indent, streams=(_STDOUT, _STDERR)):
    """The run, built for one report (the run's JavaScript ledger) before any user code runs.

    Everything the run decides with is a local or closure of this function, captured now: the functions
    below look up no global name (checked when the harness loads), so a program that rebinds names in the
    harness's globals (through a helper's __globals__ or a frame's f_globals) changes nothing they do.
    Each outcome goes to report before anything is printed."""
    passed = report.passed
    failed = report.failed
    skipped = report.skipped
    reached = report.reached
    exited = report.exited
    report_error = report.error
    finished = report.finished

    def send_error(error):
        report_error(error['kind'], error['message'], error.get('line'), error.get('column'))

    def from_main(v):
        """True for a function the code defined, also behind decorators that keep __wrapped__ (functools.cache, wraps)."""
        for _ in range(8):
            if isinstance(v, FunctionType):
                return v.__code__.co_filename == 'main.py'
            v = getattr(v, '__wrapped__', None)
            if v is None:
                return False
        return False

    def execute(code, filename, ns):
        """Runs one prepared file in ns; returns an error dict, 'exit' or None."""
        try:
            exec(code, ns)
        except SystemExit as e:
            status = e.code
            if status not in (None, 0):
                if not isinstance(status, int):
                    err(str(status) + '\n')
                return {'kind': 'runtime', 'message': 'SystemExit: ' + str(status)}
            tb = e.__traceback__
            innermost = None
            while tb is not None:
                innermost = tb.tb_frame.f_code
                tb = tb.tb_next
            if filename == 'tests.py' and innermost is code:
                # The tests ended themselves (sys.exit(pytest.main())): their own end, the harness runs what they define.
                reached('tests.py:end')
                return None
            return 'exit'
        except BaseException as e:
            error = {'kind': 'runtime', 'message': 'The program raised an exception'}
            error['message'] = describe(e)
            error['line'] = location(e, 'main.py') if filename == 'main.py' else None
            err(format_exc(e))
            return error
        return None

    def run_test(test_id, label, call):
        """Runs one test; False when it ended the program (SystemExit), which stops the run."""
        try:
            result = call()
            if hasattr(result, '__await__'):
                asyncio.get_event_loop().run_until_complete(result)
        except Skip:
            skipped(test_id)
            out('- ' + label + ' (skipped)\n')
        except SystemExit:
            exited('SystemExit')
            return False
        except Exception as e:
            failed(test_id)
            err('✗ ' + label + '\n' + indent(format_exc(e)))
        else:
            passed(test_id)
            out('✓ ' + label + '\n')
        return True

    def invoke(fn, params, ns):
        kwargs = dict(params)
        for p in inspect.signature(fn).parameters.values():
            if p.name in kwargs or p.default is not inspect.Parameter.empty:
                continue
            fixture = ns.get(p.name)
            if callable(fixture) and getattr(fixture, '_codelumi_fixture', False):
                kwargs[p.name] = fixture()
            else:
                raise TypeError('fixture ' + repr(p.name) + ' is not available in the sandbox')
        return fn(**kwargs)

    def run_pytest_functions(ns, skip_names, known):
        for name, fn in list(ns.items()):
            if not isinstance(name, str) or not name.startswith('test') or name in skip_names or not isinstance(fn, FunctionType):
                continue
            filename = fn.__code__.co_filename
            if filename not in ('main.py', 'tests.py') or getattr(fn, '_codelumi_fixture', False):
                continue
            test_id = filename + '::' + name
            if test_id not in known:
                test_id = filename
            for params in param_sets(fn):
                label = name + ('[' + '-'.join(repr(v) for v in params.values()) + ']' if params else '')
                if not run_test(test_id, label, lambda: invoke(fn, params, ns)):
                    return False
        return True

    def case_id(test, known):
        case = getattr(test, 'test_case', test)  # a subTest reports for its test
        cls = type(case)
        method = getattr(case, '_testMethodName', '')
        try:
            filename = getattr(cls, method).__code__.co_filename
        except AttributeError:
            filename = 'tests.py'  # not a plain function (a decorated method): its class says where it is
        for where in (filename, 'tests.py', 'main.py'):
            candidate = where + '::' + cls.__name__ + '::' + method
            if candidate in known:
                return candidate
        return filename if filename in known else 'tests.py'

    def restore_unittest():
        # The program may have patched unittest (e.g. TestCase.run) to report success; its own TestCases run on the real one.
        for cls, saved in unittest_saved:
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

    def run_unittest(ns, known):
        restore_unittest()
        loader = TestLoader()
        cases = []
        for obj in list(ns.values()):
            if isinstance(obj, type) and issubclass(obj, TestCase) and obj.__module__ == '__main__':
                cases.extend(loader.loadTestsFromTestCase(obj))
        if not cases:
            return
        reported = set()

        def label(test):
            return test.id().replace('__main__.', '')

        def bad(test, err_info):
            failed(case_id(test, known))
            err('✗ ' + label(test) + '\n' + indent(format_exc(err_info[1])))

        class Result(TestResult):
            def addSuccess(self, test):
                reported.add(id(test))
                passed(case_id(test, known))
                TestResult.addSuccess(self, test)
                out('✓ ' + label(test) + '\n')

            def addFailure(self, test, err_info):
                reported.add(id(test))
                TestResult.addFailure(self, test, err_info)
                bad(test, err_info)

            def addError(self, test, err_info):
                reported.add(id(test))
                TestResult.addError(self, test, err_info)
                bad(test, err_info)

            def addSkip(self, test, reason):
                reported.add(id(test))
                skipped(case_id(test, known))
                TestResult.addSkip(self, test, reason)

            def addExpectedFailure(self, test, err_info):
                reported.add(id(test))
                skipped(case_id(test, known))
                TestResult.addExpectedFailure(self, test, err_info)

            def addUnexpectedSuccess(self, test):
                reported.add(id(test))
                skipped(case_id(test, known))
                TestResult.addUnexpectedSuccess(self, test)

            def addSubTest(self, test, subtest, err_info):
                if err_info is not None:
                    reported.add(id(test))
                    bad(subtest, err_info)
                TestResult.addSubTest(self, test, subtest, err_info)

        TestSuite(cases).run(Result())
        for case in cases:
            if id(case) not in reported:
                failed(case_id(case, known))
                err('✗ ' + label(case) + '\n    the test ended without reporting a result\n')

    def call_check(check, candidate, name):
        # Asserts inside check() count one by one; an exception that escapes them is one failed test.
        try:
            check(candidate)
        except SystemExit:
            exited('SystemExit')
            return False
        except Exception as e:
            failed('tests.py')
            err('✗ check(' + name + ')\n' + indent(format_exc(e)))
        reached('tests.py::check()')
        return True

    def run(code, tests):
        # Placeholders for the objects the rewritten files report through, and names of their variables:
        # random, so no source can contain them.
        tag = urandom(8).hex()
        ph = {k: '\x00codelumi-' + k + '-' + tag for k in ('report', 'words', 'exception', 'hasattr')}
        names = {k: '__codelumi_' + k + '_' + tag for k in ('ok', 'e', 'r')}
        values = {ph['report']: report, ph['words']: Words(), ph['exception']: Exception, ph['hasattr']: hasattr}
        files = []
        error = None
        plan = []
        marks = []
        shapes = {}
        for source, filename in ((code, 'main.py'), (tests or '', 'tests.py')):
            if not source.strip():
                continue
            prepared, error = prepare(source, filename, ph, names)
            if error:
                break
            compiled, file_called, file_plan, shape = prepared
            files.append((bake(compiled, values), file_called, filename))
            plan.extend(file_plan)
            shapes[filename] = shape
            if filename == 'tests.py':
                marks.append('tests.py:end')
        if error:
            send_error(error)
            finished()
            return
        calls = calls_check(tests) if tests else False
        auto_check = auto_checks(shapes, calls)
        if auto_check:
            marks.append('tests.py::check()')
        known = set(i for i, _ in plan)
        # The fixed list of tests, given before any user code runs: JavaScript counts each one that never reports as failed.
        report.expect('\n'.join(i for i, _ in plan), '\n'.join(i for i, required in plan if required), '\n'.join(marks))
        ns = {'__name__': '__main__', '__builtins__': builtins, '__doc__': None}
        main_mod = ModuleType('__main__')
        main_mod.__dict__.update(ns)
        ns = main_mod.__dict__
        sys.modules['__main__'] = main_mod
        stopped = False
        called = set()
        defined_before = None
        for compiled, file_called, filename in files:
            called |= file_called
            if filename == 'tests.py':
                defined_before = [k for k, v in list(ns.items()) if from_main(v)]
                # The tests run as __main__ whatever the code set its __name__ to (their "if __name__ == '__main__':" must run).
                ns['__name__'] = '__main__'
            outcome = execute(compiled, filename, ns)
            if outcome == 'exit':
                exited('SystemExit')
                stopped = True
                break
            if outcome:
                error = outcome
                break
        if error is None and not stopped:
            check = ns.get('check')
            going = True
            if tests and isinstance(check, FunctionType) and 'check' not in called and not calls and defined_before:
                going = call_check(check, ns[defined_before[-1]], defined_before[-1])
            if going:
                going = run_pytest_functions(ns, called | {'check'}, known)
            if going:
                run_unittest(ns, known)
        for stream in (sys.stdout, sys.stderr) + streams:
            try:
                stream.flush()
            except Exception as e:
                err('(flushing the output failed: ' + describe(e) + ')\n')
        if error:
            send_error(error)
        finished()

    return run


def _uses_no_globals(code):
    """True when no function in code (nested ones included) looks up a global or builtin name."""
    for c in code.co_consts:
        if isinstance(c, _CodeType):
            if c.co_flags & _inspect.CO_OPTIMIZED:
                for ins in _dis.get_instructions(c):
                    if ins.opname in ('LOAD_GLOBAL', 'LOAD_NAME', 'STORE_GLOBAL', 'DELETE_GLOBAL', 'LOAD_FROM_DICT_OR_GLOBALS'):
                        raise AssertionError('harness function ' + c.co_name + ' looks up the global ' + repr(ins.argval))
            _uses_no_globals(c)
    return True

_uses_no_globals(_make_run.__code__)


def __codelumi_run(code, tests, report):
    return _make_run(report)(code, tests)


def __codelumi_set_shipped(names):
    _SHIPPED_PACKAGES.update(names)
`;
