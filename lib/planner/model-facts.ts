/**
 * What the Planner needs to know about a model before it asks it: its own
 * context window and whether it thinks, from Ollama's /api/show (the same
 * reading the Models page makes). Planning, re-planning and execution size
 * their prompts by it when Settings leave the context window at 0, as the
 * chat does; without it they fell back to 4096 tokens, which cuts a plan's
 * context for a 32k model and can overflow a 2k one.
 */
import { createOllamaClient, fetchWithin } from '../ollama/client';
import { contextLengthFromInfo } from '../ollama/models';
import { readShow } from '../ollama/model-lists';

/** A model's facts, as far as Ollama told them. */
export interface PlannerModelFacts {
  contextLength?: number;
  capabilities: readonly string[];
}

export interface ModelFactsDeps {
  /** The Ollama address now (Settings). */
  host: () => string;
  origin?: string;
  fetchImpl?: typeof fetch;
  /** How long /api/show may take before the Planner goes on without it. */
  limitMs?: number;
}

/** Facts by model, read once per address and model. */
export interface ModelFactsCache {
  /** The facts when known; a failed or slow read gives undefined (the caller falls back) and is asked again next time. */
  load(model: string): Promise<PlannerModelFacts | undefined>;
}

/** How long the Planner waits for a model's details: planning goes on without them after that. */
export const MODEL_FACTS_LIMIT_MS = 5_000;

/** A cache of model facts read from the Ollama in Settings (one request per model at a time). */
export function createModelFacts(deps: ModelFactsDeps): ModelFactsCache {
  const known = new Map<string, Promise<PlannerModelFacts | undefined>>();
  return {
    load(model) {
      if (!model) return Promise.resolve(undefined);
      const host = deps.host();
      const key = `${host}\n${model}`;
      const held = known.get(key);
      if (held) return held;
      const client = createOllamaClient(host, fetchWithin(deps.limitMs ?? MODEL_FACTS_LIMIT_MS, deps.fetchImpl));
      const read = client
        .show({ model })
        .then((answer): PlannerModelFacts => {
          const show = readShow(answer, model);
          return { contextLength: contextLengthFromInfo(show.modelInfo), capabilities: show.capabilities };
        })
        // An answer Codelumi cannot read counts as no answer: the fallback window is used.
        .catch(() => undefined);
      known.set(key, read);
      // Ollama down or the model missing now says nothing about later: only what was read is kept.
      void read.then((facts) => {
        if (!facts) known.delete(key);
      });
      return read;
    },
  };
}
