import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyOllamaError, type OllamaCallInfo } from '@/lib/ollama/classify';
import { createOllamaClient } from '@/lib/ollama/client';
import { CodelumiError } from '@/lib/core/errors';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';

const ORIGIN = 'http://localhost:3000';
const MODEL = 'qwen2.5-coder:7b';
let fake: FakeOllama;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 2000 });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.resume().catch(() => undefined);
  fake.reset();
});

/** Streams a chat the way the app does; returns what it threw and whether any text had arrived. */
async function failingChat(model = MODEL, signal?: AbortController): Promise<{ err: unknown; streamStarted: boolean }> {
  const client = createOllamaClient(
    fake.url,
    signal ? (input, init) => fetch(input, { ...init, signal: signal.signal }) : undefined,
  );
  let streamStarted = false;
  try {
    const stream = await client.chat({
      model,
      stream: true,
      messages: [{ role: 'user', content: 'fix my code please' }],
    });
    for await (const chunk of stream) {
      if (chunk.message?.content) streamStarted = true;
      if (streamStarted && signal) signal.abort();
    }
  } catch (err) {
    return { err, streamStarted };
  }
  throw new Error('expected the chat to fail');
}

async function classified(model = MODEL, signal?: AbortController): Promise<CodelumiError> {
  const { err, streamStarted } = await failingChat(model, signal);
  const ctx: OllamaCallInfo = { host: fake.url, model, origin: ORIGIN, streamStarted };
  return classifyOllamaError(err, ctx);
}

describe('classifyOllamaError against the fake Ollama', () => {
  it('an unknown model (404) is not_found:model, with the model name', async () => {
    const err = await classified('missing-model:1b');
    expect(err.code).toBe('not_found:model');
    expect(err.details).toMatchObject({ model: 'missing-model:1b', status: 404, host: fake.url });
    expect(err.message).toContain('missing-model:1b');
  });

  it('the v0.5–v0.11 wording ("try pulling it first") is not_found:model too', async () => {
    const e = Object.assign(new Error('model "llama3:8b" not found, try pulling it first'), {
      name: 'ResponseError',
      status_code: 404,
    });
    expect((await classifyOllamaError(e, { host: fake.url, model: 'llama3:8b' })).code).toBe('not_found:model');
  });

  it('an error before any output (500) is server:ollama with Ollama’s words', async () => {
    fake.script([
      {
        reply: {
          content: 'x',
          fault: { kind: 'error-before-output', message: 'llama runner process has terminated: signal: killed' },
        },
      },
    ]);
    const err = await classified();
    expect(err.code).toBe('server:ollama');
    expect(err.details).toMatchObject({ status: 500, cause: 'llama runner process has terminated: signal: killed' });
  });

  it('a full queue (503) is busy:ollama', async () => {
    fake.script([
      {
        reply: {
          content: 'x',
          fault: {
            kind: 'error-before-output',
            status: 503,
            message: 'server busy, please try again.  maximum pending requests exceeded',
          },
        },
      },
    ]);
    expect((await classified()).code).toBe('busy:ollama');
  });

  it('an error line in the middle of the stream is stream_error:ollama', async () => {
    fake.script([
      {
        reply: {
          content: 'one two three four five six',
          fault: { kind: 'error-mid-stream', afterTokens: 3, message: 'CUDA error: out of memory' },
        },
      },
    ]);
    const { err, streamStarted } = await failingChat();
    expect(streamStarted).toBe(true);
    const classifiedErr = await classifyOllamaError(err, { host: fake.url, model: MODEL, streamStarted });
    expect(classifiedErr.code).toBe('stream_error:ollama');
    expect(classifiedErr.message).toBe('CUDA error: out of memory');
  });

  it('a connection cut in the middle of the stream is stream_cut:ollama', async () => {
    fake.script([
      { reply: { content: 'one two three four five six', fault: { kind: 'cut-mid-stream', afterTokens: 2 } } },
    ]);
    expect((await classified()).code).toBe('stream_cut:ollama');
  });

  it('a cut after Ollama answered, before any text, is stream_cut:ollama (not a CORS block)', async () => {
    fake.script([{ reply: { content: 'never arrives', fault: { kind: 'cut-mid-stream', afterTokens: 0 } } }]);
    const { err, streamStarted } = await failingChat();
    expect(streamStarted).toBe(false);
    expect((await classifyOllamaError(err, { host: fake.url, streamStarted, responded: true })).code).toBe(
      'stream_cut:ollama',
    );
  });

  it('a stream that ends without done:true is stream_cut:ollama even before any text', async () => {
    const e = new Error('Did not receive done or success response in stream.');
    expect((await classifyOllamaError(e, { host: fake.url, streamStarted: false })).code).toBe('stream_cut:ollama');
  });

  it('nothing listening is unreachable:ollama', async () => {
    await fake.stopListening();
    const err = await classified();
    expect(err.code).toBe('unreachable:ollama');
    expect(err.details.host).toBe(fake.url);
  });

  it('a network failure while a server is there (a browser’s CORS refusal) is blocked:cors', async () => {
    const corsRefused = new TypeError('Failed to fetch');
    const probeOnly = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.mode !== 'no-cors') throw new TypeError('Failed to fetch');
      return new Response(null);
    }) as typeof fetch;
    const err = await classifyOllamaError(corsRefused, {
      host: 'http://127.0.0.1:11434',
      origin: 'http://192.168.1.20:3000',
      fetchImpl: probeOnly,
    });
    expect(err.code).toBe('blocked:cors');
    expect(err.details.origin).toBe('http://192.168.1.20:3000');
  });

  it('a 403 answer is blocked:cors', async () => {
    const e = Object.assign(new Error('Error 403: Forbidden'), { name: 'ResponseError', status_code: 403 });
    expect((await classifyOllamaError(e, { host: fake.url })).code).toBe('blocked:cors');
  });

  it('the user’s Stop (AbortError) is aborted:user', async () => {
    fake.script([{ reply: { content: 'a long answer that keeps going and going and going', tokensPerSecond: 50 } }]);
    const err = await classified(MODEL, new AbortController());
    expect(err.code).toBe('aborted:user');
  });

  it('chatting with an embedding model is unsupported:model', async () => {
    const err = await classified('nomic-embed-text:latest');
    expect(err.code).toBe('unsupported:model');
    expect(err.message).toContain('does not support chat');
  });

  it('another 4xx is bad_request:ollama; an unknown failure before output is server:ollama', async () => {
    const bad = Object.assign(new Error('invalid options'), { name: 'ResponseError', status_code: 400 });
    expect((await classifyOllamaError(bad, { host: fake.url })).code).toBe('bad_request:ollama');
    expect((await classifyOllamaError(new Error('weird'), { host: fake.url })).code).toBe('server:ollama');
    expect((await classifyOllamaError('a string', { host: fake.url })).code).toBe('server:ollama');
  });

  it('passes a CodelumiError through unchanged', async () => {
    const e = new CodelumiError('quota:db', 'full');
    expect(await classifyOllamaError(e, { host: fake.url })).toBe(e);
  });
});
