/** SFT selection (lib/training/sft.ts) on a real database: what goes out, what never does, and in which order. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { selectSftExamples } from '@/lib/training/sft';
import { NEUTRAL_SYSTEM_PROMPT } from '@/lib/training/evidence';
import { deleteConversation } from '@/lib/db/conversations';
import { freshDatabase } from '../support/db';
import { OPEN, fenced, seedConversation, seedExchange, seedMessage, seedSignals } from './seed';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('selectSftExamples', () => {
  it('takes only answers with a positive outcome whose combined confidence reaches the minimum, best first', async () => {
    const c = await seedConversation(db);
    const thanked = await seedExchange(db, c, 'How do I sort a list?', 'Use sorted(xs).');
    const copiedAndThanked = await seedExchange(db, c, 'How do I read a file?', 'Use open(path).read().');
    const silent = await seedExchange(db, c, 'What is a set?', 'An unordered collection.');
    const mixed = await seedExchange(db, c, 'How do I parse JSON?', 'Use eval.');
    const leftOnly = await seedExchange(db, c, 'What is a tuple?', 'An immutable list.');
    await seedSignals(db, thanked.a, 'thanks');
    await seedSignals(db, copiedAndThanked.a, 'code_copied', 'thanks');
    await seedSignals(db, mixed.a, 'thanks', 'said_wrong');
    await seedSignals(db, leftOnly.a, 'left_immediately');

    const all = await selectSftExamples(db, { ...OPEN, minConfidence: 0.6 });
    expect(all.map((e) => e.id)).toEqual([copiedAndThanked.a.id, thanked.a.id]);
    // 1 − (1 − 0.8)(1 − 0.7): two signals add up like probabilities.
    expect(all[0].confidence).toBeCloseTo(0.94, 3);
    expect(all[0].evidence).toEqual(['code_copied', 'thanks']);
    expect(all[1].confidence).toBeCloseTo(0.7, 3);

    const sure = await selectSftExamples(db, { ...OPEN, minConfidence: 0.8 });
    expect(sure.map((e) => e.id)).toEqual([copiedAndThanked.a.id]);
    expect(all.map((e) => e.id)).not.toContain(silent.a.id);
    expect(await selectSftExamples(db, { ...OPEN, minConfidence: 0.6 }, { limit: 1 })).toHaveLength(1);
  });

  it('carries the question, the answer, the system prompt used and the earlier turns sent with it', async () => {
    const c = await seedConversation(db);
    const first = await seedExchange(db, c, 'I use pnpm. How do I add vitest?', 'pnpm add -D vitest');
    const second = await seedExchange(db, c, 'And run it?', 'pnpm vitest', {
      parentId: first.a.id,
      system: 'You are Codelumi. Prefers pnpm.',
      history: [first.q.id, first.a.id],
    });
    await seedSignals(db, second.a, 'thanks');

    const [example] = await selectSftExamples(db, OPEN);
    expect(example).toMatchObject({
      id: second.a.id,
      conversationId: c.id,
      question: 'And run it?',
      answer: 'pnpm vitest',
      system: 'You are Codelumi. Prefers pnpm.',
      model: 'qwen2.5-coder:7b',
      language: 'none',
      history: [
        { role: 'user', content: 'I use pnpm. How do I add vitest?' },
        { role: 'assistant', content: 'pnpm add -D vitest' },
      ],
    });
    const [neutral] = await selectSftExamples(db, { ...OPEN, systemPrompt: 'neutral' });
    expect(neutral.system).toBe(NEUTRAL_SYSTEM_PROMPT);
  });

  it('keeps the earlier turns alternating from a question to an answer: a question left unanswered is dropped', async () => {
    const c = await seedConversation(db);
    const first = await seedExchange(db, c, 'Which Node version?', 'Node 22.');
    const unanswered = await seedMessage(db, c, { role: 'user', content: 'And npm?', parentId: first.a.id });
    const failed = await seedMessage(db, c, {
      role: 'assistant',
      content: '',
      status: 'error',
      parentId: unanswered.id,
    });
    const last = await seedExchange(db, c, 'And pnpm?', 'pnpm 10.', {
      parentId: failed.id,
      // The failed answer was not sent (lib/db/thread.ts promptableHistory): the unanswered question was.
      history: [first.q.id, first.a.id, unanswered.id],
    });
    await seedSignals(db, last.a, 'thanks');

    const [example] = await selectSftExamples(db, OPEN);
    expect(example.history).toEqual([
      { role: 'user', content: 'Which Node version?' },
      { role: 'assistant', content: 'Node 22.' },
    ]);
  });

  it('filters by date range, project and language', async () => {
    const inProject = await seedConversation(db, { projectId: 'p1' });
    const elsewhere = await seedConversation(db);
    const early = await seedExchange(db, inProject, 'Sum in Python?', fenced('python', 'print(sum(xs))'), {
      at: 5_000,
    });
    const late = await seedExchange(db, inProject, 'Sum in TS?', fenced('ts', 'xs.reduce((a, b) => a + b, 0)'), {
      at: 50_000,
    });
    const other = await seedExchange(db, elsewhere, 'What is REST?', 'An architectural style.', { at: 50_000 });
    for (const x of [early, late, other]) await seedSignals(db, x.a, 'code_copied');

    const ids = async (f: Partial<typeof OPEN & { from: number; to: number; projectId: string; language: string }>) =>
      (await selectSftExamples(db, { ...OPEN, ...f })).map((e) => e.id).sort();
    expect(await ids({ from: 10_000 })).toEqual([late.a.id, other.a.id].sort());
    expect(await ids({ to: 10_000 })).toEqual([early.a.id]);
    expect(await ids({ projectId: 'p1' })).toEqual([early.a.id, late.a.id].sort());
    expect(await ids({ language: 'python' })).toEqual([early.a.id]);
    expect(await ids({ language: 'typescript' })).toEqual([late.a.id]);
    expect(await ids({ language: 'none' })).toEqual([other.a.id]);
  });

  it('never takes an answer from a conversation kept out of learning or in the bin', async () => {
    const kept = await seedConversation(db);
    const noLearn = await seedConversation(db, { noLearn: true });
    const binned = await seedConversation(db);
    const a = await seedExchange(db, kept, 'Q kept?', 'A kept.');
    const b = await seedExchange(db, noLearn, 'Q private?', 'A private.');
    const c = await seedExchange(db, binned, 'Q binned?', 'A binned.');
    for (const x of [a, b, c]) await seedSignals(db, x.a, 'code_copied', 'thanks');
    await deleteConversation(db, binned.id);

    const examples = await selectSftExamples(db, OPEN);
    expect(examples.map((e) => e.id)).toEqual([a.a.id]);
  });

  it('sends the same question and answer once, the most confident copy', async () => {
    const one = await seedConversation(db);
    const two = await seedConversation(db);
    const weak = await seedExchange(db, one, 'How do I  reverse a string?', 'Use s[::-1].');
    const strong = await seedExchange(db, two, 'how do i reverse a string', 'Use s[::-1]');
    await seedSignals(db, weak.a, 'thanks');
    await seedSignals(db, strong.a, 'code_ran_ok', 'thanks');

    const examples = await selectSftExamples(db, OPEN);
    expect(examples.map((e) => e.id)).toEqual([strong.a.id]);
  });

  it('anonymizes every text field when asked: a planted key and a home path are gone', async () => {
    const key = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
    const c = await seedConversation(db);
    const first = await seedExchange(db, c, `My token is ${key}, why 401?`, 'The token lacks the repo scope.');
    const second = await seedExchange(db, c, 'Where do I put it?', 'In /home/alice/work/app/.env as GITHUB_TOKEN.', {
      parentId: first.a.id,
      system: 'Project files: /home/alice/work/app/src/index.ts',
      history: [first.q.id, first.a.id],
    });
    await seedSignals(db, second.a, 'thanks');

    const [plain] = await selectSftExamples(db, OPEN);
    expect(JSON.stringify(plain)).toContain(key);
    const [clean] = await selectSftExamples(db, { ...OPEN, anonymize: true });
    const text = JSON.stringify(clean);
    expect(text).not.toContain(key);
    expect(text).not.toContain('/home/alice');
    expect(clean.history[0].content).toContain('<GITHUB_TOKEN>');
    expect(clean.answer).toContain('<PATH>');
    expect(clean.system).toContain('<PATH>');
  });
});
