import { describe, expect, it } from 'vitest';
import { createTestLedger } from '@/lib/runner/test-ledger';

const KNOWN = ['main.py', 'tests.py', 'tests.py:1:0', 'tests.py:2:0', 'tests.py::test_a', 'tests.py:5:4'].join('\n');
const REQUIRED = ['tests.py:1:0', 'tests.py:2:0', 'tests.py::test_a'].join('\n');

function ledger() {
  const l = createTestLedger();
  l.report.expect(KNOWN, REQUIRED, 'tests.py:end');
  return l;
}

describe('the Python test ledger', () => {
  it('counts every outcome of a known test, a loop assert each time', () => {
    const { report, summary } = ledger();
    report.passed('tests.py:1:0');
    report.passed('tests.py:2:0');
    report.passed('tests.py::test_a');
    report.passed('tests.py:5:4');
    report.passed('tests.py:5:4');
    report.reached('tests.py:end');
    report.finished();
    expect(summary()).toEqual({ passed: 5, failed: 0 });
  });

  it('ignores reports for ids it was not told about, and reports before the list', () => {
    const { report, summary } = createTestLedger();
    report.passed('tests.py:1:0');
    report.expect(KNOWN, REQUIRED, '');
    for (const id of ['tests.py:1:0', 'tests.py:2:0', 'tests.py::test_a']) report.passed(id);
    report.passed('tests.py:99:0');
    report.failed('made-up');
    report.finished();
    expect(summary()).toEqual({ passed: 3, failed: 0 });
  });

  it('keeps a failure: forged passes before it and after it cannot undo it', () => {
    const { report, summary } = ledger();
    for (let i = 0; i < 5; i++) report.passed('tests.py:1:0');
    report.failed('tests.py:1:0');
    report.passed('tests.py:1:0');
    report.passed('tests.py:2:0');
    report.skipped('tests.py::test_a');
    report.reached('tests.py:end');
    report.finished();
    expect(summary()).toEqual({ passed: 7, failed: 1, error: { kind: 'tests', message: '1 test failed' } });
  });

  it('counts required tests that never reported as failed, and says so', () => {
    const { report, summary } = ledger();
    report.passed('tests.py:1:0');
    report.finished();
    expect(summary()).toEqual({
      passed: 1,
      failed: 2,
      error: { kind: 'tests', message: '2 tests did not run (1 of 3 ran)' },
      notice: '✗ 2 tests did not run (1 of 3 ran)\n',
    });
  });

  it('names SystemExit or os._exit when the program ended itself', () => {
    const a = ledger();
    a.report.exited('SystemExit');
    a.report.finished();
    expect(a.summary()).toMatchObject({
      passed: 0,
      failed: 3,
      error: { kind: 'tests', message: 'SystemExit ended the program before its tests ran' },
    });
    const b = ledger();
    b.report.passed('tests.py:1:0');
    b.report.exited('os._exit');
    b.report.finished();
    expect(b.summary().error?.message).toBe('os._exit ended the program before its tests finished (1 of 3 ran)');
  });

  it('fails tests that did not reach their end although every required test reported', () => {
    const { report, summary } = ledger();
    for (const id of ['tests.py:1:0', 'tests.py:2:0', 'tests.py::test_a']) report.passed(id);
    report.finished();
    expect(summary()).toMatchObject({
      passed: 3,
      failed: 1,
      error: { kind: 'tests', message: 'The tests did not run to their end' },
    });
  });

  it('with tests given, fails a run in which no test on the list reported at all', () => {
    const { report, summary } = createTestLedger();
    report.expect(['tests.py:2:4'].join('\n'), '', 'tests.py:end');
    report.reached('tests.py:end');
    report.finished();
    expect(summary()).toEqual({ passed: 0, failed: 0 });
    expect(summary({ testsGiven: true })).toMatchObject({
      passed: 0,
      failed: 1,
      error: { kind: 'tests', message: 'No test ran: none of the asserts or tests reported an outcome' },
    });
  });

  it('takes the list of tests only once', () => {
    const { report, summary } = ledger();
    report.expect('tests.py:1:0', '', '');
    report.passed('tests.py:1:0');
    report.reached('tests.py:end');
    report.finished();
    expect(summary()).toMatchObject({ failed: 2, error: { message: '2 tests did not run (1 of 3 ran)' } });
  });

  it('keeps the first error, and says when the harness never finished', () => {
    const a = ledger();
    a.report.error('runtime', 'NameError: x', 3, null);
    a.report.error('runtime', 'later');
    a.report.finished();
    expect(a.summary()).toEqual({
      passed: 0,
      failed: 0,
      error: { kind: 'runtime', message: 'NameError: x', line: 3, column: undefined },
    });
    const b = ledger();
    expect(b.summary().error?.message).toBe('The program stopped the test harness before it could finish.');
  });

  it('cannot be changed through its report object, nor by poisoned Map and Set methods', () => {
    const { report, summary } = ledger();
    expect(() => Object.assign(report, { failed: report.passed })).toThrow(TypeError);
    const saved = { get: Map.prototype.get, has: Map.prototype.has, forEach: Set.prototype.forEach };
    try {
      Map.prototype.get = function () {
        return 'passed';
      };
      Map.prototype.has = () => true;
      Set.prototype.forEach = () => undefined;
      report.failed('tests.py:1:0');
      report.finished();
      expect(summary()).toMatchObject({
        passed: 0,
        failed: 3,
        error: { kind: 'tests', message: '2 tests did not run (1 of 3 ran)' },
      });
    } finally {
      Map.prototype.get = saved.get;
      Map.prototype.has = saved.has;
      Set.prototype.forEach = saved.forEach;
    }
  });
});
