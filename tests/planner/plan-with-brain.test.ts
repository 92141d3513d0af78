import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanGenerator, planningContextLength } from '@/lib/planner/plan-with-brain';
import type { RetrieveRequest } from '@/lib/retrieval/retriever';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { cliPlan } from './plans';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.script([{ match: { format: true }, reply: { content: JSON.stringify(cliPlan()) } }]);
});

const settings = {
  contextLength: 0,
  silenceTimeoutSec: 60,
  keepAlive: '10m',
  globalSystemPrompt: 'Answer in British English.',
};

describe('createPlanGenerator', () => {
  it('plans with the Brain’s context for the request and project, the lessons and the settings', async () => {
    const asked: RetrieveRequest[] = [];
    const generate = createPlanGenerator({
      settings: () => settings,
      modelFacts: () => ({ contextLength: 32768, capabilities: ['completion'] }),
      retrieve: async (input) => {
        asked.push(input);
        return [
          {
            name: 'Project',
            heading: 'The attached project',
            layout: 'list',
            items: [{ id: 'stack:p1', source: 'stack', label: 'stack', text: 'Python 3.12 with Click', tokens: 8 }],
          },
        ];
      },
      lessons: async (request, projectId) => [{ id: `m-${projectId}`, text: `Tests first for “${request}”.` }],
    });
    const planned = await generate('Build a word counter', {
      model: 'qwen2.5-coder:7b',
      host: fake.url,
      projectId: 'p1',
      conversationId: 'c1',
    });
    expect(planned.plan.steps).toHaveLength(3);
    expect(planned.patternIds).toEqual(['m-p1']);
    expect(asked).toEqual([
      {
        question: 'Build a word counter',
        conversationContext: '',
        conversationId: 'c1',
        projectId: 'p1',
        contextLength: 8192,
      },
    ]);
    const [req] = fake.chatRequests();
    expect(req.system).toContain('Python 3.12 with Click');
    expect(req.system).toContain('Tests first for “Build a word counter”.');
    expect(req.system).toContain('Answer in British English.');
    expect(req.body).toMatchObject({ keep_alive: '10m', options: { num_ctx: 8192 } });
    expect(req.body.think).toBeUndefined();
  });

  it('plans without context or lessons when they fail, and lets a thinking model think', async () => {
    const generate = createPlanGenerator({
      settings: () => ({ ...settings, contextLength: 16384 }),
      modelFacts: () => ({ capabilities: ['completion', 'thinking'] }),
      retrieve: async () => {
        throw new Error('worker gone');
      },
      lessons: async () => {
        throw new Error('db closed');
      },
    });
    const planned = await generate('x', { model: 'qwen3:8b', host: fake.url });
    expect(planned.patternIds).toEqual([]);
    expect(fake.chatRequests()[0].body).toMatchObject({ think: true, options: { num_ctx: 16384 } });
  });

  it('asks within Settings’ window, else the model’s own up to 8192, else 4096', () => {
    expect(planningContextLength({ contextLength: 2048 }, 32768)).toBe(2048);
    expect(planningContextLength({ contextLength: 0 }, 32768)).toBe(8192);
    expect(planningContextLength({ contextLength: 0 }, 6000)).toBe(6000);
    expect(planningContextLength({ contextLength: 0 }, undefined)).toBe(4096);
  });
});
