/**
 * The scripted plan session sent to a fake Ollama in another process's way
 * (`POST /__fake/script`, as the e2e will): the plan comes back for a
 * `format` request, each step's files for its prompt, the fix for the fix prompt.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOllamaClient } from '@/lib/ollama/client';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { DEMO_PLAN_SESSION, planSessionJson, stepAnswer } from '../fake-ollama/plan-session';
import { CODER } from './support';

let fake: FakeOllama;
beforeEach(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 5000 });
});
afterEach(() => fake.close());

const ask = async (content: string, format?: object) =>
  (
    await createOllamaClient(fake.url).chat({
      model: CODER,
      messages: [{ role: 'user', content }],
      stream: false,
      ...(format ? { format } : {}),
    })
  ).message.content;

describe('the plan session over HTTP', () => {
  it('is accepted as JSON rules and answers the plan, each step and the fix', async () => {
    const body = JSON.stringify(planSessionJson(DEMO_PLAN_SESSION));
    const res = await fetch(`${fake.url}/__fake/script`, { method: 'POST', body });
    expect(res.status).toBe(204);
    expect(JSON.parse(await ask('Build me a word counter', { type: 'object' }))).toEqual(DEMO_PLAN_SESSION.plan);
    const [s1, s2] = DEMO_PLAN_SESSION.steps;
    expect(await ask('Write step s1: Split text into words\n\nGoal: …')).toBe(stepAnswer(s1!.files, s1!.prose));
    expect(await ask('Write step s2: Count word frequencies\n\n  s1. Split text into words')).toBe(
      stepAnswer(s2!.files, s2!.prose),
    );
    expect(await ask('Fix step s2: Count word frequencies\n\nThe check of this step failed.')).toBe(
      stepAnswer(s2!.fix!, 'Fixed.'),
    );
  });
});
