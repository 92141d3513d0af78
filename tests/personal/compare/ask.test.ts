/**
 * One model asked one question for the check, against the fake Ollama over
 * HTTP: a hostile, endless answer is bounded, and progress is paced.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { askModel, PROGRESS_INTERVAL_MS } from '@/lib/personal/compare/ask';
import { startFakeOllama, type FakeOllama } from '../../fake-ollama/index';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 5000 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

it('ends an endless answer at the chat’s length limit and reports its progress at most once per interval', async () => {
  fake.script([{ reply: { content: 'again and again ', fault: { kind: 'endless' } } }]);
  // A clock that moves 10 ms per look: the answer's chunks are far more than its reports.
  let clock = 0;
  const reports: string[] = [];
  const content = await askModel(
    { host: fake.url, maxAnswerTokens: 300, now: () => (clock += 10) },
    {
      model: 'qwen2.5-coder:7b',
      question: 'Say it forever',
      signal: new AbortController().signal,
      onProgress: (p) => reports.push(p.content),
    },
  );
  const sent = fake.chatRequests()[0].body as { options?: { num_predict?: number } };
  expect(sent.options?.num_predict).toBe(300);
  expect(content.startsWith('again and again')).toBe(true);
  expect(content.length).toBeLessThan(300 * 20);
  // 300 chunks at 10 ms a look: one report per PROGRESS_INTERVAL_MS, not one per chunk.
  expect(reports.length).toBeGreaterThan(10);
  expect(reports.length).toBeLessThanOrEqual(Math.ceil((300 * 10) / PROGRESS_INTERVAL_MS) + 1);
  expect(content.startsWith(reports.at(-1)!)).toBe(true);
});
