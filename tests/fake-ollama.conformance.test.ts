/**
 * Conformance of the fake Ollama (a test double) with the Ollama HTTP API, driven
 * through the official `ollama` client and raw fetch. See /work/shared/ollama-api.md.
 */
import { Ollama } from 'ollama';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cosine, startFakeOllama, tokenize, type FakeOllama } from './fake-ollama/index';

let fake: FakeOllama;
let ollama: Ollama;

beforeAll(async () => {
  // llama3.2:3b (~2 GB) pulls in about 0.4 s at this rate.
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 2000, pullBytesPerSecond: 5_000_000_000 });
  ollama = new Ollama({ host: fake.url });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<Error & { status_code?: number; error?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { status_code?: number };
  }
  throw new Error('expected a rejection');
}

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const METRICS = [
  'total_duration',
  'load_duration',
  'prompt_eval_count',
  'prompt_eval_duration',
  'eval_count',
  'eval_duration',
] as const;

describe('models: tags, show, ps, version', () => {
  it('lists the default models in the ListModel shape with stable 64-hex digests', async () => {
    const { models } = await ollama.list();
    expect(models.map((m) => m.name).sort()).toEqual(['nomic-embed-text:latest', 'qwen2.5-coder:7b', 'qwen3:8b']);
    const coder = models.find((m) => m.name === 'qwen2.5-coder:7b')!;
    expect(coder.model).toBe('qwen2.5-coder:7b');
    expect(coder.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(coder.size).toBe(4_683_087_332);
    expect(coder.details).toEqual({
      parent_model: '',
      format: 'gguf',
      family: 'qwen2',
      families: ['qwen2'],
      parameter_size: '7.6B',
      quantization_level: 'Q4_K_M',
    });
    expect(Number.isNaN(Date.parse(String(coder.modified_at)))).toBe(false);
    const again = await ollama.list();
    expect(again.models.find((m) => m.name === 'qwen2.5-coder:7b')!.digest).toBe(coder.digest);
  });

  it('reports the configured version', async () => {
    expect(await ollama.version()).toEqual({ version: '0.12.3' });
  });

  it('shows model details, model_info and capabilities', async () => {
    const show = await ollama.show({ model: 'qwen2.5-coder:7b' });
    // typed as a Map by ollama-js, but it is the plain JSON object the server sends
    const info = show.model_info as unknown as Record<string, unknown>;
    expect(info['qwen2.context_length']).toBe(32768);
    expect(info['general.architecture']).toBe('qwen2');
    expect(show.capabilities).toEqual(expect.arrayContaining(['completion', 'tools']));
    expect(show.details.family).toBe('qwen2');
    expect(show.modelfile).toContain('FROM ');
    expect(show.parameters).toMatch(/^stop\s+"<\|im_start\|>"/);
    expect(show.template).toContain('<|im_start|>');
    expect(Number.isNaN(Date.parse(String(show.modified_at)))).toBe(false);
    const thinker = await ollama.show({ model: 'qwen3:8b' });
    expect(thinker.capabilities).toContain('thinking');
    const embedder = await ollama.show({ model: 'nomic-embed-text' });
    expect(embedder.capabilities).toEqual(['embedding']);
  });

  it('answers show for an unknown model with 404 and for a missing model with 400', async () => {
    const err = await thrown(() => ollama.show({ model: 'nope:1b' }));
    expect(err.name).toBe('ResponseError');
    expect(err.status_code).toBe(404);
    expect(err.message).toBe("model 'nope:1b' not found");
    const res = await post('/api/show', {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'model is required' });
  });

  it('lists a model in /api/ps after a chat, and drops it on unload', async () => {
    expect((await ollama.ps()).models).toEqual([]);
    const raw = await fetch(`${fake.url}/api/ps`);
    expect(await raw.text()).toBe('{"models":[]}');
    await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'hi' }] });
    const { models } = await ollama.ps();
    expect(models).toHaveLength(1);
    expect(models[0].name).toBe('qwen2.5-coder:7b');
    expect(models[0].size_vram).toBe(models[0].size);
    expect((models[0] as unknown as { context_length: number }).context_length).toBe(4096);
    expect(new Date(models[0].expires_at).getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);

    const unload = await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [], keep_alive: 0 });
    expect(unload.done_reason).toBe('unload');
    expect((await ollama.ps()).models).toEqual([]);
  });

  it('loads a model with an empty prompt (generate) or empty messages (chat)', async () => {
    const gen = await ollama.generate({ model: 'qwen3:8b', prompt: '' });
    expect(gen).toMatchObject({ model: 'qwen3:8b', response: '', done: true, done_reason: 'load' });
    const chat = await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [], stream: true });
    const chunks = await collect(chat);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' });
    expect((await ollama.ps()).models.map((m) => m.name).sort()).toEqual(['qwen2.5-coder:7b', 'qwen3:8b']);
  });
});

describe('chat and generate', () => {
  it('streams NDJSON chunks that join into the full answer, ending with the final metrics chunk', async () => {
    const res = await post('/api/chat', {
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'How do I sort an array?' }],
    });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe('');
    const chunks = lines.map((l) => JSON.parse(l));
    const final = chunks.pop();
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) {
      expect(c.done).toBe(false);
      expect(c.message.role).toBe('assistant');
      for (const m of METRICS) expect(c).not.toHaveProperty(m);
    }
    expect(final).toMatchObject({
      model: 'qwen2.5-coder:7b',
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
    });
    for (const m of METRICS) expect(isInt(final[m]), m).toBe(true);
    expect(final.eval_count).toBe(chunks.length);
    expect(final.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    const content = chunks.map((c) => c.message.content).join('');
    expect(content).toContain('How do I sort an array?');
    expect(content).toMatch(/```typescript\n[\s\S]+\n```/);
  });

  it('gives the same answer for stream:false as for the stream, and identical answers for identical requests', async () => {
    const messages = [{ role: 'user', content: 'Write a python function to add two numbers' }];
    const streamed = (await collect(await ollama.chat({ model: 'qwen2.5-coder:7b', messages, stream: true })))
      .map((c) => c.message.content)
      .join('');
    const whole = await ollama.chat({ model: 'qwen2.5-coder:7b', messages });
    const again = await ollama.chat({ model: 'qwen2.5-coder:7b', messages });
    expect(whole.message.content).toBe(streamed);
    expect(again.message.content).toBe(whole.message.content);
    expect(whole.message.content).toContain('```python');
    expect(whole.done).toBe(true);
    const other = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'Explain SQL joins' }],
    });
    expect(other.message.content).not.toBe(whole.message.content);
  });

  it('returns one application/json object for stream:false', async () => {
    const res = await post('/api/generate', { model: 'qwen2.5-coder:7b', prompt: 'hello', stream: false });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await res.json();
    expect(body).toMatchObject({ model: 'qwen2.5-coder:7b', done: true, done_reason: 'stop' });
    expect(body.response).toContain('hello');
    expect(Array.isArray(body.context) && body.context.every(isInt)).toBe(true);
  });

  it('streams generate chunks with `response` and adds `context` only to the final chunk (not in raw mode)', async () => {
    const chunks = await collect(await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'say hi', stream: true }));
    const final = chunks[chunks.length - 1];
    expect(
      chunks.slice(0, -1).every((c) => typeof c.response === 'string' && c.response.length > 0 && !('context' in c)),
    ).toBe(true);
    expect(final.response).toBe('');
    expect(final.context!.length).toBeGreaterThan(0);
    const raw = await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'say hi', raw: true });
    expect(raw).not.toHaveProperty('context');
  });

  it('streams thinking before content for a thinking model, and not when think is false', async () => {
    fake.script([{ reply: { thinking: 'Let me think about sorting.', content: 'Use sort().' } }]);
    const chunks = await collect(
      await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'sort?' }], stream: true }),
    );
    const kinds = chunks.filter((c) => !c.done).map((c) => (c.message.thinking ? 'thinking' : 'content'));
    expect(kinds.indexOf('content')).toBeGreaterThan(kinds.lastIndexOf('thinking'));
    expect(chunks.map((c) => c.message.thinking ?? '').join('')).toBe('Let me think about sorting.');
    expect(chunks.map((c) => c.message.content).join('')).toBe('Use sort().');

    const off = await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'sort?' }], think: false });
    expect(off.message.thinking).toBeUndefined();
    expect(off.message.content).toBe('Use sort().');

    const gen = await ollama.generate({ model: 'qwen3:8b', prompt: 'sort?', think: 'high' });
    expect(gen.thinking).toBe('Let me think about sorting.');
    expect(gen.response).toBe('Use sort().');
  });

  it('thinks by default on a thinking model even with no rule', async () => {
    const res = await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'What is a closure?' }] });
    expect(res.message.thinking).toContain('What is a closure?');
  });

  it('refuses think on a model that cannot think, and chat/generate on an embedding model', async () => {
    const think = await thrown(() =>
      ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], think: true }),
    );
    expect(think.status_code).toBe(400);
    expect(think.message).toBe('"qwen2.5-coder:7b" does not support thinking');
    const chat = await thrown(() =>
      ollama.chat({ model: 'nomic-embed-text', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect([chat.status_code, chat.message]).toEqual([400, '"nomic-embed-text" does not support chat']);
    const gen = await thrown(() => ollama.generate({ model: 'nomic-embed-text', prompt: 'x' }));
    expect([gen.status_code, gen.message]).toEqual([400, '"nomic-embed-text" does not support generate']);
  });

  it("answers an unknown model with 404 and Ollama's message", async () => {
    const chat = await thrown(() =>
      ollama.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x' }], stream: true }),
    );
    expect(chat.name).toBe('ResponseError');
    expect([chat.status_code, chat.message]).toEqual([404, "model 'llama3.2:3b' not found"]);
    const gen = await thrown(() => ollama.generate({ model: 'ghost', prompt: 'x' }));
    expect([gen.status_code, gen.message]).toEqual([404, "model 'ghost' not found"]);
  });

  it('replies valid JSON for format "json" and fills the required keys of a schema', async () => {
    const json = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'Give me a summary' }],
      format: 'json',
    });
    expect(typeof JSON.parse(json.message.content)).toBe('object');
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        score: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
        level: { enum: ['low', 'high'] },
        note: { type: 'string' },
      },
      required: ['title', 'score', 'tags', 'level'],
    };
    const res = await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'classify this', format: schema });
    const value = JSON.parse(res.response ?? '');
    expect(Object.keys(value).sort()).toEqual(['level', 'score', 'tags', 'title']);
    expect(typeof value.title).toBe('string');
    expect(Number.isInteger(value.score)).toBe(true);
    expect(value.tags.every((t: unknown) => typeof t === 'string')).toBe(true);
    expect(value.level).toBe('low');
  });

  it('sends scripted tool calls in one chunk before the final chunk', async () => {
    fake.script([
      { reply: { content: '', toolCalls: [{ function: { name: 'run_code', arguments: { code: '1+1' } } }] } },
    ]);
    const tools = [
      {
        type: 'function',
        function: { name: 'run_code', description: 'run', parameters: { type: 'object', properties: {} } },
      },
    ];
    const chunks = await collect(
      await ollama.chat({
        model: 'qwen2.5-coder:7b',
        messages: [{ role: 'user', content: 'run it' }],
        tools,
        stream: true,
      }),
    );
    const withCalls = chunks.filter((c) => c.message.tool_calls?.length);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0].message.tool_calls![0].function).toMatchObject({
      name: 'run_code',
      arguments: { code: '1+1' },
    });
    expect(chunks[chunks.length - 1].done).toBe(true);
  });
});

describe('rules', () => {
  const ask = async (content: string, extra: Record<string, unknown> = {}) =>
    (await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content }], ...extra })).message.content;

  it('matches the last user message by case-insensitive substring or by regex', async () => {
    fake.script([
      { match: { lastUser: 'REACT' }, reply: { content: 'react answer' } },
      { match: { lastUser: /^fix (\w+)$/ }, reply: { content: 'regex answer' } },
    ]);
    expect(await ask('how do I use react hooks?')).toBe('react answer');
    expect(await ask('fix bug')).toBe('regex answer');
    expect(await ask('please fix bug')).not.toMatch(/answer$/);
  });

  it('uses a rule at most `times` times, then falls through', async () => {
    fake.script([
      { match: { lastUser: 'hi' }, reply: { content: 'first' }, times: 1 },
      { match: { lastUser: 'hi' }, reply: { content: 'later' } },
    ]);
    expect([await ask('hi'), await ask('hi'), await ask('hi')]).toEqual(['first', 'later', 'later']);
  });

  it('calls function replies with the parsed request, and addRule takes priority', async () => {
    fake.script([
      {
        match: { endpoint: 'chat' },
        reply: (req) => ({ content: `${req.model}|${req.system}|${req.lastUser}|${req.messages.length}` }),
      },
    ]);
    const messages = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'two' },
    ];
    expect((await ollama.chat({ model: 'qwen2.5-coder:7b', messages })).message.content).toBe(
      'qwen2.5-coder:7b|be brief|two|4',
    );
    fake.addRule({ match: { lastUser: 'two' }, reply: { content: 'priority' } });
    expect((await ollama.chat({ model: 'qwen2.5-coder:7b', messages })).message.content).toBe('priority');
  });

  it('matches on endpoint, model (with :latest added), system and format', async () => {
    fake.script([
      { match: { endpoint: 'generate', system: /reviewer/i }, reply: { content: 'gen+system' } },
      { match: { model: 'qwen3' }, reply: { content: 'bad: qwen3 means qwen3:latest' } },
      { match: { model: 'qwen3:8b' }, reply: { content: 'qwen3 rule' } },
      { match: { format: true }, reply: { content: '{"ok":true}' } },
    ]);
    expect(
      (await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'x', system: 'You are a Reviewer' })).response,
    ).toBe('gen+system');
    expect(await ask('x', { model: 'qwen3:8b', think: false })).toBe('qwen3 rule');
    expect(await ask('x', { format: 'json' })).toBe('{"ok":true}');
    expect(await ask('x')).not.toBe('{"ok":true}');
  });
});

describe('faults', () => {
  it('error-before-output: a ResponseError with status 500 (or the given status)', async () => {
    fake.script([
      {
        match: { lastUser: 'busy' },
        reply: { content: 'x', fault: { kind: 'error-before-output', status: 503, message: 'server busy' } },
      },
      { reply: { content: 'x', fault: { kind: 'error-before-output' } } },
    ]);
    const err = await thrown(() =>
      ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'go' }], stream: true }),
    );
    expect(err.name).toBe('ResponseError');
    expect(err.status_code).toBe(500);
    expect(err.message).toMatch(/model runner has unexpectedly stopped/);
    const busy = await thrown(() =>
      ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'busy' }] }),
    );
    expect([busy.status_code, busy.message]).toEqual([503, 'server busy']);
  });

  it('error-mid-stream: some chunks, then a plain Error with the message', async () => {
    fake.script([
      {
        reply: {
          content: 'one two three four five six',
          fault: { kind: 'error-mid-stream', afterTokens: 3, message: 'GPU fell over' },
        },
      },
    ]);
    const got: string[] = [];
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const err = await thrown(async () => {
      for await (const c of stream) got.push(c.message.content);
    });
    expect(err.name).toBe('Error');
    expect(err.message).toBe('GPU fell over');
    expect(got).toEqual(['one', ' two', ' three']);
    const res = await post('/api/chat', { model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'go' }] });
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\n').pop()).toBe('{"error":"GPU fell over"}');
  });

  it('cut-mid-stream: partial content, then the stream fails without done', async () => {
    fake.script([{ reply: { content: 'alpha beta gamma delta', fault: { kind: 'cut-mid-stream', afterTokens: 2 } } }]);
    const got: string[] = [];
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const err = await thrown(async () => {
      for await (const c of stream) got.push(c.message.content);
    });
    expect(got.join('')).toBe('alpha beta');
    expect(err).toBeInstanceOf(Error);
    // the server still answers afterwards
    fake.script([]);
    expect((await ollama.list()).models.length).toBe(3);
  });

  it('hang: headers arrive, nothing else, until the client aborts', async () => {
    fake.script([{ reply: { content: 'never', fault: { kind: 'hang' } } }]);
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    setTimeout(() => stream.abort(), 150);
    const started = Date.now();
    const err = await thrown(() => collect(stream));
    expect(err.name).toBe('AbortError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    fake.script([]);
    expect((await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'ok?' }] })).done).toBe(
      true,
    );
  });

  it('firstTokenDelayMs delays the first chunk and shows up in load_duration', async () => {
    fake.script([{ reply: { content: 'loaded now', firstTokenDelayMs: 300 } }]);
    const started = performance.now();
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const chunks = [];
    let firstAt = 0;
    for await (const c of stream) {
      if (!firstAt) firstAt = performance.now();
      chunks.push(c);
    }
    expect(firstAt - started).toBeGreaterThanOrEqual(280);
    expect(chunks[chunks.length - 1].load_duration).toBeGreaterThanOrEqual(280e6);
  });

  it('paces chunks by tokens per second: a slow reply arrives over time, chunk by chunk', async () => {
    fake.script([{ reply: { content: 'a b c d e f g h i j', tokensPerSecond: 40 } }]); // 10 chunks, ~225 ms
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const times: number[] = [];
    for await (const c of stream) if (!c.done) times.push(performance.now());
    expect(times).toHaveLength(10);
    expect(times[9] - times[0]).toBeGreaterThan(150);
  });

  it('a reply without its own rate follows the server rate as it changes, mid-stream too', async () => {
    fake.setTokensPerSecond(20);
    const content = 'word '.repeat(200);
    fake.script([{ reply: { content } }]); // about 200 chunks: 10 s at 20 per second
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let n = 0;
    let sped = 0;
    for await (const c of stream) {
      if (c.done) break;
      if (++n === 3) {
        fake.setTokensPerSecond(0);
        sped = performance.now();
      }
    }
    expect(n).toBe(tokenize(content).length);
    // The chunks left would have taken almost 10 s at the first rate; unpaced they come at once.
    expect(performance.now() - sped).toBeLessThan(5000);
  });

  it('stops writing when the client aborts mid-stream and keeps serving', async () => {
    fake.script([{ reply: { content: 'word '.repeat(200), tokensPerSecond: 200 } }]);
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let n = 0;
    const err = await thrown(async () => {
      for await (const c of stream) {
        void c;
        if (++n === 3) ollama.abort();
      }
    });
    expect(err.name).toBe('AbortError');
    // Lines already read in the same network chunk may still be yielded; the other ~190 never come.
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThan(20);
    fake.script([]);
    expect((await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'still there?' })).done).toBe(true);
  });
});

describe('embeddings', () => {
  it('returns deterministic unit vectors where related texts are closer than unrelated ones', async () => {
    const { embeddings, model } = await ollama.embed({
      model: 'nomic-embed-text',
      input: ['how to sort an array in javascript', 'sorting a javascript array', 'the weather in paris is sunny'],
    });
    expect(model).toBe('nomic-embed-text');
    expect(embeddings).toHaveLength(3);
    for (const v of embeddings) {
      expect(v).toHaveLength(384);
      expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    }
    const related = cosine(embeddings[0], embeddings[1]);
    const unrelated = cosine(embeddings[0], embeddings[2]);
    expect(related).toBeGreaterThan(0.5);
    expect(unrelated).toBeLessThan(0.2);
    const single = await ollama.embed({ model: 'nomic-embed-text', input: 'sorting a javascript array' });
    expect(single.embeddings[0]).toEqual(embeddings[1]);
  });

  it('rejects a bad input type with 400 and an unknown model with 404', async () => {
    const bad = await post('/api/embed', { model: 'nomic-embed-text', input: [1, 2] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid input type' });
    const err = await thrown(() => ollama.embed({ model: 'missing-embed', input: 'x' }));
    expect([err.status_code, err.message]).toEqual([404, "model 'missing-embed' not found"]);
  });

  it('supports the legacy /api/embeddings with prompt', async () => {
    const { embedding } = await ollama.embeddings({ model: 'nomic-embed-text', prompt: 'hello world' });
    const { embeddings } = await ollama.embed({ model: 'nomic-embed-text', input: 'hello world' });
    expect(embedding).toEqual(embeddings[0]);
  });
});

describe('pull, create, copy, delete', () => {
  it('streams the pull progress sequence and adds the model on success', async () => {
    const progress = await collect(await ollama.pull({ model: 'llama3.2:3b', stream: true }));
    const statuses = progress.map((p) => p.status);
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    const layerLines = progress.filter((p) => p.status.startsWith('pulling ') && p.status !== 'pulling manifest');
    const byDigest = new Map<string, typeof layerLines>();
    for (const p of layerLines) {
      expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(p.status).toBe(`pulling ${p.digest.slice(7, 19)}`);
      byDigest.set(p.digest, [...(byDigest.get(p.digest) ?? []), p]);
    }
    expect(byDigest.size).toBeGreaterThanOrEqual(2);
    for (const lines of byDigest.values()) {
      expect(lines[0].completed).toBeUndefined();
      const completed = lines.slice(1).map((l) => l.completed);
      expect(completed).toEqual([...completed].sort((a, b) => a - b));
      expect(lines[lines.length - 1].completed).toBe(lines[0].total);
    }
    const bigLayer = [...byDigest.values()].find((l) => l[0].total > 1e9)!;
    expect(bigLayer.length).toBeGreaterThan(3);
    expect((await ollama.list()).models.map((m) => m.name)).toContain('llama3.2:3b');
  });

  it('stops an aborted pull and does not add the model', async () => {
    const stream = await ollama.pull({ model: 'llama3.2:3b', stream: true });
    const err = await thrown(async () => {
      for await (const p of stream) if (p.completed && p.completed > 0) ollama.abort();
    });
    expect(err.name).toBe('AbortError');
    await fake.idle(); // the fake noticed the client went away and its pull stopped
    expect((await ollama.list()).models.map((m) => m.name)).not.toContain('llama3.2:3b');
  });

  it('accepts `model` or `name`; stream:false returns only success', async () => {
    const res = await post('/api/pull', { model: 'nomic-embed-text', stream: false });
    expect(await res.json()).toEqual({ status: 'success' });
    expect(await ollama.pull({ model: 'llama3.2' })).toEqual({ status: 'success' });
    expect((await ollama.list()).models.map((m) => m.name)).toContain('llama3.2:latest');
  });

  it('fails an unknown pull after `pulling manifest` (200 stream) or with 500 (stream:false)', async () => {
    const seen: string[] = [];
    const stream = await ollama.pull({ model: 'no-such-model', stream: true });
    const err = await thrown(async () => {
      for await (const p of stream) seen.push(p.status);
    });
    expect(seen).toEqual(['pulling manifest']);
    expect(err.message).toBe('pull model manifest: file does not exist');
    const plain = await thrown(() => ollama.pull({ model: 'no-such-model' }));
    expect([plain.status_code, plain.message]).toEqual([500, 'pull model manifest: file does not exist']);
  });

  it('creates a model from another with a system prompt', async () => {
    const progress = await collect(
      await ollama.create({ model: 'reviewer', from: 'qwen2.5-coder:7b', system: 'You review code.', stream: true }),
    );
    const statuses = progress.map((p) => p.status);
    expect(statuses.some((s) => /^using existing layer sha256:[0-9a-f]{64}$/.test(s))).toBe(true);
    expect(statuses.some((s) => /^creating new layer sha256:[0-9a-f]{64}$/.test(s))).toBe(true);
    expect(statuses.slice(-2)).toEqual(['writing manifest', 'success']);
    const show = await ollama.show({ model: 'reviewer' });
    expect(show.system).toBe('You review code.');
    expect(show.details.parent_model).toBe('qwen2.5-coder:7b');
    expect((await ollama.list()).models.map((m) => m.name)).toContain('reviewer:latest');
  });

  it('copies a model (200, empty body) and reports a missing source with double quotes', async () => {
    const res = await post('/api/copy', { source: 'qwen2.5-coder:7b', destination: 'my-coder' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await ollama.list()).models.map((m) => m.name)).toContain('my-coder:latest');
    const err = await thrown(() => ollama.copy({ source: 'ghost', destination: 'x' }));
    expect([err.status_code, err.message]).toEqual([404, 'model "ghost" not found']);
  });

  it('accepts blob uploads by digest and creates a model from them', async () => {
    const { createHash } = await import('node:crypto');
    const bytes = Buffer.from('GGUF fake weights');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    expect((await fetch(`${fake.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404);
    const wrong = await fetch(`${fake.url}/api/blobs/sha256:${'0'.repeat(64)}`, { method: 'POST', body: bytes });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/^digest mismatch/);
    expect((await fetch(`${fake.url}/api/blobs/${digest}`, { method: 'POST', body: bytes })).status).toBe(201);
    expect((await fetch(`${fake.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${fake.url}/api/blobs/nonsense`, { method: 'HEAD' })).status).toBe(400);
    // ollama-js 0.6.4 types have no `files`, so this one goes over raw HTTP
    const done = await post('/api/create', { model: 'from-blob', files: { 'model.gguf': digest }, stream: false });
    expect(await done.json()).toEqual({ status: 'success' });
    const missing = await post('/api/create', {
      model: 'x',
      files: { 'a.gguf': `sha256:${'1'.repeat(64)}` },
      stream: false,
    });
    expect(missing.status).toBe(500);
    expect((await ollama.list()).models.map((m) => m.name)).toContain('from-blob:latest');
  });

  it('pushes an installed model minimally and ends with success', async () => {
    const statuses = (await collect(await ollama.push({ model: 'qwen2.5-coder:7b', stream: true }))).map(
      (p) => p.status,
    );
    expect(statuses[0]).toBe('retrieving manifest');
    expect(statuses.slice(-2)).toEqual(['pushing manifest', 'success']);
  });

  it('deletes with DELETE only (POST is 405) and reports a missing model', async () => {
    expect((await post('/api/delete', { model: 'qwen3:8b' })).status).toBe(405);
    const res = await fetch(`${fake.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: 'qwen3:8b' }),
    });
    expect([res.status, await res.text()]).toEqual([200, '']);
    expect((await ollama.list()).models.map((m) => m.name)).not.toContain('qwen3:8b');
    const err = await thrown(() => ollama.delete({ model: 'qwen3:8b' }));
    expect([err.status_code, err.message]).toEqual([404, "model 'qwen3:8b' not found"]);
  });
});

describe('HTTP details', () => {
  it('answers / and HEAD / like Ollama', async () => {
    const res = await fetch(`${fake.url}/`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      200,
      'text/plain; charset=utf-8',
      'Ollama is running',
    ]);
    const head = await fetch(`${fake.url}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const tagsHead = await fetch(`${fake.url}/api/tags`, { method: 'HEAD' });
    expect(tagsHead.status).toBe(200);
  });

  it('uses gin texts for unknown paths and wrong methods', async () => {
    const missing = await fetch(`${fake.url}/api/nope`);
    expect([missing.status, missing.headers.get('content-type'), await missing.text()]).toEqual([
      404,
      'text/plain',
      '404 page not found',
    ]);
    const wrong = await fetch(`${fake.url}/api/chat`);
    expect([wrong.status, await wrong.text()]).toEqual([405, '405 method not allowed']);
    const headPs = await fetch(`${fake.url}/api/ps`, { method: 'HEAD' });
    expect(headPs.status).toBe(405);
  });

  it('rejects empty and malformed bodies with 400 and Go decoder messages', async () => {
    const empty = await post('/api/chat', '');
    expect([empty.status, empty.headers.get('content-type')]).toEqual([400, 'application/json; charset=utf-8']);
    expect(await empty.json()).toEqual({ error: 'missing request body' });
    expect(await (await post('/api/generate', 'xyz')).json()).toEqual({
      error: "invalid character 'x' looking for beginning of value",
    });
    expect(await (await post('/api/generate', '{"model": }')).json()).toEqual({
      error: "invalid character '}' looking for beginning of value",
    });
    expect(await (await post('/api/generate', '{"model":"a"')).json()).toEqual({ error: 'unexpected EOF' });
    expect(await (await post('/api/generate', '{"model": 5}')).json()).toEqual({
      error: 'json: cannot unmarshal number into Go struct field GenerateRequest.model of type string',
    });
    expect(await (await post('/api/chat', '[]')).json()).toEqual({
      error: 'json: cannot unmarshal array into Go value of type api.ChatRequest',
    });
    const chatWith = (extra: object) =>
      post('/api/chat', { model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], ...extra });
    expect(await (await chatWith({ keep_alive: 'soon' })).json()).toEqual({ error: 'time: invalid duration "soon"' });
    expect(await (await chatWith({ keep_alive: '5' })).json()).toEqual({ error: 'time: missing unit in duration "5"' });
    expect(await (await chatWith({ think: 'max' })).json()).toEqual({
      error: 'invalid think value: "max" (must be "high", "medium", "low", true, or false)',
    });
    expect(await (await chatWith({ messages: [{ role: 'user', content: 7 }] })).json()).toEqual({
      error: 'json: cannot unmarshal number into Go struct field Message.messages.content of type string',
    });
    expect((await chatWith({ keep_alive: '1m30s', unknown_field: true, stream: false })).status).toBe(200);
  });

  it('records every request in order (OPTIONS included, control calls excluded) and parses chat requests', async () => {
    await fetch(`${fake.url}/api/tags`, { method: 'OPTIONS' });
    await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'recorded?' },
      ],
    });
    await ollama.generate({ model: 'qwen2.5-coder:7b', prompt: 'gen prompt', system: 'gen sys' });
    await fetch(`${fake.url}/__fake/requests`);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'OPTIONS /api/tags',
      'POST /api/chat',
      'POST /api/generate',
    ]);
    const chat = fake.requests[1];
    expect(chat.headers['content-type']).toBe('application/json');
    expect(chat.headers['user-agent']).toMatch(/^ollama-js\//);
    expect(chat.body.messages[1].content).toBe('recorded?');
    expect(typeof chat.at).toBe('number');
    const parsed = fake.chatRequests();
    expect(parsed.map((r) => [r.endpoint, r.lastUser, r.system])).toEqual([
      ['chat', 'recorded?', 'sys'],
      ['generate', 'gen prompt', 'gen sys'],
    ]);
    fake.clearRequests();
    expect(fake.requests).toHaveLength(0);
  });

  it('serves the control endpoints for other processes', async () => {
    await ollama.version();
    const recorded = await (await fetch(`${fake.url}/__fake/requests`)).json();
    expect(recorded.map((r: { path: string }) => r.path)).toEqual(['/api/version']);
    const rules = [{ match: { lastUser: { regex: '^ping$', flags: 'i' } }, reply: { content: 'pong' }, times: 1 }];
    expect((await post('/__fake/script', rules)).status).toBe(204);
    expect(
      (await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'PING' }] })).message.content,
    ).toBe('pong');
    expect(
      (await ollama.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'PING' }] })).message.content,
    ).not.toBe('pong');
    expect((await post('/__fake/models', [{ name: 'tiny' }])).status).toBe(204);
    expect((await ollama.list()).models.map((m) => m.name)).toEqual(['tiny:latest']);
    expect((await post('/__fake/script', [{ reply: {} }])).status).toBe(400);
    expect((await post('/__fake/reset', '')).status).toBe(204);
    expect((await ollama.list()).models).toHaveLength(3);
  });
});

describe('lifecycle', () => {
  it('stopListening makes fetch fail with a connection error; resume serves again on the same port', async () => {
    const port = fake.port;
    await fake.stopListening();
    const err = await thrown(() => fetch(`${fake.url}/api/version`));
    expect(err).toBeInstanceOf(TypeError);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
    const viaClient = await thrown(() => ollama.list());
    expect(viaClient.message).toBe('fetch failed');
    await fake.resume();
    expect(fake.port).toBe(port);
    expect(await ollama.version()).toEqual({ version: '0.12.3' });
  });

  it('cuts open streams on stopListening', async () => {
    fake.script([{ reply: { content: 'x', fault: { kind: 'hang' } } }]);
    const stream = await ollama.chat({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const pending = thrown(() => collect(stream));
    await fake.stopListening();
    expect(await pending).toBeInstanceOf(Error);
    await fake.resume();
  });

  it('closes promptly with open streams and keep-alive sockets, and models() reflects changes', async () => {
    const other = await startFakeOllama({ quiet: true, models: [{ name: 'solo:1b', loaded: true }] });
    expect(other.models()).toEqual([
      expect.objectContaining({ name: 'solo:1b', loaded: true, family: 'solo', parameterSize: '1B' }),
    ]);
    other.script([{ reply: { content: 'x', fault: { kind: 'hang' } } }]);
    const client = new Ollama({ host: other.url });
    await client.list(); // leaves a keep-alive socket
    const stream = await client.chat({ model: 'solo:1b', messages: [{ role: 'user', content: 'go' }], stream: true });
    const pending = thrown(() => collect(stream));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('tokenize', () => {
  it('splits text into several non-empty chunks that concatenate back exactly', () => {
    const samples = [
      'Hello, world!',
      'const x = arr.map((v) => v * 2);\n\n  return x;',
      'naïve café — 日本語のテキスト 🚀 emoji',
      '   leading and trailing   \n\t',
      'aVeryLongIdentifierNameThatKeepsGoing123456',
    ];
    for (const s of samples) {
      const chunks = tokenize(s);
      expect(chunks.join('')).toBe(s);
      expect(chunks.every((c) => c.length > 0)).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);
      expect(tokenize(s)).toEqual(chunks);
    }
    expect(tokenize('')).toEqual([]);
    expect(tokenize('one two three')).toEqual(['one', ' two', ' three']);
  });
});
