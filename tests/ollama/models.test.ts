import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  canChat,
  contextLengthFromInfo,
  formatBytes,
  listModels,
  listModelsAt,
  resolveModel,
  type ModelInfo,
} from '@/lib/ollama/models';
import { createOllamaClient } from '@/lib/ollama/client';
import { readShow } from '@/lib/ollama/model-lists';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 5000 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('listModels against the fake Ollama', () => {
  it('lists installed models with family, size, quantization, context length and capabilities', async () => {
    const models = await listModels(createOllamaClient(fake.url));
    const byName = new Map(models.map((m) => [m.name, m]));
    expect([...byName.keys()].sort()).toEqual(['nomic-embed-text:latest', 'qwen2.5-coder:7b', 'qwen3:8b']);
    expect(byName.get('qwen2.5-coder:7b')).toMatchObject({
      family: 'qwen2',
      parameterSize: '7.6B',
      quantization: 'Q4_K_M',
      sizeBytes: 4_683_087_332,
      contextLength: 32768,
      capabilities: ['completion', 'tools', 'insert'],
      loaded: false,
    });
    expect(byName.get('qwen2.5-coder:7b')!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.get('qwen3:8b')).toMatchObject({
      contextLength: 40960,
      capabilities: expect.arrayContaining(['thinking']),
    });
    expect(byName.get('nomic-embed-text:latest')).toMatchObject({ contextLength: 2048, capabilities: ['embedding'] });
  });

  it('marks a model loaded (with its memory) once it has answered a chat (/api/ps)', async () => {
    const client = createOllamaClient(fake.url);
    await client.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }], think: false });
    const models = await listModels(client);
    const qwen3 = models.find((m) => m.name === 'qwen3:8b')!;
    expect(qwen3.loaded).toBe(true);
    expect(qwen3.sizeVram).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(qwen3.expiresAt!))).toBe(false);
    expect(models.find((m) => m.name === 'qwen2.5-coder:7b')!.loaded).toBe(false);
  });

  it('uses the model facts given to the fake (custom context length, no models)', async () => {
    fake.setModels([{ name: 'llama3.2:3b', family: 'llama', contextLength: 131072, loaded: true }]);
    const [model] = await listModels(createOllamaClient(fake.url));
    expect(model).toMatchObject({ name: 'llama3.2:3b', family: 'llama', contextLength: 131072, loaded: true });
    fake.setModels([]);
    expect(await listModels(createOllamaClient(fake.url))).toEqual([]);
  });
});

describe('listModelsAt: a stuck Ollama', () => {
  it('gives up on a model list that never comes, with words a user can act on', async () => {
    fake.setSilentPaths(['/api/tags']);
    await expect(listModelsAt(fake.url, 1000)).rejects.toMatchObject({
      code: 'busy:ollama',
      message:
        'Ollama did not send its list of models within 1 s. It may be busy; the list is asked for again shortly.',
    });
  });

  it('lists a model whose details never come, without them', async () => {
    fake.setSilentPaths(['/api/show']);
    const models = await listModelsAt(fake.url, 1000);
    expect(models.map((m) => m.name)).toContain('qwen2.5-coder:7b');
    expect(models.every((m) => m.capabilities.length === 0 && m.contextLength === undefined)).toBe(true);
  });
});

describe('contextLengthFromInfo', () => {
  it('reads <architecture>.context_length, or any *.context_length', () => {
    expect(
      contextLengthFromInfo({
        'general.architecture': 'llama',
        'llama.context_length': 131072,
        'bert.context_length': 512,
      }),
    ).toBe(131072);
    expect(contextLengthFromInfo({ 'qwen2.context_length': 32768 })).toBe(32768);
    expect(contextLengthFromInfo({ 'general.architecture': 'x' })).toBeUndefined();
    expect(contextLengthFromInfo(undefined)).toBeUndefined();
  });
});

const info = (name: string, capabilities: string[], family = 'qwen2'): ModelInfo => ({
  name,
  family,
  capabilities,
  parameterSize: '',
  quantization: '',
  sizeBytes: 1,
  modifiedAt: '',
  digest: '',
  loaded: false,
});

describe('canChat and resolveModel', () => {
  it('a model can chat when it has the completion capability (or, without capabilities, is not an embedding family)', () => {
    expect(canChat(info('a', ['completion', 'tools']))).toBe(true);
    expect(canChat(info('b', ['embedding']))).toBe(false);
    expect(canChat(info('c', [], 'llama'))).toBe(true);
    expect(canChat(info('d', [], 'nomic-bert'))).toBe(false);
  });

  it('picks the wanted model when installed, else the first chat model, never an embedding model when a chat model exists', () => {
    const models = [
      info('nomic-embed-text:latest', ['embedding']),
      info('qwen3:8b', ['completion']),
      info('llama3.2:3b', ['completion']),
    ];
    expect(resolveModel('llama3.2:3b', models)).toBe('llama3.2:3b');
    expect(resolveModel('deleted:7b', models)).toBe('qwen3:8b');
    expect(resolveModel(undefined, models)).toBe('qwen3:8b');
    expect(resolveModel('', [info('nomic-embed-text:latest', ['embedding'])])).toBe('nomic-embed-text:latest');
    expect(resolveModel('x', [])).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('formats sizes as a person reads them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(-5)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(274_302_450)).toBe('274 MB');
    expect(formatBytes(4_683_087_332)).toBe('4.7 GB');
    expect(formatBytes(2.5e12)).toBe('2.5 TB');
    expect(formatBytes(5e15)).toBe('5000 TB');
  });

  it('never shows 1000 of a unit: it moves to the next one', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(999_960_000)).toBe('1.0 GB');
    expect(formatBytes(99_960)).toBe('100 KB');
  });
});

describe('listModels against a server that answers in the wrong shapes', () => {
  /** A fetch that answers each /api path with the given JSON, as a broken or hostile server at the Ollama address might. */
  const answering =
    (byPath: Record<string, unknown>): typeof fetch =>
    async (input) => {
      const path = new URL(String(input)).pathname;
      return new Response(JSON.stringify(byPath[path] ?? {}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };

  it('gives every field its type or its empty value, drops entries with no name, and never throws on the shapes', async () => {
    const client = createOllamaClient(
      'http://127.0.0.1:1',
      answering({
        '/api/tags': {
          models: [
            {
              name: 'good:1b',
              size: 10,
              modified_at: '2025-01-01T00:00:00Z',
              digest: 'abc',
              details: { family: 'llama', parameter_size: '1B', quantization_level: 'Q4' },
            },
            {
              name: 'odd:1b',
              size: '10',
              modified_at: { x: 1 },
              digest: 5,
              details: { family: { $$typeof: 'react.element' }, parameter_size: ['1B'] },
            },
            { name: { toString: 'x' } },
            null,
            42,
          ],
        },
        '/api/ps': { models: null },
        '/api/show': {
          capabilities: 'completion',
          model_info: { 'general.architecture': 'llama', 'llama.context_length': -5 },
        },
      }),
    );
    const models = await listModels(client);
    expect(models.map((m) => m.name)).toEqual(['good:1b', 'odd:1b']);
    expect(models[0]).toMatchObject({
      family: 'llama',
      parameterSize: '1B',
      quantization: 'Q4',
      sizeBytes: 10,
      loaded: false,
      capabilities: [],
    });
    expect(models[1]).toEqual({
      name: 'odd:1b',
      family: '',
      parameterSize: '',
      quantization: '',
      sizeBytes: 0,
      modifiedAt: '',
      digest: '',
      contextLength: undefined,
      capabilities: [],
      loaded: false,
      sizeVram: undefined,
      expiresAt: undefined,
    });
  });

  it('lists nothing when /api/tags has no list', async () => {
    expect(
      await listModels(createOllamaClient('http://127.0.0.1:1', answering({ '/api/tags': { models: 'all of them' } }))),
    ).toEqual([]);
  });
});

describe('a malformed /api/show answer', () => {
  it.each([
    ['a list', [1, 2], /expected object, received array/],
    ['a string', 'qwen2.5-coder', /expected object, received string/],
    ['null', null, /expected object/],
  ])('is a bad_response:ollama error that says what came instead: %s', (_what, body, says) => {
    let failure: unknown;
    try {
      readShow(body, 'qwen2.5-coder:7b');
    } catch (e) {
      failure = e;
    }
    expect(failure).toMatchObject({ code: 'bad_response:ollama', details: { model: 'qwen2.5-coder:7b' } });
    expect((failure as Error).message).toMatch(/^Ollama sent model details Codelumi cannot read/);
    expect((failure as { details: { cause: string } }).details.cause).toMatch(says);
  });

  it('keeps the fields of the right type and empties the others', () => {
    expect(readShow({ capabilities: ['completion', 7, 'tools'], model_info: ['x'] })).toEqual({
      capabilities: ['completion', 'tools'],
      modelInfo: undefined,
    });
    expect(readShow({ model_info: { 'general.architecture': 'llama' } })).toEqual({
      capabilities: [],
      modelInfo: { 'general.architecture': 'llama' },
    });
  });

  it.each([
    ['JSON of the wrong shape', '[1, 2]'],
    ['a page that is not JSON', '<html>502 Bad Gateway</html>'],
  ])('from the fake Ollama (%s) still lists every model, without its details', async (_what, body) => {
    fake.setRawAnswers({ '/api/show': body });
    const models = await listModels(createOllamaClient(fake.url));
    expect(models.map((m) => m.name).sort()).toEqual(['nomic-embed-text:latest', 'qwen2.5-coder:7b', 'qwen3:8b']);
    expect(models.every((m) => m.capabilities.length === 0 && m.contextLength === undefined)).toBe(true);
  });
});
