import { describe, expect, it } from 'vitest';
import { estimateMessageTokens } from '@/lib/core/tokens';
import {
  lessonsUsed,
  planAnswerReserve,
  planMessages,
  PLANNER_SYSTEM,
  replanMessages,
  retryMessages,
} from '@/lib/planner/plan-prompt';
import type { ContextSection } from '@/lib/prompt/context-sections';
import { cliPlan } from './plans';

const file = (i: number, size: number) => ({
  id: `file:src/f${i}.py`,
  source: 'file' as const,
  label: `src/f${i}.py`,
  text: `src/f${i}.py\n${'x = 1\n'.repeat(size)}`,
  tokens: Math.ceil((size * 6) / 3),
});
const projectFiles = (n: number, size: number): ContextSection => ({
  name: 'Project files',
  heading: 'Relevant files of the attached project',
  layout: 'blocks',
  items: Array.from({ length: n }, (_, i) => file(i, size)),
});
const lessons = [
  { id: 'p1', text: 'For a CLI in Python, plans with tests first work.' },
  { id: 'p2', text: 'Keep steps to one module each.' },
];

describe('planMessages', () => {
  it('states the schema’s meaning and the sandbox’s reach', () => {
    expect(PLANNER_SYSTEM).toMatch(/Tests first where the sandbox can run them: Python \(standard library only/);
    expect(PLANNER_SYSTEM).toMatch(/"kind": "review"/);
    expect(PLANNER_SYSTEM).toMatch(/at most 30/);
  });

  it('fits the Brain’s context within the window, keeping room for the plan, and lists what it dropped', () => {
    const contextLength = 4096;
    const built = planMessages({
      request: 'Build a todo app',
      model: 'm',
      contextLength,
      context: [projectFiles(40, 60)],
      lessons,
    });
    const tokens = built.messages.reduce((n, m) => n + estimateMessageTokens(m), 0);
    expect(tokens).toBeLessThanOrEqual(contextLength - planAnswerReserve(contextLength));
    expect(built.trace.droppedForBudget?.length).toBeGreaterThan(0);
    // Lessons come before the project's files, so the files give way first.
    expect(lessonsUsed(built)).toEqual(['p1', 'p2']);
    expect(built.messages[0].content).toContain('What worked in earlier plans');
    expect(built.messages.at(-1)).toEqual({ role: 'user', content: 'Plan this:\n\nBuild a todo app' });
  });

  it('leaves out the lessons and items the user dropped', () => {
    const built = planMessages({
      request: 'x',
      model: 'm',
      contextLength: 8192,
      context: [projectFiles(2, 2)],
      lessons,
      exclude: ['lesson:p2', 'file:src/f0.py'],
    });
    expect(lessonsUsed(built)).toEqual(['p1']);
    expect(built.messages[0].content).not.toContain('src/f0.py');
    expect(built.messages[0].content).toContain('src/f1.py');
  });

  it('refuses a request that cannot fit the window', () => {
    expect(() => planMessages({ request: 'word '.repeat(20_000), model: 'm', contextLength: 4096 })).toThrow(
      expect.objectContaining({ code: 'overflow:context' }),
    );
  });
});

describe('replanMessages', () => {
  it('sends the plan, the step, the note and the steps it may depend on', () => {
    const built = replanMessages({
      plan: { ...cliPlan(), lastStepNumber: 3 },
      stepId: 's3',
      note: '  use Sphinx ',
      model: 'm',
      contextLength: 8192,
    });
    const ask = built.messages.at(-1)!.content;
    expect(ask).toContain(JSON.stringify({ goal: cliPlan().goal, files: cliPlan().files, steps: cliPlan().steps }));
    expect(ask).not.toContain('lastStepNumber');
    expect(ask).toContain('Re-plan step s3 (“Document it”). The user says: use Sphinx');
    expect(ask).toContain('Keep the id "s3". It may depend only on: s1, s2.');
    expect(built.messages[0].content).toMatch(/one step of a plan/);
  });
});

describe('retryMessages', () => {
  const prompt = planMessages({ request: 'x', model: 'm', contextLength: 4096 });

  it('shows the unusable answer and quotes the errors', () => {
    const msgs = retryMessages(prompt, '{"goal": 1}', ['goal: expected string'], 1024);
    expect(msgs.slice(-2)).toEqual([
      { role: 'assistant', content: '{"goal": 1}' },
      {
        role: 'user',
        content:
          'That answer cannot be used:\n- goal: expected string\nAnswer again with the whole JSON object, following the schema and the rules.',
      },
    ]);
  });

  it('leaves out an answer too long for the window but still quotes the errors', () => {
    const msgs = retryMessages(prompt, `{"goal": "${'a b '.repeat(4000)}`, ['not JSON'], 1024);
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(msgs.at(-1)?.content).toContain('- not JSON');
  });
});
