# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: rewriting asserts and test calls so each reports its own outcome.

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


