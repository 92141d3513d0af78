/**
 * checkDwell end to end with an injected clock: no_followup for answers that
 * ended their conversation while the user stayed on them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine, type EngineOptions } from '@/lib/learning/engine/engine';
import { freshDatabase } from '../../support/db';
import { ANSWER, event, exchange, QUESTION, SEC, signalsOf, userSays } from './seed';

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

describe('checkDwell', () => {
  it('adds no_followup to an answer that ended the conversation when the user stayed at least 30 s', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 45 * SEC, { conversationId: conversation.id });
    const e = engine();
    await e.processPending();
    clock = T + 5 * 60 * SEC;
    expect(await e.checkDwell()).toBe(1);
    expect(await signalsOn(answer.id)).toMatchObject([
      {
        kind: 'no_followup',
        polarity: 1,
        confidence: 0.6,
        evidence: 'You stayed on the answer for 45 s and the conversation ended there',
        source: 'dwell',
        sourceId: `dwell:${answer.id}`,
      },
    ]);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'positive', dwellChecked: true });
    // Checked once: a second look adds nothing.
    expect(await e.checkDwell()).toBe(0);
    expect(await signalsOn(answer.id)).toHaveLength(1);
  });

  it('counts the time until now when the user never left', async () => {
    const { answer } = await exchange(db, QUESTION, ANSWER, T);
    const e = engine();
    await e.processPending();
    clock = T + 3 * 60 * SEC;
    expect(await e.checkDwell()).toBe(1);
    expect((await signalsOn(answer.id))[0].evidence).toBe(
      'You stayed on the answer for 180 s and the conversation ended there',
    );
  });

  it('adds nothing when the user left before 30 s', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 20 * SEC, { conversationId: conversation.id });
    const e = engine();
    await e.processPending();
    clock = T + 5 * 60 * SEC;
    expect(await e.checkDwell()).toBe(0);
    expect(await signalsOn(answer.id)).toEqual([]);
  });

  it('adds nothing to an answer the conversation went on from', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'ok', T + 40 * SEC);
    const e = engine();
    await e.processPending();
    clock = T + 5 * 60 * SEC;
    expect(await e.checkDwell()).toBe(0);
    expect(await signalsOn(answer.id)).toEqual([]);
  });

  it('waits until the answer has settled, then adds it', async () => {
    const { answer } = await exchange(db, QUESTION, ANSWER, T);
    const e = engine();
    await e.processPending();
    clock = T + 60 * SEC;
    expect(await e.checkDwell()).toBe(0);
    expect(await db.answers.get(answer.id)).not.toHaveProperty('dwellChecked', true);
    clock = T + 5 * 60 * SEC;
    expect(await e.checkDwell()).toBe(1);
  });
});
