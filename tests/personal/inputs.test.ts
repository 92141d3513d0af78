/** What a personal model is built from (lib/personal/inputs.ts, examples.ts) on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { gatherMaterial, MAX_EXAMPLES } from '@/lib/personal/inputs';
import { pickExamples } from '@/lib/personal/examples';
import { correctionKey } from '@/lib/memory/learned';
import { editMemory } from '@/lib/memory/memories';
import type { Memory, TrainingPair } from '@/lib/core/records';
import { freshDatabase } from '../support/db';
import { answered, chat, memory } from './support';

let db: CodelumiDB;
beforeEach(async () => {
  db = freshDatabase();
  await chat(db, 'ok');
  await chat(db, 'binned', { deletedAt: 5_000 });
  await chat(db, 'private', { noLearn: true });
});
afterEach(() => db.close());

describe('pickExamples', () => {
  it('takes positive answers, highest score first, with their questions', async () => {
    await answered(db, 'ok', 'a1', 'Reverse a list?', 'reversed(items)', 'positive', 0.7);
    await answered(db, 'ok', 'a2', 'Sort a dict?', 'sorted(d.items())', 'positive', 0.9);
    await answered(db, 'ok', 'a3', 'Merge dicts?', 'a | b', 'negative', 0.99);
    const picked = await pickExamples(db, 5);
    expect(picked.map((e) => [e.id, e.question])).toEqual([
      ['a2', 'Sort a dict?'],
      ['a1', 'Reverse a list?'],
    ]);
    expect(await pickExamples(db, 1)).toHaveLength(1);
  });

  it('takes no answer whose signals are weaker than the training export asks (a lone "no follow-up")', async () => {
    await answered(db, 'ok', 'weak', 'Reverse a list?', 'reversed(items)', 'positive', 0.6 - 0.01);
    await answered(db, 'ok', 'sure', 'Sort a dict?', 'sorted(d.items())', 'positive', 0.85);
    expect((await pickExamples(db, 5)).map((e) => e.id)).toEqual(['sure']);
  });

  it('never takes an answer from a conversation in the bin or kept out of learning, nor one too long to be an example', async () => {
    await answered(db, 'binned', 'b1', 'Binned question?', 'binned answer', 'positive', 1);
    await answered(db, 'private', 'p1', 'Private question?', 'private answer', 'positive', 1);
    await answered(db, 'ok', 'long', 'Long one?', 'x'.repeat(5000), 'positive', 1);
    await answered(db, 'ok', 'a1', 'Reverse a list?', 'reversed(items)', 'positive', 0.8);
    expect((await pickExamples(db, 5)).map((e) => e.id)).toEqual(['a1']);
  });
});

describe('gatherMaterial', () => {
  it('keeps enabled memories from chats learning may use and the user’s own, and drops the rest', async () => {
    await db.memories.bulkPut([
      memory('said', 'Prefers TypeScript with strict types', { conversationId: 'ok', messageId: 'm1' }),
      memory('mine', 'Prefers tabs', { source: 'user', conversationId: 'binned' }),
      memory('binned', 'Prefers Go', { conversationId: 'binned', messageId: 'm2' }),
      memory('private', 'Prefers Rust', { conversationId: 'private', messageId: 'm3' }),
      memory('off', 'Prefers Java', { enabled: 0 }),
      memory('withdrawn', 'Prefers Perl', { confidence: 0 }),
      memory('forgotten-chat', 'Prefers Ruby', { conversationId: 'gone', messageId: 'm4' }),
    ]);
    const { memories } = await gatherMaterial(db);
    expect(memories.map((m) => m.id).sort()).toEqual(['mine', 'said']);
  });

  it('uses the user’s edit of a correction memory as the example’s answer, as the training export does', async () => {
    const said = 'no, use reversed() instead';
    const question = 'How do I reverse a list in Python?';
    await db.trainingPairs.put({
      id: 'pair1',
      conversationId: 'ok',
      messageId: 'x1',
      question,
      rejected: 'x',
      chosen: said,
      createdAt: 2_000,
    });
    await db.memories.put(
      memory('c1', 'When asked about reversing: use reversed()', {
        kind: 'correction',
        key: correctionKey(question, said),
        conversationId: 'ok',
        messageId: 'x1',
      }),
    );
    await editMemory(db, 'c1', 'When asked about “reversing”: use list.reverse() to reverse in place');
    const { examples } = await gatherMaterial(db);
    expect(examples[0]).toMatchObject({ id: 'pair:pair1', answer: 'use list.reverse() to reverse in place' });
  });

  it('puts corrections’ chosen answers first as examples, then the best answers, at most five, none from the bin', async () => {
    await db.trainingPairs.bulkPut([
      {
        id: 'pair1',
        conversationId: 'ok',
        messageId: 'x1',
        question: 'How do I reverse a list in Python?',
        rejected: 'items[::-1]',
        chosen: 'no, use reversed() instead',
        createdAt: 2_000,
      },
      {
        id: 'pair2',
        conversationId: 'binned',
        messageId: 'x2',
        question: 'Secret?',
        rejected: 'a',
        chosen: 'b',
        createdAt: 3_000,
      },
    ]);
    await db.memories.put(
      memory('c1', 'When asked about reversing: use reversed()', {
        kind: 'correction',
        key: correctionKey('How do I reverse a list in Python?', 'no, use reversed() instead'),
        conversationId: 'ok',
        messageId: 'x1',
      }),
    );
    for (let i = 0; i < 7; i++)
      await answered(db, 'ok', `a${i}`, `Question ${i}?`, `Answer ${i}`, 'positive', 0.6 + i / 20);
    const { examples } = await gatherMaterial(db);
    expect(examples).toHaveLength(MAX_EXAMPLES);
    expect(examples[0]).toMatchObject({ id: 'pair:pair1', answer: 'use reversed() instead', from: 'correction' });
    expect(examples.slice(1).map((e) => e.id)).toEqual(['a6', 'a5', 'a4', 'a3']);
  });

  it('takes a correction’s training pair only while its correction memory exists, is switched on and not withdrawn', async () => {
    const pair = (id: string, question: string, chosen: string): TrainingPair => ({
      id,
      conversationId: 'ok',
      messageId: `m-${id}`,
      question,
      rejected: 'wrong',
      chosen,
      createdAt: 2_000,
    });
    await db.trainingPairs.bulkPut([
      pair('on', 'How do I sort a dict?', 'use sorted(d.items())'),
      pair('off', 'How do I merge dicts?', 'use a | b'),
      pair('withdrawn', 'How do I copy a list?', 'use list(items)'),
      pair('orphan', 'How do I read a file?', 'use pathlib'),
    ]);
    const correction = (id: string, p: TrainingPair, fields: Partial<Memory> = {}) =>
      memory(id, `Correction ${id}`, {
        kind: 'correction',
        key: correctionKey(p.question, p.chosen),
        conversationId: 'ok',
        messageId: p.messageId,
        ...fields,
      });
    const pairs = await db.trainingPairs.toArray();
    const byId = (id: string) => pairs.find((p) => p.id === id)!;
    await db.memories.bulkPut([
      correction('m-on', byId('on')),
      correction('m-off', byId('off'), { enabled: 0 }),
      correction('m-withdrawn', byId('withdrawn'), { confidence: 0 }),
    ]);
    const { examples } = await gatherMaterial(db);
    expect(examples.map((e) => e.id)).toEqual(['pair:on']);
  });
});
