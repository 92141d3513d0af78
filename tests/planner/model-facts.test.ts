import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelFacts } from '@/lib/planner/model-facts';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setModels([
    { name: 'coder:7b', contextLength: 32768 },
    { name: 'thinker:8b', contextLength: 2048, capabilities: ['completion', 'thinking'] },
  ]);
});

const shows = () => fake.requests.filter((r) => r.path === '/api/show').length;

describe('createModelFacts', () => {
  it("reads a model's own window and capabilities from /api/show, once per model", async () => {
    const facts = createModelFacts({ host: () => fake.url });
    expect(await facts.load('coder:7b')).toEqual({ contextLength: 32768, capabilities: ['completion', 'tools'] });
    expect(await facts.load('thinker:8b')).toEqual({ contextLength: 2048, capabilities: ['completion', 'thinking'] });
    await facts.load('coder:7b');
    expect(shows()).toBe(2);
  });

  it('gives nothing for a missing model, and asks again next time (it may be pulled meanwhile)', async () => {
    const facts = createModelFacts({ host: () => fake.url });
    expect(await facts.load('absent:1b')).toBeUndefined();
    fake.setModels([{ name: 'absent:1b', contextLength: 8192 }]);
    expect((await facts.load('absent:1b'))?.contextLength).toBe(8192);
  });

  it('gives nothing when Ollama is unreachable, without throwing', async () => {
    const facts = createModelFacts({ host: () => 'http://127.0.0.1:9', limitMs: 2_000 });
    expect(await facts.load('coder:7b')).toBeUndefined();
  });

  it('asks the Ollama in Settings now: a changed address is asked afresh', async () => {
    let host = 'http://127.0.0.1:9';
    const facts = createModelFacts({ host: () => host, limitMs: 2_000 });
    expect(await facts.load('coder:7b')).toBeUndefined();
    host = fake.url;
    expect((await facts.load('coder:7b'))?.contextLength).toBe(32768);
  });
});
