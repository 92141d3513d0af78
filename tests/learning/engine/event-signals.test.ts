/** Signals from what the user did: copies, runs, leaving, staying (pure functions). */
import { describe, expect, it } from 'vitest';
import type { RunEventData } from '@/lib/core/records';
import {
  copySignal,
  dwellSignal,
  DWELL_MIN_MS,
  DWELL_SETTLE_MS,
  LEAVE_WINDOW_MS,
  leftSignal,
  runSignals,
} from '@/lib/learning/engine/event-signals';

describe('copySignal', () => {
  it('says what was copied', () => {
    expect(copySignal({ what: 'code', blockIndex: 1 })).toMatchObject({
      kind: 'code_copied',
      polarity: 1,
      confidence: 0.8,
      evidence: 'You copied code block 2',
    });
    expect(copySignal({ what: 'selection', chars: 42 }).evidence).toBe('You copied 42 characters of the answer');
    expect(copySignal(undefined).evidence).toBe('You copied the whole answer');
  });
});

/** A run event's data as lib/runner/record.ts writes it, with `over` on an unedited run of no block in particular. */
const run = (over: Partial<RunEventData>): RunEventData => ({
  runId: 'r',
  blockIndex: 0,
  language: 'python',
  status: 'ok',
  passed: 0,
  failed: 0,
  edited: false,
  trigger: 'user',
  durationMs: 5,
  ...over,
});

describe('runSignals', () => {
  it('gives code_ran_ok for a clean run, and tests_passed when its tests passed', () => {
    expect(runSignals(run({ status: 'ok' })).map((s) => s.kind)).toEqual(['code_ran_ok']);
    const tested = runSignals(run({ status: 'ok', passed: 1, failed: 0, blockIndex: 0, language: 'ts' }));
    expect(tested.map((s) => [s.kind, s.evidence])).toEqual([
      ['code_ran_ok', 'The code ran without errors (code block 1, ts)'],
      ['tests_passed', '1 test passed (code block 1, ts)'],
    ]);
  });

  it('gives code_error for a failed or timed-out run, or failing tests', () => {
    expect(runSignals(run({ status: 'error', errorKind: 'runtime', errorMessage: 'NameError: x' }))).toMatchObject([
      { kind: 'code_error', confidence: 0.85, evidence: 'The code failed: NameError: x (code block 1, python)' },
    ]);
    expect(runSignals(run({ status: 'timeout' }))).toMatchObject([
      { kind: 'code_error', evidence: 'The code timed out (code block 1, python)' },
    ]);
    expect(runSignals(run({ status: 'ok', passed: 2, failed: 1 })).map((s) => [s.kind, s.evidence])).toEqual([
      ['code_ran_ok', 'The code ran without errors (code block 1, python)'],
      ['code_error', '1 of 3 tests failed (code block 1, python)'],
    ]);
  });

  it('gives user_corrected, with the diff, when the user fixed failing code and it ran', () => {
    const [fix, ...rest] = runSignals(run({ status: 'ok', edited: true, previousStatus: 'error', diff: '-a\n+b' }));
    expect(fix).toMatchObject({
      kind: 'user_corrected',
      correction: '-a\n+b',
      evidence: 'You fixed the code yourself and it ran (code block 1, python)',
    });
    // Their own edit running is not the answer's code running.
    expect(rest).toEqual([]);
    expect(runSignals(run({ status: 'ok', edited: true, previousStatus: 'ok' }))).toEqual([]);
  });
});

describe('leftSignal', () => {
  it('is given from 0 to 10 s after the answer, without engagement', () => {
    expect(leftSignal(1000 + LEAVE_WINDOW_MS, 1000, false, 'hidden')).toMatchObject({
      kind: 'left_immediately',
      confidence: 0.4,
      evidence: 'You left the tab 10 s after the answer',
    });
    expect(leftSignal(1200, 1000, false, 'new_chat')?.evidence).toBe('You started a new chat 1 s after the answer');
    expect(leftSignal(1001 + LEAVE_WINDOW_MS, 1000, false, 'hidden')).toBeUndefined();
    expect(leftSignal(900, 1000, false, 'hidden')).toBeUndefined();
    expect(leftSignal(2000, 1000, true, 'hidden')).toBeUndefined();
  });
});

describe('dwellSignal', () => {
  it('is given once the answer settled, when the user stayed at least 30 s and nothing followed', () => {
    const done = 0;
    expect(dwellSignal(DWELL_SETTLE_MS, done, DWELL_MIN_MS, false)).toMatchObject({
      kind: 'no_followup',
      evidence: 'You stayed on the answer for 30 s and the conversation ended there',
    });
    expect(dwellSignal(DWELL_SETTLE_MS - 1, done, undefined, false)).toBeUndefined();
    expect(dwellSignal(DWELL_SETTLE_MS, done, DWELL_MIN_MS - 1, false)).toBeUndefined();
    expect(dwellSignal(DWELL_SETTLE_MS, done, undefined, true)).toBeUndefined();
    expect(dwellSignal(DWELL_SETTLE_MS, done, undefined, false)?.evidence).toBe(
      'You stayed on the answer for 120 s and the conversation ended there',
    );
  });
});
