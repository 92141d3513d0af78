/** Preference pairs (lib/training/pairs.ts) from corrections, regenerations and fix loops, on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { selectPreferencePairs } from '@/lib/training/pairs';
import { freshDatabase } from '../support/db';
import { OPEN, fenced, seedConversation, seedExchange, seedMessage, seedRun, seedSignals } from './seed';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('pairs from corrections', () => {
  it('pairs the user’s correction (chosen) with the answer they corrected (rejected)', async () => {
    const c = await seedConversation(db, { projectId: 'p1' });
    const { q, a } = await seedExchange(db, c, 'Install eslint as a dev dependency?', 'npm install eslint --save', {
      system: 'You are Codelumi.',
    });
    await seedSignals(db, a, 'user_corrected');
    await db.trainingPairs.add({
      id: 'tp1',
      conversationId: c.id,
      messageId: a.id,
      question: q.content,
      rejected: a.content,
      chosen: 'use npm i -D eslint instead',
      createdAt: a.createdAt + 10,
    });

    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs).toEqual([
      expect.objectContaining({
        source: 'correction',
        prompt: 'Install eslint as a dev dependency?',
        chosen: 'use npm i -D eslint instead',
        rejected: 'npm install eslint --save',
        system: 'You are Codelumi.',
        projectId: 'p1',
        confidence: 0.95,
      }),
    ]);
    expect(await selectPreferencePairs(db, { ...OPEN, minConfidence: 0.99 })).toEqual([]);
    expect(await selectPreferencePairs(db, { ...OPEN, projectId: 'other' })).toEqual([]);
  });
});

describe('pairs from regenerations', () => {
  /** A question answered twice: `kept` on the thread, `dropped` off it. */
  async function regenerated(opts: { keptSignals?: boolean; continued?: boolean; droppedCopied?: boolean } = {}) {
    const c = await seedConversation(db);
    const { q, a: dropped } = await seedExchange(db, c, 'Debounce a function in JS?', 'Use setInterval.');
    const kept = await seedMessage(db, c, {
      role: 'assistant',
      content: fenced(
        'js',
        'function debounce(f, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => f(...a), ms); }; }',
      ),
      parentId: q.id,
      createdAt: dropped.createdAt + 100,
    });
    let leaf = kept.id;
    if (opts.continued) {
      const next = await seedMessage(db, c, { role: 'user', content: 'Now throttle?', parentId: kept.id });
      leaf = next.id;
    }
    await db.conversations.update(c.id, { leafId: leaf });
    if (opts.keptSignals) await seedSignals(db, kept, 'code_copied');
    if (opts.droppedCopied) await seedSignals(db, dropped, 'code_copied');
    return { c, q, kept, dropped };
  }

  it('prefers the branch kept on the thread and used over the one abandoned', async () => {
    const { q, kept, dropped } = await regenerated({ keptSignals: true });
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs).toEqual([
      expect.objectContaining({
        source: 'regeneration',
        prompt: q.content,
        chosen: kept.content,
        rejected: dropped.content,
        confidence: 0.8,
        language: 'javascript',
        model: 'qwen2.5-coder:7b',
      }),
    ]);
  });

  it('counts going on from the kept branch as use', async () => {
    await regenerated({ continued: true });
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs.map((p) => [p.source, p.confidence])).toEqual([['regeneration', 0.6]]);
  });

  it('makes no pair when the kept branch was not used, or the other one was', async () => {
    await regenerated({});
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
    await db.delete();
    db = freshDatabase();
    await regenerated({ keptSignals: true, droppedCopied: true });
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });
});

describe('pairs from fix loops', () => {
  it('prefers the answer whose code passed under Fix it over the first answer whose code failed, for the original request', async () => {
    const c = await seedConversation(db);
    const request = await seedExchange(
      db,
      c,
      'Parse "3,4" into a tuple in Python?',
      fenced('python', 'tuple(s.split(,))'),
    );
    await seedRun(db, request.a, { status: 'error', trigger: 'auto' });
    // First attempt fails too; the second passes.
    const attempt1 = await seedExchange(
      db,
      c,
      'The code failed: SyntaxError. Fix it.',
      fenced('python', 'tuple(s.split(","))'),
      {
        parentId: request.a.id,
      },
    );
    await seedRun(db, attempt1.a, { status: 'error', trigger: 'fix' });
    const attempt2 = await seedExchange(
      db,
      c,
      'The code failed: wrong type. Fix it.',
      fenced('python', 'tuple(int(x) for x in s.split(","))'),
      { parentId: attempt1.a.id },
    );
    await seedRun(db, attempt2.a, { status: 'ok', trigger: 'fix', passed: 2 });

    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs).toEqual([
      expect.objectContaining({
        id: `fix:${attempt2.a.id}:${request.a.id}`,
        source: 'fix',
        prompt: 'Parse "3,4" into a tuple in Python?',
        chosen: attempt2.a.content,
        rejected: request.a.content,
        language: 'python',
      }),
    ]);
    // code_ran_ok and tests_passed: 1 − 0.15 × 0.1.
    expect(pairs[0].confidence).toBeCloseTo(0.985, 3);
  });

  it('makes no pair from a passing run that was not a fix, nor from a fix of code that never failed', async () => {
    const c = await seedConversation(db);
    const first = await seedExchange(db, c, 'Print hello?', fenced('python', 'print("hello")'));
    await seedRun(db, first.a, { status: 'ok', trigger: 'user' });
    const again = await seedExchange(db, c, 'Make it loud.', fenced('python', 'print("HELLO")'), {
      parentId: first.a.id,
    });
    await seedRun(db, again.a, { status: 'ok', trigger: 'fix' });
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });
});

describe('all pair sources', () => {
  it('leave out conversations kept out of learning or in the bin, and anonymize when asked', async () => {
    const secret = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
    for (const fields of [{}, { noLearn: true }, { deletedAt: 5 }]) {
      const c = await seedConversation(db, fields);
      const { q, a } = await seedExchange(db, c, `Why does ${secret} fail?`, 'It is expired.');
      await db.trainingPairs.add({
        id: `tp-${c.id}`,
        conversationId: c.id,
        messageId: a.id,
        question: q.content,
        rejected: a.content,
        chosen: `It lacks the scope of ${c.id}, see /home/alice/notes.txt`,
        createdAt: 1,
      });
    }
    const pairs = await selectPreferencePairs(db, { ...OPEN, anonymize: true });
    expect(pairs).toHaveLength(1);
    expect(JSON.stringify(pairs)).not.toContain(secret);
    expect(JSON.stringify(pairs)).not.toContain('/home/alice');
  });
});
