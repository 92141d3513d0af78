/**
 * Forgetting a conversation takes the plans started from it, with their step
 * runs and workspace files (lib/learning/forget.ts); "Don't learn from this"
 * does not (a plan is the user's work, not something learned).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { forgetConversations, forgetLearnedFrom } from '@/lib/learning/forget';
import { createPlan, saveStepRun, stepRunId } from '@/lib/planner/store';
import { writeFiles } from '@/lib/planner/workspace';
import { DEMO_PLAN_SESSION } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { dumpDatabase } from '../support/dump';
import { converse } from '../personal/compare/history';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** A plan started from `conversationId`, one step run, one file holding `word`. */
async function planFrom(conversationId: string, word: string): Promise<string> {
  const plan = await createPlan(db, {
    request: `Build ${word}`,
    model: 'm',
    plan: DEMO_PLAN_SESSION.plan,
    conversationId,
  });
  await saveStepRun(db, {
    id: stepRunId(plan.id, 's1'),
    planId: plan.id,
    stepId: 's1',
    status: 'passed',
    attempts: [],
    updatedAt: 1,
  });
  await writeFiles(db, plan.id, [{ path: 'src/words.js', content: `// ${word}` }], { stepId: 's1', source: 'model' });
  return plan.id;
}

describe('forgetting and plans', () => {
  it('a conversation forgotten for good takes its plans, their step runs and files, and only its own', async () => {
    const [gone] = await converse(db, ['Build me a wombat counter'], 1_000);
    const [kept] = await converse(db, ['Build me a word counter'], 2_000);
    await planFrom(gone!.conversationId, 'Wombat');
    const keptPlan = await planFrom(kept!.conversationId, 'Kangaroo');
    await deleteConversation(db, gone!.conversationId, 5_000);
    await forgetConversations(db, [gone!.conversationId], 6_000);
    expect(await dumpDatabase(db)).not.toMatch(/wombat/i);
    expect((await db.plans.toArray()).map((p) => p.id)).toEqual([keptPlan]);
    expect((await db.planSteps.toArray()).map((r) => r.planId)).toEqual([keptPlan]);
    expect((await db.workspaceFiles.toArray()).map((r) => r.planId)).toEqual([keptPlan]);
  });

  it('"Don’t learn from this" leaves the conversation’s plans alone', async () => {
    const [asked] = await converse(db, ['Build me a word counter'], 1_000);
    const planId = await planFrom(asked!.conversationId, 'Kangaroo');
    await setConversationLearning(db, asked!.conversationId, false, 5_000);
    await forgetLearnedFrom(db, asked!.conversationId, 6_000);
    expect(await db.plans.get(planId)).toBeDefined();
    expect(await db.workspaceFiles.count()).toBe(1);
  });

  it('tells the tab running a forgotten plan that it is gone, so its executor stops (P1-8)', async () => {
    const [gone] = await converse(db, ['Build me a wombat counter'], 1_000);
    const planId = await planFrom(gone!.conversationId, 'Wombat');
    const channel = new BroadcastChannel(`codelumi:plan:${planId}`);
    const heard = new Promise<unknown>((resolve) => channel.addEventListener('message', (e) => resolve(e.data)));
    await deleteConversation(db, gone!.conversationId, 5_000);
    await forgetConversations(db, [gone!.conversationId], 6_000);
    expect(await heard).toEqual({ type: 'deleted' });
    channel.close();
  });
});
