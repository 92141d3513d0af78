/**
 * The learning engine end to end on a real Dexie database (fake-indexeddb):
 * conversations written through the repositories, events appended as the
 * page reports them, processPending over the events table: which signals
 * land on which answer, counted once, and how outcomes and patterns move.
 */
import { readSignals } from '@/lib/signals/learned/detect';
import { SIGNAL_SPECS } from '@/lib/signals/kinds';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine, type EngineOptions } from '@/lib/learning/engine/engine';
import { freshDatabase } from '../../support/db';
import { patternId } from '@/lib/learning/engine/answers';
import { classifyQuestion, describeAnswer, kindKey, styleKey } from '@/lib/patterns/classify';
import { combineSignals } from '@/lib/signals/answer-outcome';
import { recordOutcome } from '@/lib/patterns/patterns';
import {
  ANSWER,
  assistantSays,
  event,
  exchange,
  forgetCursor,
  kinds,
  MODEL,
  QUESTION,
  SEC,
  signalsOf,
  userSays,
  runData,
} from './seed';
import { deferred } from '../../support/deferred';
import { createConversation } from '@/lib/db/conversations';
import { completeAnswer, startAnswer } from '@/lib/db/messages';
import type { PromptTrace } from '@/lib/core/records';

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

describe('text signals from the next message', () => {
  it('puts the signals of a follow-up on the answer it reacts to, with evidence and source', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const followUp = await userSays(db, conversation, answer.id, 'thanks, that worked!', T + 20 * SEC);
    const second = await assistantSays(db, conversation, followUp, 'Glad it helped.', T + 25 * SEC);

    const report = await engine().processPending();

    expect(report).toMatchObject({ events: 4, signals: 1 });
    const [thanks, ...rest] = await signalsOn(answer.id);
    expect(rest).toEqual([]);
    expect(thanks).toMatchObject({
      messageId: answer.id,
      conversationId: conversation.id,
      kind: 'thanks',
      polarity: 1,
      // The model's calibrated probability, not a fixed prior.
      confidence: readSignals({ prevUser: QUESTION, prevAssistant: ANSWER, message: 'thanks, that worked!' }).signals[0]
        .confidence,
      source: 'text',
      sourceId: followUp.id,
      createdAt: T + 20 * SEC,
    });
    expect(thanks.evidence).toContain('that worked');
    // Nothing reacted to the second answer yet, and the first question reacted to nothing.
    expect(await signalsOn(second.id)).toEqual([]);
  });

  it('finds a pasted error in the follow-up (the "doesn\'t work" around it says nothing more)', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const paste =
      'doesn\'t work, I get\nTraceback (most recent call last):\n  File "main.py", line 4, in <module>\nIndexError: list index out of range';
    await userSays(db, conversation, answer.id, paste, T + 30 * SEC);
    await engine().processPending();
    const signals = await signalsOn(answer.id);
    expect(kinds(signals)).toEqual(['code_error']);
    expect(signals.find((s) => s.kind === 'code_error')!.evidence).toContain('IndexError: list index out of range');
  });

  it('gives each branch of a follow-up its own signal on the same answer', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'thanks!', T + 10 * SEC);
    await userSays(db, conversation, answer.id, 'how do I reverse a list in python', T + 20 * SEC);
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['repeated_question', 'thanks']);
  });

  it('uses embedding similarity, when given, to spot a rephrased repeat', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'how can I flip the order of items in a py array?', T + 10 * SEC);
    const similarity = vi.fn(async () => 0.93);
    await engine({ similarity }).processPending();
    expect(similarity).toHaveBeenCalledWith('how can I flip the order of items in a py array?', QUESTION);
    expect(kinds(await signalsOn(answer.id))).toEqual(['repeated_question']);
  });

  it('falls back to words alone when the embedder fails', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'how can I flip the order of items in a py array?', T + 10 * SEC);
    await engine({ similarity: async () => Promise.reject(new Error('no embedding model')) }).processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['no_followup']);
  });
});

describe('event signals', () => {
  it('turns a copy into code_copied with the event as its source', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const seq = await event(
      db,
      'copy',
      T + 3 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    await engine().processPending();
    expect(await signalsOn(answer.id)).toMatchObject([
      {
        kind: 'code_copied',
        polarity: 1,
        confidence: 0.8,
        evidence: 'You copied code block 1',
        source: 'event',
        sourceId: `event:${seq}`,
      },
    ]);
  });

  it('counts copying one answer several times once', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(
      db,
      'copy',
      T + 3 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    await event(
      db,
      'copy',
      T + 4 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'message' },
    );
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied']);
  });

  it('turns a passing run into code_ran_ok and tests_passed, and a failing one into code_error', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const other = await exchange(db, 'How do I read a CSV file in Python?', '```python\nimport csv\n```', T);
    await event(
      db,
      'run',
      T + 5 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      runData({ runId: 'run-1', status: 'ok', passed: 3, failed: 0, blockIndex: 0, language: 'python' }),
    );
    await event(
      db,
      'run',
      T + 5 * SEC,
      { conversationId: other.conversation.id, messageId: other.answer.id },
      runData({
        runId: 'run-2',
        status: 'error',
        errorKind: 'runtime',
        errorMessage: 'ModuleNotFoundError: pandas',
        blockIndex: 0,
      }),
    );
    await engine().processPending();

    const ok = await signalsOn(answer.id);
    expect(kinds(ok)).toEqual(['code_ran_ok', 'tests_passed']);
    expect(ok.every((s) => s.source === 'run' && s.sourceId === 'run-1')).toBe(true);
    expect(ok.find((s) => s.kind === 'tests_passed')!.evidence).toBe('3 tests passed (code block 1, python)');
    const failed = await signalsOn(other.answer.id);
    expect(failed).toMatchObject([{ kind: 'code_error', source: 'run', sourceId: 'run-2' }]);
    expect(failed[0].evidence).toContain('ModuleNotFoundError: pandas');
  });

  it('ignores events about messages that are not answers or no longer exist', async () => {
    const { conversation, question } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'copy', T + SEC, { conversationId: conversation.id, messageId: question.id });
    await event(db, 'copy', T + SEC, { conversationId: conversation.id, messageId: 'gone' });
    const report = await engine().processPending();
    expect(report.signals).toBe(0);
    expect(await db.signals.count()).toBe(0);
  });
});

describe('left_immediately', () => {
  it('is given when the user hides the tab within 10 s of the answer without copying or running it', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 5 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    expect(await signalsOn(answer.id)).toMatchObject([
      {
        kind: 'left_immediately',
        polarity: -1,
        confidence: 0.4,
        evidence: 'You left the tab 5 s after the answer',
        source: 'event',
      },
    ]);
  });

  it('is given for a new chat started within 10 s', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'new_chat', T + 4 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    expect(await signalsOn(answer.id)).toMatchObject([
      { kind: 'left_immediately', evidence: 'You started a new chat 4 s after the answer' },
    ]);
  });

  it('is not given after 10 s', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 11 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    expect(await signalsOn(answer.id)).toEqual([]);
  });

  it('is not given when the user copied or ran the answer first', async () => {
    const copied = await exchange(db, QUESTION, ANSWER, T);
    await event(
      db,
      'copy',
      T + 2 * SEC,
      { conversationId: copied.conversation.id, messageId: copied.answer.id },
      { what: 'message' },
    );
    await event(db, 'hidden', T + 5 * SEC, { conversationId: copied.conversation.id });
    const ran = await exchange(db, 'How do I read a CSV file in Python?', '```python\nimport csv\n```', T);
    await event(
      db,
      'run',
      T + 2 * SEC,
      { conversationId: ran.conversation.id, messageId: ran.answer.id },
      runData({ runId: 'r', status: 'ok' }),
    );
    await event(db, 'new_chat', T + 5 * SEC, { conversationId: ran.conversation.id });
    await engine().processPending();
    expect(kinds(await signalsOn(copied.answer.id))).toEqual(['code_copied']);
    expect(kinds(await signalsOn(ran.answer.id))).toEqual(['code_ran_ok']);
  });

  it('never makes an answer negative by itself: a new chat 3 s after it leaves the outcome unknown', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'new_chat', T + 3 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['left_immediately']);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'unknown' });
  });

  it('counts for nothing once the user copies the code after coming back', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(db, 'hidden', T + 3 * SEC, { conversationId: conversation.id });
    await event(
      db,
      'copy',
      T + 60 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    await engine().processPending();
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied', 'left_immediately']);
    expect(await db.answers.get(answer.id)).toMatchObject({
      outcome: 'positive',
      score: SIGNAL_SPECS.code_copied.confidence,
    });
  });

  it('is about the latest answer of the conversation that was left', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const next = await userSays(db, conversation, answer.id, 'and how would I sort a dict by value?', T + 20 * SEC);
    const second = await assistantSays(
      db,
      conversation,
      next,
      'Use `sorted(d.items(), key=lambda kv: kv[1])`.',
      T + 30 * SEC,
    );
    await event(db, 'hidden', T + 33 * SEC, { conversationId: conversation.id });
    await engine().processPending();
    expect(kinds(await signalsOn(second.id))).toEqual(['left_immediately']);
    expect(kinds(await signalsOn(answer.id))).toEqual(['no_followup']);
  });
});

describe('counting each event once', () => {
  async function seedReactions() {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'thanks, that worked!', T + 20 * SEC);
    await event(
      db,
      'copy',
      T + 3 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    return answer;
  }

  it('processes nothing the second time', async () => {
    const answer = await seedReactions();
    const e = engine();
    const first = await e.processPending();
    const patterns = await db.patterns.toArray();
    const again = await e.processPending();
    expect(first.events).toBe(4);
    expect(again).toMatchObject({ events: 0, signals: 0 });
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied', 'thanks']);
    expect(await db.patterns.toArray()).toEqual(patterns);
  });

  it('lets a second engine (another tab) pick up where the first stopped', async () => {
    const answer = await seedReactions();
    await engine().processPending();
    expect((await engine().processPending()).events).toBe(0);
    expect(await db.signals.count()).toBe(2);
    // New events are for whoever comes next.
    await event(
      db,
      'run',
      T + 40 * SEC,
      { conversationId: answer.conversationId, messageId: answer.id },
      runData({ runId: 'r1', status: 'ok' }),
    );
    expect(await engine().processPending()).toMatchObject({ events: 1, signals: 1 });
  });

  it('counts the same events once even when they are read again (lost cursor)', async () => {
    const answer = await seedReactions();
    await engine().processPending();
    const patterns = await db.patterns.toArray();
    const record = await db.answers.get(answer.id);
    await forgetCursor(db);

    const again = await engine().processPending();
    expect(again.events).toBe(4);
    expect(again.signals).toBe(0);
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied', 'thanks']);
    expect((await db.patterns.toArray()).map((p) => [p.id, p.successes, p.failures])).toEqual(
      patterns.map((p) => [p.id, p.successes, p.failures]),
    );
    expect(await db.answers.get(answer.id)).toMatchObject({
      outcome: record!.outcome,
      score: record!.score,
      signalCount: 2,
    });
  });

  it('counts once when two engines run at the same time under the shared lock', async () => {
    const answer = await seedReactions();
    let chain: Promise<unknown> = Promise.resolve();
    const withLock = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = chain.then(fn);
      chain = run.catch(() => undefined);
      return run;
    };
    const [a, b] = await Promise.all([engine({ withLock }).processPending(), engine({ withLock }).processPending()]);
    expect(a.events + b.events).toBe(4);
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied', 'thanks']);
  });
});

describe('outcomes and patterns', () => {
  it('records the question kind and answer style, and moves the pattern as the signals change', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    await userSays(db, conversation, answer.id, 'thanks, that worked!', T + 20 * SEC);
    const e = engine();
    await e.processPending();

    const kind = kindKey(classifyQuestion(QUESTION));
    const style = styleKey(describeAnswer(ANSWER));
    const id = patternId(kind, style);
    const thanks = (await signalsOn(answer.id))[0].confidence;
    expect(thanks).toBeGreaterThan(0.5);
    expect(await db.answers.get(answer.id)).toMatchObject({
      questionKind: kind,
      topic: 'python',
      answerStyle: style,
      language: 'python',
      outcome: 'positive',
      score: thanks,
      signalCount: 1,
    });
    expect(await db.patterns.get(id)).toMatchObject({
      questionKind: kind,
      answerStyle: style,
      successes: thanks,
      failures: 0,
    });

    // A copy strengthens the same outcome: the pattern moves to the new figure, it does not add another answer.
    await event(
      db,
      'copy',
      T + 25 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    await e.processPending();
    const both = combineSignals(await signalsOn(answer.id));
    expect(both.positive).toBeGreaterThan(thanks);
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'positive', score: both.score, signalCount: 2 });
    expect(await db.patterns.get(id)).toMatchObject(
      recordOutcome({ questionKind: kind, answerStyle: style, successes: 0, failures: 0 }, both),
    );

    // The code then fails: both sides are strong, the answer is mixed.
    await event(
      db,
      'run',
      T + 40 * SEC,
      { conversationId: conversation.id, messageId: answer.id },
      runData({ runId: 'r1', status: 'error', errorKind: 'runtime', errorMessage: 'boom' }),
    );
    await e.processPending();
    const mixed = combineSignals(await signalsOn(answer.id));
    expect(mixed.outcome).toBe('mixed');
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'mixed', signalCount: 3 });
    const expected = recordOutcome({ questionKind: kind, answerStyle: style, successes: 0, failures: 0 }, mixed);
    expect(await db.patterns.get(id)).toMatchObject({ successes: expected.successes, failures: expected.failures });
    expect(await db.patterns.count()).toBe(1);
  });

  it('adds the outcomes of several answers of one kind and style', async () => {
    for (let i = 0; i < 3; i++) {
      const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T + i * SEC);
      await event(
        db,
        'copy',
        T + i * SEC + 2 * SEC,
        { conversationId: conversation.id, messageId: answer.id },
        { what: 'message' },
      );
    }
    await engine().processPending();
    const [pattern] = await db.patterns.toArray();
    expect(pattern.successes).toBeCloseTo(2.4, 6);
  });

  it('leaves an answer without signals unknown and the pattern without evidence', async () => {
    const { answer } = await exchange(db, QUESTION, ANSWER, T);
    await engine().processPending();
    expect(await db.answers.get(answer.id)).toMatchObject({ outcome: 'unknown', score: 0, signalCount: 0 });
    const [pattern] = await db.patterns.toArray();
    expect(pattern).toMatchObject({ successes: 0, failures: 0 });
  });
});

describe('robustness', () => {
  it('skips a bad event without stopping the rest', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
      // A corrupt row: a user message whose content is not text.
      await db.messages.put({
        id: 'bad',
        conversationId: conversation.id,
        parentId: answer.id,
        role: 'user',
        content: 42 as unknown as string,
        status: 'complete',
        createdAt: T,
        updatedAt: T,
      });
      await event(db, 'message_sent', T + 5 * SEC, { conversationId: conversation.id, messageId: 'bad' });
      await event(
        db,
        'copy',
        T + 6 * SEC,
        { conversationId: conversation.id, messageId: answer.id },
        { what: 'message' },
      );

      const e = engine();
      const report = await e.processPending();
      expect(report.events).toBe(4);
      expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied']);
      expect(warn).toHaveBeenCalledWith('Codelumi learning: skipped an event', 'message_sent', expect.any(TypeError));
      // Skipped, not retried forever.
      expect((await e.processPending()).events).toBe(0);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('giving way to retrieval', () => {
  it('waits for more urgent work before each batch and each write, and then learns all of it', async () => {
    const { answer } = await exchange(db, QUESTION, ANSWER, T);
    await event(
      db,
      'copy',
      T + 3 * SEC,
      { conversationId: answer.conversationId, messageId: answer.id },
      { what: 'code', blockIndex: 0 },
    );
    const busy = deferred();
    const firstAsk = deferred();
    // For each time the engine asked, and each write it made: was the urgent work done by then?
    const askedWhenDone: boolean[] = [];
    const wroteWhenDone: boolean[] = [];
    for (const table of [db.signals, db.answers]) table.hook('creating', () => void wroteWhenDone.push(busy.settled));
    const pass = engine({
      yieldTo: () => (askedWhenDone.push(busy.settled), firstAsk.resolve(), busy.promise),
    }).processPending();

    await firstAsk.promise;
    // The urgent work: a retrieval's reads of the same database, queued alongside anything the engine would do.
    for (let read = 0; read < 20; read++) await db.events.toArray();
    expect(await db.signals.count()).toBe(0);
    expect(await db.answers.count()).toBe(0);

    busy.resolve();
    expect(await pass).toMatchObject({ events: 3, signals: 1 });
    expect(kinds(await signalsOn(answer.id))).toEqual(['code_copied']);
    // Asked before the batch's reads and its write, before looking for another batch, before the outcomes;
    // nothing more was asked and nothing written while the urgent work was still running.
    expect(askedWhenDone).toEqual([false, true, true, true]);
    expect(wroteWhenDone.length).toBeGreaterThan(0);
    expect(wroteWhenDone.every(Boolean)).toBe(true);
  });
});

describe('preferences an answer ignored', () => {
  /** An exchange whose answer was given `memoryIds` in its prompt (as the prompt inspector's trace records it). */
  async function answeredWith(content: string, memoryIds: string[]) {
    const conversation = await createConversation(db, {}, T - 2000);
    const question = await userSays(db, conversation, null, 'How do I reverse an array?', T - 1000);
    const answer = await startAnswer(db, conversation.id, question.id, MODEL, T);
    const trace: PromptTrace = {
      model: MODEL,
      contextLength: 8192,
      promptTokens: 100,
      historyIds: [question.id],
      omittedIds: [],
      systemPrompt: '',
      sections: memoryIds.length
        ? [
            {
              name: 'Preferences',
              tokens: 10,
              items: memoryIds.map((id) => ({ id: `memory:${id}`, label: id, tokens: 5 })),
            },
          ]
        : [],
    };
    await completeAnswer(db, answer.id, { content, trace });
    await event(db, 'answer_done', T, { conversationId: conversation.id, messageId: answer.id });
    return answer;
  }

  it('counts only the preferences the answer was given in its prompt', async () => {
    const now = Date.now();
    await db.memories.bulkAdd([
      {
        id: 'ts',
        kind: 'preference',
        text: 'Prefers TypeScript in code examples',
        source: 'explicit',
        confidence: 0.9,
        enabled: 1,
        createdAt: now,
        updatedAt: now,
      },
      {
        id: 'short',
        kind: 'preference',
        text: 'Prefers short answers',
        source: 'explicit',
        confidence: 0.9,
        enabled: 1,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const python = 'Like this:\n\n```python\nxs[::-1]\n```';
    const told = await answeredWith(python, ['ts']);
    const untold = await answeredWith(python, []);
    await engine().processPending();

    expect((await db.answers.get(told.id))?.violations).toEqual([
      { memoryId: 'ts', reason: 'Code in python although you prefer TypeScript' },
    ]);
    expect((await db.answers.get(untold.id))?.violations).toBeUndefined();
  });

  it('does not hold a preference switched off since against the answer', async () => {
    const now = Date.now();
    await db.memories.add({
      id: 'ts',
      kind: 'preference',
      text: 'Prefers TypeScript',
      source: 'explicit',
      confidence: 0.9,
      enabled: 0,
      createdAt: now,
      updatedAt: now,
    });
    const answer = await answeredWith('```python\nxs[::-1]\n```', ['ts']);
    await engine().processPending();
    expect((await db.answers.get(answer.id))?.violations).toBeUndefined();
  });
});
