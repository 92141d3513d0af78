/** "Add an adapter" (lib/personal/adapters.ts, hash.ts, adapter-files.ts, lib/ollama/blobs.ts) against the fake Ollama. */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { sha256OfFile } from '@/lib/personal/hash';
import { adapterFormat, takesAdapters } from '@/lib/personal/adapter-files';
import { createAdapterModel, type AdapterProgress } from '@/lib/personal/adapters';
import { adapterProgressText, progressFraction } from '@/lib/personal/adapter-progress';
import { isCodelumiError } from '@/lib/core/errors';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';

const fileOf = (bytes: Uint8Array<ArrayBuffer>, name: string) => new File([bytes], name);
const hex = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function bytes(n: number, head = 'GGUF'): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) % 251;
  out.set(new TextEncoder().encode(head));
  return out;
}

describe('sha256OfFile', () => {
  it('hashes a file in chunks to the sha256 of the whole, reading no chunk larger than asked', async () => {
    const data = bytes(100_003);
    const file = fileOf(data, 'x.gguf');
    const sizes: number[] = [];
    const slice = file.slice.bind(file);
    file.slice = (start?: number, end?: number) => {
      sizes.push((end ?? file.size) - (start ?? 0));
      return slice(start, end);
    };
    const seen: number[] = [];
    expect(await sha256OfFile(file, { chunkBytes: 4096, onProgress: (done) => seen.push(done) })).toBe(hex(data));
    expect(Math.max(...sizes)).toBe(4096);
    expect(sizes.length).toBe(Math.ceil(100_003 / 4096));
    expect(seen.at(-1)).toBe(100_003);
    expect(await sha256OfFile(fileOf(new Uint8Array(0), 'e'))).toBe(hex(new Uint8Array(0)));
  });
});

describe('adapter progress as the dialog shows it', () => {
  it('changes the status line only every tenth, not at every 4 MiB chunk, while the bar has the exact fraction', () => {
    const total = 2 * 1024 ** 3;
    const chunk = 4 * 1024 * 1024;
    const lines = new Set<string>();
    for (let done = chunk; done <= total; done += chunk)
      lines.add(adapterProgressText({ phase: 'uploading', file: 'lora.gguf', done, total }));
    expect(lines.size).toBe(11);
    expect([...lines].at(-1)).toMatch(/^Sending lora.gguf to Ollama: 100% of /);
    expect(progressFraction({ phase: 'hashing', file: 'lora.gguf', done: chunk, total })).toBe(chunk / total);
    expect(progressFraction({ phase: 'creating', status: 'writing manifest' })).toBeUndefined();
  });
});

describe('adapter files and versions', () => {
  it('accepts one .gguf, or .safetensors with adapter_config.json, and says what is wrong otherwise', () => {
    const n = (...names: string[]) => names.map((name) => ({ name }));
    expect(adapterFormat(n('lora.gguf'))).toBe('gguf');
    expect(adapterFormat(n('adapter_model.safetensors', 'adapter_config.json'))).toBe('safetensors');
    expect(() => adapterFormat(n('a.gguf', 'b.gguf'))).toThrow(/one adapter per model/);
    expect(() => adapterFormat(n('adapter_model.safetensors'))).toThrow(/adapter_config\.json/);
    expect(() => adapterFormat(n('weights.bin'))).toThrow(/Pick the adapter/);
    expect(() => adapterFormat(n('a.gguf', 'adapter_model.safetensors'))).toThrow(/not both/);
  });

  it('knows Ollama 0.34.1 and later no longer take adapters', () => {
    expect(takesAdapters('0.12.3')).toBe(true);
    expect(takesAdapters('0.34.0')).toBe(true);
    expect(takesAdapters('0.34.1')).toBe(false);
    expect(takesAdapters('0.40.0')).toBe(false);
    expect(takesAdapters('1.0.0')).toBe(false);
    expect(takesAdapters(undefined)).toBe(true);
  });
});

describe('createAdapterModel against the fake Ollama', () => {
  let fake: FakeOllama;
  let db: CodelumiDB;
  beforeAll(async () => {
    fake = await startFakeOllama({ quiet: true });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    db = freshDatabase();
  });
  afterEach(() => db.close());

  const calls = () =>
    fake.requests
      .filter((r) => r.path.startsWith('/api/blobs/') || r.path === '/api/create')
      .map((r) => `${r.method} ${r.path}`);

  it('hashes, checks with HEAD, uploads with POST, then creates from the base with the adapter', async () => {
    const data = bytes(70_000);
    const digest = hex(data);
    const phases: AdapterProgress['phase'][] = [];
    const row = await createAdapterModel(db, {
      host: fake.url,
      files: [fileOf(data, 'lora.gguf')],
      base: 'qwen2.5-coder:7b',
      name: 'tuned',
      onProgress: (p) => phases.push(p.phase),
    });
    expect(calls()).toEqual([`HEAD /api/blobs/${digest}`, `POST /api/blobs/${digest}`, 'POST /api/create']);
    expect(fake.requests.find((r) => r.path === '/api/create')?.body).toMatchObject({
      model: 'codelumi-tuned:v1',
      from: 'qwen2.5-coder:7b',
      adapters: { 'lora.gguf': digest },
      stream: true,
    });
    expect([...new Set(phases)]).toEqual(['checking', 'hashing', 'uploading', 'creating']);
    expect(row).toMatchObject({
      kind: 'adapter',
      status: 'created',
      inputs: { adapter: { file: 'lora.gguf', digest, bytes: 70_000 } },
    });

    fake.clearRequests();
    await createAdapterModel(db, {
      host: fake.url,
      files: [fileOf(data, 'lora.gguf')],
      base: 'qwen2.5-coder:7b',
      name: 'tuned',
    });
    expect(calls()).toEqual([`HEAD /api/blobs/${digest}`, 'POST /api/create']);
  });

  it('records the create failed with Ollama’s error when the adapter blob is missing on the host', async () => {
    const data = bytes(1000);
    // A host that says it has the blob (HEAD 200) but does not: the create then fails as Ollama's does.
    const lying: typeof fetch = (input, init) =>
      init?.method === 'HEAD' ? Promise.resolve(new Response(null, { status: 200 })) : fetch(input, init);
    const err = await createAdapterModel(db, {
      host: fake.url,
      files: [fileOf(data, 'lora.gguf')],
      base: 'qwen2.5-coder:7b',
      name: 'tuned',
      fetchImpl: lying,
    }).catch((e: unknown) => e);
    expect(isCodelumiError(err) && err.code).toBe('bad_request:ollama');
    expect((err as Error).message).toContain(`sha256-${hex(data).slice(7)}: no such file or directory`);
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ status: 'failed', kind: 'adapter' });
  });

  it('stops before hashing on an Ollama that refuses adapters, a missing base, or a file that is not GGUF', async () => {
    const newer = await startFakeOllama({ quiet: true, version: '0.34.2' });
    const file = fileOf(bytes(100), 'lora.gguf');
    try {
      await expect(
        createAdapterModel(db, { host: newer.url, files: [file], base: 'qwen2.5-coder:7b', name: 't' }),
      ).rejects.toThrow(/Ollama 0\.34\.2 no longer takes LoRA adapters/);
    } finally {
      await newer.close();
    }
    await expect(
      createAdapterModel(db, { host: fake.url, files: [file], base: 'llama3.2:3b', name: 't' }),
    ).rejects.toMatchObject({ code: 'not_found:base' });
    await expect(
      createAdapterModel(db, {
        host: fake.url,
        files: [fileOf(bytes(100, 'PK..'), 'x.gguf')],
        base: 'qwen2.5-coder:7b',
        name: 't',
      }),
    ).rejects.toMatchObject({ code: 'invalid:import' });
    await expect(
      createAdapterModel(db, {
        host: fake.url,
        files: [fileOf(bytes(100), 'adapter_model.safetensors'), fileOf(bytes(10, '{}'), 'adapter_config.json')],
        base: 'qwen2.5-coder:7b',
        name: 't',
      }),
    ).rejects.toThrow(/only for Llama and Gemma 2/);
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([]);
    expect(await db.personalModels.count()).toBe(0);
  });

  it('stops when the user stops it, saying at which step: hashing sends nothing, upload creates nothing, create is recorded failed', async () => {
    const data = bytes(50_000);
    const stopAt = async (phase: AdapterProgress['phase']) => {
      const stop = new AbortController();
      fake.clearRequests();
      const err = await createAdapterModel(db, {
        host: fake.url,
        files: [fileOf(data, 'lora.gguf')],
        base: 'qwen2.5-coder:7b',
        name: 'tuned',
        signal: stop.signal,
        // The upload's own progress comes only at its end in Node: stop from inside the sender, mid-upload.
        send: (url, body, onProgress, signal) => {
          if (phase === 'uploading') stop.abort();
          return signal?.aborted
            ? Promise.reject(new DOMException('The upload was stopped.', 'AbortError'))
            : fetch(url, { method: 'POST', body, signal }).then(async (r) => ({
                status: r.status,
                text: await r.text(),
              }));
        },
        onProgress: (p) => {
          if (p.phase === phase) stop.abort();
        },
      }).catch((e: unknown) => e);
      expect(isCodelumiError(err) && err.code, `${phase}: ${JSON.stringify(err)}`).toBe('aborted:user');
      return (err as Error).message;
    };

    expect(await stopAt('hashing')).toMatch(/while its checksum was computed/);
    expect(calls()).toEqual([]);
    expect(await stopAt('uploading')).toMatch(/while it was being sent to Ollama\. No model was created/);
    expect(calls().filter((c) => c.includes('/api/create'))).toEqual([]);
    expect(await db.personalModels.count()).toBe(0);
    expect(await stopAt('creating')).toMatch(/while Ollama was creating the model/);
    const [row] = await db.personalModels.toArray();
    expect(row).toMatchObject({ status: 'failed', kind: 'adapter' });
    expect(row.error).toMatch(/You stopped adding the adapter/);
  });
  it.each(['/api/version', '/api/tags', '/api/show', '/api/blobs/', '/api/create'])(
    'stops while Ollama does not answer %s',
    async (path) => {
      const silent = path === '/api/blobs/' ? `/api/blobs/${hex(bytes(1000))}` : path;
      fake.setSilentPaths([silent]);
      const stop = new AbortController();
      const done = createAdapterModel(db, {
        host: fake.url,
        files: [fileOf(bytes(1000), 'lora.gguf')],
        base: 'qwen2.5-coder:7b',
        name: 'tuned',
        signal: stop.signal,
      }).catch((e: unknown) => e);
      await vi.waitFor(() => expect(fake.requests.some((r) => r.path === silent)).toBe(true));
      stop.abort();
      const err = await done;
      expect(isCodelumiError(err) && err.code).toBe('aborted:user');
      fake.setSilentPaths([]);
    },
  );
});
