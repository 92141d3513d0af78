/**
 * The tab's Planner: service.ts's executors on the tab's database, Ollama
 * (Settings' address and limits) and code sandbox, planning with the Brain
 * (plan-with-brain.ts: the analysis worker's retriever, the planning
 * lessons), behind the Build page's service (app-service.ts). Previews have
 * no renderer here: a preview step waits for the user's review, and says so.
 */
import type { CodelumiDB } from '../db/db';
import type { Settings } from '../db/settings';
import type { SandboxHost } from '../runner/host';
import type { AnalysisWorkerClient } from '../analysis/client';
import { createPlannerService } from '../planner/service';
import { createPlanGenerator, planningContextLength } from '../planner/plan-with-brain';
import { planningLessons } from '../planner/lessons';
import { replanStep } from '../planner/plan-generate';
import { pickWritableFolder } from '../planner/deliver/folder-handle';
import { createAppPlanner, type AppPlanner } from '../planner/app-service';

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
  const generate = createPlanGenerator({
    settings: deps.settings,
    retrieve: (input) => deps.analysis.retrieve(input),
    lessons: (request) => planningLessons(deps.db, { request }),
    origin: deps.origin,
  });
  const core = createPlannerService({
    db: deps.db,
    settings: deps.settings,
    sandbox: deps.sandbox,
    generate,
    locks: deps.locks,
    origin: deps.origin,
    now: deps.now,
  });
  return createAppPlanner({
    db: deps.db,
    core,
    settings: deps.settings,
    replan: ({ plan, stepId, note, model }) => {
      const s = deps.settings();
      return replanStep({
        plan,
        stepId,
        note,
        model,
        contextLength: planningContextLength(s, undefined),
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
