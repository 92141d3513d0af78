/**
 * What the engine remembers, end to end on a real database: corrections
 * (memory and training pair), stated preferences (merged, never re-enabled),
 * and style preferences inferred from evidence and withdrawn when it weakens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine, type EngineOptions } from '@/lib/learning/engine/engine';
import { freshDatabase } from '../support/db';
import { editMemory, setMemoryEnabled } from '@/lib/memory/memories';
import {
  ANSWER,
  event,
  exchange,
  forgetCursor,
  kinds,
  SEC,
  signalsOf,
  userSays,
  runData,
} from '../learning/engine/seed';

let db: CodelumiDB;
let T: number;
let clock: number;

beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
  clock = T;
});
afterEach(() => db.close());

function engine(options: EngineOptions = {}) {
  return createLearningEngine(db, { now: () => clock, ...options });
}

const signalsOn = (messageId: string) => signalsOf(db, messageId);

describe('corrections', () => {
  const Q = 'How do I install eslint as a dev dependency with npm?';
  const A = 'Run this:\n\n```bash\nnpm install eslint --save\n```';
  const FIX = 'use `npm i -D eslint` instead, --save adds it to dependencies';

  it('creates a correction memory and a training pair from a correction in the next message', async () => {
    const { conversation, answer } = await exchange(db, Q, A, T);
    const fix = await userSays(db, conversation, answer.id, FIX, T + 30 * SEC);
    const report = await engine().processPending();

    expect(report.memories).toBeGreaterThanOrEqual(1);
    expect(await signalsOn(answer.id)).toMatchObject([{ kind: 'user_corrected', evidence: FIX, sourceId: fix.id }]);
    const memories = await db.memories.where('kind').equals('correction').toArray();
    expect(memories).toHaveLength(1);
    expect(memories[0]).toMatchObject({
      // The rule is kept in the user's own letters (its first word may be code), without a lead-in such as "no,".
      text: `When asked about “${Q}”: use \`npm i -D eslint\` instead, --save adds it to dependencies`,
      source: 'explicit',
      confidence: 0.95,
      enabled: 1,
      topic: 'node',
      messageId: fix.id,
      conversationId: conversation.id,
    });
    expect(memories[0].evidence).toContain(FIX);
    expect(await db.trainingPairs.toArray()).toMatchObject([
      { messageId: answer.id, conversationId: conversation.id, question: Q, rejected: A, chosen: FIX },
    ]);
  });

  it('drops the "no, …" that led into a correction from the memory but keeps it in the training pair', async () => {
    const { conversation, answer } = await exchange(db, Q, A, T);
    // A correction that says what it is for: "no, … instead" alone sits on the data's said_wrong/user_corrected
    // borderline, where the model's reading is a coin toss (this test is about the memory's words, not that reading).
    const fix = 'no, it should be `npm i -D eslint` so it lands in devDependencies';
    await userSays(db, conversation, answer.id, fix, T + 30 * SEC);
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['user_corrected']);
    const [memory] = await db.memories.where('kind').equals('correction').toArray();
    expect(memory.text).toBe(
      `When asked about “${Q}”: it should be \`npm i -D eslint\` so it lands in devDependencies`,
    );
    expect(await db.trainingPairs.toArray()).toMatchObject([{ chosen: fix }]);
  });

  it('names the question, not a preference stated around it', async () => {
    const { conversation, answer } = await exchange(db, `I prefer short answers. ${Q}`, A, T);
    await userSays(db, conversation, answer.id, FIX, T + 30 * SEC);
    await engine().processPending();
    const [memory] = await db.memories.where('kind').equals('correction').toArray();
    expect(memory.text).toMatch(new RegExp(`^When asked about “${Q.replace(/[?]/g, '\\?')}”`));
  });

  it('keeps one memory and one training pair when the correction is read again', async () => {
    const { conversation, answer } = await exchange(db, Q, A, T);
    await userSays(db, conversation, answer.id, FIX, T + 30 * SEC);
    await engine().processPending();
    await forgetCursor(db);
    await engine().processPending();
    expect(await db.memories.where('kind').equals('correction').count()).toBe(1);
    expect(await db.trainingPairs.count()).toBe(1);
  });

  it('turns code the user fixed and ran into a correction with the working code', async () => {
    const { conversation, answer } = await exchange(db, Q, A, T);
    await event(
      db,
      'run',
      T + 60 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      runData({
        runId: 'r2',
        status: 'ok',
        edited: true,
        previousStatus: 'error',
        diff: '- npm install eslint --save\n+ npm install eslint --save-dev',
        blockIndex: 0,
      }),
    );
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['user_corrected']);
    const [memory] = await db.memories.toArray();
    expect(memory).toMatchObject({ kind: 'correction' });
    expect(memory.text).toContain(
      'The working code was:\n- npm install eslint --save\n+ npm install eslint --save-dev',
    );
    expect(await db.trainingPairs.count()).toBe(1);
  });
});

describe('stated preferences', () => {
  it('become memories at once, merge when repeated, and stay disabled once the user disabled them', async () => {
    const first = await exchange(db, 'I prefer short answers. How do I reverse a list in Python?', ANSWER, T);
    await engine().processPending();
    const [memory] = await db.memories.toArray();
    expect(memory).toMatchObject({
      kind: 'preference',
      text: 'Prefers short answers',
      source: 'explicit',
      enabled: 1,
      hits: 1,
      messageId: first.question.id,
      evidence: 'You said: “I prefer short answers.”',
    });

    await exchange(db, 'i prefer short answers! what is a closure?', 'A function that keeps its scope.', T + 60 * SEC);
    await engine().processPending();
    expect(await db.memories.toArray()).toMatchObject([{ id: memory.id, hits: 2, enabled: 1 }]);

    await setMemoryEnabled(db, memory.id, false);
    await exchange(db, 'I prefer short answers.', 'Noted.', T + 120 * SEC);
    await engine().processPending();
    expect(await db.memories.toArray()).toMatchObject([{ id: memory.id, hits: 3, enabled: 0 }]);
  });

  it('keeps the words of a memory the user edited', async () => {
    await exchange(db, 'we use pnpm and Vitest', 'Got it.', T);
    await engine().processPending();
    const [memory] = await db.memories.toArray();
    expect(memory).toMatchObject({ kind: 'project_note', text: 'Uses pnpm and Vitest' });
    await editMemory(db, memory.id, 'Uses pnpm 9 and Vitest 4');
    await exchange(db, 'We use pnpm and Vitest.', 'Sure.', T + 60 * SEC);
    await engine().processPending();
    expect(await db.memories.toArray()).toMatchObject([
      { id: memory.id, text: 'Uses pnpm 9 and Vitest 4', source: 'user', hits: 2 },
    ]);
  });
});

describe('inferred style preferences', () => {
  const ANSWERS = [
    '```python\nrev = nums[::-1]\n```\n\nA reversed copy.',
    '```python\nwith open("a.csv") as f:\n    rows = list(csv.reader(f))\n```',
    '```python\nsorted(d.items(), key=lambda kv: kv[1])\n```',
    '```python\n" ".join(words)\n```',
    '```python\nlen(set(items)) == len(items)\n```',
  ];
  const QUESTIONS = [
    'How do I reverse a list in Python?',
    'How do I read a CSV file in Python?',
    'How do I sort a dict by value in Python?',
    'How do I join words in Python?',
    'How do I check a python list has no duplicates?',
  ];

  it('appear after enough positive evidence and are withdrawn when the evidence weakens', async () => {
    const e = engine();
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const { conversation, answer } = await exchange(db, QUESTIONS[i], ANSWERS[i], T + i * 60 * SEC);
      answers.push(answer);
      await event(
        db,
        'copy',
        T + i * 60 * SEC + 2 * SEC,
        { conversationId: conversation.id, messageId: answer.id },
        { what: 'code', blockIndex: 0 },
      );
      await event(
        db,
        'run',
        T + i * 60 * SEC + 4 * SEC,
        { conversationId: conversation.id, messageId: answer.id },
        runData({ runId: `ok-${i}`, status: 'ok' }),
      );
      await e.processPending();
      const inferred = await db.memories.where('key').equals('inferred-style:python').first();
      // Four answers are not enough evidence yet; the fifth is.
      if (i < 4) expect(inferred).toBeUndefined();
      else {
        expect(inferred).toMatchObject({
          kind: 'preference',
          source: 'inferred',
          enabled: 1,
          topic: 'python',
          text: 'For python questions, short, code first answers work best',
        });
        expect(inferred!.confidence).toBeGreaterThanOrEqual(0.72);
        expect(inferred!.evidence).toMatch(/^5 answers in this style for python; \d+% went well/);
      }
    }

    // Then the same code fails every time: the preference is no longer clear.
    for (const [i, answer] of answers.entries()) {
      await event(
        db,
        'run',
        T + 10 * 60 * SEC + i,
        { conversationId: answer.conversationId, messageId: answer.id },
        runData({ runId: `err-${i}`, status: 'error' }),
      );
    }
    await e.processPending();
    const withdrawn = await db.memories.where('key').equals('inferred-style:python').first();
    expect(withdrawn).toMatchObject({ confidence: 0, source: 'inferred' });
    expect(withdrawn!.evidence).toMatch(/no longer clear from recent answers$/);
  });
});
