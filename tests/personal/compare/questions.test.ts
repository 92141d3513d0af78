/** Picking the past questions the model check asks (lib/personal/compare/questions.ts, pick.ts) on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { answeredQuestions, countQuestions, pickQuestions } from '@/lib/personal/compare/questions';
import { choosePastQuestions, MAX_QUESTION_CHARS, type PastQuestion } from '@/lib/personal/compare/pick';
import { recordVerdict } from '@/lib/personal/compare/verdicts';
import { freshDatabase } from '../../support/db';
import { converse } from './history';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const PAIR = { baseline: 'qwen2.5-coder:7b', candidate: 'codelumi-ada:v1' };

const REACT = [
  'Why does my useEffect run twice in React?',
  'How do I memoize a React component?',
  'What is the React context API for?',
  'How do I fetch data in a React hook?',
];
const OTHERS = [
  'Write a Python function that reverses a list',
  'How do I undo the last git commit?',
  'Explain a SQL left join with an example',
];

async function history() {
  let at = 1_000;
  for (const q of [...REACT, ...OTHERS]) await converse(db, [q], (at += 1_000));
}

describe('answeredQuestions', () => {
  it('lists user messages that got a complete answer, never those of binned or "don’t learn" conversations', async () => {
    const [kept] = await converse(db, ['How do I rebase a branch in git?'], 1_000);
    const [binned] = await converse(db, ['How do I read a file in Python?'], 2_000);
    const [private_] = await converse(db, ['Explain the difference between let and const'], 3_000);
    await converse(db, ['What does this Rust error mean?'], 4_000, { answered: false });
    await deleteConversation(db, binned!.conversationId, 5_000);
    await setConversationLearning(db, private_!.conversationId, false, 5_000);

    const questions = await answeredQuestions(db);
    expect(questions.map((q) => q.id)).toEqual([kept!.questionId]);
    expect(questions[0]).toMatchObject({ text: 'How do I rebase a branch in git?', opensConversation: true });
    expect(questions[0]!.kind).toBe('git/how_to');
  });

  it('takes the question kind from the answers table when the learning engine recorded one', async () => {
    const [asked] = await converse(db, ['Tell me something useful today'], 1_000);
    await db.answers.put({
      messageId: asked!.answerId,
      conversationId: asked!.conversationId,
      questionKind: 'docker/debug',
      topic: 'docker',
      intent: 'debug',
      answerStyle: 'short|code-first|no-steps|no-tests',
      language: '',
      outcome: 'unknown',
      score: 0,
      signalCount: 0,
      usedMemoryIds: [],
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect((await answeredQuestions(db))[0]!.kind).toBe('docker/debug');
  });
});

describe('pickQuestions', () => {
  it('picks varied questions: one per topic before a second of the same topic', async () => {
    await history();
    const picked = await pickQuestions(db, PAIR, { count: 4, seed: 7 });
    expect(picked).toHaveLength(4);
    const topics = picked.map((q) => q.kind.split('/')[0]);
    // Four topics are on offer (react, python, git, sql): four picks take one question of each.
    expect(new Set(topics).size).toBe(4);
    expect(picked.filter((q) => REACT.includes(q.text))).toHaveLength(1);
  });

  it('gives the same questions in the same order for the same seed, and other questions for other seeds', async () => {
    await history();
    const one = await pickQuestions(db, PAIR, { count: 3, seed: 'abc' });
    const again = await pickQuestions(db, PAIR, { count: 3, seed: 'abc' });
    expect(again.map((q) => q.id)).toEqual(one.map((q) => q.id));
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++)
      for (const q of await pickQuestions(db, PAIR, { count: 3, seed })) seen.add(q.text);
    // The react question picked changes with the seed: more than the three of one pick come up.
    expect(seen.size).toBeGreaterThan(3);
  });

  it('skips questions already judged for the same two models, in either role, but not for another pair', async () => {
    const asked = await converse(db, ['How do I undo the last git commit?'], 1_000);
    await converse(db, ['Write a Python function that reverses a list'], 2_000);
    const q = { id: asked[0]!.questionId, conversationId: asked[0]!.conversationId };
    await recordVerdict(db, { sessionId: 's', question: q, ...PAIR, shownFirst: 'baseline', choice: 'A' });

    const texts = async (pair: typeof PAIR) => (await pickQuestions(db, pair, { seed: 1 })).map((p) => p.text);
    expect(await texts(PAIR)).toEqual(['Write a Python function that reverses a list']);
    expect(await texts({ baseline: PAIR.candidate, candidate: PAIR.baseline })).toHaveLength(1);
    expect(await texts({ baseline: 'qwen3:8b', candidate: PAIR.candidate })).toHaveLength(2);
  });

  it('leaves out questions too long to compare side by side and questions too short to judge', async () => {
    await converse(db, ['x'.repeat(MAX_QUESTION_CHARS + 1)], 1_000);
    await converse(db, ['thanks!'], 2_000);
    await converse(db, ['How do I squash commits in git?'], 3_000);
    expect((await pickQuestions(db, PAIR, { seed: 1 })).map((q) => q.text)).toEqual([
      'How do I squash commits in git?',
    ]);
  });

  it('prefers a question that opens its conversation over a follow-up of the same kind', async () => {
    await converse(db, ['How do I undo the last git commit?', 'And how do I undo a git push?'], 1_000);
    for (let seed = 0; seed < 5; seed++) {
      const [first] = await pickQuestions(db, PAIR, { count: 1, seed });
      expect(first!.text).toBe('How do I undo the last git commit?');
    }
  });
});

describe('choosePastQuestions', () => {
  const q = (id: string, text: string, kind: string, createdAt: number): PastQuestion => ({
    id,
    conversationId: `c-${id}`,
    text,
    kind,
    opensConversation: true,
    createdAt,
  });

  it('counts a question asked twice in the same words once, and does not depend on the input order', () => {
    const list = [
      q('1', 'How do I undo a commit?', 'git/how_to', 1),
      q('2', 'how do I undo a  commit? ', 'git/how_to', 2),
      q('3', 'Explain Python decorators', 'python/explain', 3),
    ];
    const picked = choosePastQuestions(list, { seed: 3 });
    expect(picked.map((p) => p.id).sort()).toEqual(['2', '3']);
    expect(choosePastQuestions([...list].reverse(), { seed: 3 }).map((p) => p.id)).toEqual(picked.map((p) => p.id));
  });
});

describe('countQuestions', () => {
  it('counts the questions the check could ask, and those still unjudged for this pair (in either role)', async () => {
    expect(await countQuestions(db, PAIR)).toEqual({ all: 0, left: 0 });
    const asked = await converse(db, ['How do I undo the last git commit?', 'And how do I redo it?'], 1_000);
    await converse(db, ['ok'], 2_000);
    expect(await countQuestions(db, PAIR)).toEqual({ all: 3, left: 2 });
    const question = { id: asked[0]!.questionId, conversationId: asked[0]!.conversationId };
    const swapped = { baseline: PAIR.candidate, candidate: PAIR.baseline };
    await recordVerdict(db, { sessionId: 's', question, ...swapped, shownFirst: 'baseline', choice: 'A' });
    expect(await countQuestions(db, PAIR)).toEqual({ all: 3, left: 1 });
    expect(await countQuestions(db, { ...PAIR, baseline: 'qwen3:8b' })).toEqual({ all: 3, left: 2 });
  });
});
