/**
 * Conformance of the fake Ollama's /api/create with the real server's
 * (server/create.go CreateHandler and parseFromModel, routes.go
 * streamResponse/waitForStream), driven through the official `ollama` client
 * and raw fetch: a base that is not installed, invalid names, adapters that
 * name blobs, and what /api/show returns for the created model.
 */
import { createHash } from 'node:crypto';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from './fake-ollama/index';

let fake: FakeOllama;
let ollama: Ollama;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
  ollama = new Ollama({ host: fake.url });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<Error & { status_code?: number }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { status_code?: number };
  }
  throw new Error('expected a rejection');
}

/** Streams a create and returns the statuses seen and the error that ended it. */
async function streamed(request: Parameters<Ollama['create']>[0]): Promise<{ statuses: string[]; error?: Error }> {
  const statuses: string[] = [];
  try {
    for await (const p of await ollama.create({ ...request, stream: true })) statuses.push(p.status);
    return { statuses };
  } catch (error) {
    return { statuses, error: error as Error };
  }
}

const post = (path: string, body: unknown) =>
  fetch(`${fake.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

async function upload(bytes: Buffer, on = fake): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const res = await fetch(`${on.url}/api/blobs/${digest}`, { method: 'POST', body: new Uint8Array(bytes) });
  expect(res.status).toBe(201);
  return digest;
}

const names = async () => (await ollama.list()).models.map((m) => m.name);

describe('/api/create from a base', () => {
  it('returns system, messages and parameters of the created model from /api/show', async () => {
    const messages = [
      { role: 'user', content: 'Reverse a list in Python?' },
      { role: 'assistant', content: 'Use reversed(items).' },
    ];
    const { statuses, error } = await streamed({
      model: 'codelumi-ada:v1',
      from: 'qwen2.5-coder:7b',
      system: 'I prefer TypeScript with strict types',
      messages,
      parameters: { num_ctx: 8192 },
    });
    expect(error).toBeUndefined();
    expect(statuses.slice(-2)).toEqual(['writing manifest', 'success']);
    const show = await ollama.show({ model: 'codelumi-ada:v1' });
    expect(show.system).toBe('I prefer TypeScript with strict types');
    expect(show.messages).toEqual(messages);
    expect(show.parameters).toMatch(/^num_ctx\s+8192$/m);
    expect(show.details.parent_model).toBe('qwen2.5-coder:7b');
  });

  it('pulls a base that is not installed on the way, as Ollama does, then creates', async () => {
    expect(await names()).not.toContain('llama3.2:3b');
    const { statuses, error } = await streamed({ model: 'mine:v1', from: 'llama3.2:3b', system: 'x' });
    expect(error).toBeUndefined();
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses).toContain('verifying sha256 digest');
    expect(statuses.at(-1)).toBe('success');
    expect(await names()).toEqual(expect.arrayContaining(['llama3.2:3b', 'mine:v1']));
  });

  it('fails on a base Ollama cannot find: a pull error line after "pulling manifest" (200), or 500 without streaming', async () => {
    const { statuses, error } = await streamed({ model: 'mine:v1', from: 'no-such-base:7b' });
    expect(statuses).toEqual(['pulling manifest']);
    expect(error?.message).toBe('pull model manifest: file does not exist');
    const raw = await post('/api/create', { model: 'mine:v1', from: 'no-such-base:7b' });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(
      (await raw.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);
    const plain = await thrown(() => ollama.create({ model: 'mine:v1', from: 'no-such-base:7b' }));
    expect([plain.status_code, plain.message]).toEqual([500, 'pull model manifest: file does not exist']);
    expect(await names()).not.toContain('mine:v1');
  });

  it('refuses invalid names with 400 "invalid model name", for the model and for `from`', async () => {
    for (const request of [
      { model: 'bad name!', from: 'qwen2.5-coder:7b' },
      { model: 'fine:v1', from: 'not a model' },
    ]) {
      const streamedError = await thrown(() => ollama.create({ ...request, stream: true }));
      expect([streamedError.status_code, streamedError.message]).toEqual([400, 'invalid model name']);
      const plain = await thrown(() => ollama.create(request));
      expect([plain.status_code, plain.message]).toEqual([400, 'invalid model name']);
    }
  });
});

describe('/api/create with adapters', () => {
  const gguf = Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 7)]);

  it('creates from a base and an uploaded GGUF adapter', async () => {
    const digest = await upload(gguf);
    const { statuses, error } = await streamed({
      model: 'tuned:v1',
      from: 'qwen2.5-coder:7b',
      adapters: { 'lora.gguf': digest },
    });
    expect(error).toBeUndefined();
    expect(statuses[0]).toBe('parsing GGUF');
    expect(statuses).toContain(`using existing layer ${digest}`);
    expect(statuses.at(-1)).toBe('success');
    expect(await names()).toContain('tuned:v1');
  });

  it('fails on an adapter blob never uploaded with the open error, after "parsing GGUF"; 400 without streaming', async () => {
    const hex = 'ab'.repeat(32);
    const request = { model: 'tuned:v1', from: 'qwen2.5-coder:7b', adapters: { 'lora.gguf': `sha256:${hex}` } };
    const { statuses, error } = await streamed(request);
    expect(statuses).toEqual(['parsing GGUF']);
    expect(error?.message).toBe(`open /root/.ollama/models/blobs/sha256-${hex}: no such file or directory`);
    const plain = await thrown(() => ollama.create(request));
    expect(plain.status_code).toBe(400);
    expect(await names()).not.toContain('tuned:v1');
  });

  it('refuses a blob that is not GGUF, two GGUF adapters, and a Safetensors adapter on a Qwen base', async () => {
    const notGguf = await upload(Buffer.from('PK not a gguf file'));
    const plain = await thrown(() =>
      ollama.create({ model: 'a:v1', from: 'qwen2.5-coder:7b', adapters: { 'x.gguf': notGguf } }),
    );
    expect([plain.status_code, plain.message]).toEqual([400, 'supplied file was not in GGUF format']);
    const one = await upload(gguf);
    const two = await thrown(() =>
      ollama.create({ model: 'a:v1', from: 'qwen2.5-coder:7b', adapters: { 'x.gguf': one, 'y.gguf': notGguf } }),
    );
    expect(two.message).toBe('only one adapter is currently supported');
    const config = await upload(Buffer.from('{"r":8,"lora_alpha":16}'));
    const st = await upload(Buffer.from('safetensors bytes'));
    const arch = await thrown(() =>
      ollama.create({
        model: 'a:v1',
        from: 'qwen2.5-coder:7b',
        adapters: { 'adapter_model.safetensors': st, 'adapter_config.json': config },
      }),
    );
    expect([arch.status_code, arch.message]).toEqual([400, 'unsupported architecture']);
    const noConfig = await thrown(() =>
      ollama.create({ model: 'a:v1', from: 'qwen2.5-coder:7b', adapters: { 'adapter_model.safetensors': st } }),
    );
    expect(noConfig.message).toBe('open adapter_config.json: no such file or directory');
  });

  it('as Ollama 0.34.1 and later, refuses every adapter with 400 before anything', async () => {
    const newer = await startFakeOllama({ quiet: true, version: '0.34.2' });
    try {
      const digest = await upload(gguf, newer);
      const client = new Ollama({ host: newer.url });
      const err = await thrown(() =>
        client.create({ model: 'a:v1', from: 'qwen2.5-coder:7b', adapters: { 'x.gguf': digest }, stream: true }),
      );
      expect([err.status_code, err.message]).toEqual([400, 'LoRA adapters are no longer supported']);
    } finally {
      await newer.close();
    }
  });
});
