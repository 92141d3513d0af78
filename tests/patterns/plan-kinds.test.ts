import { describe, expect, it } from 'vitest';
import {
  classifyProject,
  describePlanShape,
  isPlanKind,
  isTestPath,
  parsePlanKind,
  planKindKey,
  projectKindLabel,
  type ShapedPlan,
} from '@/lib/patterns/plan-kinds';
import { parseKindKey } from '@/lib/patterns/classify';

const test = (testFile?: string) => ({ kind: 'test', testFile });
const run = { kind: 'run' };
const review = { kind: 'review' };

describe('classifyProject', () => {
  it('reads the language and what the project is from the request', () => {
    expect(classifyProject('Build me a small Python CLI that keeps a todo list')).toEqual({
      topic: 'python',
      type: 'cli',
    });
    expect(classifyProject('Build me a full-stack React app with authentication')).toEqual({
      topic: 'react',
      type: 'web-app',
    });
    expect(classifyProject('A REST API in Node with express')).toEqual({ topic: 'node', type: 'api' });
    expect(classifyProject('Make a snake game')).toEqual({ topic: 'general', type: 'game' });
  });

  it('takes the language from the attached project only when the request names none', () => {
    expect(classifyProject('Add a CLI to count words', 'Python 3.12 · pytest')).toEqual({
      topic: 'python',
      type: 'cli',
    });
    expect(classifyProject('Add a TypeScript CLI', ['Python 3.12'])).toEqual({ topic: 'typescript', type: 'cli' });
  });
});

describe('plan kind keys', () => {
  it('round-trip, read well, and never pass for a question kind', () => {
    const key = planKindKey({ topic: 'python', type: 'cli' });
    expect(key).toBe('plan:python cli');
    expect(parsePlanKind(key)).toEqual({ topic: 'python', type: 'cli' });
    expect(isPlanKind(key)).toBe(true);
    expect(isPlanKind('python/write')).toBe(false);
    expect(parsePlanKind('python/write')).toBeUndefined();
    expect(parseKindKey(key)).toEqual({ topic: 'general', intent: 'other' });
    expect(projectKindLabel({ topic: 'python', type: 'cli' })).toBe('a Python CLI');
    expect(projectKindLabel({ topic: 'general', type: 'api' })).toBe('an API');
    expect(projectKindLabel({ topic: 'nextjs', type: 'web-app' })).toBe('a Next.js web app');
  });
});

describe('describePlanShape', () => {
  const shape = (steps: ShapedPlan['steps']) => describePlanShape({ steps });
  it('tells where the tests come', () => {
    expect(
      shape([
        { files: ['tests/test_a.py'], check: review },
        { files: ['a.py'], check: test('tests/test_a.py') },
      ]),
    ).toBe('tests-first');
    expect(
      shape([
        { files: ['a.ts', 'a.test.ts'], check: test('a.test.ts') },
        { files: ['b.ts'], check: test() },
      ]),
    ).toBe('tests-each-step');
    expect(
      shape([
        { files: ['a.py'], check: run },
        { files: ['test_a.py'], check: test('test_a.py') },
      ]),
    ).toBe('tests-after');
    expect(shape([{ files: ['index.html'], check: { kind: 'preview' } }])).toBe('run-checks');
    expect(shape([{ files: ['Dockerfile'], check: review }])).toBe('review-only');
  });

  it('knows test files by the sandbox languages’ conventions', () => {
    for (const p of ['tests/test_x.py', 'x_test.py', 'src/a.test.ts', 'b.spec.jsx', '__tests__/c.js', 'test/d.mjs'])
      expect(isTestPath(p), p).toBe(true);
    for (const p of ['src/testing.py', 'contest.ts', 'latest.js', 'attest/a.py']) expect(isTestPath(p), p).toBe(false);
  });
});
