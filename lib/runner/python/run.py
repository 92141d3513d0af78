# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: one run, built per run around its JavaScript ledger, and the entry points the worker calls.

# ------------------------------------------------------------------ one run

def _make_run(report, isinstance=isinstance, issubclass=issubclass, callable=callable, getattr=getattr, setattr=setattr,
              delattr=delattr, hasattr=hasattr, vars=vars, list=list, dict=dict, set=set, str=str, repr=repr, id=id, type=type,
              len=len, int=int, range=range, any=any, exec=exec, Exception=Exception, BaseException=BaseException, SystemExit=SystemExit,
              AttributeError=AttributeError, TypeError=TypeError, Skip=_Skip, TestCase=_TestCase, TestSuite=_TestSuite,
              TestLoader=_TestLoader, TestResult=_TestResult, FunctionType=_FunctionType, ModuleType=_ModuleType,
              unittest_saved=_UNITTEST_SAVED, sys=_sys, builtins=_builtins, urandom=_os.urandom, inspect=_inspect,
              asyncio=_asyncio, prepare=_prepare, bake=_bake, calls_check=_calls_check, defines=_defines,
              param_sets=_param_sets, auto_checks=_auto_checks, Words=_Words, out=_out, err=_err, format_exc=_format_exc, describe=_describe,
              location=_location, where=_where, indent=_indent, streams=(_STDOUT, _STDERR)):
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
    # The code's and the tests' file names (main.py and tests.py for a single block; their workspace paths in a
    # multi-file program, set by run before anything is prepared), and whether errors carry their file.
    paths = ['main.py', 'tests.py']
    multi = [False]

    def send_error(error):
        report_error(error['kind'], error['message'], error.get('line'), error.get('column'), error.get('file'))

    def from_main(v):
        """True for a function the code defined, also behind decorators that keep __wrapped__ (functools.cache, wraps)."""
        for _ in range(8):
            if isinstance(v, FunctionType):
                return v.__code__.co_filename == paths[0]
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
            if filename == paths[1] and innermost is code:
                # The tests ended themselves (sys.exit(pytest.main())): their own end, the harness runs what they define.
                reached(paths[1] + ':end')
                return None
            return 'exit'
        except BaseException as e:
            error = {'kind': 'runtime', 'message': 'The program raised an exception'}
            error['message'] = describe(e)
            if multi[0]:
                error['file'], error['line'] = where(e)
            else:
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
            if filename not in paths or getattr(fn, '_codelumi_fixture', False):
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
            filename = paths[1]  # not a plain function (a decorated method): its class says where it is
        for place in (filename, paths[1], paths[0]):
            candidate = place + '::' + cls.__name__ + '::' + method
            if candidate in known:
                return candidate
        return filename if filename in known else paths[1]

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
            failed(paths[1])
            err('✗ check(' + name + ')\n' + indent(format_exc(e)))
        reached(paths[1] + '::check()')
        return True

    def run(code, tests, code_path='main.py', tests_path='tests.py', located=False):
        paths[0] = code_path
        paths[1] = tests_path
        multi[0] = located
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
        for source, filename in ((code, code_path), (tests or '', tests_path)):
            if not source.strip():
                continue
            tests_file = filename == tests_path
            prepared, error = prepare(source, filename, ph, names, tests_file, True if located else None)
            if error:
                break
            compiled, file_called, file_plan, shape = prepared
            files.append((bake(compiled, values), file_called, filename))
            plan.extend(file_plan)
            shapes['tests' if tests_file else 'main'] = shape
            if tests_file:
                marks.append(tests_path + ':end')
        if error:
            send_error(error)
            finished()
            return
        calls = calls_check(tests) if tests else False
        auto_check = auto_checks(shapes, calls)
        if auto_check:
            marks.append(tests_path + '::check()')
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
            if filename == tests_path:
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


def __codelumi_run(code, tests, report, root='', code_path='main.py', tests_path='tests.py'):
    """Runs one program. A multi-file program gives root, the fresh folder its files were written to (the worker
    wrote them): it becomes the working directory and goes on sys.path, after the code's own folder and the tests'
    (pytest's rootdir rule: the first folder up from the tests without an __init__.py), so `from calc import add`,
    `from pkg.mod import x` and relative imports inside packages work as they would on disk."""
    if root:
        _RUN_ROOT[0] = root
        _USER_FILES[:] = [code_path, tests_path]
        folders = [_os.path.join(root, _os.path.dirname(code_path))]
        tests_dir = _os.path.join(root, _os.path.dirname(tests_path))
        while tests_dir != root and _os.path.exists(_os.path.join(tests_dir, '__init__.py')):
            tests_dir = _os.path.dirname(tests_dir)
        for folder in (tests_dir, root):
            if folder not in folders:
                folders.append(folder)
        _sys.path[0:0] = [_os.path.normpath(f) for f in folders]
        _os.chdir(root)
        _importlib.invalidate_caches()
    else:
        _RUN_ROOT[0] = ''
        _USER_FILES[:] = ['main.py', 'tests.py']
    return _make_run(report)(code, tests, code_path, tests_path, root != '')


def __codelumi_set_shipped(names):
    _SHIPPED_PACKAGES.update(names)
