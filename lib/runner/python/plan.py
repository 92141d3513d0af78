# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: the fixed list of tests each file holds, and preparing a file (parse, plan, rewrite, compile).

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


def _plan(tree, filename, tests_file):
    """The tests this file holds, as (id, required) pairs, read from the source before any user code runs.

    Required (in the tests file): test* functions the harness runs and the test* methods of unittest classes
    (the rewriting adds the module-level asserts). Known but not required: the file itself (outcomes of tests
    only known at run time: dynamic TestCases and methods)."""
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

    shapes maps a file's role ('main' or 'tests') to (defines a function, defines check)."""
    return 'tests' in shapes and 'main' in shapes and not calls and shapes['tests'][1] and shapes['main'][0]


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


def _prepare(source, filename, ph, names, tests_file=False, located=None):
    """Parses, rewrites and compiles one file; returns ((code, called test names, plan, tree), None) or (None, error dict).

    tests_file: this is the tests (their end is a mark; their tests must report). located: a syntax error carries
    its line (and its file, for a multi-file program); by default only the code's own do (a single block)."""
    try:
        tree = _ast.parse(source, filename)
    except SyntaxError as e:
        _err('  File "' + filename + '", line ' + str(e.lineno) + '\n' + (('    ' + e.text.rstrip() + '\n') if e.text else '') + type(e).__name__ + ': ' + str(e.msg) + '\n')
        at = (not tests_file) if located is None else located
        error = {'kind': 'syntax', 'message': type(e).__name__ + ': ' + str(e.msg) + (' (' + filename + ')' if tests_file else ''), 'line': e.lineno if at else None, 'column': e.offset if at else None}
        if located:
            error['file'] = filename
        return None, error
    called = _top_level_test_calls(tree)
    # The plan reads the file's own statements, so it is read before the rewriting replaces some of them.
    plan = _plan(tree, filename, tests_file)
    auto = _defines_function(tree)
    checks = _defines(tree, 'check')
    counter = _CountAsserts(source, filename, ph, names)
    tree = counter.visit(tree)
    tree = _CountTestCalls(filename, ph, names).visit(tree)
    plan += [(i, required and tests_file) for i, required in counter.ids]
    if tests_file:
        # Reaching the end of the tests is itself checked: code that ends the program inside them leaves it missing.
        tree.body.append(_report_call(ph, 'reached', filename + ':end'))
    _ast.fix_missing_locations(tree)
    with _warnings.catch_warnings():
        # A call of a placeholder string constant draws a SyntaxWarning; the placeholder is replaced before it runs.
        _warnings.simplefilter('ignore', SyntaxWarning)
        code = compile(tree, filename, 'exec')
    return (code, called, plan, (auto, checks)), None


