/**
 * What a plan's execution teaches, against a real database (fake-indexeddb):
 * step outcomes as signals, finished plans in (project kind → plan shape)
 * patterns, planning lessons from them, and the switches that keep or take
 * learning back (don't learn, temporary chats, forgetting, the Memory page).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { PlanRecord, PlanStep, StepAttempt, StepRun, StepStatus } from '@/lib/planner/types';
import { createConversation, deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { forgetConversations, forgetLearnedFrom } from '@/lib/learning/forget';
import { deleteMemory, editMemory, setMemoryEnabled } from '@/lib/memory/memories';
import { learningContext } from '@/lib/memory/learned-context';
import { forgetPlanLearning, learnFromPlan, stepSignals } from '@/lib/planner/learn';
import { planningLessons } from '@/lib/planner/lessons';
import { computeDashboard } from '@/lib/learning/dashboard';
import { readContributionSources } from '@/lib/community/sources';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const T0 = Date.UTC(2026, 11, 1);

function step(id: string, files: string[], check: PlanStep['check']): PlanStep {
  return { id, title: `Step ${id}`, detail: '', files, dependsOn: [], check };
}

/** A Python CLI plan whose first step writes the tests. */
function testsFirstPlan(id: string, fields: Partial<PlanRecord> = {}): PlanRecord {
  const test = {
    kind: 'test' as const,
    description: 'tests pass',
    language: 'python' as const,
    testFile: 'tests/test_cli.py',
  };
  return {
    id,
    title: 'Todo CLI',
    request: 'Build me a small Python CLI that keeps a todo list',
    plan: {
      goal: 'A todo CLI',
      files: [],
      steps: [
        step('s1', ['tests/test_cli.py'], { kind: 'review', description: 'look at the tests' }),
        step('s2', ['todo/store.py'], test),
        step('s3', ['todo/cli.py'], test),
        step('s4', ['README.md'], { kind: 'review', description: 'read it' }),
        step('s5', ['todo/extra.py'], test),
      ],
    },
    status: 'done',
    model: 'qwen2.5-coder',
    patternIds: [],
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

const ok = { status: 'ok' as const, passed: 3, failed: 0, output: '' };
const bad = (message: string) => ({ status: 'error' as const, passed: 1, failed: 2, message, output: '' });

function attempt(n: number, kind: StepAttempt['kind'], check?: StepAttempt['check'], files = ['x.py']): StepAttempt {
  return { n, kind, files, check, startedAt: T0, finishedAt: T0 };
}

function run(planId: string, stepId: string, status: StepStatus, attempts: StepAttempt[]): StepRun {
  return { id: `${planId}:${stepId}`, planId, stepId, status, attempts, updatedAt: T0 };
}

/** s1 accepted by review, s2 passed, s3 fixed after two fixes, s4 edited by hand, s5 as given. */
function mixedRuns(planId: string, last: StepStatus = 'failed'): StepRun[] {
  return [
    run(planId, 's1', 'accepted', [attempt(1, 'write', { ...ok, status: 'accepted' })]),
    run(planId, 's2', 'passed', [attempt(1, 'write', ok)]),
    run(planId, 's3', 'fixed', [
      attempt(1, 'write', bad('NameError: name "args" is not defined')),
      attempt(2, 'fix', bad('AssertionError')),
      attempt(3, 'fix', ok),
    ]),
    run(planId, 's4', 'accepted', [attempt(1, 'write'), attempt(2, 'user-edit', undefined, ['README.md'])]),
    last === 'skipped'
      ? run(planId, 's5', 'skipped', [])
      : run(planId, 's5', last, [
          attempt(1, 'write', bad('ImportError: no module named extra')),
          attempt(2, 'fix', bad('ImportError')),
        ]),
  ];
}

function allPassed(planId: string): StepRun[] {
  return ['s1', 's2', 's3', 's4', 's5'].map((s) =>
    run(planId, s, s === 's1' || s === 's4' ? 'accepted' : 'passed', [attempt(1, 'write', ok)]),
  );
}

async function finishPlans(n: number, passing: number, fields: Partial<PlanRecord> = {}) {
  for (let i = 0; i < n; i++) {
    const id = `p${i}-${Math.random().toString(36).slice(2, 6)}`;
    const plan = testsFirstPlan(id, fields);
    await learnFromPlan(db, plan, i < passing ? allPassed(id) : mixedRuns(id), T0 + i);
  }
}

describe('step outcomes as signals', () => {
  it('learns nothing from a plan whose planning failed (no step ever ran), even twice', async () => {
    for (const id of ['down-1', 'down-2']) {
      const plan = testsFirstPlan(id, { status: 'failed', plan: { goal: '', files: [], steps: [] } });
      const result = await learnFromPlan(db, plan, [], T0);
      expect(result.outcome).toBeUndefined();
    }
    // A plan with steps that failed before any of them ran (stopped at once) teaches nothing either.
    await learnFromPlan(db, testsFirstPlan('stopped', { status: 'failed' }), [run('stopped', 's1', 'pending', [])], T0);
    expect([await db.answers.count(), await db.patterns.count(), await db.signals.count()]).toEqual([0, 0, 0]);
    expect(await planningLessons(db, { request: 'Build me a small Python CLI that keeps a todo list' })).toEqual([]);
  });

  it('takes a hand edit of a step that passed for an edit, not for a failed check', () => {
    const plan = testsFirstPlan('p');
    const [s2] = stepSignals(plan, [
      run('p', 's2', 'passed', [attempt(1, 'write', ok), attempt(2, 'user-edit', ok, ['todo/store.py'])]),
    ]);
    expect(s2!.signals.map((x) => x.kind)).toEqual(['tests_passed', 'user_corrected']);
  });

  it('maps passed, fixed, failed, edited and skipped steps to the signals of an answer', async () => {
    const conv = await createConversation(db, {}, T0);
    const plan = testsFirstPlan('plan-a', { conversationId: conv.id, status: 'failed' });
    const result = await learnFromPlan(db, plan, mixedRuns('plan-a'), T0);
    expect(result).toMatchObject({ learned: true, outcome: 'negative', patternId: 'plan:python cli→tests-first' });

    const signals = await db.signals.orderBy('messageId').toArray();
    const byStep = (s: string) =>
      signals
        .filter((x) => x.messageId === `plan:plan-a:${s}`)
        .map((x) => x.kind)
        .sort();
    expect(byStep('s1')).toEqual([]);
    expect(byStep('s2')).toEqual(['tests_passed']);
    expect(byStep('s3')).toEqual(['code_error', 'tests_passed']);
    expect(byStep('s4')).toEqual(['user_corrected']);
    expect(byStep('s5')).toEqual(['code_error']);
    expect(signals.every((s) => s.source === 'plan' && s.conversationId === conv.id)).toBe(true);
    const fixed = signals.find((s) => s.messageId === 'plan:plan-a:s3' && s.kind === 'code_error')!;
    expect(fixed.evidence).toBe(
      'Plan “Todo CLI”: Step “Step s3”: its check failed: NameError: name "args" is not defined',
    );
    expect(signals.find((s) => s.messageId === 'plan:plan-a:s3' && s.kind === 'tests_passed')!.evidence).toMatch(
      /passed after 2 fixes/,
    );
    expect(signals.find((s) => s.kind === 'user_corrected')!.evidence).toMatch(/you edited README\.md by hand/);
  });

  it('gives a skipped step a weak negative and a run check a "code ran" signal', () => {
    const plan = testsFirstPlan('p');
    plan.plan.steps[1].check = { kind: 'run', description: 'runs', entry: 'todo/store.py' };
    const signals = stepSignals(plan, mixedRuns('p', 'skipped'));
    expect(signals.find((s) => s.stepId === 's2')!.signals.map((s) => s.kind)).toEqual(['code_ran_ok']);
    const skipped = signals.find((s) => s.stepId === 's5')!.signals;
    expect(skipped.map((s) => [s.kind, s.polarity, s.confidence])).toEqual([['left_immediately', -1, 0.4]]);
  });

  it('stores each signal once however often it is called, and drops those of a step that was retried', async () => {
    const plan = testsFirstPlan('p', { status: 'executing' });
    const runs = mixedRuns('p');
    await learnFromPlan(db, plan, runs, T0);
    const again = await learnFromPlan(db, plan, runs, T0 + 1);
    expect(again.signals).toEqual({ added: 0, removed: 0 });
    expect(await db.signals.count()).toBe(5);
    // s5 retried: it runs again, then passes first time.
    const retried = [...runs.slice(0, 4), run('p', 's5', 'passed', [attempt(1, 'write', ok)])];
    const after = await learnFromPlan(db, plan, retried, T0 + 2);
    expect(after.signals).toEqual({ added: 1, removed: 1 });
    expect((await db.signals.where('messageId').equals('plan:p:s5').toArray()).map((s) => s.kind)).toEqual([
      'tests_passed',
    ]);
  });
});

describe('plan patterns', () => {
  it('counts a finished plan once in its (project kind → plan shape) pattern, and moves it when the outcome changes', async () => {
    const plan = testsFirstPlan('p', { status: 'executing' });
    await learnFromPlan(db, plan, mixedRuns('p'), T0);
    expect(await db.patterns.count()).toBe(0);
    await learnFromPlan(db, { ...plan, status: 'failed' }, mixedRuns('p'), T0 + 1);
    await learnFromPlan(db, { ...plan, status: 'failed' }, mixedRuns('p'), T0 + 2);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 0, failures: 1 });
    await learnFromPlan(db, { ...plan, status: 'done' }, allPassed('p'), T0 + 3);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 1, failures: 0 });
    // Running again (a retry) takes the outcome back until the plan ends.
    await learnFromPlan(db, { ...plan, status: 'executing' }, allPassed('p'), T0 + 4);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 0, failures: 0 });
    expect(await db.answers.get('plan:p')).toBeUndefined();
  });

  it('keeps plan patterns out of the chat prompt, out of community contributions, and labels them on the Learning page', async () => {
    const conv = await createConversation(db, {}, T0);
    await finishPlans(5, 4, { conversationId: conv.id });
    const dashboard = await computeDashboard(db, 30, T0 + 1000);
    expect(dashboard.patterns).toContainEqual(
      expect.objectContaining({ topic: 'Python CLI', intent: 'plan', label: 'tests first', evidence: 5 }),
    );
    expect(dashboard.topics).toContainEqual(
      expect.objectContaining({ topic: 'Python CLI plans', answers: 5, positive: 4 }),
    );
    const sources = await readContributionSources(db, 0, T0 + 1000);
    expect(sources.answers).toEqual([]);
    expect(sources.signals).toEqual([]);
    const context = await learningContext(db, 'How do I parse arguments in a Python CLI?', '');
    expect(JSON.stringify(context)).not.toMatch(/plans that write tests first/);
  });
});

describe('planning lessons', () => {
  it('come back for a similar request as one-line texts with the figures, and not for an unrelated one', async () => {
    await finishPlans(5, 4);
    const lessons = await planningLessons(db, { request: 'Write a Python command-line tool to rename photos' });
    expect(lessons.map((l) => l.text)).toEqual(['For a Python CLI, plans that write tests first passed 4 of 5 times']);
    const memory = await db.memories.get(lessons[0].id);
    expect(memory).toMatchObject({ kind: 'plan_lesson', source: 'inferred', enabled: 1 });
    expect(memory!.sources).toHaveLength(5);
    expect(await planningLessons(db, { request: 'Build a React web app with a login page' })).toEqual([]);
    // The attached project's stack names the language when the request does not.
    expect(
      await planningLessons(db, { request: 'Make a CLI that counts words', projectStack: 'Python 3.12, pytest' }),
    ).toHaveLength(1);
  });

  it('wait for two finished plans before saying anything', async () => {
    await finishPlans(1, 1);
    expect(await planningLessons(db, { request: 'A Python CLI for notes' })).toEqual([]);
    expect(await db.memories.count()).toBe(0);
  });

  it('give nothing once the user switches a lesson off or deletes it, and the user’s words once edited', async () => {
    await finishPlans(3, 3);
    const [lesson] = await planningLessons(db, { request: 'A Python CLI for notes' });
    await editMemory(db, lesson.id, 'Python CLIs: write the tests first', T0 + 10);
    expect(await planningLessons(db, { request: 'A Python CLI for notes' })).toEqual([
      { id: lesson.id, text: 'Python CLIs: write the tests first' },
    ]);
    await finishPlans(1, 1);
    expect((await db.memories.get(lesson.id))!.text).toBe('Python CLIs: write the tests first');
    await setMemoryEnabled(db, lesson.id, false);
    expect(await planningLessons(db, { request: 'A Python CLI for notes' })).toEqual([]);
    await setMemoryEnabled(db, lesson.id, true);
    await deleteMemory(db, lesson.id);
    expect(await planningLessons(db, { request: 'A Python CLI for notes' })).toEqual([]);
  });
});

describe('what may not teach, and forgetting', () => {
  it('learns nothing from a plan in a chat with “Don’t learn from this” on, a deleted chat or a temporary one', async () => {
    const quiet = await createConversation(db, {}, T0);
    await setConversationLearning(db, quiet.id, false);
    const gone = await createConversation(db, {}, T0);
    await deleteConversation(db, gone.id, T0);
    for (const conversationId of [quiet.id, gone.id, 'temporary-chat-not-in-this-database']) {
      for (const n of [1, 2, 3]) {
        const plan = testsFirstPlan(`${conversationId}-${n}`, { conversationId });
        expect((await learnFromPlan(db, plan, allPassed(plan.id), T0)).learned).toBe(false);
      }
    }
    expect([
      await db.signals.count(),
      await db.answers.count(),
      await db.patterns.count(),
      await db.memories.count(),
    ]).toEqual([0, 0, 0, 0]);
  });

  it('withdraws what a plan taught when its conversation is forgotten', async () => {
    const kept = await createConversation(db, {}, T0);
    const doomed = await createConversation(db, {}, T0);
    await finishPlans(2, 2, { conversationId: kept.id });
    await finishPlans(2, 0, { conversationId: doomed.id });
    expect((await planningLessons(db, { request: 'a python cli' })).map((l) => l.text)).toEqual([
      'For a Python CLI, plans that write tests first passed 2 of 4 times',
    ]);
    await deleteConversation(db, doomed.id, T0 + 5);
    await forgetConversations(db, [doomed.id], T0 + 10);
    expect(await db.signals.where('conversationId').equals(doomed.id).count()).toBe(0);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 2, failures: 0 });
    expect((await planningLessons(db, { request: 'a python cli' })).map((l) => l.text)).toEqual([
      'For a Python CLI, plans that write tests first passed 2 of 2 times',
    ]);
    const [memory] = await db.memories.toArray();
    expect(memory.sources!.every((s) => s.conversationId === kept.id)).toBe(true);
    // Switching "Don't learn from this" on later forgets the rest: the lesson goes with its last source.
    await setConversationLearning(db, kept.id, false);
    await forgetLearnedFrom(db, kept.id, T0 + 20);
    expect(await planningLessons(db, { request: 'a python cli' })).toEqual([]);
    expect([await db.signals.count(), await db.answers.count(), await db.memories.count()]).toEqual([0, 0, 0]);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 0, failures: 0 });
  });

  it('takes back one plan that was deleted on its own, lesson included', async () => {
    await finishPlans(2, 2);
    const [first] = await db.answers.toArray();
    const planId = first.messageId.slice('plan:'.length);
    expect(await forgetPlanLearning(db, planId, T0 + 10)).toBeGreaterThan(0);
    expect(await db.signals.where('messageId').startsWith(`plan:${planId}:`).count()).toBe(0);
    expect(await db.patterns.get('plan:python cli→tests-first')).toMatchObject({ successes: 1 });
    expect(await db.memories.count()).toBe(0);
  });
});
