/** Preference pairs (lib/training/pairs.ts) from corrections, regenerations and fix loops, on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { selectPreferencePairs } from '@/lib/training/pairs';
import { freshDatabase } from '../support/db';
import type { Memory } from '@/lib/core/records';
import { editMemory } from '@/lib/memory/memories';
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

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('pairs from corrections', () => {
  /** An answer the user corrected, kept as a training pair with its correction memory. */
  async function corrected(memory: Partial<Memory> = {}) {
    const c = await seedConversation(db, { projectId: 'p1' });
    const { q, a } = await seedExchange(db, c, 'Install eslint as a dev dependency?', 'npm install eslint --save', {
      system: 'You are Codelumi.',
    });
    await seedSignals(db, a, 'user_corrected');
    return seedCorrection(db, a, q.content, "No, that's wrong, use npm i -D eslint instead", { memory });
  }

  it('pairs the user’s correction, as its memory keeps it (chosen), with the answer they corrected (rejected)', async () => {
    await corrected();
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

  it('leaves out a correction whose memory is switched off, withdrawn or deleted', async () => {
    for (const change of [
      (m: Memory) => db.memories.update(m.id, { enabled: 0 }),
      (m: Memory) => db.memories.update(m.id, { confidence: 0 }),
      (m: Memory) => db.memories.delete(m.id),
    ]) {
      await db.delete();
      db = freshDatabase();
      const { memory } = await corrected();
      expect(await selectPreferencePairs(db, OPEN)).toHaveLength(1);
      await change(memory);
      expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
    }
  });

  it('uses the memory’s current words when the user edited it', async () => {
    const { memory } = await corrected();
    await editMemory(db, memory.id, 'When asked about “Install eslint as a dev dependency”: use pnpm add -D eslint');
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs.map((p) => p.chosen)).toEqual(['use pnpm add -D eslint']);
  });

  it('keeps a fenced correction’s lines when the user’s edit of its memory squashed that code onto one line', async () => {
    const c = await seedConversation(db);
    const { q, a } = await seedExchange(db, c, 'Two constants in JS?', 'var a = 1, b = 2;');
    await seedSignals(db, a, 'user_corrected');
    const said = 'no, use this:\n```js\nconst a = 1;\nconst b = 2;\n```';
    const { memory } = await seedCorrection(db, a, q.content, said);
    await editMemory(
      db,
      memory.id,
      `When asked about “Two constants in JS”: use this:\n\`\`\`js\nconst a = 1;\nconst b = 2;\n\`\`\``,
    );
    expect((await db.memories.get(memory.id))!.text).not.toContain('\n');
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs.map((p) => p.chosen)).toEqual(['use this:\n```js\nconst a = 1;\nconst b = 2;\n```']);
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
  /**
   * A request whose code failed, a first "Fix it" attempt that failed too and
   * a second that passed; each "Fix it" quotes the failed code, as the runner
   * sends it, after the thread's last message.
   */
  async function fixLoop(options: { lastAfterRequest?: string } = {}) {
    const c = await seedConversation(db);
    const request = await seedExchange(
      db,
      c,
      'Parse "3,4" into a tuple in Python?',
      fenced('python', 'tuple(s.split(,))'),
    );
    await seedRun(db, request.a, { status: 'error', trigger: 'auto', code: 'tuple(s.split(,))' });
    let leaf = request.a.id;
    if (options.lastAfterRequest) {
      // The user asked something else before pressing "Fix it": the follow-up hangs off that answer.
      leaf = (await seedExchange(db, c, 'And what is a tuple?', options.lastAfterRequest, { parentId: leaf })).a.id;
    }
    const attempt1 = await seedExchange(db, c, fixAsk('tuple(s.split(,))'), fenced('python', 'tuple(s.split(","))'), {
      parentId: leaf,
    });
    await seedRun(db, attempt1.a, { status: 'error', trigger: 'fix', code: 'tuple(s.split(","))' });
    const attempt2 = await seedExchange(
      db,
      c,
      fixAsk('tuple(s.split(","))'),
      fenced('python', 'tuple(int(x) for x in s.split(","))'),
      { parentId: attempt1.a.id },
    );
    const pass = await seedRun(db, attempt2.a, {
      status: 'ok',
      trigger: 'fix',
      passed: 2,
      code: 'tuple(int(x) for x in s.split(","))',
    });
    return { c, request, attempt1, attempt2, pass };
  }

  it('prefers the answer whose code passed under Fix it over the first answer whose code failed, for the original request', async () => {
    const { request, attempt2 } = await fixLoop();
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

  it('finds the failed answer by the code the Fix it prompt quotes, not by the message it follows', async () => {
    const { request, attempt2 } = await fixLoop({ lastAfterRequest: 'A tuple is an immutable sequence.' });
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs.map((p) => [p.id, p.prompt, p.rejected])).toEqual([
      [`fix:${attempt2.a.id}:${request.a.id}`, request.q.content, request.a.content],
    ]);
  });

  it('ignores a failed run of code the user edited: the model’s code never failed', async () => {
    const { request } = await fixLoop();
    await db.runs.where('messageId').equals(request.a.id).modify({ edited: true });
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });

  it('ignores a passing run of code the user edited: the model’s code never passed', async () => {
    const { pass } = await fixLoop();
    await db.runs.update(pass.id, { edited: true });
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });

  it('makes no pair when the chosen answer’s own outcome is negative or mixed', async () => {
    const { attempt2 } = await fixLoop();
    await seedSignals(db, attempt2.a, 'user_corrected');
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });

  it('makes no pair from a passing run that was not a fix, nor from a fix of code that never failed', async () => {
    const c = await seedConversation(db);
    const first = await seedExchange(db, c, 'Print hello?', fenced('python', 'print("hello")'));
    await seedRun(db, first.a, { status: 'ok', trigger: 'user', code: 'print("hello")' });
    const again = await seedExchange(db, c, fixAsk('print("hello")'), fenced('python', 'print("HELLO")'), {
      parentId: first.a.id,
    });
    await seedRun(db, again.a, { status: 'ok', trigger: 'fix', code: 'print("HELLO")' });
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
  });
});

describe('all pair sources', () => {
  it('leave out conversations kept out of learning or in the bin, and anonymize when asked', async () => {
    const secret = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
    for (const fields of [{}, { noLearn: true }, { deletedAt: 5 }]) {
      const c = await seedConversation(db, fields);
      // A correction.
      const { q, a } = await seedExchange(db, c, `Why does ${secret} fail for ${c.id}?`, 'It is expired.');
      await seedCorrection(db, a, q.content, `It lacks the scope of ${c.id}, see /home/alice/notes.txt`);
      // A fix loop.
      const bad = `token = "${secret}" + ${c.id.replace('-', '_')}(`;
      const request = await seedExchange(db, c, `Load the token for ${c.id}?`, fenced('python', bad));
      await seedRun(db, request.a, { status: 'error', trigger: 'auto', code: bad });
      const fixed = await seedExchange(db, c, fixAsk(bad), fenced('python', `token = "${secret}"`), {
        parentId: request.a.id,
      });
      await seedRun(db, fixed.a, { status: 'ok', trigger: 'fix', code: `token = "${secret}"` });
      // A regeneration (last, so its kept branch stays the thread's leaf): the kept branch copied, the other abandoned.
      const r = await seedExchange(db, c, `Which token for ${c.id}?`, `Use ${secret} as is.`);
      const kept = await seedMessage(db, c, {
        role: 'assistant',
        content: `Read it from /home/alice/.env for ${c.id}.`,
        parentId: r.q.id,
        createdAt: r.a.createdAt + 50,
      });
      await db.conversations.update(c.id, { leafId: kept.id });
      await seedSignals(db, kept, 'code_copied');
    }
    const pairs = await selectPreferencePairs(db, { ...OPEN, anonymize: true });
    expect(pairs.map((p) => p.source).sort()).toEqual(['correction', 'fix', 'regeneration']);
    expect(new Set(pairs.map((p) => p.conversationId)).size).toBe(1);
    expect(JSON.stringify(pairs)).not.toContain(secret);
    expect(JSON.stringify(pairs)).not.toContain('/home/alice');
  });
});
