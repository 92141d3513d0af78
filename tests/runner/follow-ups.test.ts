import { describe, expect, it } from 'vitest';
import { fixPrompt, pickRunnableBlock, testsPrompt } from '@/lib/runner/follow-ups';
import { diffCode } from '@/lib/runner/diff';

describe('Fix it and Write tests messages', () => {
  it('sends the failed code, the error with its line and the output', () => {
    const text = fixPrompt({
      language: 'python',
      code: 'print(1/0)',
      outcome: {
        status: 'error',
        failed: 0,
        stdout: '',
        stderr: 'ZeroDivisionError: division by zero\n',
        error: { kind: 'runtime', message: 'ZeroDivisionError: division by zero', line: 1 },
      },
    });
    expect(text).toMatch(/^Fix it:/);
    expect(text).toContain('```python\nprint(1/0)\n```');
    expect(text).toContain('at line 1');
    expect(text).toContain('division by zero');
  });

  it('mentions the time limit for a timeout and the tests it ran with', () => {
    const text = fixPrompt({
      language: 'javascript',
      code: 'while(1){}',
      tests: "test('x', () => {})",
      outcome: {
        status: 'timeout',
        failed: 0,
        stdout: '',
        stderr: '',
        error: { kind: 'timeout', message: 'Stopped after the time limit of 10 s.' },
      },
    });
    expect(text).toContain('time limit');
    expect(text).toContain("test('x'");
  });

  it('asks for tests in the harness style of the language', () => {
    expect(testsPrompt({ language: 'python', code: 'def f(): pass' })).toContain('assert');
    expect(testsPrompt({ language: 'typescript', code: 'export const f = 1' })).toContain("test('name'");
  });

  it('picks the first complete block of the same language (JS and TS as one family) from the reply', () => {
    const reply = 'Here:\n\n```bash\nnpm test\n```\n\n```ts\nexport const fixed = 1;\n```\n\n```python\nx = 1\n```';
    expect(pickRunnableBlock(reply, 'javascript')?.code).toBe('export const fixed = 1;');
    expect(pickRunnableBlock(reply, 'python')?.index).toBe(2);
    expect(pickRunnableBlock('no code here', 'python')).toBeUndefined();
    expect(pickRunnableBlock('```python\nunfinished', 'python')).toBeUndefined();
  });
});

describe('diffs of edited code', () => {
  it('gives a unified diff and counts what the user changed', () => {
    const d = diffCode('def f(x):\n    return x - 1\n', 'def f(x):\n    return x + 1\n');
    expect(d.patch).toContain('-    return x - 1');
    expect(d.patch).toContain('+    return x + 1');
    expect([d.added, d.removed]).toEqual([1, 1]);
  });

  it('is empty when nothing changed', () => {
    expect(diffCode('a', 'a')).toEqual({ patch: '', added: 0, removed: 0 });
  });
});
