/** A chat context for end-to-end tests: a real database (fake-indexeddb) and the fake Ollama over HTTP. */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { ChatDeps, ModelFacts } from '@/lib/chat/turn';
import { ActiveStreams } from '@/lib/chat/active-streams';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message } from '@/lib/core/records';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/db/settings';
import { createOllamaClient } from '@/lib/ollama/client';
import { listModels } from '@/lib/ollama/models';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from './db';

export const ORIGIN = 'http://localhost:3000';
export const CODER = 'qwen2.5-coder:7b';
export const THINKER = 'qwen3:8b';

/** Model facts as the app gets them: from the Models list of the (fake) Ollama. */
export async function modelFactsFrom(host: string): Promise<Map<string, ModelFacts>> {
  const models = await listModels(createOllamaClient(host));
  return new Map(
    models.map((m) => [m.name, { name: m.name, contextLength: m.contextLength, capabilities: m.capabilities }]),
  );
}

export function chatContext(
  db: CodelumiDB,
  host: string,
  facts: Map<string, ModelFacts>,
  settings: Partial<Settings> = {},
  extra: Partial<ChatDeps> = {},
): ChatDeps {
  return {
    db,
    host,
    origin: ORIGIN,
    streams: new ActiveStreams(),
    saveIntervalMs: 15,
    settings: { ...DEFAULT_SETTINGS, defaultModel: CODER, autoTitle: false, ...settings },
    modelFacts: (name) => facts.get(name),
    ...extra,
  };
}

/** The stored message, failing the test when it is missing. */
export async function stored(db: CodelumiDB, id: string): Promise<Message> {
  const m = await db.messages.get(id);
  if (!m) throw new Error(`message ${id} is not in the database`);
  return m;
}

/** Waits (polling) until `check` returns a value without throwing; for "mid-stream" moments, not for timing. */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 5 });
}

/** Words enough for a slow, interruptible answer. */
export function longAnswer(words = 80): string {
  return Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
}

/** The fake Ollama, its models' facts and a fresh database for each test, as one suite's chat tests use them. */
export interface ChatFixture {
  readonly fake: FakeOllama;
  readonly facts: Map<string, ModelFacts>;
  readonly db: CodelumiDB;
}

/**
 * Registers the suite's hooks: one fake Ollama over HTTP for the suite (reset
 * before each test) and a fresh database per test (closed after it). Read the
 * fields inside tests and hooks, once the suite has started.
 */
export function useChatFixture(options: { tokensPerSecond: number }): ChatFixture {
  let fake: FakeOllama | undefined;
  let facts: Map<string, ModelFacts> | undefined;
  let db: CodelumiDB | undefined;
  beforeAll(async () => {
    fake = await startFakeOllama({ quiet: true, tokensPerSecond: options.tokensPerSecond });
    facts = await modelFactsFrom(fake.url);
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake!.reset();
    db = freshDatabase();
  });
  afterEach(() => db?.close());
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useChatFixture: ${name} is read before the suite started`);
    return value;
  };
  return {
    get fake() {
      return ready(fake, 'fake');
    },
    get facts() {
      return ready(facts, 'facts');
    },
    get db() {
      return ready(db, 'db');
    },
  };
}
