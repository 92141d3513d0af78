import { describe, expect, it } from 'vitest';
import { AssertionError, createJsHarness, deepEqual } from '@/lib/runner/js-harness';

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const h = createJsHarness({ stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { ...h, out, err };
}

describe('JavaScript test harness', () => {
  it('counts each passing and failing test() and reports failures with expected and received', async () => {
    const h = harness();
    const { test, expect: ex } = h.globals;
    test('adds', () => ex(1 + 1).toBe(2));
    test('deep equal', () => ex({ a: [1, { b: 2 }] }).toEqual({ a: [1, { b: 2 }] }));
    test('wrong', () => ex(2).toBe(3));
    test('async', async () => ex(await Promise.resolve(5)).toBeGreaterThan(4));
    expect(await h.runTests()).toEqual({ passed: 3, failed: 1 });
    expect(h.out.join('')).toContain('✓ adds');
    expect(h.err.join('')).toContain('✗ wrong');
    expect(h.err.join('')).toContain('Expected: 3');
  });

  it('counts a top-level assertion as one test and throws on failure, like Node', () => {
    const h = harness();
    const assert = h.globals.assert as unknown as {
      strictEqual(a: unknown, b: unknown): void;
      deepStrictEqual(a: unknown, b: unknown): void;
    };
    assert.strictEqual(1, 1);
    assert.deepStrictEqual([1, 2], [1, 2]);
    let thrown: unknown;
    try {
      assert.strictEqual(1, 2);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AssertionError);
    expect((thrown as AssertionError).counted).toBe(true);
    expect(h.counts()).toEqual({ passed: 2, failed: 1 });
  });

  it('does not count assertions inside a test separately', async () => {
    const h = harness();
    h.globals.test('many asserts', () => {
      h.globals.expect(1).toBe(1);
      h.globals.expect('abc').toContain('b');
      h.globals.expect(() => JSON.parse('{')).toThrow();
    });
    expect(await h.runTests()).toEqual({ passed: 1, failed: 0 });
  });

  it('runs describe blocks with hooks and test.each rows', async () => {
    const h = harness();
    const { describe: d, test, beforeEach, expect: ex } = h.globals;
    let n = 0;
    d('suite', () => {
      beforeEach(() => void (n = 10));
      test('sees the hook', () => ex(n).toBe(10));
    });
    (test as unknown as { each(rows: unknown[]): (name: string, fn: (...a: unknown[]) => void) => void }).each([
      [1, 2],
      [2, 4],
    ])('double %d', (a, b) => ex((a as number) * 2).toBe(b));
    expect(await h.runTests()).toEqual({ passed: 3, failed: 0 });
    expect(h.out.join('')).toContain('✓ suite › sees the hook');
  });

  it('supports .not, toThrow with a message, resolves and rejects', async () => {
    const h = harness();
    const { test, expect: ex } = h.globals;
    test('not', () => ex(1).not.toBe(2));
    test('throw message', () =>
      ex(() => {
        throw new Error('boom');
      }).toThrow('boom'));
    test('resolves', () => (ex(Promise.resolve(3)).resolves as { toBe(v: number): Promise<void> }).toBe(3));
    test('rejects', () =>
      (ex(Promise.reject(new Error('x'))).rejects as { toThrow(v: string): Promise<void> }).toThrow('x'));
    expect(await h.runTests()).toEqual({ passed: 4, failed: 0 });
  });

  it('compares deeply in strict, loose and value modes', () => {
    expect(deepEqual({ a: 1 }, { a: 1 }, 'strict')).toBe(true);
    expect(deepEqual({ a: 1 }, { a: '1' }, 'loose')).toBe(true);
    expect(deepEqual({ a: 1 }, { a: '1' }, 'strict')).toBe(false);
    expect(deepEqual(new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]]), 'strict')).toBe(true);
    expect(deepEqual(new Set([1, 2]), new Set([2, 1]), 'strict')).toBe(true);
    class P {
      constructor(public x: number) {}
    }
    expect(deepEqual(new P(1), { x: 1 }, 'strict')).toBe(false);
    expect(deepEqual(new P(1), { x: 1 }, 'values')).toBe(true);
  });
});
