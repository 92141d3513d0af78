/**
 * The archive (lib/archive) on real databases over fake-indexeddb: the file's
 * format, a round trip that gives the same tables, merge rules, the upgrade of
 * an older archive through the database's own migrations, and files that are
 * refused without changing anything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { exportArchive } from '@/lib/archive/export';
import { importArchive } from '@/lib/archive/import';
import { readLines } from '@/lib/archive/lines';
import { ARCHIVE_FORMAT } from '@/lib/archive/format';
import { isCodelumiError } from '@/lib/core/errors';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';
import { fillEverything, snapshot } from './sample';
import type { PromptTrace } from '@/lib/core/records';
import { PAST_SECTION_HEADING } from '@/lib/retrieval/past';
import { FORGOTTEN_NOTE } from '@/lib/retrieval/forget-trace';
import { MEMORY_NOTE, PREFERENCES_SECTION } from '@/lib/memory/quoted';

let factory: IDBFactory;
let source: CodelumiDB;
let target: CodelumiDB;
beforeEach(async () => {
  factory = new IDBFactory();
  source = freshDatabase(factory);
  target = freshDatabase(factory);
  await fillEverything(source);
});
afterEach(() => {
  source.close();
  target.close();
});

const platform = () => ({ indexedDB: factory, IDBKeyRange });
const exportAll = (db = source, projectFiles = true) =>
  exportArchive(db, { app: '0.1.0', projectFiles, now: () => 42 });
const importInto = (db: CodelumiDB, file: Blob, mode: 'replace' | 'merge' = 'replace') =>
  importArchive(db, file, { mode, platform: platform() });

async function lines(blob: Blob): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of readLines(blob)) out.push(JSON.parse(line.text));
  return out;
}

/** The import's error, which must be a CodelumiError of `code`. */
async function refusal(work: Promise<unknown>, code = 'invalid:import'): Promise<string> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCodelumiError(err), `expected a refusal, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  return (err as Error).message;
}

/** A plain-text (not gzip) archive from lines of JSON values. */
const plain = (...values: unknown[]) =>
  new Blob(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)) + '\n'));

/** A memory's source: what was said in conversation `c` (its question q<n>). */
const said = (c: string, words: string) => ({
  conversationId: c,
  messageId: `q${c.slice(1)}`,
  evidence: `You said: “${words}”`,
  text: words,
});

describe('archive format', () => {
  it('is gzip JSON Lines: a header with the database version and row counts, one line per row, a footer', async () => {
    const blob = await exportAll();
    expect([...new Uint8Array(await blob.slice(0, 2).arrayBuffer())]).toEqual([0x1f, 0x8b]);
    const [header, ...rest] = (await lines(blob)) as Record<string, unknown>[];
    expect(header).toMatchObject({
      format: ARCHIVE_FORMAT,
      formatVersion: 1,
      schemaVersion: source.verno,
      exportedAt: 42,
      app: '0.1.0',
      options: { projectFiles: true },
    });
    expect((header.tables as Record<string, number>).messages).toBe(5);
    expect(header.tables).not.toHaveProperty('embeddings');
    expect(header.tables).not.toHaveProperty('projectHandles');
    expect(header.tables).not.toHaveProperty('indexes');
    expect(rest.some((line) => (line as { t?: string }).t === 'indexes')).toBe(false);
    expect(rest.at(-1)).toEqual({ end: true, rows: rest.length - 1 });
    expect(rest).toContainEqual({ t: 'messages', r: expect.objectContaining({ id: 'a1b', parentId: 'q1' }) });
  });

  it('stops an export when cancelled, with aborted:user', async () => {
    const work = exportArchive(source, { app: '0', projectFiles: false }, { cancelled: () => true });
    expect(await refusal(work, 'aborted:user')).toMatch(/Stopped/);
  });

  it('leaves project file contents out unless asked, and conversations in the bin always', async () => {
    await source.conversations.update('c2', { deletedAt: Date.now() });
    const rows = (await lines(await exportAll(source, false))) as { t?: string; r?: Record<string, unknown> }[];
    expect(rows.some((l) => l.t === 'projectFiles')).toBe(false);
    expect(rows.some((l) => l.t === 'projects')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('c2');
  });

  it('takes a memory’s sources in the bin out of it, as forgetting would, and imports sources back', async () => {
    await source.memories.update('mem1', {
      sources: [said('c1', 'I prefer TypeScript'), said('c2', 'Wombat: I prefer TypeScript!')],
      text: 'Wombat: I prefer TypeScript!',
      evidence: 'You said: “Wombat: I prefer TypeScript!”',
      conversationId: 'c2',
      messageId: 'q2',
    });
    await source.conversations.update('c2', { deletedAt: Date.now() });
    const file = await exportAll();
    const rows = (await lines(file)) as { t?: string; r?: Record<string, unknown> }[];
    expect(JSON.stringify(rows)).not.toContain('Wombat');
    expect(rows.find((l) => l.t === 'memories')?.r).toMatchObject({
      text: 'I prefer TypeScript',
      conversationId: 'c1',
      sources: [said('c1', 'I prefer TypeScript')],
    });

    await importInto(target, file);
    expect(await target.memories.get('mem1')).toMatchObject({ sources: [said('c1', 'I prefer TypeScript')] });
    const broken = rows.map((l) => (l.t === 'memories' ? { t: 'memories', r: { ...l.r, sources: 'c1' } } : l));
    expect(await refusal(importInto(target, plain(...broken), 'merge'))).toMatch(/memories.*sources/);
  });
});

describe('exporting with conversations in the bin', () => {
  it('leaves their words out of other answers’ traces, their memories and their questions’ retrieval logs', async () => {
    // mem1: also taught in c2, in c2's words (reworded by the bin); mem2: taught only in c2 (goes);
    // mem3: a row from before sources were kept, linked to c1 but quoting what was said in c2 (goes).
    await source.memories.update('mem1', {
      sources: [said('c1', 'I prefer TypeScript'), said('c2', 'Wombat: I prefer TypeScript!')],
      text: 'Wombat: I prefer TypeScript!',
      evidence: 'You said: “Wombat: I prefer TypeScript!”',
      conversationId: 'c2',
      messageId: 'q2',
    });
    const learned = {
      kind: 'fact',
      source: 'explicit',
      confidence: 0.8,
      enabled: 1,
      createdAt: 1,
      updatedAt: 2,
    } as const;
    await source.memories.bulkAdd([
      {
        ...learned,
        id: 'mem2',
        text: 'Numbat: uses Postgres.',
        hits: 1,
        sources: [said('c2', 'Numbat: uses Postgres.')],
      },
      {
        ...learned,
        id: 'mem3',
        text: 'Quokka: compares joins.',
        hits: 2,
        conversationId: 'c1',
        messageId: 'q1',
        evidence: 'You said: “LEFT JOIN vs INNER JOIN?”',
      },
    ]);
    // An answer in c1 whose prompt quoted c2's exchange and the three memories.
    await source.messages.update('a1b', {
      trace: {
        model: 'qwen',
        contextLength: 8192,
        promptTokens: 90,
        historyIds: ['q1'],
        omittedIds: [],
        systemPrompt: [
          'You are Codelumi.',
          '',
          `## ${PREFERENCES_SECTION.heading}`,
          '- Wombat: I prefer TypeScript!',
          '- Numbat: uses Postgres.',
          '- Quokka: compares joins.',
          '',
          `## ${PAST_SECTION_HEADING}`,
          'Earlier (2023-11-14, chat “SQL joins”):',
          'Q: LEFT JOIN vs INNER JOIN?',
          'A: A LEFT JOIN keeps…',
        ].join('\n'),
        sections: [
          {
            name: 'Earlier',
            tokens: 20,
            items: [{ id: 'qa:a2', label: 'SQL joins: LEFT JOIN vs INNER JOIN?', tokens: 20 }],
          },
          {
            name: PREFERENCES_SECTION.name,
            tokens: 30,
            items: ['mem1', 'mem2', 'mem3'].map((id) => ({ id: `memory:${id}`, label: id, tokens: 10 })),
          },
        ],
      },
    });
    await source.retrievals.add({
      id: 'rt2',
      questionId: 'q1',
      createdAt: 3,
      candidates: [
        { itemId: 'qa:a2', features: [0.1], baseline: 0.5, included: true },
        { itemId: 'past:q1', features: [0.2], baseline: 0.1, included: false },
      ],
    });
    await source.conversations.update('c2', { deletedAt: Date.now() });

    const file = await exportAll();
    const rows = (await lines(file)) as { t?: string; r?: Record<string, unknown> }[];
    const text = JSON.stringify(rows);
    for (const words of ['LEFT JOIN', 'Wombat', 'Numbat', 'Quokka', 'qa:a2', 'q2']) expect(text).not.toContain(words);
    const of = (t: string) => rows.filter((l) => l.t === t).map((l) => l.r!);
    expect(of('memories').map((m) => [m.id, m.text])).toEqual([['mem1', 'I prefer TypeScript']]);
    expect(of('retrievals')).toEqual([
      expect.objectContaining({ id: 'rt2', candidates: [expect.objectContaining({ itemId: 'past:q1' })] }),
    ]);
    const trace = of('messages').find((m) => m.id === 'a1b')!.trace as PromptTrace;
    expect(trace.systemPrompt).toContain('You are Codelumi.');
    expect(trace.systemPrompt).toContain(FORGOTTEN_NOTE);
    expect(trace.systemPrompt).toContain(`- ${MEMORY_NOTE.edited}\n- ${MEMORY_NOTE.deleted}\n- ${MEMORY_NOTE.deleted}`);
    expect(trace.sections!.map((s) => s.items.map((i) => i.tokens))).toEqual([[20], [10, 10, 10]]);

    // The trace's index of what it quotes follows it, and the archive reads back as written.
    expect(text).not.toMatch(/memory:mem[23]/);
    await importInto(target, file);
    expect((await target.messages.get('a1b'))!.trace).toEqual(trace);
  });
});

describe('importArchive', () => {
  it('restores every archived table row for row into an empty profile', async () => {
    await importInto(target, await exportAll());
    // Contributions are the device's own (lib/archive/device-own.ts): exported, never imported.
    // The saved search indexes are derived: left out of the archive, rebuilt after an import.
    const leave = ['embeddings', 'projectHandles', 'contributions', 'indexes'];
    expect(await snapshot(target, leave)).toEqual(await snapshot(source, leave));
    expect(await target.embeddings.count()).toBe(0);
    expect(await source.indexes.count()).toBe(1);
    expect(await target.indexes.count()).toBe(0);
    expect(await source.contributions.count()).toBe(1);
    expect(await target.contributions.count()).toBe(0);
  });

  it('replace empties what the profile had before', async () => {
    await target.conversations.add({
      id: 'old',
      title: 'Old',
      titleSource: 'user',
      pinned: 0,
      createdAt: 1,
      updatedAt: 1,
    });
    await importInto(target, await exportAll(), 'replace');
    expect(await target.conversations.get('old')).toBeUndefined();
  });

  it('merging the same archive twice adds nothing the second time', async () => {
    await target.conversations.add({
      id: 'mine',
      title: 'Mine',
      titleSource: 'user',
      pinned: 0,
      createdAt: 1,
      updatedAt: 1,
    });
    const seq = await target.events.add({ kind: 'hidden', conversationId: 'mine', at: 5 });
    // This profile's engine has learned from its own event.
    await target.meta.put({ key: 'learning.cursor', value: seq });
    const file = await exportAll();
    const first = await importInto(target, file, 'merge');
    const after = await snapshot(target);
    const second = await importInto(target, file, 'merge');
    expect(await snapshot(target)).toEqual(after);
    expect(first.added.messages).toBe(5);
    expect(second.added).toEqual({});
    expect(await target.events.count()).toBe(5);
    expect(await target.conversations.get('mine')).toBeDefined();
    // The imported events' signals came with the archive: the learning cursor moved past them.
    expect((await target.meta.get('learning.cursor'))?.value).toBe(await target.events.orderBy('seq').lastKey());
  });

  it('merge keeps the later updatedAt of a row both sides have, and the existing row on a tie', async () => {
    await target.memories.add({
      id: 'mem1',
      kind: 'preference',
      text: 'Prefers Rust.',
      source: 'user',
      confidence: 1,
      enabled: 1,
      createdAt: 0,
      updatedAt: 1_800_000_000_000,
    });
    await target.conversations.add({
      id: 'c2',
      title: 'Older title',
      titleSource: 'user',
      pinned: 0,
      createdAt: 0,
      updatedAt: 1,
    });
    await target.settings.put({ key: 'defaultModel', value: 'llama3' });
    const report = await importInto(target, await exportAll(), 'merge');
    // The same memory on both sides is combined (tests/archive/merge.test.ts): the user's words stay.
    expect((await target.memories.get('mem1'))?.text).toBe('Prefers Rust.');
    expect((await target.conversations.get('c2'))?.title).toBe('SQL joins');
    expect((await target.settings.get('defaultModel'))?.value).toBe('llama3');
    expect(report.updated.conversations).toBe(1);
    expect(report.kept).toMatchObject({ settings: 1 });
  });

  it('upgrades an archive of database version 1 through the same migrations as the database', async () => {
    const runV1 = {
      id: 'r-old',
      messageId: 'a1b',
      conversationId: 'c1',
      blockIndex: 0,
      language: 'python',
      code: 'print(1)',
      status: 'ok',
      stdout: '1',
      stderr: '',
      durationMs: 5,
      createdAt: 9,
    };
    const conversationV1 = {
      id: 'c1',
      title: 'React hooks',
      titleSource: 'auto',
      pinned: 0,
      createdAt: 1,
      updatedAt: 2,
      leafId: 'a1',
    };
    const q = {
      id: 'q1',
      conversationId: 'c1',
      parentId: null,
      role: 'user',
      content: 'Hi',
      status: 'complete',
      createdAt: 1,
      updatedAt: 1,
    };
    const a = { ...q, id: 'a1', parentId: 'q1', role: 'assistant', content: 'Hello', createdAt: 2, updatedAt: 2 };
    const file = plain(
      {
        format: ARCHIVE_FORMAT,
        formatVersion: 1,
        schemaVersion: 1,
        exportedAt: 3,
        app: '0.0.1',
        tables: { conversations: 1, messages: 2, runs: 1 },
        options: { projectFiles: false },
      },
      { t: 'conversations', r: conversationV1 },
      { t: 'messages', r: q },
      { t: 'messages', r: a },
      { t: 'runs', r: runV1 },
      { end: true, rows: 4 },
    );
    const report = await importInto(target, file);
    expect(report).toMatchObject({ fromVersion: 1, upgraded: true });
    // v1 → v2 counts messages; v2 → v3 marks old runs as runs of unedited code.
    expect((await target.conversations.get('c1'))?.messageCount).toBe(2);
    expect((await target.runs.get('r-old'))?.edited).toBe(false);
    // The scratch database is gone.
    expect((await factory.databases()).map((d) => d.name).filter((n) => n?.includes('archive'))).toEqual([]);
  });

  it('fills the quotes index (v10) for the traced answers of a version 9 archive, so forgetting finds them', async () => {
    const q = {
      id: 'q1',
      conversationId: 'c1',
      parentId: null,
      role: 'user',
      content: 'Hi',
      status: 'complete',
      createdAt: 1,
      updatedAt: 1,
    };
    const trace = {
      model: 'm',
      contextLength: 8192,
      promptTokens: 9,
      historyIds: ['q1'],
      omittedIds: [],
      systemPrompt: 'You are Codelumi.\n\n## What you know about this user (follow these)\n- Prefers Rust.',
      sections: [{ name: 'Preferences', tokens: 5, items: [{ id: 'memory:mem1', label: 'Prefers Rust.', tokens: 3 }] }],
    };
    const a = {
      ...q,
      id: 'a1',
      parentId: 'q1',
      role: 'assistant',
      content: 'Hello',
      createdAt: 2,
      updatedAt: 2,
      trace,
    };
    const file = plain(
      {
        format: ARCHIVE_FORMAT,
        formatVersion: 1,
        schemaVersion: 9,
        exportedAt: 3,
        app: '0.1.0',
        tables: { messages: 2 },
        options: { projectFiles: false },
      },
      { t: 'messages', r: q },
      { t: 'messages', r: a },
      { end: true, rows: 2 },
    );
    const report = await importInto(target, file);
    expect(report).toMatchObject({ fromVersion: 9, upgraded: true });
    expect(await target.messages.where('quotes').equals('memory:mem1').primaryKeys()).toEqual(['a1']);
    expect(await target.messages.get('q1')).not.toHaveProperty('quotes');
  });

  it('refuses a table the archive’s version did not have', async () => {
    const file = plain(
      {
        format: ARCHIVE_FORMAT,
        formatVersion: 1,
        schemaVersion: 3,
        exportedAt: 3,
        app: '0',
        tables: { answers: 1 },
        options: { projectFiles: false },
      },
      { t: 'answers', r: (await source.answers.toArray())[0] },
      { end: true, rows: 1 },
    );
    expect(await refusal(importInto(target, file))).toMatch(/answers, which database version 3 did not have/);
  });
});

describe('a file that cannot be imported changes nothing', () => {
  let before: Record<string, unknown[]>;
  let good: Blob;
  beforeEach(async () => {
    good = await exportAll();
    await fillEverything(target);
    await target.conversations.update('c1', { title: 'Edited here' });
    before = await snapshot(target);
  });
  afterEach(async () => {
    expect(await snapshot(target)).toEqual(before);
  });

  it('a cut-off download', async () => {
    const cut = good.slice(0, Math.floor(good.size * 0.7));
    expect(await refusal(importInto(target, cut, 'replace'))).toMatch(/damaged|incomplete/);
  });

  it('a plain archive cut before its footer', async () => {
    const text = (await lines(good)).slice(0, -2).map((v) => JSON.stringify(v));
    expect(await refusal(importInto(target, plain(...text), 'replace'))).toMatch(/incomplete.*cut off/);
  });

  it('random bytes', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(await refusal(importInto(target, new Blob([bytes]), 'merge'))).toMatch(/not a Codelumi archive/);
  });

  it('a ChatGPT export', async () => {
    const chatgpt = JSON.stringify([{ title: 'Hi', mapping: {}, current_node: 'x', create_time: 1 }]);
    expect(await refusal(importInto(target, new Blob([chatgpt]), 'replace'))).toMatch(/JSON from another app/);
  });

  it('an empty file', async () => {
    expect(await refusal(importInto(target, new Blob([]), 'replace'))).toMatch(/empty/);
  });

  it('an archive from a newer Codelumi', async () => {
    const [header, ...rest] = (await lines(good)) as Record<string, unknown>[];
    const newer = plain({ ...header, schemaVersion: target.verno + 1 }, ...rest);
    expect(await refusal(importInto(target, newer, 'replace'))).toMatch(/newer Codelumi.*Update/);
  });

  it('a row that breaks its table’s shape, named by line and table (after good rows were read)', async () => {
    const all = (await lines(good)) as { t?: string; r?: Record<string, unknown> }[];
    const i = all.findIndex((l) => l.t === 'messages' && l.r?.id === 'a2');
    all[i] = { t: 'messages', r: { ...all[i].r, role: 'robot' } };
    expect(await refusal(importInto(target, plain(...all), 'replace'))).toMatch(
      new RegExp(`line ${i + 1} \\(a row of messages\\).*role`),
    );
  });

  it('a line that is not JSON', async () => {
    const all = (await lines(good)).map((v) => JSON.stringify(v));
    all[3] = all[3].slice(0, 20);
    expect(await refusal(importInto(target, plain(...all), 'merge'))).toMatch(/line 4 is not valid JSON/);
  });

  it('an import cancelled while writing', async () => {
    let writing = false;
    const work = importArchive(
      target,
      good,
      { mode: 'replace', platform: platform() },
      { onProgress: (p) => (writing ||= p.phase === 'writing'), cancelled: () => writing },
    );
    expect(await refusal(work, 'aborted:user')).toMatch(/Nothing was changed/);
  });
});
