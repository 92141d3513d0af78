/**
 * The Build page's Planner service (lib/planner/app-service.ts) over the real
 * pieces: planning with createPlanGenerator against the fake Ollama's
 * scripted session, the executor with the node:vm sandbox double,
 * fake-indexeddb, delivery into a fake folder. What the page sees is what
 * `subscribe` publishes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import Dexie from 'dexie';
import type { CodelumiDB } from '@/lib/db/db';
import { createProject } from '@/lib/db/projects';
import { createPlannerService } from '@/lib/planner/service';
import { createPlanGenerator } from '@/lib/planner/plan-with-brain';
import { createAppPlanner, type AppPlanner } from '@/lib/planner/app-service';
import type { PlanSnapshot } from '@/lib/planner/app-contract';
import { createPlan, saveStepRun, stepRunId } from '@/lib/planner/store';
import { writeFiles } from '@/lib/planner/workspace';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { DEMO_PLAN_SESSION, planSessionRules } from '../fake-ollama/plan-session';
import { IDBFactory, freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { eventually } from '../support/chat';
import { fakeFolder } from './deliver/fake-folder';
import { CODER, settingsFor, vmSandbox } from './support';
import { conversation, message } from '../support/records';

// liveQuery runs only where Dexie sees a global indexedDB (each test database keeps its own factory).
Dexie.dependencies.indexedDB ??= new IDBFactory();

let fake: FakeOllama;
let db: CodelumiDB;
beforeEach(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  db = freshDatabase();
});
afterEach(async () => {
  await fake.close();
  db.close();
});

function planner(folder?: ReturnType<typeof fakeFolder>): AppPlanner {
  const settings = () => settingsFor(fake.url);
  const core = createPlannerService({
    db,
    settings,
    sandbox: vmSandbox,
    generate: createPlanGenerator({ settings }),
    locks: createTestLocks(),
  });
  return createAppPlanner({
    db,
    core,
    settings,
    replan: async () => {
      throw new Error('not in this test');
    },
    pickFolder: folder ? async () => folder.handle : undefined,
  });
}

/** Follows plan `id`; `latest()` is the last snapshot published. */
function follow(service: AppPlanner, id: string) {
  let latest: PlanSnapshot | undefined;
  const stop = service.subscribe(id, (s) => (latest = s));
  return { latest: () => latest, stop };
}

describe('the Build page’s Planner service', () => {
  it('plans, edits, simulates, executes with a fixed step and a review, and delivers a zip of the files', async () => {
    // The model follows the edited plan: step s3 writes the README under its new name.
    const readme = DEMO_PLAN_SESSION.steps[2]!.files['README.md']!;
    fake.script(
      planSessionRules({
        ...DEMO_PLAN_SESSION,
        steps: [...DEMO_PLAN_SESSION.steps.slice(0, 2), { id: 's3', files: { 'docs/README.md': readme } }],
      }),
    );
    const service = planner();
    const id = await service.startPlanning('Build me a word counter in JavaScript', { model: CODER });
    const open = follow(service, id);
    await eventually(() => expect(open.latest()?.plan.status).toBe('draft'));
    expect(open.latest()!.plan.plan.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3']);

    // Edits as the page sends them: a file renamed, a refused move said in words.
    expect(await service.updatePlan(id, { kind: 'rename-file', from: 'README.md', to: 'docs/README.md' })).toEqual({
      problems: [],
    });
    const refused = await service.updatePlan(id, { kind: 'move-step', stepId: 's2', toIndex: 0 });
    expect(refused.problems[0]).toMatchObject({ stepId: 's2', message: expect.any(String) });
    const noFile = await service.updatePlan(id, {
      kind: 'add-step',
      step: { title: 'Changelog', detail: '', check: { kind: 'review', description: '' } },
    });
    expect(noFile.problems.length).toBeGreaterThan(0);
    await eventually(() => expect(open.latest()!.plan.plan.files.map((f) => f.path)).toContain('docs/README.md'));

    const dry = await service.simulate(id);
    expect(dry.simulation.files.map((f) => f.path)).toContain('docs/README.md');
    expect(dry.simulation.modelCalls.min).toBe(3);
    expect(await db.workspaceFiles.count()).toBe(0);

    await service.execute(id);
    // s3 is a review: the plan waits for the user, and says which step.
    await eventually(() => expect(open.latest()).toMatchObject({ running: false, awaitingReview: ['s3'] }));
    expect(open.latest()!.steps.map((r) => r.status)).toEqual(['passed', 'fixed', 'checking']);
    expect(open.latest()!.fixLimit).toBe(1);
    await service.accept(id, 's3');
    await eventually(() => expect(open.latest()?.plan.status).toBe('done'));
    await eventually(() => expect(open.latest()?.learned?.length).toBeGreaterThan(0));
    expect(await db.signals.count()).toBeGreaterThan(0);

    const zip = await service.downloadZip(id);
    expect(zip.fileName).toMatch(/\.zip$/);
    const entries = unzipSync(zip.bytes);
    const files = Object.fromEntries(
      Object.entries(entries)
        .filter(([path]) => !path.endsWith('/'))
        .map(([path, bytes]) => [path.slice(path.indexOf('/') + 1), strFromU8(bytes)]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'docs/README.md',
      'src/count.js',
      'src/count.test.js',
      'src/words.js',
      'src/words.test.js',
    ]);
    expect(files['src/count.js']!.trimEnd()).toBe(DEMO_PLAN_SESSION.steps[1]!.fix!['src/count.js']!.trimEnd());
    open.stop();

    await service.deletePlan(id);
    expect([await db.plans.count(), await db.workspaceFiles.count(), await db.signals.count()]).toEqual([0, 0, 0]);
  });

  it('writes the accepted files into a folder picked at that moment, and only those', async () => {
    fake.script(planSessionRules(DEMO_PLAN_SESSION));
    const folder = fakeFolder('project', { 'README.md': '# Mine\n' });
    const service = planner(folder);
    const project = await createProject(db, { name: 'project', source: 'upload' });
    const record = await createPlan(db, {
      request: 'r',
      model: CODER,
      plan: { ...DEMO_PLAN_SESSION.plan, steps: DEMO_PLAN_SESSION.plan.steps.slice(0, 1) },
      status: 'draft',
      projectId: project.id,
    });
    await service.execute(record.id);
    expect((await db.plans.get(record.id))?.status).toBe('done');
    const preview = await service.prepareFolderWrite(record.id);
    expect(preview.projectName).toBe('project');
    expect(preview.files.map((f) => [f.path, f.action])).toEqual([
      ['src/words.js', 'create'],
      ['src/words.test.js', 'create'],
    ]);
    const report = await service.writeFolder(record.id, ['src/words.js']);
    expect(report.files).toEqual([
      { path: 'src/words.js', outcome: 'written' },
      { path: 'src/words.test.js', outcome: 'rejected' },
    ]);
    expect(Object.keys(folder.files()).sort()).toEqual(['README.md', 'src/words.js']);
    expect(folder.files()['README.md']).toBe('# Mine\n');
    expect(folder.files()['src/words.js']!.trimEnd()).toBe(
      DEMO_PLAN_SESSION.steps[0]!.files['src/words.js']!.trimEnd(),
    );
  });

  it('with no project attached, writes into a folder the user picks then, named after it', async () => {
    fake.script(planSessionRules(DEMO_PLAN_SESSION));
    const folder = fakeFolder('my-app', {});
    const service = planner(folder);
    const record = await createPlan(db, {
      request: 'r',
      model: CODER,
      plan: { ...DEMO_PLAN_SESSION.plan, steps: DEMO_PLAN_SESSION.plan.steps.slice(0, 1) },
      status: 'draft',
    });
    await service.execute(record.id);
    const preview = await service.prepareFolderWrite(record.id);
    expect(preview.projectName).toBe('my-app');
    // Every file here is one the plan lists: none is marked as not in the plan.
    expect(preview.files.filter((f) => f.undeclared)).toEqual([]);
    await db.workspaceFiles.add({
      id: `${record.id}:src/extra.js:1`,
      planId: record.id,
      path: 'src/extra.js',
      version: 1,
      content: 'x',
      stepId: 's1',
      source: 'model',
      createdAt: 1,
    });
    expect((await service.prepareFolderWrite(record.id)).files.find((f) => f.path === 'src/extra.js')).toMatchObject({
      action: 'create',
      undeclared: true,
    });
    await service.writeFolder(record.id, ['src/words.js', 'src/words.test.js']);
    expect(Object.keys(folder.files()).sort()).toEqual(['src/words.js', 'src/words.test.js']);
    // Where the browser cannot pick folders, the user is told what to do instead.
    const err = await planner()
      .prepareFolderWrite(record.id)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not_found:folder', message: expect.stringMatching(/Download the zip/) });
  });

  it('resumes a plan a reload cut off when it is opened, and says so', async () => {
    fake.script(planSessionRules(DEMO_PLAN_SESSION));
    const record = await createPlan(db, {
      request: 'r',
      model: CODER,
      plan: { ...DEMO_PLAN_SESSION.plan, steps: DEMO_PLAN_SESSION.plan.steps.slice(0, 1) },
      status: 'executing',
    });
    const service = planner();
    expect(await service.settleOrphanedPlans()).toEqual([record.id]);
    expect((await db.plans.get(record.id))?.status).toBe('paused');
    const open = follow(service, record.id);
    await eventually(() => expect(open.latest()).toMatchObject({ resumedAfterReload: true }));
    await eventually(() => expect(open.latest()?.plan.status).toBe('done'));
    open.stop();
    // A plan the user paused is not one a reload cut off: opening it leaves it paused.
    const paused = await createPlan(db, { request: 'p', model: CODER, plan: DEMO_PLAN_SESSION.plan, status: 'paused' });
    const other = follow(service, paused.id);
    await eventually(() => expect(other.latest()?.plan.status).toBe('paused'));
    expect(other.latest()?.resumedAfterReload).toBeUndefined();
    other.stop();
  });

  it('plans a chat’s request with the chat’s model and project, and the plan keeps the chat', async () => {
    fake.script(planSessionRules(DEMO_PLAN_SESSION));
    const service = planner();
    const project = await createProject(db, { name: 'shop', source: 'upload' });
    await db.conversations.add(conversation({ id: 'c1', model: 'qwen3:8b', projectId: project.id }));
    await db.messages.add(
      message({ id: 'm1', conversationId: 'c1', role: 'user', content: 'Build me a word counter in JavaScript' }),
    );
    const id = await service.planFromMessage('m1');
    const open = follow(service, id);
    await eventually(() => expect(open.latest()?.plan.status, JSON.stringify(open.latest()?.plan.error)).toBe('draft'));
    expect(open.latest()!.plan).toMatchObject({
      request: 'Build me a word counter in JavaScript',
      conversationId: 'c1',
      projectId: project.id,
      model: 'qwen3:8b',
    });
    open.stop();
  });

  it("re-reads a plan's runs, not its workspace files, when a step run is saved", async () => {
    let filesRead = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-workspace-reads',
      create: (down) => ({
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'workspaceFiles') return table;
          return {
            ...table,
            query: (req) =>
              table.query(req).then((res) => {
                if (req.values && (req.trans as unknown as IDBTransaction).mode === 'readonly')
                  filesRead += res.result.length;
                return res;
              }),
          };
        },
      }),
    });
    const record = await createPlan(db, { request: 'r', model: CODER, plan: DEMO_PLAN_SESSION.plan, status: 'paused' });
    await writeFiles(db, record.id, [{ path: 'src/words.js', content: 'x' }], { stepId: 's1', source: 'model' });
    const open = follow(planner(), record.id);
    await eventually(() => expect(open.latest()?.files.map((f) => f.path)).toEqual(['src/words.js']));
    const before = filesRead;
    for (let i = 1; i <= 5; i++) {
      await saveStepRun(db, {
        id: stepRunId(record.id, 's2'),
        planId: record.id,
        stepId: 's2',
        status: 'writing',
        attempts: [{ n: 1, kind: 'write', answer: 'x'.repeat(i), files: [], startedAt: 1 }],
        updatedAt: i,
      });
      await eventually(() => expect(open.latest()?.steps.find((r) => r.stepId === 's2')?.updatedAt).toBe(i));
    }
    expect(filesRead - before).toBe(0);
    // A new file version is read, and shown.
    await writeFiles(db, record.id, [{ path: 'src/count.js', content: 'y' }], { stepId: 's2', source: 'model' });
    await eventually(() => expect(open.latest()?.files.map((f) => f.path)).toEqual(['src/count.js', 'src/words.js']));
    expect(filesRead).toBeGreaterThan(before);
    open.stop();
  });
});
