/** Versions (lib/personal/versions.ts, diff.ts): the diff, delete, the default, and data deleted since. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { PersonalModel } from '@/lib/core/records';
import { compareVersions, previousVersion } from '@/lib/personal/diff';
import {
  deleteVersion,
  deletedInputs,
  listVersions,
  makeDefault,
  settleStaleCreating,
  shownStatus,
  STALE_CREATING_MS,
} from '@/lib/personal/versions';
import { createPersonalModel } from '@/lib/personal/create';
import { createModel } from '@/lib/ollama/create-model';
import { createOllamaClient } from '@/lib/ollama/client';
import { getSettings, setSetting } from '@/lib/db/settings';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { answered, chat, memory } from './support';

const version = (fields: Partial<PersonalModel>): PersonalModel => ({
  id: 'v',
  name: 'codelumi-ada:v1',
  family: 'codelumi-ada',
  version: 1,
  host: 'http://h',
  base: 'qwen2.5-coder:7b',
  kind: 'personal',
  system: '',
  messages: [],
  parameters: { num_ctx: 8192 },
  inputs: { memoryIds: [], exampleIds: [], conversationIds: [] },
  status: 'created',
  createdAt: 1,
  updatedAt: 1,
  ...fields,
});

describe('compareVersions', () => {
  it('lists system lines, memories and examples added and removed, and base and parameter changes', () => {
    const prev = version({
      system: 'Opening\n- I prefer tabs\n- I use pnpm',
      inputs: { memoryIds: ['m1', 'm2'], exampleIds: ['a1'], conversationIds: ['c1'] },
    });
    const next = version({
      version: 2,
      base: 'llama3.2:3b',
      system: 'Opening\n- I use pnpm\n- I prefer TypeScript with strict types',
      parameters: { num_ctx: 4096, temperature: 0.2 },
      inputs: { memoryIds: ['m2', 'm3'], exampleIds: ['a1', 'a2'], conversationIds: ['c1'] },
    });
    expect(compareVersions(prev, next)).toEqual({
      systemAdded: ['- I prefer TypeScript with strict types'],
      systemRemoved: ['- I prefer tabs'],
      memoriesAdded: ['m3'],
      memoriesRemoved: ['m1'],
      examplesAdded: ['a2'],
      examplesRemoved: [],
      base: { from: 'qwen2.5-coder:7b', to: 'llama3.2:3b' },
      parameters: [
        { name: 'num_ctx', from: '8192', to: '4096' },
        { name: 'temperature', from: undefined, to: '0.2' },
      ],
      same: false,
    });
    expect(compareVersions(prev, prev).same).toBe(true);
  });

  it('finds the previous created version of the same family', () => {
    const rows = [
      version({ id: '1', version: 1 }),
      version({ id: '2', version: 2, status: 'failed' }),
      version({ id: '3', version: 3 }),
      version({ id: 'x', family: 'codelumi-bob', version: 2 }),
    ];
    expect(previousVersion(rows, rows[2])?.id).toBe('1');
    expect(previousVersion(rows, rows[0])).toBeUndefined();
  });
});

describe('versions on a database and the fake Ollama', () => {
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
    await db.memories.put(memory('p1', 'Prefers tabs', { conversationId: 'ok', messageId: 'm' }));
    await answered(db, 'ok', 'a1', 'Reverse a list?', 'reversed(items)');
  });
  afterEach(() => db.close());

  const create = () => createPersonalModel(db, { host: fake.url, name: 'Ada', base: 'qwen2.5-coder:7b' });

  it('deletes a version from Ollama, marks it deleted, and gives the default back', async () => {
    const row = await create();
    await makeDefault(db, row);
    expect((await getSettings(db)).defaultModel).toBe('codelumi-ada:v1');
    await deleteVersion(db, row);
    expect(fake.models().map((m) => m.name)).not.toContain('codelumi-ada:v1');
    expect((await db.personalModels.get(row.id))?.status).toBe('deleted');
    expect(await listVersions(db)).toEqual([]);
    expect((await getSettings(db)).defaultModel).toBe('');
    expect((await create()).name).toBe('codelumi-ada:v2');
  });

  it('treats a version Ollama no longer has as deleted, and reports Ollama down', async () => {
    const row = await create();
    fake.setModels(fake.models().filter((m) => m.name !== row.name));
    await deleteVersion(db, row);
    expect((await db.personalModels.get(row.id))?.status).toBe('deleted');

    const other = await create();
    await fake.stopListening();
    try {
      await expect(deleteVersion(db, other)).rejects.toMatchObject({ code: 'unreachable:ollama' });
      expect((await db.personalModels.get(other.id))?.status).toBe('created');
    } finally {
      await fake.resume();
    }
  });

  it('keeps the default when another model is the default', async () => {
    const row = await create();
    await setSetting(db, 'defaultModel', 'qwen3:8b');
    await deleteVersion(db, row);
    expect((await getSettings(db)).defaultModel).toBe('qwen3:8b');
  });

  it('tells when a version was built from a memory, an answer or a conversation deleted since', async () => {
    const row = await create();
    expect(await deletedInputs(db, row)).toBeUndefined();
    await db.memories.delete('p1');
    expect(await deletedInputs(db, row)).toEqual({ memories: 1, memoriesOff: 0, examples: 0, conversations: 0 });
    await db.conversations.update('ok', { deletedAt: 9 });
    await db.messages.delete('a1');
    expect(await deletedInputs(db, row)).toEqual({ memories: 1, memoriesOff: 0, examples: 1, conversations: 1 });
  });

  it('tells when a memory was switched off or withdrawn since, or the chat its words came from was deleted', async () => {
    await chat(db, 'other');
    await db.memories.bulkPut([
      memory('p2', 'Prefers pnpm', { conversationId: 'other', messageId: 'm2' }),
      memory('mine', 'Prefers Vitest', { source: 'user', conversationId: 'elsewhere' }),
    ]);
    const row = await create();
    expect(row.inputs.conversationIds.sort()).toEqual(['ok', 'other']);
    expect(await deletedInputs(db, row)).toBeUndefined();
    await db.memories.update('p1', { enabled: 0 });
    await db.memories.update('mine', { confidence: 0 });
    expect(await deletedInputs(db, row)).toMatchObject({ memoriesOff: 2, conversations: 0 });
    await db.conversations.update('other', { noLearn: true });
    expect(await deletedInputs(db, row)).toMatchObject({ memoriesOff: 2, conversations: 1 });
  });

  it('settles a create left running by a closed tab against Ollama’s list: created when it has the model, failed with the reason when not', async () => {
    const at = 1_000_000;
    const left = (id: string, name: string, updatedAt: number, host = fake.url) =>
      version({ id, name, version: Number(name.slice(-1)), host, status: 'creating', createdAt: updatedAt, updatedAt });
    await createModel(createOllamaClient(fake.url), { model: 'codelumi-ada:v1', from: 'qwen2.5-coder:7b' }, () => {}, {
      host: fake.url,
    });
    await db.personalModels.bulkPut([
      left('made', 'codelumi-ada:v1', at),
      left('lost', 'codelumi-ada:v2', at),
      left('running', 'codelumi-ada:v3', at + STALE_CREATING_MS),
      left('elsewhere', 'codelumi-ada:v4', at, 'http://127.0.0.1:9'),
    ]);
    const later = at + STALE_CREATING_MS + 1;
    expect(shownStatus((await db.personalModels.get('lost'))!, later)).toBe('failed');
    expect(shownStatus((await db.personalModels.get('running'))!, later)).toBe('creating');

    expect(await settleStaleCreating(db, { now: () => later })).toBe(2);
    expect((await db.personalModels.get('made'))?.status).toBe('created');
    const lost = await db.personalModels.get('lost');
    expect(lost?.status).toBe('failed');
    expect(lost?.error).toMatch(/did not finish.*Ollama does not have the model/);
    // Still within the time a create may take, and a host that does not answer: left as they are.
    expect((await db.personalModels.get('running'))?.status).toBe('creating');
    expect((await db.personalModels.get('elsewhere'))?.status).toBe('creating');
  });
  it('settles only rows still creating and still left behind once Ollama’s list came back', async () => {
    const at = 1_000_000;
    const later = at + STALE_CREATING_MS + 1;
    const left = (id: string, name: string) =>
      version({
        id,
        name,
        version: Number(name.slice(-1)),
        host: fake.url,
        status: 'creating',
        createdAt: at,
        updatedAt: at,
      });
    await db.personalModels.bulkPut([
      left('deleted', 'codelumi-ada:v1'),
      left('finished', 'codelumi-ada:v2'),
      left('fresh', 'codelumi-ada:v3'),
    ]);
    // While /api/tags is awaited: the user deletes one, its own tab finishes another, a third is touched again.
    const meanwhile: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith('/api/tags')) {
        await db.personalModels.update('deleted', { status: 'deleted', updatedAt: later });
        await db.personalModels.update('finished', { status: 'failed', error: 'Ollama refused', updatedAt: later });
        await db.personalModels.update('fresh', { updatedAt: later });
      }
      return res;
    };
    expect(await settleStaleCreating(db, { now: () => later, fetchImpl: meanwhile })).toBe(0);
    expect(await db.personalModels.get('deleted')).toMatchObject({ status: 'deleted', updatedAt: later });
    expect(await db.personalModels.get('finished')).toMatchObject({ status: 'failed', error: 'Ollama refused' });
    expect(await db.personalModels.get('fresh')).toMatchObject({ status: 'creating' });
  });

  it('keeps a version deleted while its create ran deleted when the create then finishes', async () => {
    // The user deletes the row (recorded `creating`) just as the create request goes out.
    const deletingFirst: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/create')) {
        const [row] = await db.personalModels.toArray();
        await deleteVersion(db, row);
      }
      return fetch(input, init);
    };
    const row = await createPersonalModel(db, {
      host: fake.url,
      name: 'Ada',
      base: 'qwen2.5-coder:7b',
      fetchImpl: deletingFirst,
    });
    expect(fake.models().map((m) => m.name)).toContain('codelumi-ada:v1');
    expect((await db.personalModels.get(row.id))?.status).toBe('deleted');
  });

  it('leaves a version already deleted as it is when Delete is clicked again on a stale row', async () => {
    const row = await create();
    await deleteVersion(db, row, { now: () => 5 });
    await deleteVersion(db, row, { now: () => 9 });
    expect(await db.personalModels.get(row.id)).toMatchObject({ status: 'deleted', updatedAt: 5 });
  });
});
