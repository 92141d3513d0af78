/** Recognising pasted errors, and what is not one. */
import { describe, expect, it } from 'vitest';
import { errorInOutputBlock, findPastedError, looksLikeLogLine } from '@/lib/signals/text/errors';

describe('findPastedError', () => {
  it('returns the telling line of a trace', () => {
    const trace =
      'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    print(rev[10])\nIndexError: list index out of range';
    expect(findPastedError(trace)).toBe('IndexError: list index out of range');
  });

  it('skips lines that were in the previous answer', () => {
    const line = "TypeError: Cannot read properties of undefined (reading 'map')";
    expect(findPastedError(line)).toBe(line);
    expect(findPastedError(line, `If you see\n\n    ${line}\n\nthe data has not loaded.`)).toBeUndefined();
  });

  it('does not count deprecation warnings or code that constructs an error', () => {
    expect(findPastedError('npm WARN deprecated inflight@1.0.6: This module is not supported')).toBeUndefined();
    expect(findPastedError('DeprecationWarning: Buffer() is deprecated')).toBeUndefined();
    expect(findPastedError('throw new Error("bad input")')).toBeUndefined();
  });
});

describe('errorInOutputBlock', () => {
  it('finds the failing line of pasted output, not of source code or a normal log', () => {
    expect(errorInOutputBlock('connecting...\nconnection refused\nexit')).toBe('connection refused');
    expect(errorInOutputBlock('Listening on :8080\nready')).toBeUndefined();
    expect(errorInOutputBlock('def f():\n    raise ValueError("x")\n    return 1')).toBeUndefined();
  });
});

describe('looksLikeLogLine', () => {
  it('tells tool output from a person writing', () => {
    expect(looksLikeLogLine('    at foo (bar.js:1:2)')).toBe(true);
    expect(looksLikeLogLine('src/main.rs:4:5: error: expected `;`')).toBe(true);
    expect(looksLikeLogLine('thanks for that')).toBe(false);
  });
});
