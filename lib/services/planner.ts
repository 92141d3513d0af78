/**
 * The tab's Planner: service.ts's executors on the tab's database, Ollama
 * (Settings' address and limits) and code sandbox, planning with the Brain
 * (plan-with-brain.ts: the analysis worker's retriever, the planning
 * lessons), behind the Build page's service (app-service.ts). A preview
 * step's page is rendered off screen in the chat's sandboxed preview frame
 * (planner-preview.ts); one that cannot be previewed waits for the user's review.
 */
import type { CodelumiDB } from '../db/db';
import type { Settings } from '../db/settings';
import type { SandboxHost } from '../runner/host';
import type { AnalysisWorkerClient } from '../analysis/client';
import { createPlannerService } from '../planner/service';
import { createPlanGenerator, planningContextLength } from '../planner/plan-with-brain';
import { planningLessons } from '../planner/lessons';
import { projectStackOf } from '../planner/project-stack';
import { replanStep } from '../planner/plan-generate';
import { pickWritableFolder } from '../planner/deliver/folder-handle';
import { createAppPlanner, type AppPlanner } from '../planner/app-service';
import { createModelFacts } from '../planner/model-facts';
import { renderPreviewCheck } from './planner-preview';

export interface TabPlannerDeps {
  db: CodelumiDB;
  settings: () => Settings;
  sandbox: () => SandboxHost;
  analysis: Pick<AnalysisWorkerClient, 'retrieve'>;
  locks: LockManager | undefined;
  origin: string;
  now: () => number;
}

/** Builds the tab's Planner (starts nothing: plans cut off by a reload are settled by startBackground). */
export function createTabPlanner(deps: TabPlannerDeps): AppPlanner {
  // The model's own window and thinking, as the chat sizes its prompts by them (Settings' 0 means "the model's").
  const facts = createModelFacts({ host: () => deps.settings().ollamaHost, origin: deps.origin });
  const generate = createPlanGenerator({
    settings: deps.settings,
    modelFacts: (model) => facts.load(model),
    retrieve: (input) => deps.analysis.retrieve(input),
    lessons: async (request, projectId) =>
      planningLessons(deps.db, { request, projectStack: await projectStackOf(deps.db, projectId) }),
    origin: deps.origin,
  });
  const core = createPlannerService({
    db: deps.db,
    settings: deps.settings,
    sandbox: deps.sandbox,
    generate,
    previewCheck: (input) => renderPreviewCheck(input, deps.settings().runTimeLimitSec * 1000),
    modelContext: async (model) => (await facts.load(model))?.contextLength,
    locks: deps.locks,
    origin: deps.origin,
    now: deps.now,
  });
  return createAppPlanner({
    db: deps.db,
    core,
    settings: deps.settings,
    replan: async ({ plan, stepId, note, model }) => {
      const s = deps.settings();
      const own = await facts.load(model);
      return replanStep({
        plan,
        stepId,
        note,
        model,
        contextLength: planningContextLength(s, own?.contextLength),
        think: own?.capabilities.includes('thinking') ? true : undefined,
        keepAlive: s.keepAlive,
        idleTimeoutMs: s.silenceTimeoutSec * 1000,
        systemPrompts: [s.globalSystemPrompt],
        client: { host: s.ollamaHost, origin: deps.origin },
      });
    },
    pickFolder: () => pickWritableFolder(),
    now: deps.now,
  });
}
