# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: the pytest stand-in and unittest.main, as the program sees them.

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


