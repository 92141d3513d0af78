/**
 * Planning through the fake Ollama over HTTP: the official client receives a
 * scripted structured plan, generatePlan validates it, sends an unusable
 * answer back once with its errors, and classifies failed calls.
 */
import { Ollama } from 'ollama';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isCodelumiError, type CodelumiError } from '@/lib/core/errors';
import { generatePlan, replanStep, type PlanProgress } from '@/lib/planner/plan-generate';
import { parsePlan } from '@/lib/planner/plan-rules';
import { PLAN_JSON_SCHEMA, STEP_JSON_SCHEMA } from '@/lib/planner/plan-schema';
import type { ContextSection } from '@/lib/prompt/context-sections';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { cliPlan } from './plans';

const MODEL = 'qwen2.5-coder:7b';
let fake: FakeOllama;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.resume().catch(() => undefined);
  fake.reset();
});

const planJson = () => JSON.stringify(cliPlan());
const base = () => ({ model: MODEL, contextLength: 8192, client: { host: fake.url, origin: 'http://localhost:3000' } });

async function rejection(p: Promise<unknown>): Promise<CodelumiError> {
  try {
    await p;
  } catch (err) {
    if (isCodelumiError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('the fake Ollama answers a format request with a scripted plan', () => {
  it('streams it to the official client as the JSON the schema describes', async () => {
    fake.script([{ match: { format: true }, reply: { content: planJson() } }]);
    const ollama = new Ollama({ host: fake.url });
    const stream = await ollama.chat({
      model: MODEL,
      stream: true,
      format: PLAN_JSON_SCHEMA,
      messages: [{ role: 'user', content: 'Plan a word counter' }],
    });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      text += chunk.message.content;
      chunks++;
    }
    expect(chunks).toBeGreaterThan(10);
    const parsed = parsePlan(JSON.parse(text));
    expect(parsed.ok && parsed.plan.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(fake.chatRequests()[0].body.format).toEqual(PLAN_JSON_SCHEMA);
  });
});

describe('generatePlan', () => {
  it('returns the validated plan, reporting progress and sending the schema, the context and the lessons', async () => {
    fake.script([{ match: { format: true }, reply: { content: planJson() } }]);
    const progress: PlanProgress[] = [];
    const context: ContextSection[] = [
      {
        name: 'Preferences',
        heading: 'The user’s preferences',
        layout: 'list',
        items: [
          { id: 'memory:1', source: 'preference', label: 'pytest', text: 'Prefers pytest over unittest', tokens: 8 },
        ],
      },
      {
        name: 'Project',
        heading: 'The attached project',
        layout: 'list',
        items: [{ id: 'stack:p1', source: 'stack', label: 'stack', text: 'Python 3.12, Click', tokens: 8 }],
      },
    ];
    const result = await generatePlan({
      ...base(),
      request: 'Build a word counter CLI',
      context,
      lessons: [{ id: 'pat-7', text: 'For a CLI in Python, plans with tests first work.' }],
      onProgress: (p) => progress.push(p),
    });
    expect(result.plan).toEqual({ ...cliPlan(), lastStepNumber: 3 });
    expect(result.attempts).toBe(1);
    expect(result.lessonIds).toEqual(['pat-7']);

    expect(progress.length).toBeGreaterThan(10);
    expect(progress.map((p) => p.tokens)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)?.text).toBe(planJson());

    const [req] = fake.chatRequests();
    expect(req.body).toMatchObject({ stream: true, format: PLAN_JSON_SCHEMA, options: { num_ctx: 8192 } });
    const system = req.messages[0].content;
    expect(system).toMatch(/You are Codelumi's planner/);
    // Preferences, then the lessons, then the project.
    expect(system.indexOf('Prefers pytest')).toBeLessThan(system.indexOf('tests first work'));
    expect(system.indexOf('tests first work')).toBeLessThan(system.indexOf('Python 3.12, Click'));
    expect(req.lastUser).toContain('Build a word counter CLI');
  });

  it('reports what it repaired in the model’s plan', async () => {
    const sloppy = { ...cliPlan(), files: [] };
    fake.script([{ match: { format: true }, reply: { content: JSON.stringify(sloppy) } }]);
    const result = await generatePlan({ ...base(), request: 'x' });
    expect(result.plan.files.map((f) => f.path)).toEqual(['tests/test_words.py', 'words.py', 'README.md']);
    expect(result.changes).toHaveLength(3);
  });

  it('sends invalid JSON back once with the error quoted, and uses the second answer', async () => {
    fake.script([
      { match: { format: true }, reply: { content: '{"goal": "A word counter", "files": [' }, times: 1 },
      { match: { format: true }, reply: { content: planJson() } },
    ]);
    const progress: PlanProgress[] = [];
    const result = await generatePlan({ ...base(), request: 'x', onProgress: (p) => progress.push(p) });
    expect(result.attempts).toBe(2);
    expect(result.plan.steps).toHaveLength(3);
    expect(progress.some((p) => p.attempt === 2)).toBe(true);
    const second = fake.chatRequests()[1];
    expect(second.lastUser).toMatch(/That answer cannot be used:\n- The answer is not valid JSON/);
    expect(second.messages.at(-2)).toEqual({ role: 'assistant', content: '{"goal": "A word counter", "files": [' });
  });

  it('quotes rule errors and a cut at the length limit on the second try', async () => {
    const later = cliPlan();
    later.steps[0].dependsOn = ['s3'];
    fake.script([
      {
        match: { format: true },
        reply: { content: '{"goal":"x","files":[],"steps":[', doneReason: 'length' },
        times: 1,
      },
      { match: { format: true }, reply: { content: JSON.stringify(later) }, times: 1 },
      { match: { format: true }, reply: { content: planJson() } },
    ]);
    const err = await rejection(generatePlan({ ...base(), request: 'x' }));
    expect(fake.chatRequests()[1].lastUser).toMatch(/stopped at the length limit/);
    expect(err.code).toBe('invalid:plan');
    expect(err.message).toMatch(/Step s1 depends on “s3”, which comes later/);
  });

  it('fails with words saying what to do when both answers are unusable', async () => {
    fake.script([{ match: { format: true }, reply: { content: '{"goal": ""}' } }]);
    const err = await rejection(generatePlan({ ...base(), request: 'x' }));
    expect(err.code).toBe('invalid:plan');
    expect(err.message).toMatch(
      /^The model did not return a usable plan twice: .*goal.*Try again, rephrase the request, or choose a larger model\.$/s,
    );
    expect(err.details.model).toBe(MODEL);
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('says the model is missing', async () => {
    const err = await rejection(generatePlan({ ...base(), model: 'nope:1b', request: 'x' }));
    expect(err.code).toBe('not_found:model');
    expect(err.message).toContain('nope:1b');
  });

  it('says the stream was cut, without a second try', async () => {
    fake.script([
      { match: { format: true }, reply: { content: planJson(), fault: { kind: 'cut-mid-stream', afterTokens: 5 } } },
    ]);
    const err = await rejection(generatePlan({ ...base(), request: 'x' }));
    expect(err.code).toBe('stream_cut:ollama');
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('says Ollama is not running', async () => {
    await fake.stopListening();
    const err = await rejection(generatePlan({ ...base(), request: 'x' }));
    expect(err.code).toBe('unreachable:ollama');
  });

  it('stops when the signal aborts, mid-stream or before the call', async () => {
    fake.script([
      { match: { format: true }, reply: { content: planJson(), fault: { kind: 'silent-mid-stream', afterTokens: 3 } } },
    ]);
    const controller = new AbortController();
    const err = await rejection(
      generatePlan({
        ...base(),
        request: 'x',
        signal: controller.signal,
        onProgress: (p) => p.tokens === 3 && controller.abort(),
      }),
    );
    expect(err.code).toBe('aborted:user');
    const before = await rejection(generatePlan({ ...base(), request: 'x', signal: AbortSignal.abort() }));
    expect(before.code).toBe('aborted:user');
    // The aborted-before call never reached Ollama.
    expect(fake.chatRequests()).toHaveLength(1);
  });
});

describe('generatePlan with a thinking model and a silent Ollama', () => {
  it('reports thinking as progress and reads only the answer', async () => {
    fake.script([{ match: { format: true }, reply: { content: planJson(), thinking: 'Tests first, then the code.' } }]);
    const progress: PlanProgress[] = [];
    const result = await generatePlan({
      ...base(),
      model: 'qwen3:8b',
      think: true,
      request: 'x',
      onProgress: (p) => progress.push(p),
    });
    expect(result.plan.steps).toHaveLength(3);
    expect(progress[0]).toMatchObject({ tokens: 0, text: '' });
    expect(progress[0].thinkingTokens).toBeGreaterThan(0);
    expect(fake.chatRequests()[0].body).toMatchObject({ think: true });
  });

  it('gives up when Ollama goes silent mid-plan', async () => {
    fake.script([
      { match: { format: true }, reply: { content: planJson(), fault: { kind: 'silent-mid-stream', afterTokens: 4 } } },
    ]);
    const err = await rejection(generatePlan({ ...base(), request: 'x', idleTimeoutMs: 300 }));
    expect(err.code).toBe('timeout:ollama');
    expect(err.message).toMatch(/sent nothing more for 1 s while writing the plan/);
  });
});

describe('replanStep', () => {
  const replacement = (over: object = {}) =>
    JSON.stringify({
      ...cliPlan().steps[1],
      id: 's9',
      title: 'Count words in SQLite',
      files: ['words.py', 'store.py'],
      ...over,
    });

  it('returns the step with its own id, placed in the plan, and sends the plan and the note', async () => {
    fake.script([{ match: { format: true }, reply: { content: replacement() } }]);
    const result = await replanStep({ ...base(), plan: cliPlan(), stepId: 's2', note: 'use SQLite instead' });
    expect(result.step).toMatchObject({ id: 's2', title: 'Count words in SQLite' });
    expect(result.plan.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(result.plan.files.map((f) => f.path)).toContain('store.py');
    const [req] = fake.chatRequests();
    expect(req.body.format).toEqual(STEP_JSON_SCHEMA);
    expect(req.lastUser).toMatch(/Re-plan step s2 \(“Count words”\)\. The user says: use SQLite instead/);
    expect(req.lastUser).toMatch(/It may depend only on: s1\./);
  });

  it('asks again when the step does not fit the plan where it stands', async () => {
    fake.script([
      { match: { format: true }, reply: { content: replacement({ dependsOn: ['s3'] }) }, times: 1 },
      { match: { format: true }, reply: { content: replacement() } },
    ]);
    const result = await replanStep({ ...base(), plan: cliPlan(), stepId: 's2', note: 'SQLite' });
    expect(result.attempts).toBe(2);
    expect(fake.chatRequests()[1].lastUser).toMatch(/can depend only on earlier steps, and “s3” is not one/);
  });
});
