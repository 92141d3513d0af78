/**
 * The Planner as the app calls it: plain functions over the tab's database,
 * its Ollama (`createOllamaClient`, through createStepChat) and its code
 * sandbox (the services' `SandboxHost`), with no React. One executor per
 * plan in the tab (and one tab per plan, by its lock); the UI subscribes to
 * `executor(id).state`.
 */
import type { CodelumiDB } from '../db/db';
import type { Settings } from '../db/settings';
import type { RunResult, SandboxHost } from '../runner/host';
import { CodelumiError, isCodelumiError } from '../core/errors';
import { newId } from '../core/ids';
import type { Plan, PlanRecord } from './types';
import {
  createPlan,
  deleteOrphanRows,
  deletePlan,
  listPlans,
  loadPlan,
  planTitle,
  stepRunsOf,
  updatePlan,
} from './store';
import { nextStep } from './step-state';
import { announceDeleted, browserChannel, type OpenChannel } from './plan-channel';
import { PlanExecutor, type ExecutionEnd, type StepChat } from './executor';
import { createStepChat } from './chat';
import { planningContextLength } from './plan-with-brain';
import type { CheckInput, PreviewInput } from './step-check';
import { holdPlanLock, isPlanLocked } from './plan-lock';
import { planningFailed, planningStoppedError, storedPlanError } from './plan-error';

/** A planned request (planner-plan's `generatePlan` once merged; injected until then). */
export type GeneratePlan = (
  request: string,
  options: {
    model: string;
    host: string;
    signal?: AbortSignal;
    conversationId?: string;
    projectId?: string;
    onProgress?: (progress: { tokens: number }) => void;
  },
) => Promise<{ plan: Plan; patternIds?: string[] }>;

export interface PlannerDeps {
  db: CodelumiDB;
  /** The stored settings now (model, Ollama address, context, time limit, fix bound). */
  settings: () => Settings;
  /** The tab's code sandbox (Services.sandbox). */
  sandbox: () => Pick<SandboxHost, 'run'>;
  /** Renders a preview step's page; absent: preview steps wait for the user like a review. */
  previewCheck?: (input: PreviewInput) => Promise<RunResult | 'review'>;
  generate: GeneratePlan;
  /** The model's own context window, when known (/api/show); the prompts' budget uses it when Settings say 0. Read when a run starts. */
  modelContext?: (model: string) => number | undefined | Promise<number | undefined>;
  locks?: LockManager;
  /** The tabs' channels for controls between tabs (the browser's BroadcastChannel when absent). */
  channel?: OpenChannel;
  /** The page's origin, for CORS advice. */
  origin?: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Replaces the Ollama call (tests); built from the settings otherwise. */
  chat?: (model: string) => StepChat;
}

/** What the UI calls; see PlannerDeps for what it is built on. */
export interface PlannerService {
  /**
   * Stores a plan for `request` (`planning`, holding its lock so other tabs
   * see it is alive), asks the model for it, and stores it as `draft`, or as
   * `planning-failed` with the error (code and details kept).
   */
  startPlanning(request: string, options?: PlanningOptions): Promise<PlanRecord>;
  /**
   * Plans a plan whose planning failed (`planningFailed`) again, in the same
   * record: its request, chat and project, and `options.model` or its own
   * model. `conflict:plan` for any other plan, `busy:plan` when another tab
   * holds it. `onCreated` is called once it is `planning` again.
   */
  planAgain(id: string, options?: Omit<PlanningOptions, 'conversationId' | 'projectId'>): Promise<PlanRecord>;
  /**
   * Ends a plan left `planning` with no planning call in this tab (a reload
   * cut it off): it becomes `planning-failed`, to be planned again.
   * `busy:plan` while another tab still plans it.
   */
  settleCutOffPlanning(id: string): Promise<void>;
  /** Saves the user's edit of a draft plan; `conflict:plan` when it changed since `expectedUpdatedAt`. */
  updatePlan(id: string, plan: Plan, expectedUpdatedAt?: number): Promise<PlanRecord>;
  /** Executes (or resumes) the plan; resolves when it stops, fails, waits for the user or is done. */
  execute(id: string): Promise<ExecutionEnd>;
  /** The same as execute: after a reload, carries on from the stored records. */
  resume(id: string): Promise<ExecutionEnd>;
  pause(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  skip(id: string, stepId: string): Promise<void>;
  retry(id: string, stepId: string): Promise<void>;
  editFile(id: string, path: string, content: string, stepId?: string): Promise<void>;
  accept(id: string, stepId: string): Promise<void>;
  reject(id: string, stepId: string): Promise<void>;
  /** The plan's executor in this tab (its `state` is what the UI shows). */
  executor(id: string): PlanExecutor;
  list(): Promise<PlanRecord[]>;
  /** Deletes a plan with its steps and files (its executor here is stopped first; one in another tab is told to stop, and can write nothing more). */
  remove(id: string): Promise<void>;
  /**
   * Plans a closed tab left `executing` (nobody holds their lock) become `paused`, to be resumed. Returns their ids.
   * Plans it left `planning` become `planning-failed` ("cut off by a reload"), to be planned again.
   * Also deletes step runs and workspace files whose plan is gone (left by an older version).
   */
  settleOrphanedPlans(): Promise<string[]>;
}

/** The context window the step prompts are built for: as planning's and the chat's (Settings, else the model's own up to 8192, else 4096). */
function contextOf(settings: Settings, own: number | undefined): number {
  return planningContextLength(settings, own);
}

/** How a planning call is made and followed. */
export interface PlanningOptions {
  model?: string;
  conversationId?: string;
  projectId?: string;
  signal?: AbortSignal;
  /** Called once the `planning` record is stored, before the model is asked. */
  onCreated?: (record: PlanRecord) => void;
  /** The model's answer so far, as it streams. */
  onProgress?: (progress: { tokens: number }) => void;
}

/** Builds the Planner's service (starts nothing). */
export function createPlannerService(deps: PlannerDeps): PlannerService {
  const now = deps.now ?? Date.now;
  const executors = new Map<string, PlanExecutor>();
  const models = new Map<string, string>();
  /** Each plan's model's own window, read when its run starts (undefined: not known). */
  const windows = new Map<string, number | undefined>();

  // Keyed by address and model: another Ollama may hold another model under the same name.
  const windowKey = (model: string) => `${deps.settings().ollamaHost}\n${model}`;
  const windowOf = (model: string) => windows.get(windowKey(model));

  const chatFor = (model: string): StepChat => {
    if (deps.chat) return deps.chat(model);
    return (messages, options) => {
      const s = deps.settings();
      return createStepChat({
        host: s.ollamaHost,
        model,
        contextTokens: contextOf(s, windowOf(model)),
        maxAnswerTokens: s.maxAnswerTokens,
        idleTimeoutMs: s.silenceTimeoutSec * 1000,
        keepAlive: s.keepAlive,
        origin: deps.origin,
        fetchImpl: deps.fetchImpl,
      })(messages, options);
    };
  };

  const executor = (id: string): PlanExecutor => {
    let found = executors.get(id);
    if (!found) {
      found = new PlanExecutor(
        {
          db: deps.db,
          // The plan's own model, read when each call starts (the plan is loaded before its first step).
          chat: (messages, options) => chatFor(models.get(id) ?? deps.settings().defaultModel)(messages, options),
          runCheck: (input: CheckInput) => deps.sandbox().run(input).done,
          previewCheck: deps.previewCheck,
          // The runner's Fix it bound: its automatic retries, and at least one fix.
          fixBound: () => Math.max(1, deps.settings().autoFixRetries),
          contextTokens: () => {
            const model = models.get(id) ?? deps.settings().defaultModel;
            return contextOf(deps.settings(), windowOf(model));
          },
          get timeLimitMs() {
            return deps.settings().runTimeLimitSec * 1000;
          },
          locks: deps.locks,
          channel: deps.channel,
          now,
        },
        id,
      );
      executors.set(id, found);
    }
    return found;
  };

  const run = async (id: string) => {
    const plan = await loadPlan(deps.db, id);
    models.set(id, plan.model);
    // Unknown (Ollama slow or down) means the fallback window; the step's own call then says what is wrong.
    const own = await Promise.resolve(deps.modelContext?.(plan.model)).catch(() => undefined);
    if (own !== undefined) windows.set(windowKey(plan.model), own);
    return executor(id).execute();
  };

  /** Plans in this tab: the plans being asked for now (their lock is held too). */
  const planningHere = new Set<string>();

  /** Asks the model for `record`'s plan and stores the outcome; lets go of the plan's lock (`release`) at the end. */
  const planInto = async (record: PlanRecord, options: PlanningOptions, release?: () => void) => {
    planningHere.add(record.id);
    try {
      options.onCreated?.(record);
      const planned = await deps.generate(record.request, {
        model: record.model,
        host: deps.settings().ollamaHost,
        signal: options.signal,
        conversationId: record.conversationId,
        projectId: record.projectId,
        onProgress: options.onProgress,
      });
      return await updatePlan(
        deps.db,
        record.id,
        {
          plan: planned.plan,
          patternIds: planned.patternIds ?? [],
          status: 'draft',
          title: planTitle(planned.plan.goal || record.request),
        },
        { now: now() },
      );
    } catch (err) {
      const error =
        isCodelumiError(err) && err.code === 'aborted:user'
          ? planningStoppedError('user')
          : storedPlanError(err, { model: record.model, host: deps.settings().ollamaHost });
      return updatePlan(deps.db, record.id, { status: 'planning-failed', error }, { now: now() });
    } finally {
      planningHere.delete(record.id);
      release?.();
    }
  };

  /** See PlannerService.settleCutOffPlanning. */
  const settleCutOffPlanning = async (id: string): Promise<void> => {
    const plan = await loadPlan(deps.db, id);
    if (plan.status !== 'planning' || planningHere.has(id)) return;
    if (await isPlanLocked(deps.locks, id))
      throw new CodelumiError('busy:plan', 'Another Codelumi tab is planning this plan: stop it there.');
    await updatePlan(
      deps.db,
      id,
      { status: 'planning-failed', error: planningStoppedError('reload') },
      { expectedUpdatedAt: plan.updatedAt, now: now() },
    );
  };

  return {
    async startPlanning(request, options = {}) {
      const model = options.model || deps.settings().defaultModel;
      const id = newId();
      // Taken before the record exists, so no tab's settleOrphanedPlans takes it for one a reload cut off.
      const held = await holdPlanLock(deps.locks, id);
      let record: PlanRecord;
      try {
        record = await createPlan(
          deps.db,
          { id, request, model, conversationId: options.conversationId, projectId: options.projectId },
          now(),
        );
      } catch (err) {
        held?.release();
        throw err;
      }
      return planInto(record, options, held?.release);
    },
    async planAgain(id, options = {}) {
      const held = await holdPlanLock(deps.locks, id);
      if (!held) throw new CodelumiError('busy:plan', 'Another Codelumi tab is planning or running this plan.');
      let record: PlanRecord;
      try {
        const failed = await loadPlan(deps.db, id);
        if (!planningFailed(failed))
          throw new CodelumiError('conflict:plan', 'This plan has been planned already: open it to edit or run it.');
        record = await updatePlan(
          deps.db,
          id,
          {
            status: 'planning',
            error: undefined,
            model: options.model || failed.model,
            plan: { goal: '', files: [], steps: [] },
            patternIds: [],
          },
          { expectedUpdatedAt: failed.updatedAt, now: now() },
        );
      } catch (err) {
        held.release();
        throw err;
      }
      return planInto(record, options, held.release);
    },
    settleCutOffPlanning,
    updatePlan: (id, plan, expectedUpdatedAt) =>
      updatePlan(deps.db, id, { plan, title: planTitle(plan.goal) }, { expectedUpdatedAt, now: now() }),
    execute: run,
    resume: run,
    pause: (id) => executor(id).pause(),
    stop: (id) => executor(id).stop(),
    skip: (id, stepId) => executor(id).skip(stepId),
    retry: (id, stepId) => executor(id).retry(stepId),
    editFile: (id, path, content, stepId) => executor(id).editFile(path, content, stepId),
    accept: (id, stepId) => executor(id).accept(stepId),
    reject: (id, stepId) => executor(id).reject(stepId),
    executor,
    list: () => listPlans(deps.db),
    async remove(id) {
      await executors.get(id)?.dispose();
      executors.delete(id);
      await deletePlan(deps.db, id);
      announceDeleted(deps.channel ?? browserChannel, id);
    },
    async settleOrphanedPlans() {
      await deleteOrphanRows(deps.db);
      const running = await deps.db.plans.where('status').anyOf('executing', 'planning').toArray();
      const settled: string[] = [];
      for (const plan of running) {
        if (plan.status === 'planning') {
          await settleCutOffPlanning(plan.id).catch(() => undefined);
          continue;
        }
        if (executors.get(plan.id)?.state.get().running || (await isPlanLocked(deps.locks, plan.id))) continue;
        // A plan waiting for the user's review holds no lock and was not cut off: it goes on when they decide.
        if (nextStep(plan.plan, await stepRunsOf(deps.db, plan.id), plan.id, now()).kind === 'waiting') continue;
        await updatePlan(
          deps.db,
          plan.id,
          { status: 'paused' },
          { expectedUpdatedAt: plan.updatedAt, now: now() },
        ).then(
          () => settled.push(plan.id),
          // Taken up by another tab meanwhile: theirs.
          () => undefined,
        );
      }
      return settled;
    },
  };
}
