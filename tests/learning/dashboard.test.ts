/** The learning dashboard's figures and the plain-word week summary, on seeded data. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDashboard, summarizeWeek } from '@/lib/learning/dashboard';
import { styleLabel } from '@/lib/patterns/classify';
import { confidenceOf, successRate } from '@/lib/patterns/patterns';
import type { CodelumiDB } from '@/lib/db/db';
import type { AnswerRecord, Memory, Pattern, Signal, SignalKind } from '@/lib/core/records';
import { SIGNAL_KINDS } from '@/lib/signals/kinds';
import { freshDatabase } from '../support/db';

const DAY = 86_400_000;
// Local noon, so day buckets never sit on a midnight boundary whatever the time zone.
const NOW = new Date(2026, 2, 15, 12, 0, 0).getTime();
const SHORT = 'short|code-first|no-steps|no-tests';
const LONG = 'long|prose-first|steps|no-tests';

let id = 0;
const next = () => `x${++id}`;

function signal(kind: SignalKind, createdAt: number, polarity: 1 | -1 = 1): Signal {
  return {
    id: next(),
    messageId: 'a',
    conversationId: 'c',
    kind,
    polarity,
    confidence: 0.7,
    evidence: kind,
    createdAt,
  };
}

function answer(topic: string, outcome: AnswerRecord['outcome'], createdAt: number): AnswerRecord {
  return {
    messageId: next(),
    conversationId: 'c',
    questionKind: `${topic}/how_to`,
    topic,
    intent: 'how_to',
    answerStyle: SHORT,
    language: '',
    outcome,
    score: 0,
    signalCount: 1,
    usedMemoryIds: [],
    createdAt,
    updatedAt: createdAt,
  };
}

function memory(fields: Partial<Memory> & Pick<Memory, 'kind' | 'text'>): Memory {
  return {
    id: next(),
    source: 'explicit',
    confidence: 0.9,
    enabled: 1,
    createdAt: NOW - DAY,
    updatedAt: NOW - DAY,
    ...fields,
  };
}

function pattern(questionKind: string, answerStyle: string, successes: number, failures: number): Pattern {
  return { id: `${questionKind}→${answerStyle}`, questionKind, answerStyle, successes, failures, updatedAt: NOW };
}

describe('summarizeWeek', () => {
  const base = { now: NOW, answers: [], previousAnswers: [], memories: [], patterns: [], signals: [] };

  it('says nothing was learned when nothing happened', () => {
    expect(summarizeWeek(base)).toEqual([
      'Nothing learned yet this week. Chat as usual: Codelumi learns from what you do with its answers.',
    ]);
  });

  it('counts the answers the user reacted to, and compares with the week before', () => {
    const answers = [
      answer('python', 'positive', NOW),
      answer('python', 'positive', NOW),
      answer('python', 'negative', NOW),
      answer('react', 'mixed', NOW),
      answer('go', 'unknown', NOW),
    ];
    const before = [
      answer('python', 'positive', NOW - 8 * DAY),
      answer('python', 'negative', NOW - 8 * DAY),
      answer('python', 'negative', NOW - 8 * DAY),
      answer('python', 'negative', NOW - 8 * DAY),
    ];
    expect(summarizeWeek({ ...base, answers, previousAnswers: before })[0]).toBe(
      'Of the 4 answers you reacted to, 2 went well, 1 did not, 1 had mixed reactions (up from 25% going well the week before).',
    );
    expect(summarizeWeek({ ...base, answers: before, previousAnswers: answers })[0]).toBe(
      'Of the 4 answers you reacted to, 1 went well, 3 did not (down from 50% the week before).',
    );
    expect(summarizeWeek({ ...base, answers: [answer('python', 'positive', NOW)] })[0]).toBe(
      'Of the 1 answer you reacted to, 1 went well.',
    );
  });

  it('repeats what the user told Codelumi, only while it is switched on', () => {
    const lines = summarizeWeek({
      ...base,
      memories: [
        memory({ kind: 'preference', text: 'Prefers short answers' }),
        memory({ kind: 'project_note', text: 'Uses pnpm', enabled: 0 }),
        memory({ kind: 'fact', text: 'Works on macOS', source: 'user' }),
      ],
    });
    expect(lines).toEqual(['You told Codelumi: “Prefers short answers”. It now follows that in every chat.']);
  });

  it('counts corrections with their topics', () => {
    const lines = summarizeWeek({
      ...base,
      memories: [
        memory({ kind: 'correction', text: 'a', topic: 'node' }),
        memory({ kind: 'correction', text: 'b', topic: 'python' }),
        memory({ kind: 'correction', text: 'c', topic: 'general' }),
      ],
    });
    expect(lines).toEqual([
      'You corrected Codelumi 3 times (about node, python); those corrections now go into related questions.',
    ]);
  });

  it('names inferred preferences still held, and the strongest pattern only when there are none', () => {
    const patterns = [pattern('python/how_to', SHORT, 6, 0), pattern('react/debug', LONG, 1, 1)];
    const inferred = memory({
      kind: 'preference',
      source: 'inferred',
      text: 'For python questions, short, code first answers work best',
      key: 'inferred-style:python',
    });
    expect(summarizeWeek({ ...base, patterns, memories: [inferred] })).toEqual([
      'Learned from your reactions: for python questions, short, code first answers work best.',
    ]);
    // A withdrawn one (confidence 0) is not claimed as learned.
    expect(summarizeWeek({ ...base, patterns, memories: [{ ...inferred, confidence: 0 }] }).join('\n')).not.toContain(
      'Learned from your reactions',
    );
    expect(summarizeWeek({ ...base, patterns })).toEqual([
      `For python how to questions, ${styleLabel(SHORT)} answers have worked best so far (${Math.round(successRate(patterns[0]) * 100)}% likely to go well).`,
    ]);
  });

  it('counts copies and successful runs', () => {
    const signals = [
      signal('code_copied', NOW),
      signal('code_copied', NOW),
      signal('code_ran_ok', NOW),
      signal('tests_passed', NOW),
      signal('thanks', NOW),
    ];
    expect(summarizeWeek({ ...base, signals })).toEqual(['You copied code 2 times and ran it successfully 2 times.']);
    expect(summarizeWeek({ ...base, signals: [signal('code_copied', NOW)] })).toEqual([
      'You copied code 1 time and ran it successfully 0 times.',
    ]);
  });
});

describe('computeDashboard', () => {
  let db: CodelumiDB;
  beforeEach(() => {
    db = freshDatabase();
  });
  afterEach(() => db.close());

  async function seed() {
    await db.signals.bulkAdd([
      signal('code_copied', NOW),
      signal('code_copied', NOW - 60_000),
      signal('thanks', NOW - DAY),
      signal('said_wrong', NOW - 3 * DAY, -1),
      signal('thanks', NOW - 10 * DAY),
    ]);
    await db.answers.bulkAdd([
      answer('python', 'positive', NOW - 1000),
      answer('python', 'positive', NOW - DAY),
      answer('python', 'negative', NOW - 2 * DAY),
      answer('react', 'mixed', NOW - 2 * DAY),
      answer('go', 'unknown', NOW - 2 * DAY),
      answer('python', 'negative', NOW - 9 * DAY),
      answer('python', 'negative', NOW - 10 * DAY),
    ]);
    const memories = {
      pref: memory({ kind: 'preference', text: 'Prefers short answers', createdAt: NOW - DAY }),
      note: memory({ kind: 'project_note', text: 'Uses pnpm', createdAt: NOW - 2 * DAY }),
      correction: memory({
        kind: 'correction',
        text: 'When asked about “eslint”: Use -D',
        topic: 'node',
        createdAt: NOW - 3 * DAY,
      }),
      offCorrection: memory({
        kind: 'correction',
        text: 'When asked about “css”: Use grid',
        topic: 'css',
        enabled: 0,
        createdAt: NOW - 4 * DAY,
      }),
      old: memory({ kind: 'fact', text: 'Works on macOS', createdAt: NOW - 30 * DAY, updatedAt: NOW - 30 * DAY }),
    };
    await db.memories.bulkAdd(Object.values(memories));
    await db.patterns.bulkAdd([
      pattern('python/how_to', SHORT, 6, 0),
      pattern('react/debug', LONG, 1, 3),
      pattern('go/write', SHORT, 0, 0),
      pattern('sql/write', LONG, 20, 2),
    ]);
    return memories;
  }

  it('counts signals by kind for every day of the period', async () => {
    await seed();
    const data = await computeDashboard(db, 7, NOW);
    expect(data).toMatchObject({ periodDays: 7, from: NOW - 7 * DAY, to: NOW });
    expect(data.signalsByDay.map((d) => d.day)).toEqual([
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15',
    ]);
    const byDay = Object.fromEntries(
      data.signalsByDay.map((d) => [d.day, Object.fromEntries(Object.entries(d.counts).filter(([, n]) => n > 0))]),
    );
    expect(byDay).toEqual({
      '2026-03-08': {},
      '2026-03-09': {},
      '2026-03-10': {},
      '2026-03-11': {},
      '2026-03-12': { said_wrong: 1 },
      '2026-03-13': {},
      '2026-03-14': { thanks: 1 },
      '2026-03-15': { code_copied: 2 },
    });
    expect(Object.keys(data.signalsByDay[0].counts).sort()).toEqual([...SIGNAL_KINDS].sort());
  });

  it('gives each topic its share of answers that went well, answers without reactions left out', async () => {
    await seed();
    const data = await computeDashboard(db, 7, NOW);
    expect(data.topics).toEqual([
      { topic: 'python', answers: 3, positive: 2, negative: 1, share: 2 / 3 },
      { topic: 'react', answers: 1, positive: 0, negative: 0, share: 0 },
    ]);
    expect(data.totals).toEqual({ answers: 5, positive: 2, negative: 1, signals: 4, memories: 5 });
  });

  it('lists the strongest patterns with their confidence, leaving out those without evidence', async () => {
    await seed();
    const data = await computeDashboard(db, 7, NOW);
    expect(data.patterns.map((p) => p.questionKind)).toEqual(['sql/write', 'python/how_to', 'react/debug']);
    expect(data.patterns[1]).toEqual({
      id: `python/how_to→${SHORT}`,
      questionKind: 'python/how_to',
      topic: 'python',
      intent: 'how_to',
      style: SHORT,
      label: styleLabel(SHORT),
      successRate: successRate({ successes: 6, failures: 0 }),
      confidence: confidenceOf({ successes: 6, failures: 0 }),
      evidence: 6,
    });
  });

  it('lists recent corrections and new memories, newest first', async () => {
    const m = await seed();
    const data = await computeDashboard(db, 7, NOW);
    expect(data.corrections).toEqual([
      { id: m.correction.id, text: m.correction.text, createdAt: m.correction.createdAt, enabled: true },
      { id: m.offCorrection.id, text: m.offCorrection.text, createdAt: m.offCorrection.createdAt, enabled: false },
    ]);
    expect(data.newMemories.map((x) => [x.id, x.kind, x.source])).toEqual([
      [m.pref.id, 'preference', 'explicit'],
      [m.note.id, 'project_note', 'explicit'],
    ]);
  });

  it('sums up the week in plain words', async () => {
    await seed();
    const data = await computeDashboard(db, 7, NOW);
    expect(data.summary).toEqual([
      'Of the 4 answers you reacted to, 2 went well, 1 did not, 1 had mixed reactions (up from 0% going well the week before).',
      'You told Codelumi: “Prefers short answers”. It now follows that in every chat.',
      'You told Codelumi: “Uses pnpm”. It now follows that in every chat.',
      'You corrected Codelumi 2 times (about node, css); those corrections now go into related questions.',
      `For sql write questions, ${styleLabel(LONG)} answers have worked best so far (88% likely to go well).`,
      'You copied code 2 times and ran it successfully 0 times.',
    ]);
  });

  it('shows a longer period when asked', async () => {
    await seed();
    const data = await computeDashboard(db, 30, NOW);
    expect(data.signalsByDay).toHaveLength(31);
    expect(data.totals.signals).toBe(5);
    expect(data.topics[0]).toMatchObject({ topic: 'python', answers: 5, positive: 2, negative: 3 });
  });
});
