/**
 * Correcting a signal, end to end on a real database: the signal is removed
 * or flipped, the outcome and pattern follow, what came from a misread
 * correction is withdrawn, the correction is kept as a labelled example, and
 * the detector adapts to the user.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { ADAPTATION_KEY, correctSignal } from '@/lib/learning/engine/corrections';
import { freshDatabase } from '../../support/db';
import { ANSWER, event, exchange, kinds, QUESTION, SEC, signalsOf, userSays } from './seed';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => db.close());

const engine = () => createLearningEngine(db, { now: () => T + 600 * SEC });

describe('correctSignal', () => {
  it('flips a thanks that was sarcastic into said_wrong: the outcome turns, the example is kept, the detector adapts', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const reply = await userSays(db, conversation, answer.id, 'thanks a lot, really helpful', T + 10 * SEC);
    await engine().processPending();
    const [thanks] = await signalsOf(db, answer.id);
    expect(thanks.kind).toBe('thanks');
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'positive' });

    const correction = await correctSignal(db, thanks.id, 'said_wrong', T + 20 * SEC);

    expect(await signalsOf(db, answer.id)).toMatchObject([
      { id: thanks.id, kind: 'said_wrong', polarity: -1, confidence: 1, correctedFrom: 'thanks' },
    ]);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'negative' });
    expect(await db.signalCorrections.toArray()).toEqual([
      {
        ...correction,
        from: 'thanks',
        to: 'said_wrong',
        answerId: answer.id,
        example: { prevUser: QUESTION, prevAssistant: ANSWER, message: reply.content },
      },
    ]);
    expect((await db.meta.get(ADAPTATION_KEY))?.value).toMatchObject({ examples: 1 });
  });

  it('removes a misread correction and withdraws the memory and training pair it made', async () => {
    const { conversation, answer } = await exchange(
      db,
      'How do I install eslint as a dev dependency with npm?',
      'Run `npm install eslint --save`.',
      T,
    );
    await userSays(
      db,
      conversation,
      answer.id,
      'use `npm i -D eslint` instead, --save adds it to dependencies',
      T + 10 * SEC,
    );
    await engine().processPending();
    const [fix] = await signalsOf(db, answer.id);
    expect(fix.kind).toBe('user_corrected');
    expect(await db.memories.where('kind').equals('correction').count()).toBe(1);
    expect(await db.trainingPairs.count()).toBe(1);

    await correctSignal(db, fix.id, 'none', T + 20 * SEC);

    expect(await signalsOf(db, answer.id)).toEqual([]);
    expect(await db.memories.where('kind').equals('correction').count()).toBe(0);
    expect(await db.trainingPairs.count()).toBe(0);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'unknown', signalCount: 0 });
    expect(await db.patterns.toArray()).toMatchObject([{ successes: 0, failures: 0 }]);
  });

  it('withdraws only the misread message’s share of a correction memory another message also made', async () => {
    const question = 'How do I install eslint as a dev dependency with npm?';
    const wrong = 'Run `npm install eslint --save`.';
    const first = await exchange(db, question, wrong, T);
    await userSays(
      db,
      first.conversation,
      first.answer.id,
      'use `npm i -D eslint` instead, --save adds it to dependencies',
      T + 10 * SEC,
    );
    const second = await exchange(db, question, wrong, T + 60 * SEC);
    const secondFix = await userSays(
      db,
      second.conversation,
      second.answer.id,
      'use `npm i -D eslint` instead, --save adds it to the dependencies',
      T + 70 * SEC,
    );
    await engine().processPending();
    const [memory] = await db.memories.where('kind').equals('correction').toArray();
    expect(memory).toMatchObject({ hits: 2 });

    const [fix] = await signalsOf(db, first.answer.id);
    await correctSignal(db, fix.id, 'none', T + 100 * SEC);

    const left = await db.memories.where('kind').equals('correction').toArray();
    expect(left).toMatchObject([
      { id: memory.id, messageId: secondFix.id, conversationId: second.conversation.id, hits: 1 },
    ]);
    expect(left[0].evidence).toContain('to the dependencies');
    expect(left[0].sources).toHaveLength(1);
  });

  it('withdraws the training pair of a correction the user made by hand when it is removed again', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    // Longer than a signal's evidence keeps (200 characters): the pair holds the whole message.
    const long =
      "that's wrong, the loop should start at 1 because the first row of the file is the header line, and it must be skipped before anything is parsed; the same goes for the second file, whose header spans two lines in the export";
    await userSays(db, conversation, answer.id, long, T + 10 * SEC);
    await engine().processPending();
    const [wrong] = await signalsOf(db, answer.id);
    expect(wrong.kind).toBe('said_wrong');
    await correctSignal(db, wrong.id, 'user_corrected', T + 20 * SEC);
    expect(await db.trainingPairs.count()).toBe(1);

    await correctSignal(db, wrong.id, 'none', T + 30 * SEC);

    expect(await db.memories.where('kind').equals('correction').count()).toBe(0);
    expect(await db.trainingPairs.count()).toBe(0);
  });

  it('lets an event signal only be removed, and says why otherwise', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 3 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    const [left] = await signalsOf(db, answer.id);
    await expect(correctSignal(db, left.id, 'thanks')).rejects.toThrow(/can only be removed/);
    await correctSignal(db, left.id, 'none');
    expect(await signalsOf(db, answer.id)).toEqual([]);
    await expect(correctSignal(db, left.id, 'none')).rejects.toThrow(/no longer there/);
  });

  it('makes the engine stop reading thanks in the messages of a user whose thanks is always sarcastic', async () => {
    const sarcastic = [
      'thanks a lot, really helpful',
      'wow, thanks. great answer',
      'thanks so much, genius',
      'great, thanks for that',
      'thank you, amazing work',
    ];
    const read: string[][] = [];
    for (const [i, text] of sarcastic.entries()) {
      const { conversation, answer } = await exchange(db, `${QUESTION} (${i})`, ANSWER, T + i * 100 * SEC);
      await userSays(db, conversation, answer.id, text, T + i * 100 * SEC + 10 * SEC);
      await engine().processPending();
      const signals = await signalsOf(db, answer.id);
      read.push(kinds(signals));
      // The user corrects each thanks the detector still reads.
      const thanks = signals.find((s) => s.kind === 'thanks');
      if (thanks) await correctSignal(db, thanks.id, 'said_wrong');
    }
    expect(read[0]).toEqual(['thanks']);
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T + 900 * SEC);
    await userSays(db, conversation, answer.id, 'thanks, awesome help', T + 910 * SEC);
    await engine().processPending();
    expect(kinds(await signalsOf(db, answer.id))).not.toContain('thanks');
    const corrections = await db.signalCorrections.count();
    expect(corrections).toBeGreaterThanOrEqual(1);
    expect(corrections).toBeLessThanOrEqual(sarcastic.length);
    console.log(`sarcastic thanks: read as ${JSON.stringify(read)}; ${corrections} corrections`);
  });
});
