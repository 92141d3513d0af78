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
 *
 * The Python is real source in lib/runner/python/, in parts (in the order
 * they run), imported as text at build time: esbuild (the sandbox bundles)
 * reads `with { type: 'text' }` itself, vitest through a plugin in
 * tests/vitest.config.mts, Turbopack through a rule in next.config.mjs.
 */
import prelude from './python/prelude.py' with { type: 'text' };
import words from './python/words.py' with { type: 'text' };
import rewrite from './python/rewrite.py' with { type: 'text' };
import plan from './python/plan.py' with { type: 'text' };
import pytest from './python/pytest.py' with { type: 'text' };
import run from './python/run.py' with { type: 'text' };

/** The harness's Python source: its parts joined in order, run once as one module. */
export const PYTHON_HARNESS = [prelude, words, rewrite, plan, pytest, run].join('');
