import { describe, expect, it } from 'vitest';
import { OutputBatcher, OutputLimiter } from '@/lib/runner/output';
import { formatDuration, summarizeRun } from '@/lib/runner/summary';
import { formatArgs, formatValue } from '@/lib/runner/format';

describe('runaway output', () => {
  it('keeps output up to the limit and says once that the rest was dropped', () => {
    const l = new OutputLimiter(10);
    expect(l.admit('12345')).toEqual({ text: '12345' });
    const crossing = l.admit('6789012');
    expect(crossing.text).toBe('67890');
    expect(crossing.notice).toMatch(/output stopped/);
    expect(l.admit('more')).toEqual({ text: '' });
    expect(l.truncated).toBe(true);
  });

  it('sends sparse writes at once and batches a burst into few chunks', () => {
    const sent: [string, string][] = [];
    let now = 0;
    const b = new OutputBatcher(
      (s, t) => sent.push([s, t]),
      () => now,
      10_000,
      100,
      2,
    );
    b.write('stdout', 'first\n');
    expect(sent).toEqual([['stdout', 'first\n']]);
    for (let i = 0; i < 5; i++) b.write('stdout', `${i}\n`);
    expect(sent).toEqual([
      ['stdout', 'first\n'],
      ['stdout', '0\n'],
    ]);
    b.write('stderr', 'oops\n');
    now = 150;
    b.write('stderr', 'late\n');
    b.flush();
    expect(sent).toEqual([
      ['stdout', 'first\n'],
      ['stdout', '0\n'],
      ['stdout', '1\n2\n3\n4\n'],
      ['stderr', 'oops\nlate\n'],
    ]);
  });
});

describe('run summaries', () => {
  it('says a clean run ran without errors, with its duration and test counts', () => {
    expect(summarizeRun({ status: 'ok', passed: 3, failed: 0, durationMs: 12 })).toEqual({
      tone: 'ok',
      title: 'Ran without errors in 12 ms',
      tests: '3 passed, 0 failed',
    });
  });

  it('names the time limit of a timed-out run', () => {
    expect(
      summarizeRun({ status: 'timeout', passed: 0, failed: 0, durationMs: 10_000, timeLimitMs: 10_000 }).title,
    ).toBe('Timed out after 10 s (the time limit)');
  });

  it('gives the line of a syntax error and the counts of failed tests', () => {
    expect(
      summarizeRun({
        status: 'error',
        passed: 0,
        failed: 0,
        durationMs: 0,
        error: { kind: 'syntax', message: 'SyntaxError: x', line: 4, column: 2 },
      }).title,
    ).toBe('Syntax error (line 4, column 2)');
    const t = summarizeRun({
      status: 'error',
      passed: 2,
      failed: 1,
      durationMs: 5,
      error: { kind: 'tests', message: '1 test failed' },
    });
    expect(t.tests).toBe('2 passed, 1 failed');
    expect(t.title).toMatch(/^Tests failed/);
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.2)).toBe('<1 ms');
    expect(formatDuration(1400)).toBe('1.4 s');
  });
});

describe('console formatting', () => {
  it('prints values like Node does', () => {
    expect(formatArgs(['sum:', 3, { a: 1, b: 'x' }, [1, 2]])).toBe("sum: 3 { a: 1, b: 'x' } [ 1, 2 ]");
    expect(formatArgs(['%s has %d items', 'cart', 4])).toBe('cart has 4 items');
    expect(formatValue(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatValue(cyclic)).toBe('{ self: [Circular] }');
  });
});
