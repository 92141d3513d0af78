/**
 * The Planner as the Build page drives it (app-contract.ts's PlannerService),
 * over service.ts (plans, the executor and its controls), plan-edit.ts,
 * simulate.ts, deliver/ and learn.ts. Subscriptions follow Dexie (liveQuery:
 * other tabs' changes too) and this tab's executors. A plan that a reload
 * cut off while it ran is settled as paused at start-up and resumes when it
 * is opened, with the "resumed" notice; one it cut off while it was planned
 * becomes planning-failed, to be planned again. Learning follows every step
 * and the end (a plan planning never gave steps teaches nothing).
 */
import { liveQuery } from 'dexie';
import type { CodelumiDB } from '../db/db';
import type { Settings } from '../db/settings';
import { getProjectFile, projectFilePaths } from '../db/projects';
import { CodelumiError } from '../core/errors';
import type { PlannerService } from './app-contract';
import { applyEditOp, editProblems } from './app-edit';
import { learnedLines, planSnapshot, type LocalPlanState, type StoredPlan } from './app-snapshot';
import { folderChanges, writeToFolder, type FolderChange } from './deliver/folder';
import { projectStackOf } from './project-stack';
import { projectFolderHandle, type WritableDirectoryHandleLike } from './deliver/folder-handle';
import { workspaceZip } from './deliver/zip';
import { forgetPlanLearning, learnFromPlan } from './learn';
import type { ReplannedStep } from './plan-generate';
import type { PlannerService as CoreService } from './service';
import { replacedTexts, simulate } from './simulate';
import { isFinished } from './step-state';
import { listPlans, loadPlan, updatePlan } from './store';
import { planningFailed } from './plan-error';
import type { Plan, PlanRecord, StepRun, WorkspaceFile } from './types';
import { currentFiles } from './workspace';
import { planListedPaths } from './plan-rules';

export interface AppPlannerDeps {
  db: CodelumiDB;
  core: CoreService;
  settings: () => Settings;
  /** Plans one step again with the user's note (plan-generate's replanStep on the tab's Ollama). */
  replan: (input: { plan: Plan; stepId: string; note: string; model: string }) => Promise<ReplannedStep>;
  /** Asks the user for a folder to write into (a click's `showDirectoryPicker({ mode: 'readwrite' })`). */
  pickFolder?: () => Promise<WritableDirectoryHandleLike>;
  now?: () => number;
}

/** The Build page's service, plus what the tab's services do with it. */
export interface AppPlanner extends PlannerService {
  /** Plans a closed tab left executing become paused (once per start-up; opening one resumes it). */
  settleOrphanedPlans(): Promise<string[]>;
  /**
   * Plans the request of the user's message `messageId` ("Plan and build" in
   * a chat): the chat's model (else Settings') and attached project, and the
   * plan keeps the conversation to link back to. Resolves with the plan's id.
   */
  planFromMessage(messageId: string): Promise<string>;
  /** Stops every planning call and execution of this tab (delete all data, the background stopping); never throws. */
  release(): void;
}

/** Builds the Build page's Planner service (starts nothing). */
export function createAppPlanner(deps: AppPlannerDeps): AppPlanner {
  const { db, core } = deps;
  const now = deps.now ?? Date.now;
  const fixLimit = () => Math.max(1, deps.settings().autoFixRetries);
  const local = new Map<string, LocalPlanState>();
  const localListeners = new Map<string, Set<() => void>>();
  const planning = new Map<string, AbortController>();
  const watched = new Map<string, () => void>();
  const pendingWrites = new Map<string, { dir: WritableDirectoryHandleLike; changes: FolderChange[] }>();
  const orphaned = new Set<string>();
  let settling: Promise<string[]> | undefined;

  const setLocal = (id: string, patch: Partial<LocalPlanState>) => {
    local.set(id, { ...local.get(id), ...patch });
    for (const listener of localListeners.get(id) ?? []) listener();
  };

  // Learning runs one at a time per plan, after each step and at the end (learnFromPlan is idempotent).
  const learning = new Map<string, Promise<void>>();
  const learn = (id: string): Promise<void> => {
    const next = (learning.get(id) ?? Promise.resolve()).then(async () => {
      const plan = await db.plans.get(id);
      // A plan that planning never gave steps teaches nothing (an outage is not a lesson).
      if (!plan || plan.status === 'planning' || plan.status === 'draft' || planningFailed(plan)) return;
      const runs = await db.planSteps.where('planId').equals(id).toArray();
      const result = await learnFromPlan(db, plan, runs, now(), await projectStackOf(db, plan.projectId));
      if (plan.status === 'done' || plan.status === 'failed') setLocal(id, { learned: learnedLines(result) });
    });
    const settled = next.catch((err: unknown) => console.warn('Codelumi could not learn from a plan', err));
    learning.set(id, settled);
    return settled;
  };

  /** The plan's executor, watched so each step that ends, and the plan's end, teach at once. */
  const executor = (id: string) => {
    const found = core.executor(id);
    if (!watched.has(id)) {
      let seen = new Set<string>();
      watched.set(
        id,
        found.state.subscribe(() => {
          const state = found.state.get();
          const ends = Object.values(state.steps)
            .filter((r) => isFinished(r.status) || r.status === 'failed')
            .map((r) => `${r.stepId}:${r.status}`);
          const now = new Set([...ends, `plan:${state.plan?.status}`]);
          if ([...now].some((k) => !seen.has(k))) void learn(id);
          seen = now;
        }),
      );
    }
    return found;
  };

  const execute = async (id: string): Promise<void> => {
    const plan = await loadPlan(db, id);
    if (plan.status === 'planning') throw new CodelumiError('conflict:plan', 'The plan is still being written.');
    executor(id);
    try {
      await core.execute(id);
    } finally {
      await learn(id);
    }
  };

  const settleOrphanedPlans = () => {
    const run = core.settleOrphanedPlans().then((ids) => {
      for (const id of ids) orphaned.add(id);
      return ids;
    });
    settling ??= run;
    return run;
  };

  /** Opening a plan a reload cut off: it carries on, and says so. */
  const resumeIfCutOff = async (id: string) => {
    await (settling ?? settleOrphanedPlans()).catch(() => undefined);
    if (!orphaned.delete(id)) return;
    setLocal(id, { resumedAfterReload: true });
    await execute(id).catch((err: unknown) => console.warn('Codelumi could not resume a plan', err));
  };

  const storedPlan = async (id: string): Promise<PlanRecord> => {
    const plan = await loadPlan(db, id);
    if (plan.status !== 'draft')
      throw new CodelumiError(
        'conflict:plan',
        'Only a plan that has not started can be edited. Delete it or plan again.',
      );
    return plan;
  };

  /**
   * Runs a planning call of core (`startPlanning` or `planAgain`) with this
   * tab's Stop and token count; resolves with the plan's id once it is
   * `planning`, rejects when it could not start.
   */
  const follow = (
    call: (hooks: {
      signal: AbortSignal;
      onCreated: (record: PlanRecord) => void;
      onProgress: (p: { tokens: number }) => void;
    }) => Promise<unknown>,
  ) => {
    const controller = new AbortController();
    return new Promise<string>((resolve, reject) => {
      let id: string | undefined;
      void call({
        signal: controller.signal,
        onCreated: (record) => {
          id = record.id;
          planning.set(record.id, controller);
          setLocal(record.id, { planningTokens: 0 });
          resolve(record.id);
        },
        onProgress: (p) => id && setLocal(id, { planningTokens: p.tokens }),
      })
        .then(() => undefined, reject)
        .finally(() => id && planning.delete(id));
    });
  };

  const startPlanning: PlannerService['startPlanning'] = (request, options) =>
    follow((hooks) =>
      core.startPlanning(request, {
        model: options.model,
        projectId: options.projectId,
        conversationId: options.conversationId,
        ...hooks,
      }),
    );

  return {
    startPlanning,

    async planAgain(id, options) {
      await follow((hooks) => core.planAgain(id, { model: options.model, ...hooks }));
    },

    async changeModel(id, model) {
      const plan = await loadPlan(db, id);
      if (!['paused', 'stopped', 'failed', 'planning-failed'].includes(plan.status))
        throw new CodelumiError('conflict:plan', 'The model can be changed only while the plan is not running.');
      await updatePlan(db, id, { model }, { expectedUpdatedAt: plan.updatedAt, now: now() });
    },

    async planFromMessage(messageId) {
      const message = await db.messages.get(messageId);
      if (!message || message.role !== 'user' || !message.content.trim())
        throw new CodelumiError('not_found:plan', 'This message is gone or empty, so there is nothing to plan.');
      const conversation = await db.conversations.get(message.conversationId);
      return startPlanning(message.content, {
        model: conversation?.model || deps.settings().defaultModel,
        conversationId: message.conversationId,
        ...(conversation?.projectId ? { projectId: conversation.projectId } : {}),
      });
    },

    subscribePlans(listener) {
      const sub = liveQuery(() => listPlans(db)).subscribe({
        next: (plans) => listener(plans.map(({ id, title, status, updatedAt }) => ({ id, title, status, updatedAt }))),
        error: (err: unknown) => console.error('Codelumi could not follow the plans', err),
      });
      return () => sub.unsubscribe();
    },

    subscribe(id, listener) {
      // Three live queries, one per table: a step run saved while a step streams (every 250 ms) re-reads the
      // plan's runs only, not every version of every workspace file with its content.
      let plan: PlanRecord | null | undefined;
      let runs: StepRun[] | undefined;
      let files: WorkspaceFile[] | undefined;
      const exec = executor(id);
      const emit = () => {
        if (plan === undefined || (plan && (runs === undefined || files === undefined))) return;
        const stored: StoredPlan | null = plan && { plan, runs: runs!, files: files! };
        listener(stored ? planSnapshot(stored, exec.state.get(), local.get(id) ?? {}, fixLimit()) : undefined);
      };
      const follow = <T>(read: () => Promise<T>, take: (value: T) => void) =>
        liveQuery(read).subscribe({
          next: (value) => {
            take(value);
            emit();
          },
          error: (err: unknown) => console.error('Codelumi could not follow the plan', err),
        });
      const subs = [
        follow(
          () => db.plans.get(id).then((p) => p ?? null),
          (value) => {
            const first = plan === undefined;
            plan = value;
            // A plan that ended before this tab learned from it (another tab, an earlier visit): its lines again.
            if (
              first &&
              value &&
              (value.status === 'done' || value.status === 'failed') &&
              !planningFailed(value) &&
              !local.get(id)?.learned
            )
              void learn(id);
          },
        ),
        follow(
          () => db.planSteps.where('planId').equals(id).toArray(),
          (value) => (runs = value),
        ),
        follow(
          () => currentFiles(db, id),
          (value) => (files = value),
        ),
      ];
      const listeners = localListeners.get(id) ?? new Set();
      listeners.add(emit);
      localListeners.set(id, listeners);
      // The executor's store changes with every piece of a streaming answer (`current`); the page shows the
      // answer from the step's run (saved every 250 ms), so only a change of runs or of running is published.
      let seen = exec.state.get();
      const unsubscribeExecutor = exec.state.subscribe(() => {
        const next = exec.state.get();
        const changed = next.steps !== seen.steps || next.running !== seen.running || next.error !== seen.error;
        seen = next;
        if (changed) emit();
      });
      void resumeIfCutOff(id);
      return () => {
        for (const sub of subs) sub.unsubscribe();
        unsubscribeExecutor();
        listeners.delete(emit);
      };
    },

    async deletePlan(id) {
      planning.get(id)?.abort();
      await core.remove(id);
      watched.get(id)?.();
      watched.delete(id);
      local.delete(id);
      await forgetPlanLearning(db, id, now());
    },

    async updatePlan(id, op) {
      const record = await storedPlan(id);
      const edit = applyEditOp(record.plan, op);
      if (edit.ok) await core.updatePlan(id, edit.plan, record.updatedAt);
      return { problems: editProblems(edit, op), ...(edit.ok ? {} : { refused: true }) };
    },

    async replanStep(id, stepId, note) {
      const record = await storedPlan(id);
      const replanned = await deps.replan({ plan: record.plan, stepId, note: note ?? '', model: record.model });
      await core.updatePlan(id, replanned.plan, record.updatedAt);
      return { problems: [] };
    },

    async simulate(id) {
      const record = await loadPlan(db, id);
      const projectId = record.projectId;
      const project = projectId
        ? {
            paths: await projectFilePaths(db, projectId),
            read: async (path: string) => (await getProjectFile(db, projectId, path))?.content,
          }
        : undefined;
      const workspace = new Map((await currentFiles(db, id)).map((f) => [f.path, f.content]));
      const simulation = await simulate({ plan: record.plan, project, workspace, fixAttempts: fixLimit() });
      const patches = Object.fromEntries(simulation.files.flatMap((f) => (f.diff ? [[f.path, f.diff.patch]] : [])));
      if (!project) return { simulation };
      return { simulation, patches, replaced: await replacedTexts(simulation, project, workspace) };
    },

    execute,
    resume: execute,
    pause: (id) => executor(id).pause(),
    async stop(id) {
      const call = planning.get(id);
      if (call) return call.abort();
      // Planning with no call in this tab: a reload cut it off (or another tab plans it: busy:plan).
      if ((await loadPlan(db, id)).status === 'planning') return core.settleCutOffPlanning(id);
      await executor(id).stop();
    },
    skip: (id, stepId) => executor(id).skip(stepId),
    retry: (id, stepId) => executor(id).retry(stepId),
    editFile: (id, stepId, path, content) => executor(id).editFile(path, content, stepId),
    accept: (id, stepId) => executor(id).accept(stepId),
    reject: (id, stepId) => executor(id).reject(stepId),

    async downloadZip(id) {
      const record = await loadPlan(db, id);
      const files = await currentFiles(db, id);
      const zip = workspaceZip(record.title, files);
      return { fileName: zip.name, bytes: zip.bytes };
    },

    async prepareFolderWrite(id) {
      const record = await loadPlan(db, id);
      const project = record.projectId ? await db.projects.get(record.projectId) : undefined;
      // The folder kept when the project was attached, else one the user picks now (this click): with no
      // project attached (or one since removed), the user picks where the files go.
      const dir = (project && (await projectFolderHandle(db, project.id))) || (await deps.pickFolder?.());
      if (!dir)
        throw new CodelumiError(
          'not_found:folder',
          'This browser cannot write into a folder. Download the zip and copy the files instead.',
        );
      const changes = await folderChanges(dir, await currentFiles(db, id));
      pendingWrites.set(id, { dir, changes });
      const listed = planListedPaths(record.plan);
      return {
        projectName: project?.name ?? dir.name,
        files: changes.map((c) => ({
          path: c.path,
          action: c.action,
          ...(c.action === 'change' ? { patch: c.diff.patch, added: c.diff.added, removed: c.diff.removed } : {}),
          ...(c.reason ? { reason: c.reason } : {}),
          ...(listed.has(c.path) ? {} : { undeclared: true }),
        })),
      };
    },

    async writeFolder(id, accepted) {
      const pending = pendingWrites.get(id);
      if (!pending) throw new CodelumiError('conflict:plan', 'Compare the files with the folder again, then write.');
      pendingWrites.delete(id);
      const results = await writeToFolder(pending.dir, pending.changes, new Set(accepted));
      return {
        files: results.map((r) => ({ path: r.path, outcome: r.status, ...(r.reason ? { message: r.reason } : {}) })),
      };
    },

    settleOrphanedPlans,

    release() {
      for (const controller of planning.values()) controller.abort();
      // Every executor of this tab was reached through `executor` (so it is watched): each stops (its model call aborted).
      for (const [id, unsubscribe] of watched) {
        unsubscribe();
        void core
          .executor(id)
          .stop()
          .catch(() => undefined);
      }
      watched.clear();
    },
  };
}
