import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { KNOWN_MODELS_REFRESH_MS, lastKnownModels, rememberModels } from '@/lib/db/known-models';
import type { ModelInfo } from '@/lib/ollama/models';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const model = (patch: Partial<ModelInfo> = {}): ModelInfo => ({
  name: 'qwen2.5-coder:7b',
  family: 'qwen2',
  parameterSize: '7.6B',
  quantization: 'Q4_K_M',
  sizeBytes: 4_683_087_332,
  modifiedAt: '2025-01-01T00:00:00Z',
  digest: 'abc',
  contextLength: 32768,
  capabilities: ['completion'],
  loaded: false,
  ...patch,
});

describe('the last known model list', () => {
  it('keeps the facts of each model per host, without whether it is loaded now', async () => {
    expect(
      await rememberModels(db, 'http://h:1', [model({ loaded: true, sizeVram: 5, expiresAt: 'soon' })], 1_000),
    ).toBe(true);
    const { loaded: _loaded, ...facts } = model();
    const known = await lastKnownModels(db, 'http://h:1');
    expect(known).toStrictEqual({ host: 'http://h:1', savedAt: 1_000, models: [facts] });
    expect(await lastKnownModels(db, 'http://other:1')).toBeUndefined();
  });

  it('does not write an unchanged list again until it is a while old, and writes a changed one at once', async () => {
    await rememberModels(db, 'h', [model()], 1_000);
    expect(await rememberModels(db, 'h', [model({ loaded: true })], 2_000)).toBe(false);
    expect(await rememberModels(db, 'h', [model(), model({ name: 'llama3.2:3b' })], 3_000)).toBe(true);
    expect((await lastKnownModels(db, 'h'))?.models.map((m) => m.name)).toEqual(['qwen2.5-coder:7b', 'llama3.2:3b']);
    expect(
      await rememberModels(db, 'h', [model(), model({ name: 'llama3.2:3b' })], 3_000 + KNOWN_MODELS_REFRESH_MS),
    ).toBe(true);
    expect((await lastKnownModels(db, 'h'))?.savedAt).toBe(3_000 + KNOWN_MODELS_REFRESH_MS);
  });
});
