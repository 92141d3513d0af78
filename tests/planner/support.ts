/** What the Planner's tests share: settings, a plan generator over the fake Ollama, a sandbox double, a plan from the demo session. */
import { DEFAULT_SETTINGS, type Settings } from '@/lib/db/settings';
import { createOllamaClient } from '@/lib/ollama/client';
import type { RunHandle } from '@/lib/runner/host';
import type { GeneratePlan } from '@/lib/planner/service';
import type { CheckInput } from '@/lib/planner/step-check';
import type { Plan } from '@/lib/planner/types';
import { vmRunCheck } from './vm-check';

export const CODER = 'qwen2.5-coder:7b';

/** Settings as a user leaves them, pointed at `host`: automatic fixes off (the Planner still fixes once). */
export const settingsFor = (host: string, extra: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  ollamaHost: host,
  defaultModel: CODER,
  ...extra,
});

/**
 * A TEST stand-in for planner-plan's generatePlan: asks the model for the
 * plan with `format` (a JSON schema) and parses what it answers, unchecked.
 */
export const testGenerate: GeneratePlan = async (request, { model, host }) => {
  const response = await createOllamaClient(host).chat({
    model,
    messages: [{ role: 'user', content: request }],
    format: { type: 'object' },
    stream: false,
  });
  return { plan: JSON.parse(response.message.content) as Plan };
};

/** A sandbox host whose runs are the node:vm double's. */
export const vmSandbox = () => ({
  run: (input: CheckInput): RunHandle => ({ runId: 'vm', done: vmRunCheck(input), cancel: () => undefined }),
});
