/** A chat context for end-to-end tests: a real database (fake-indexeddb) and the fake Ollama over HTTP. */
import { vi } from 'vitest';
import type { ChatContext, ModelFacts } from '@/lib/chat/actions';
import { ActiveStreams } from '@/lib/chat/active-streams';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message } from '@/lib/db/records';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/db/settings';
import { createOllamaClient } from '@/lib/ollama/client';
import { listModels } from '@/lib/ollama/models';

export const ORIGIN = 'http://localhost:3000';
export const CODER = 'qwen2.5-coder:7b';
export const THINKER = 'qwen3:8b';

/** Model facts as the app gets them: from the Models list of the (fake) Ollama. */
export async function modelFactsFrom(host: string): Promise<Map<string, ModelFacts>> {
  const models = await listModels(createOllamaClient(host));
  return new Map(models.map((m) => [m.name, { name: m.name, contextLength: m.contextLength, capabilities: m.capabilities }]));
}

export function chatContext(
  db: CodelumiDB,
  host: string,
  facts: Map<string, ModelFacts>,
  settings: Partial<Settings> = {},
  extra: Partial<ChatContext> = {},
): ChatContext {
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
