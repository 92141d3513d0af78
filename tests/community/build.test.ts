import { afterEach, describe, expect, it } from 'vitest';
import { buildBatch, isConfidentPattern, MIN_PATTERN_EVIDENCE } from '@/lib/community/build';
import { readContributionSources } from '@/lib/community/sources';
import { newInstallKey } from '@/lib/community/install-key';
import { isoWeek } from '@/lib/community/weeks';
import { contributionBatchSchema } from '@/lib/privacy/hub-api';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';
import { addAnswer, addConversation, DAY, NOW } from './seed';

let db: CodelumiDB;
afterEach(() => db?.delete());

const key = newInstallKey();
const options = (tier: 2 | 3) => ({
  tier,
  batchId: crypto.randomUUID(),
  installKey: key,
  from: NOW - 28 * DAY,
  to: NOW,
});

async function build(tier: 2 | 3, extra: Partial<Parameters<typeof buildBatch>[1]> = {}) {
  const sources = await readContributionSources(db, NOW - 28 * DAY, NOW);
  return buildBatch(sources, { ...options(tier), ...extra });
}

describe('buildBatch', () => {
  it('at tier 2 counts signals per week, question kind and signal kind, and shares no pattern', async () => {
    db = freshDatabase();
    const c = await addConversation(db);
    await addAnswer(db, c, { signals: ['code_copied', 'thanks'] });
    await addAnswer(db, c, { signals: ['code_copied'] });
    await addAnswer(db, c, { kind: 'python/write', signals: ['code_ran_ok'], at: NOW - 8 * DAY });
    for (let i = 0; i < 8; i++) await addAnswer(db, c);
    const built = await build(2);
    expect(contributionBatchSchema.safeParse(built!.batch).success).toBe(true);
    expect(built!.batch.patterns).toEqual([]);
    expect(built!.batch.signals).toEqual([
      { week: isoWeek(NOW - 8 * DAY), questionKind: 'python/write', signal: 'code_ran_ok', count: 1 },
      { week: '2026-W49', questionKind: 'react/debug', signal: 'code_copied', count: 2 },
      { week: '2026-W49', questionKind: 'react/debug', signal: 'thanks', count: 1 },
    ]);
  });

  it('at tier 3 also shares the patterns it is sure of, with generated words, and leaves out thin or undecided ones', async () => {
    db = freshDatabase();
    const c = await addConversation(db);
    // Sure it works: 7 good answers (5.6 weighted successes).
    for (let i = 0; i < 7; i++) await addAnswer(db, c, { signals: ['code_copied'] });
    // Sure it fails: 6 bad answers (5.4 weighted failures).
    for (let i = 0; i < 6; i++)
      await addAnswer(db, c, { kind: 'sql/write', style: 'long|prose-first|steps|no-tests', outcome: 'negative' });
    // Thin: 2 good answers.
    for (let i = 0; i < 2; i++) await addAnswer(db, c, { kind: 'git/how_to' });
    // Undecided: 4 good, 3 bad.
    for (let i = 0; i < 4; i++) await addAnswer(db, c, { kind: 'css/explain' });
    for (let i = 0; i < 3; i++) await addAnswer(db, c, { kind: 'css/explain', outcome: 'negative' });
    const built = await build(3);
    expect(built!.batch.patterns).toEqual([
      {
        questionKind: 'react/debug',
        answerStyle: 'short|code-first|no-steps|no-tests',
        successes: 6,
        failures: 0,
        description: 'react debugging questions: short, code first answers',
      },
      {
        questionKind: 'sql/write',
        answerStyle: 'long|prose-first|steps|no-tests',
        successes: 0,
        failures: 5,
        description: 'sql code-writing questions: long, explanation first, step by step answers',
      },
    ]);
    expect(contributionBatchSchema.safeParse(built!.batch).success).toBe(true);
  });

  it('needs enough evidence and a decisive confidence for a pattern', () => {
    expect(isConfidentPattern({ successes: MIN_PATTERN_EVIDENCE - 0.1, failures: 0 })).toBe(false);
    expect(isConfidentPattern({ successes: MIN_PATTERN_EVIDENCE, failures: 0 })).toBe(true);
    expect(isConfidentPattern({ successes: 0, failures: MIN_PATTERN_EVIDENCE })).toBe(true);
    expect(isConfidentPattern({ successes: 6, failures: 5 })).toBe(false);
  });

  it('shares nothing from conversations kept out of learning, in the bin, or forgotten', async () => {
    db = freshDatabase();
    const kept = await addConversation(db, { noLearn: true });
    const binned = await addConversation(db, { deletedAt: NOW - DAY });
    for (const c of [kept, binned, 'forgotten-without-a-row']) {
      for (let i = 0; i < 8; i++) await addAnswer(db, c, { signals: ['thanks'] });
    }
    expect(await build(3)).toBeUndefined();
    const ok = await addConversation(db);
    await addAnswer(db, ok, { kind: 'go/write', signals: ['thanks'] });
    const built = await build(3);
    expect(built!.batch.signals).toEqual([{ week: '2026-W49', questionKind: 'go/write', signal: 'thanks', count: 1 }]);
    expect(built!.batch.patterns).toEqual([]);
  });

  it('carries none of the user’s words, code, evidence or e-mail address', async () => {
    db = freshDatabase();
    const c = await addConversation(
      db,
      { title: 'Zanzibar billing service' },
      'Why does useEffect in /home/alice/zanzibar/src/App.tsx loop? mail alice@example.com',
    );
    for (let i = 0; i < 8; i++)
      await addAnswer(db, c, { signals: ['thanks', 'code_copied'], evidence: 'You said: thanks Zanzibar team' });
    const json = JSON.stringify((await build(3))!.batch);
    for (const secret of ['Zanzibar', 'zanzibar', 'alice', 'example.com', '/home', 'App.tsx', 'useEffect', 'billing'])
      expect(json).not.toContain(secret);
  });

  it('takes out any item the anonymizer finds something in, and says what it found', async () => {
    db = freshDatabase();
    const c = await addConversation(db);
    for (let i = 0; i < 8; i++) await addAnswer(db, c, { signals: ['thanks'] });
    await addAnswer(db, c, { kind: 'python/write', signals: ['thanks'] });
    const built = await build(3, {
      anonymize: (text) =>
        text.includes('react')
          ? { text: text.replace('react', '<NAME>'), findings: [{ kind: 'name', start: 0, end: 5 }] }
          : { text, findings: [] },
    });
    expect(built!.batch.signals.map((s) => s.questionKind)).toEqual(['python/write']);
    expect(built!.batch.patterns).toEqual([]);
    expect(built!.removed.map((r) => [r.section, r.by, r.kinds])).toEqual([
      ['signals', 'anonymizer', ['name']],
      ['patterns', 'anonymizer', ['name']],
    ]);
    expect(built!.removed[0].text).toContain('react/debug');
  });

  it('has nothing to share without signals or sure patterns', async () => {
    db = freshDatabase();
    await addConversation(db);
    expect(await build(3)).toBeUndefined();
  });
});

describe('isoWeek', () => {
  it('puts days in the ISO week of their Thursday, in UTC', () => {
    expect(isoWeek(Date.UTC(2026, 11, 3))).toBe('2026-W49');
    expect(isoWeek(Date.UTC(2027, 0, 1))).toBe('2026-W53');
    expect(isoWeek(Date.UTC(2025, 11, 29))).toBe('2026-W01');
  });
});

describe('newInstallKey', () => {
  it('makes a different schema-valid key each time', () => {
    const a = newInstallKey();
    expect(a).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(newInstallKey()).not.toBe(a);
  });
});

describe('the real anonymizer and what a batch holds', () => {
  it('finds nothing in any question kind, answer style, week or generated description, so screening never empties a batch by mistake', async () => {
    const { anonymize } = await import('@/lib/privacy/anonymize/index');
    const { describePattern } = await import('@/lib/community/describe');
    const { ALL_STYLE_KEYS, INTENTS, TOPICS, kindKey } = await import('@/lib/patterns/classify');
    const flagged: string[] = [];
    for (const topic of TOPICS)
      for (const intent of INTENTS) {
        const kind = kindKey({ topic, intent });
        for (const text of [kind, ...ALL_STYLE_KEYS.map((style) => describePattern(kind, style))])
          if (anonymize(text, { paths: true }).findings.length) flagged.push(text);
      }
    for (const text of [...ALL_STYLE_KEYS, isoWeek(NOW), isoWeek(Date.UTC(2027, 0, 1))])
      if (anonymize(text, { paths: true }).findings.length) flagged.push(text);
    expect(flagged).toEqual([]);
  });
});
