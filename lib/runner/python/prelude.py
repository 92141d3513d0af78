# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: the modules the harness uses and the built-ins, streams and unittest classes it captures as it loads.
import ast as _ast, asyncio as _asyncio, importlib as _importlib, builtins as _builtins, dis as _dis, os as _os, re as _re, sys as _sys, traceback as _traceback, types as _types, unittest as _unittest, inspect as _inspect, warnings as _warnings
from builtins import (isinstance, issubclass, callable, getattr, setattr, delattr, hasattr, vars, list, dict, set, str, repr, id,
                      type, len, zip, all, any, abs, max, print, compile, exec, reversed, sorted, tuple, Exception, BaseException, SystemExit,
                      SyntaxError, TypeError, AssertionError, ModuleNotFoundError, OSError)

# The run's own files, by the names their code objects carry (set per run by __codelumi_run), and the folder a
# multi-file program's files were written to ('' for a single block): tracebacks show only these, workspace-relative.
_USER_FILES = ['main.py', 'tests.py']
_RUN_ROOT = ['']
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


