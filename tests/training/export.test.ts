/**
 * The export as a whole (lib/training/export.ts): the zip's files validate
 * against their JSON Schemas and read back through parsers written to each
 * tool's documented format; the preview shows the same selection and writes
 * nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { strFromU8, unzipSync } from 'fflate';
import type { CodelumiDB } from '@/lib/db/db';
import { buildTrainingExport, previewExport } from '@/lib/training/export';
import {
  CHAT_LINE_SCHEMA,
  DATA_CARD_SCHEMA,
  PREFERENCE_LINE_SCHEMA,
  SHAREGPT_LINE_SCHEMA,
} from '@/lib/training/schemas';
import { freshDatabase } from '../support/db';
import { dumpDatabase } from '../support/dump';
import {
  OPEN,
  fenced,
  fixAsk,
  seedConversation,
  seedCorrection,
  seedExchange,
  seedMessage,
  seedRun,
  seedSignals,
} from './seed';
import { parsePreference, parseShareGpt, parseTrlMessages, readJsonl } from './parsers';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const ajv = new Ajv({ allErrors: true, strict: true });
const validChat = ajv.compile(CHAT_LINE_SCHEMA);
const validShareGpt = ajv.compile(SHAREGPT_LINE_SCHEMA);
const validPreference = ajv.compile(PREFERENCE_LINE_SCHEMA);
const validCard = ajv.compile(DATA_CARD_SCHEMA);

/** Lines of a JSONL file, each checked against `validate` (with its errors in the failure message). */
function schemaLines(text: string, validate: ReturnType<typeof ajv.compile>): unknown[] {
  return readJsonl(text, (line) => {
    const value: unknown = JSON.parse(line);
    if (!validate(value)) throw new Error(ajv.errorsText(validate.errors));
    return value;
  });
}

/** A history with one of everything: a multi-turn SFT example, a correction, a regeneration and a fix loop. */
async function richHistory() {
  const c = await seedConversation(db, { projectId: 'p1' });
  const first = await seedExchange(db, c, 'I use pnpm. How do I add vitest?', 'pnpm add -D vitest');
  const second = await seedExchange(db, c, 'And run it once?', 'pnpm vitest run', {
    parentId: first.a.id,
    history: [first.q.id, first.a.id],
  });
  await seedSignals(db, second.a, 'code_copied', 'thanks');
  // A correction.
  await seedSignals(db, first.a, 'user_corrected');
  await seedCorrection(db, first.a, first.q.content, 'pnpm add -D vitest @vitest/coverage-v8', {
    id: 'tp1',
    createdAt: first.a.createdAt + 5,
  });
  // A regeneration: the second branch kept and copied.
  const r = await seedConversation(db);
  const { q, a: dropped } = await seedExchange(db, r, 'Debounce in JS?', 'Use setInterval.');
  const kept = await seedMessage(db, r, {
    role: 'assistant',
    content: fenced(
      'js',
      'const debounce = (f, ms) => { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => f(...a), ms); }; };',
    ),
    parentId: q.id,
    createdAt: dropped.createdAt + 50,
  });
  await db.conversations.update(r.id, { leafId: kept.id });
  await seedSignals(db, kept, 'code_copied');
  // A fix loop.
  const f = await seedConversation(db);
  const request = await seedExchange(db, f, 'Sum a list in Python?', fenced('python', 'sum(xs'));
  await seedRun(db, request.a, { status: 'error', trigger: 'auto', code: 'sum(xs' });
  const fixed = await seedExchange(db, f, fixAsk('sum(xs'), fenced('python', 'sum(xs)'), {
    parentId: request.a.id,
  });
  await seedRun(db, fixed.a, { status: 'ok', trigger: 'fix', code: 'sum(xs)' });
  return { second, kept };
}

describe('the training export zip', () => {
  it('holds sft.jsonl, preferences.jsonl and the data card, every line valid for its schema and its tool', async () => {
    await richHistory();
    const out = await buildTrainingExport(db, { filters: OPEN, format: 'openai' }, Date.UTC(2026, 11, 6));
    expect(out.fileName).toBe('codelumi-training-2026-12-06.zip');
    const files = unzipSync(out.bytes);
    expect(Object.keys(files).sort()).toEqual(['DATA_CARD.md', 'data_card.json', 'preferences.jsonl', 'sft.jsonl']);

    const sft = strFromU8(files['sft.jsonl']);
    // The multi-turn answer (copied and thanked) first, then the kept regeneration (copied).
    expect(schemaLines(sft, validChat)).toHaveLength(2);
    const [messages] = readJsonl(sft, parseTrlMessages);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(messages.at(-1)!.content).toBe('pnpm vitest run');

    const prefs = strFromU8(files['preferences.jsonl']);
    expect(schemaLines(prefs, validPreference)).toHaveLength(3);
    const pairs = readJsonl(prefs, parsePreference);
    expect(pairs.map((p) => p.chosen)).toContain('pnpm add -D vitest @vitest/coverage-v8'); // as its memory keeps it (correctionText, case as typed)

    const card: unknown = JSON.parse(strFromU8(files['data_card.json']));
    expect(validCard(card), ajv.errorsText(validCard.errors)).toBe(true);
    expect(card).toMatchObject({
      counts: { sft: 2, preferences: 3, preferencesBySource: { correction: 1, regeneration: 1, fix: 1 } },
      anonymized: false,
      // Two SFT answers and the chosen answers of the regeneration and the fix (a correction's is the user's).
      models: { 'qwen2.5-coder:7b': 4 },
      filters: { minConfidence: 0, systemPrompt: 'used', sftFormat: 'openai' },
    });
    const md = strFromU8(files['DATA_CARD.md']);
    expect(md).toContain('SFT examples: 2');
    expect(md).toContain('corrections 1, regenerations 1, fix loops 1');
    expect(md).toContain('| code_copied (You copied it) | 0.8 |');
  });

  it('writes ShareGPT conversations when asked', async () => {
    await richHistory();
    const out = await buildTrainingExport(db, { filters: OPEN, format: 'sharegpt' });
    const files = unzipSync(out.bytes);
    expect(files['sft.jsonl']).toBeUndefined();
    const text = strFromU8(files['sharegpt.jsonl']);
    expect(schemaLines(text, validShareGpt)).toHaveLength(2);
    expect(readJsonl(text, parseShareGpt)[0].map((t) => t.from)).toEqual(['system', 'human', 'gpt', 'human', 'gpt']);
  });
});

describe('the format parsers and schemas', () => {
  it('refuse malformed lines', () => {
    const bad = {
      chat: [
        '{"messages":[{"role":"user","content":"hi"},{"role":"user","content":"again"}]}',
        '{"messages":[{"role":"system","content":"s"},{"role":"user","content":"only a question"}]}',
        '{"messages":[{"role":"assistant","content":"first"},{"role":"user","content":"q"}]}',
        '{"messages":[{"role":"user","content":""},{"role":"assistant","content":"a"}]}',
      ],
      sharegpt: ['{"conversations":[{"from":"gpt","value":"a"},{"from":"human","value":"q"}]}'],
      preference: ['{"prompt":"p","chosen":"c"}', '{"prompt":"p","chosen":"","rejected":"r"}'],
    };
    for (const line of bad.chat) expect(() => parseTrlMessages(line)).toThrow();
    for (const line of bad.sharegpt) expect(() => parseShareGpt(line)).toThrow();
    for (const line of bad.preference) expect(() => parsePreference(line)).toThrow();
    expect(() => readJsonl('{"prompt":"p","chosen":"c","rejected":"r"}', parsePreference)).toThrow(/newline/);
    // The schemas catch what they can say: missing fields, empty strings, unknown roles.
    expect(validChat(JSON.parse(bad.chat[3]))).toBe(false);
    expect(
      validChat({
        messages: [
          { role: 'tool', content: 'x' },
          { role: 'assistant', content: 'y' },
        ],
      }),
    ).toBe(false);
    expect(validPreference(JSON.parse(bad.preference[0]))).toBe(false);
    expect(validPreference(JSON.parse(bad.preference[1]))).toBe(false);
    expect(
      validShareGpt({
        conversations: [
          { from: 'user', value: 'x' },
          { from: 'gpt', value: 'y' },
        ],
      }),
    ).toBe(false);
  });
});

describe('previewExport', () => {
  it('shows the counts and samples the zip would hold, and writes nothing', async () => {
    const { second, kept } = await richHistory();
    const before = await dumpDatabase(db);
    const preview = await previewExport(db, { filters: OPEN, format: 'openai' });
    expect(await dumpDatabase(db)).toBe(before);
    expect(preview.counts).toEqual({
      sft: 2,
      preferences: 3,
      preferencesBySource: { correction: 1, regeneration: 1, fix: 1 },
    });
    expect(preview.files).toEqual([
      { name: 'sft.jsonl', lines: 2 },
      { name: 'preferences.jsonl', lines: 3 },
      { name: 'DATA_CARD.md', lines: 0 },
      { name: 'data_card.json', lines: 0 },
    ]);
    expect(preview.samples.sft.map((e) => e.id)).toEqual([second.a.id, kept.id]);
    expect(new Set(preview.samples.preferences.map((p) => p.source))).toEqual(
      new Set(['correction', 'regeneration', 'fix']),
    );
    expect(preview.languages).toEqual(['javascript', 'none', 'python']);
    expect(preview.history.positive).toBeGreaterThanOrEqual(2);

    const filtered = await previewExport(db, { filters: { ...OPEN, language: 'python' }, format: 'openai' });
    expect(filtered.counts.sft).toBe(0);
    expect(filtered.counts.preferencesBySource).toEqual({ correction: 0, regeneration: 0, fix: 1 });
    expect(filtered.languages).toEqual(preview.languages);
  });

  it('counts and samples what the zip holds, for every language and anonymized or not', async () => {
    await richHistory();
    for (const language of [undefined, 'none', 'python', 'javascript']) {
      for (const anonymize of [false, true]) {
        const options = { filters: { ...OPEN, language, anonymize }, format: 'openai' as const };
        const preview = await previewExport(db, options);
        const out = await buildTrainingExport(db, options, 0);
        expect(preview.counts).toEqual(out.card.counts);
        const lines = strFromU8(unzipSync(out.bytes)['sft.jsonl']);
        for (const e of preview.samples.sft) expect(lines).toContain(JSON.stringify(e.answer));
      }
    }
  });

  it('says the history holds nothing that went well on an empty database', async () => {
    const preview = await previewExport(db, { filters: OPEN, format: 'openai' });
    expect(preview.counts.sft + preview.counts.preferences).toBe(0);
    expect(preview.history).toEqual({ answers: 0, positive: 0 });
  });
});
