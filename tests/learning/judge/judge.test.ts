/**
 * The optional judge on a real database: the engine queues follow-ups it read
 * without conviction (ids only), a verdict changes their signals and the
 * answer's outcome (never over the user's own correction, never when unsure),
 * and the judge asks only when switched on, idle and within its budget.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { ADAPTATION_KEY, correctSignal } from '@/lib/learning/engine/corrections';
import { setConversationLearning } from '@/lib/db/conversations';
import { applyVerdict } from '@/lib/learning/judge/apply-verdict';
import { JUDGE_QUEUE_KEY, queuedReadings } from '@/lib/learning/judge/queue';
import { JUDGE_HOURLY_LIMIT, judgeStats, SignalJudge, type JudgeChat } from '@/lib/learning/judge/judge';
import { parseVerdict, VERDICT_FORMAT } from '@/lib/learning/judge/verdict';
import { freshDatabase } from '../../support/db';
import { ANSWER, exchange, kinds, MODEL, QUESTION, SEC, signalsOf, userSays } from '../engine/seed';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => db.close());

const engine = () => createLearningEngine(db, { now: () => T + 600 * SEC });

/** An exchange and a follow-up, learned from; returns the ids the judge works with. */
async function followUp(text: string) {
  const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
  const reply = await userSays(db, conversation, answer.id, text, T + 10 * SEC);
  await engine().processPending();
  return { conversation, answer, reply };
}

describe('the queue', () => {
  it('holds a follow-up the detector read without conviction, by id, and not a clear one', async () => {
    const unclear = await followUp('thanks, but it still crashes');
    const clear = await followUp('hmm that gives an error');
    const queue = await queuedReadings(db);
    expect(queue).toEqual([
      expect.objectContaining({ answerId: unclear.answer.id, messageId: unclear.reply.id, decided: 'thanks' }),
    ]);
    expect(queue.map((q) => q.messageId)).not.toContain(clear.reply.id);
    // Ids only: none of the user's words wait in the queue.
    expect(JSON.stringify((await db.meta.get(JUDGE_QUEUE_KEY))?.value)).not.toContain('crashes');
  });
});

describe('applyVerdict', () => {
  it('turns a misread thanks into said_wrong: the outcome turns, and the detector learns nothing from it', async () => {
    const { answer, reply } = await followUp('thanks, but it still crashes');
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['thanks']);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'positive' });

    const result = await applyVerdict(
      db,
      { answerId: answer.id, messageId: reply.id, decided: 'thanks' },
      { label: 'said_wrong', confidence: 0.9 },
      MODEL,
      T + 20 * SEC,
    );

    expect(result).toBe('changed');
    expect(await signalsOf(db, answer.id)).toMatchObject([
      {
        kind: 'said_wrong',
        polarity: -1,
        confidence: 0.9,
        source: 'text',
        sourceId: reply.id,
        judged: { model: MODEL, label: 'said_wrong', detector: 'thanks' },
      },
    ]);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'negative' });
    expect(await db.signalCorrections.count()).toBe(0);
    expect(await db.meta.get(ADAPTATION_KEY)).toBeUndefined();
  });

  it('removes what a message that only moved on was read as', async () => {
    const { answer, reply } = await followUp('thanks, but it still crashes');
    const result = await applyVerdict(
      db,
      { answerId: answer.id, messageId: reply.id, decided: 'thanks' },
      { label: 'new_question', confidence: 0.8 },
      MODEL,
      T + 20 * SEC,
    );
    expect(result).toBe('changed');
    expect(await signalsOf(db, answer.id)).toEqual([]);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'unknown' });
  });

  it('marks a reading it agrees with, and changes nothing when it is unsure', async () => {
    const { answer, reply } = await followUp('thanks, but it still crashes');
    const reading = { answerId: answer.id, messageId: reply.id, decided: 'thanks' };
    expect(await applyVerdict(db, reading, { label: 'said_wrong', confidence: 0.4 }, MODEL, T)).toBe('unsure');
    const [unchanged] = await signalsOf(db, answer.id);
    expect(unchanged.kind).toBe('thanks');
    expect(unchanged.judged).toBeUndefined();
    expect(await applyVerdict(db, reading, { label: 'thanks', confidence: 0.7 }, MODEL, T)).toBe('agreed');
    expect(await signalsOf(db, answer.id)).toMatchObject([{ kind: 'thanks', judged: { model: MODEL } }]);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'positive' });
  });

  it('never overrules the user: a signal they corrected, or removed, stays as they left it', async () => {
    const { answer, reply } = await followUp('thanks, but it still crashes');
    const [thanks] = await signalsOf(db, answer.id);
    await correctSignal(db, thanks.id, 'user_corrected', T + 15 * SEC);
    const reading = { answerId: answer.id, messageId: reply.id, decided: 'thanks' };
    expect(await applyVerdict(db, reading, { label: 'said_wrong', confidence: 0.95 }, MODEL, T)).toBe('skipped');
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['user_corrected']);

    const other = await followUp('thanks, but it still crashes');
    const [otherThanks] = await signalsOf(db, other.answer.id);
    await correctSignal(db, otherThanks.id, 'none', T + 15 * SEC);
    const otherReading = { answerId: other.answer.id, messageId: other.reply.id, decided: 'thanks' };
    expect(await applyVerdict(db, otherReading, { label: 'said_wrong', confidence: 0.95 }, MODEL, T)).toBe('skipped');
    expect(await signalsOf(db, other.answer.id)).toEqual([]);
  });

  it('writes nothing for a conversation that is no longer learned from', async () => {
    const { conversation, answer, reply } = await followUp('thanks, but it still crashes');
    await setConversationLearning(db, conversation.id, false);
    const reading = { answerId: answer.id, messageId: reply.id, decided: 'thanks' };
    expect(await applyVerdict(db, reading, { label: 'said_wrong', confidence: 0.95 }, MODEL, T)).toBe('skipped');
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['thanks']);
  });

  it('turns a message into a correction: the correction is remembered as the detector would have', async () => {
    const { answer, reply } = await followUp('without slicing');
    expect(await signalsOf(db, answer.id)).toEqual([]);
    const reading = { answerId: answer.id, messageId: reply.id, decided: 'new_question' };
    expect(await applyVerdict(db, reading, { label: 'user_corrected', confidence: 0.85 }, MODEL, T)).toBe('changed');
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['user_corrected']);
    expect(await db.memories.where('kind').equals('correction').count()).toBe(1);
    expect(await db.trainingPairs.count()).toBe(1);
  });
});

describe('parseVerdict', () => {
  it('accepts only the schema: a label offered and a confidence from 0 to 1', () => {
    expect(parseVerdict('{"label":"thanks","confidence":0.8}')).toEqual({ label: 'thanks', confidence: 0.8 });
    expect(parseVerdict('{"label":"angry","confidence":0.8}')).toBeUndefined();
    expect(parseVerdict('{"label":"thanks","confidence":3}')).toBeUndefined();
    expect(parseVerdict('Sure! The label is thanks.')).toBeUndefined();
  });
});

describe('SignalJudge', () => {
  interface Setup {
    enabled?: boolean | undefined;
    busy?: boolean;
    chat?: JudgeChat;
  }
  function judgeWith(setup: Setup) {
    const timers: { run: () => void; ms: number }[] = [];
    const state = {
      enabled: 'enabled' in setup ? setup.enabled : true,
      busy: setup.busy ?? false,
      now: T + 60 * SEC,
    };
    const chat = vi.fn<JudgeChat>(
      setup.chat ?? (async () => ({ message: { content: '{"label":"said_wrong","confidence":0.9}' } })),
    );
    const judge = new SignalJudge({
      db,
      enabled: () => state.enabled,
      modelFor: (answer) => answer.model,
      chat,
      busy: () => state.busy,
      now: () => state.now,
      setTimer: (run, ms) => timers.push({ run, ms }),
      clearTimer: () => undefined,
    });
    return { judge, chat, state, timers };
  }

  it('asks the model that wrote the answer, with the verdict schema, and acts on its verdict', async () => {
    const { answer, reply } = await followUp('thanks, but it still crashes');
    const { judge, chat } = judgeWith({});
    await judge.poke();
    expect(chat).toHaveBeenCalledTimes(1);
    const [request] = chat.mock.calls[0];
    expect(request).toMatchObject({ model: MODEL, format: VERDICT_FORMAT, stream: false });
    expect(request.messages.at(-1)?.content).toContain(reply.content);
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['said_wrong']);
    expect(await queuedReadings(db)).toEqual([]);
    expect(await judgeStats(db)).toMatchObject({ changed: 1, failed: 0, recent: [expect.any(Number)] });
  });

  it('asks nothing while switched off, and drops what was queued meanwhile', async () => {
    const { answer } = await followUp('thanks, but it still crashes');
    const { judge, chat } = judgeWith({ enabled: false });
    await judge.poke();
    expect(chat).not.toHaveBeenCalled();
    expect(await queuedReadings(db)).toEqual([]);
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['thanks']);
  });

  it('before the settings are read, neither asks nor drops what waits (the switch may well be on)', async () => {
    await followUp('thanks, but it still crashes');
    const { judge, chat } = judgeWith({ enabled: undefined });
    await judge.poke();
    expect(chat).not.toHaveBeenCalled();
    expect(await queuedReadings(db)).toHaveLength(1);
  });

  it('shows no model a chat that went to the bin or out of learning after it was queued', async () => {
    const { conversation, answer } = await followUp('thanks, but it still crashes');
    await setConversationLearning(db, conversation.id, false);
    const { judge, chat } = judgeWith({});
    await judge.poke();
    expect(chat).not.toHaveBeenCalled();
    expect(await queuedReadings(db)).toEqual([]);
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['thanks']);
  });

  it('waits while an answer streams, and gives way when one starts: the follow-up stays queued', async () => {
    await followUp('thanks, but it still crashes');
    const busy = judgeWith({ busy: true });
    await busy.judge.poke();
    expect(busy.chat).not.toHaveBeenCalled();
    // It looks again by itself (another tab's answer ending tells it nothing): once no answer is written, it asks.
    busy.state.busy = false;
    busy.timers.at(-1)!.run();
    await expect.poll(() => busy.chat.mock.calls.length).toBe(1);
    await vi.waitFor(async () => expect(await queuedReadings(db)).toEqual([]));
    await followUp('thanks, but it still crashes');

    let started!: () => void;
    const asked = new Promise<void>((resolve) => (started = resolve));
    const giving = judgeWith({
      chat: (_request, signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    const drained = giving.judge.poke();
    await asked;
    giving.judge.yieldToChat();
    await drained;
    expect(await queuedReadings(db)).toHaveLength(1);
    // Given up for the chat: not counted against the budget (the one request so far is the verdict above).
    expect(await judgeStats(db)).toMatchObject({ recent: [expect.any(Number)], failed: 0, changed: 1 });
  });

  it('counts a reply that is not a verdict as a failure, says so, and leaves the signal alone', async () => {
    const { answer } = await followUp('thanks, but it still crashes');
    const { judge } = judgeWith({ chat: async () => ({ message: { content: 'It looks like sarcasm to me.' } }) });
    await judge.poke();
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['thanks']);
    expect(await queuedReadings(db)).toEqual([]);
    expect(await judgeStats(db)).toMatchObject({
      failed: 1,
      lastError: `${MODEL} replied with something that is not a verdict.`,
    });
  });

  it('keeps the follow-up queued when Ollama cannot be reached, and says why', async () => {
    await followUp('thanks, but it still crashes');
    const { judge } = judgeWith({
      chat: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await judge.poke();
    expect(await queuedReadings(db)).toHaveLength(1);
    expect((await judgeStats(db)).lastError).toMatch(/Failed to fetch/);
  });

  it('asks at most JUDGE_HOURLY_LIMIT times an hour, then waits for the hour to pass', async () => {
    const recent = Array.from({ length: JUDGE_HOURLY_LIMIT }, (_, i) => T + i * SEC);
    await db.meta.put({ key: 'signals.judgeStats', value: { changed: 0, agreed: 0, unsure: 0, failed: 0, recent } });
    await followUp('thanks, but it still crashes');
    const { judge, chat, state, timers } = judgeWith({});
    await judge.poke();
    expect(chat).not.toHaveBeenCalled();
    expect(timers.at(-1)?.ms).toBe(recent[0] + 3_600_000 - state.now);
    state.now = recent[0] + 3_600_000 + 1;
    await judge.poke();
    expect(chat).toHaveBeenCalledTimes(1);
  });
});
