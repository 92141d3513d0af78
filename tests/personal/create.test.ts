/** "Create my model" (lib/personal/create.ts, lib/ollama/create-model.ts) against the fake Ollama over HTTP. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createPersonalModel } from '@/lib/personal/create';
import { createModel, type CreateStatus } from '@/lib/ollama/create-model';
import { createOllamaClient } from '@/lib/ollama/client';
import { isCodelumiError, type CodelumiError } from '@/lib/core/errors';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { answered, chat, memory } from './support';

let fake: FakeOllama;
let db: CodelumiDB;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  db = freshDatabase();
  await chat(db, 'ok');
  await db.memories.put(memory('p1', 'Prefers TypeScript with strict types', { conversationId: 'ok', messageId: 'm' }));
  await answered(db, 'ok', 'a1', 'Reverse a list?', 'reversed(items)');
});
afterEach(() => db.close());

async function failure(work: () => Promise<unknown>): Promise<CodelumiError> {
  try {
    await work();
  } catch (err) {
    if (isCodelumiError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('createPersonalModel', () => {
  it('streams the create with its status lines and records the version as created', async () => {
    const seen: CreateStatus[] = [];
    const row = await createPersonalModel(db, {
      host: fake.url,
      name: 'Ada',
      base: 'qwen2.5-coder:7b',
      onStatus: (s) => seen.push(s),
    });
    expect(seen.map((s) => s.status).slice(-2)).toEqual(['writing manifest', 'success']);
    expect(row).toMatchObject({
      name: 'codelumi-ada:v1',
      status: 'created',
      kind: 'personal',
      base: 'qwen2.5-coder:7b',
    });
    expect(await db.personalModels.get(row.id)).toMatchObject({
      status: 'created',
      inputs: { memoryIds: ['p1'], exampleIds: ['a1'], conversationIds: ['ok'] },
    });
    const show = await createOllamaClient(fake.url).show({ model: 'codelumi-ada:v1' });
    expect(show.system).toContain('I prefer TypeScript with strict types');
    expect(show.messages).toEqual([
      { role: 'user', content: 'Reverse a list?' },
      { role: 'assistant', content: 'reversed(items)' },
    ]);
    // qwen2.5-coder:7b has a 32,768-token window: capped at 8192.
    expect(show.parameters).toMatch(/num_ctx\s+8192/);

    const second = await createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b' });
    expect(second.name).toBe('codelumi-ada:v2');
  });

  it('fails with not_found:base for a base Ollama does not have, creating and recording nothing', async () => {
    const err = await failure(() => createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'llama3.2:3b' }));
    expect(err.code).toBe('not_found:base');
    expect(err.details.model).toBe('llama3.2:3b');
    expect(await db.personalModels.count()).toBe(0);
    expect(fake.requests.filter((r) => r.path === '/api/create')).toEqual([]);
  });

  it('records a create refused mid-stream as failed, with Ollama’s words', async () => {
    fake.setRawAnswers({ '/api/create': '{"status":"using existing layer"}\n{"error":"disk is full"}\n' });
    const err = await failure(() => createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b' }));
    expect(err.code).toBe('bad_request:ollama');
    expect(err.message).toBe('Ollama refused to create codelumi-ada:v1: disk is full');
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ name: 'codelumi-ada:v1', status: 'failed', error: err.message });
  });

  it('says Ollama is not running when nothing answers', async () => {
    await fake.stopListening();
    try {
      const err = await failure(() =>
        createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b' }),
      );
      expect(err.code).toBe('unreachable:ollama');
    } finally {
      await fake.resume();
    }
  });
});

describe('createModel: each failure of /api/create classified', () => {
  const client = () => createOllamaClient(fake.url);
  const info = () => ({ host: fake.url });

  it('a base Ollama cannot find (the pull error line mid-stream) is not_found:base', async () => {
    const statuses: string[] = [];
    const err = await failure(() =>
      createModel(client(), { model: 'x:v1', from: 'no-such-base:1b' }, (s) => statuses.push(s.status), info()),
    );
    expect(statuses).toEqual(['pulling manifest']);
    expect([err.code, err.details.model]).toEqual(['not_found:base', 'no-such-base:1b']);
  });

  it('a refusal before the stream (400) carries Ollama’s message', async () => {
    const err = await failure(() =>
      createModel(client(), { model: 'bad name!', from: 'qwen2.5-coder:7b' }, () => {}, info()),
    );
    expect(err.code).toBe('bad_request:ollama');
    expect(err.message).toBe('Ollama refused to create bad name!: invalid model name');
  });

  it('an {"error"} line mid-stream is a refusal with its message', async () => {
    const err = await failure(() =>
      createModel(
        client(),
        { model: 'x:v1', from: 'qwen2.5-coder:7b', adapters: { 'a.gguf': `sha256:${'c'.repeat(64)}` } },
        () => {},
        info(),
      ),
    );
    expect(err.code).toBe('bad_request:ollama');
    expect(err.message).toContain('no such file or directory');
  });
});
