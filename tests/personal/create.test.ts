/** "Create my model" (lib/personal/create.ts, lib/ollama/create-model.ts) against the fake Ollama over HTTP. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createPersonalModel, previewPersonalModel } from '@/lib/personal/create';
import { describeCreateError } from '@/lib/personal/error-text';
import { withPlaceholders } from '@/lib/personal/private-data';
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

  it('sends exactly the previewed request it was given, not what was learned after the preview', async () => {
    const approved = await previewPersonalModel(db, { name: 'Ada', base: 'qwen2.5-coder:7b', baseContextLength: 4096 });
    await db.memories.put(memory('late', 'Prefers Haskell', { source: 'user' }));
    const row = await createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', approved });
    const [sent] = fake.requests.filter((r) => r.path === '/api/create');
    expect(sent.body).toMatchObject({ ...approved.request, stream: true });
    expect(JSON.stringify(sent.body)).not.toContain('Haskell');
    expect(row).toMatchObject({ name: 'codelumi-ada:v1', system: approved.request.system, inputs: approved.inputs });
  });

  it.each([
    ['its chat is switched to “Don’t learn from this”', (db: CodelumiDB) => chat(db, 'ok', { noLearn: true })],
    ['a memory in it is switched off', (db: CodelumiDB) => db.memories.update('p1', { enabled: 0 })],
    ['a memory in it is deleted', (db: CodelumiDB) => db.memories.delete('p1')],
    [
      'an example’s answer is no longer rated well',
      (db: CodelumiDB) => db.answers.update('a1', { outcome: 'negative' }),
    ],
    ['its chat is put in the bin', (db: CodelumiDB) => chat(db, 'ok', { deletedAt: 5 })],
  ])('refuses an approved request when %s since the preview, sending nothing', async (_, change) => {
    const approved = await previewPersonalModel(db, { name: 'Ada', base: 'qwen2.5-coder:7b' });
    expect(approved.inputs).toMatchObject({ memoryIds: ['p1'], exampleIds: ['a1'], conversationIds: ['ok'] });
    await change(db);
    const err = await failure(() =>
      createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', approved }),
    );
    expect(err.message).toContain('What Codelumi may use changed since the preview: look at it again');
    expect(fake.requests.filter((r) => r.path === '/api/create')).toHaveLength(0);
    expect(await db.personalModels.count()).toBe(0);
  });

  it('still sends an approved request when everything in it may be used', async () => {
    const approved = await previewPersonalModel(db, { name: 'Ada', base: 'qwen2.5-coder:7b' });
    await db.memories.put(memory('other', 'Prefers tabs', { enabled: 0 }));
    const row = await createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', approved });
    expect(row.status).toBe('created');
  });

  it.each(['/api/show', '/api/tags'])(
    'stops before anything is sent while Ollama does not answer %s, recording nothing',
    async (path) => {
      fake.setSilentPaths([path]);
      const stop = new AbortController();
      const done = failure(() =>
        createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', signal: stop.signal }),
      );
      await vi.waitFor(() => expect(fake.requests.some((r) => r.path === path)).toBe(true));
      stop.abort();
      const err = await done;
      fake.setSilentPaths([]);
      expect(err.code).toBe('aborted:user');
      expect(err.message).toContain('before anything was sent');
      expect(fake.requests.filter((r) => r.path === '/api/create')).toHaveLength(0);
      expect(await db.personalModels.count()).toBe(0);
    },
  );

  it('stops a create whose first answer never comes, recording the version failed in words saying it was stopped', async () => {
    fake.setSilentPaths(['/api/create']);
    const stop = new AbortController();
    const done = failure(() =>
      createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', signal: stop.signal }),
    );
    await vi.waitFor(() => expect(fake.requests.some((r) => r.path === '/api/create')).toBe(true));
    stop.abort();
    const err = await done;
    fake.setSilentPaths([]);
    expect(err.code).toBe('aborted:user');
    expect(err.message).toMatch(/You stopped creating codelumi-ada:v1 .*Ollama may still finish it/);
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ name: 'codelumi-ada:v1', status: 'failed', error: err.message });
    expect(describeCreateError(err.toJSON()).title).toBe('Stopped');
  });

  it('stops a create while Ollama streams its status lines', async () => {
    const stop = new AbortController();
    const seen: CreateStatus[] = [];
    const done = failure(() =>
      createPersonalModel(db, {
        host: fake.url,
        name: 'Ada',
        base: 'qwen2.5-coder:7b',
        signal: stop.signal,
        onStatus: (s) => {
          seen.push(s);
          stop.abort();
        },
      }),
    );
    const err = await done;
    expect(err.code).toBe('aborted:user');
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ status: 'failed', error: err.message });
    expect(row.error).toContain('Ollama may still finish it');
  });

  it('sends the placeholders when the user chose to replace what the anonymizer found', async () => {
    await db.memories.put(memory('key', 'My deploy key is AKIAIOSFODNN7EXAMPLE', { kind: 'fact', source: 'user' }));
    const preview = await previewPersonalModel(db, { name: 'Ada', base: 'qwen2.5-coder:7b' });
    expect(preview.request.system).toContain('AKIAIOSFODNN7EXAMPLE');
    const approved = { ...preview, request: withPlaceholders(preview.request) };
    await createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', approved });
    const show = await createOllamaClient(fake.url).show({ model: 'codelumi-ada:v1' });
    expect(show.system).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(show.system).toContain('<AWS_KEY>');
  });

  it('refuses an approved request whose name Ollama has taken since the preview (in any letter case), overwriting nothing', async () => {
    const approved = await previewPersonalModel(db, { name: 'Ada', base: 'qwen2.5-coder:7b' });
    await createModel(createOllamaClient(fake.url), { model: 'Codelumi-Ada:V1', from: 'qwen2.5-coder:7b' }, () => {}, {
      host: fake.url,
    });
    const creates = fake.requests.filter((r) => r.path === '/api/create').length;
    const err = await failure(() =>
      createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b', approved }),
    );
    expect(err.message).toContain('codelumi-ada:v1 was created in the meantime');
    expect(fake.requests.filter((r) => r.path === '/api/create')).toHaveLength(creates);
    expect(await db.personalModels.count()).toBe(0);
  });

  it('records a create stream that ends without success as failed (stream_cut), in a create’s words', async () => {
    fake.setRawAnswers({ '/api/create': '{"status":"using existing layer"}\n{"status":"writing manifest"}\n' });
    const err = await failure(() => createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b' }));
    expect(err.code).toBe('stream_cut:ollama');
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ name: 'codelumi-ada:v1', status: 'failed', error: err.message });
    const text = describeCreateError(err.toJSON());
    expect(`${text.title} ${text.body}`).not.toMatch(/answer/);
    expect(text.body).toContain('before codelumi-ada:v1 was created');
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
