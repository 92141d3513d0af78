/**
 * Planning as the app does it: the Brain's context for the request (the
 * analysis worker's retriever, asked as the chat asks it, with the attached
 * project), the learned planning lessons, the Settings (context window,
 * silence limit, keep-alive, the user's own system prompt), then
 * generatePlan. The platform's pieces are passed in, so this runs under Node
 * against the fake Ollama.
 */
import type { Settings } from '../db/settings';
import type { ContextSection } from '../prompt/context-sections';
import type { RetrieveRequest } from '../retrieval/retriever';
import { generatePlan, type GeneratedPlan, type PlanProgress } from './plan-generate';
import type { PlanningLesson } from './plan-prompt';

export interface PlanWithBrainDeps {
  settings: () => Pick<Settings, 'contextLength' | 'silenceTimeoutSec' | 'keepAlive' | 'globalSystemPrompt'>;
  /** The model's own context window and whether it thinks (the Models list), when known. */
  modelFacts?: (
    model: string,
  ) =>
    | { contextLength?: number; capabilities?: readonly string[] }
    | undefined
    | Promise<{ contextLength?: number; capabilities?: readonly string[] } | undefined>;
  /** The Context Retriever (the analysis worker's `retrieve`); missing, failing or empty means planning without it. */
  retrieve?: (input: RetrieveRequest) => Promise<ContextSection[] | undefined>;
  /** The planning lessons relevant to a request (lessons.ts `planningLessons`). */
  lessons?: (request: string, projectId?: string) => Promise<PlanningLesson[]>;
  origin?: string;
  fetchImpl?: typeof fetch;
}

export interface PlanRequestOptions {
  model: string;
  host: string;
  signal?: AbortSignal;
  conversationId?: string;
  projectId?: string;
  onProgress?: (progress: PlanProgress) => void;
}

/** The result with the ids the PlanRecord keeps (`patternIds`: the lessons that were in the prompt). */
export type PlannedRequest = GeneratedPlan & { patternIds: string[] };

/** The window a plan is asked within: Settings, else the model's own capped at 8192, else 4096 (as the chat). */
export function planningContextLength(settings: Pick<Settings, 'contextLength'>, own: number | undefined): number {
  return settings.contextLength > 0 ? settings.contextLength : Math.min(own ?? 4096, 8192);
}

/**
 * A function that plans a request with everything the Brain knows. The
 * retriever and the lessons never stop planning: when they fail, the plan is
 * made without them. Errors are generatePlan's.
 */
export function createPlanGenerator(deps: PlanWithBrainDeps) {
  return async (request: string, options: PlanRequestOptions): Promise<PlannedRequest> => {
    const settings = deps.settings();
    // Unknown facts (Ollama slow to tell) mean the fallback window, never no plan.
    const facts = await Promise.resolve(deps.modelFacts?.(options.model)).catch(() => undefined);
    const contextLength = planningContextLength(settings, facts?.contextLength);
    const [context, lessons] = await Promise.all([
      deps
        .retrieve?.({
          question: request,
          conversationContext: '',
          conversationId: options.conversationId,
          projectId: options.projectId,
          contextLength,
        })
        // Planning without context beats not planning, as in the chat.
        .catch(() => undefined),
      deps.lessons?.(request, options.projectId).catch(() => []),
    ]);
    const planned = await generatePlan({
      request,
      model: options.model,
      contextLength,
      context: context ?? [],
      lessons: lessons ?? [],
      systemPrompts: [settings.globalSystemPrompt],
      keepAlive: settings.keepAlive,
      idleTimeoutMs: settings.silenceTimeoutSec * 1000,
      think: facts?.capabilities?.includes('thinking') ? true : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
      client: { host: options.host, origin: deps.origin, fetchImpl: deps.fetchImpl },
    });
    return { ...planned, patternIds: planned.lessonIds };
  };
}
