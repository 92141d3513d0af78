/**
 * The engine's event handlers as pure functions: an event and what was read
 * before the pass in, the writes to make out. No database: the snapshot is
 * built from messages in hand.
 */
import { describe, expect, it } from 'vitest';
import type { Message, RunEventData } from '@/lib/core/records';
import {
  dwellWrites,
  noWrites,
  onAnswerDone,
  onCopy,
  onLeave,
  onMessageSent,
  onRun,
  writesFor,
  type HandlerInput,
} from '@/lib/learning/engine/handlers';
import { MessageSnapshot, type LastAnswer } from '@/lib/learning/engine/snapshot';
import { signalOf } from '@/lib/signals/kinds';

const T = 1_700_000_000_000;

function message(id: string, role: Message['role'], content: string, parentId: string | null): Message {
  return { id, conversationId: 'c1', parentId, role, content, status: 'complete', createdAt: T, updatedAt: T };
}

const question = message('q1', 'user', 'How do I install eslint as a dev dependency with npm?', null);
const answer = message('a1', 'assistant', 'Run:\n\n```sh\nnpm install eslint --save\n```', 'q1');
const about = { conversationId: 'c1', messageId: 'a1' };

function input(messages: Message[], lastAnswers: [number, LastAnswer][] = []): HandlerInput {
  return { snap: MessageSnapshot.of(messages, lastAnswers), similarities: new Map(), detect: {} };
}

const run = (over: Partial<RunEventData>): RunEventData => ({
  runId: 'r1',
  blockIndex: 0,
  language: 'sh',
  status: 'ok',
  passed: 0,
  failed: 0,
  edited: false,
  trigger: 'user',
  durationMs: 9,
  ...over,
});

describe('the handlers return the writes to make', () => {
  it('a sent message: what it states, its signals on the answer it reacts to, and its correction', () => {
    const reply = message('u2', 'user', 'it should be `npm i -D eslint` instead. I prefer short answers.', 'a1');
    const writes = onMessageSent(
      { kind: 'message_sent', conversationId: 'c1', messageId: 'u2', at: T },
      input([question, answer, reply]),
    );
    expect(writes.stated).toEqual([{ memories: [expect.objectContaining({ kind: 'preference' })], message: reply }]);
    expect(writes.answerRecords).toEqual(['a1']);
    expect(writes.signals).toHaveLength(1);
    expect(writes.signals[0]).toMatchObject({ answer: { id: 'a1' }, source: { kind: 'text', id: 'u2' } });
    expect(writes.signals[0].signals.map((s) => s.kind)).toContain('user_corrected');
    expect(writes.corrections).toEqual([
      expect.objectContaining({ question: question.content, rejected: answer.content, answer, sourceMessageId: 'u2' }),
    ]);
    expect(writes.touched).toEqual(['a1']);
  });

  it('a first question states what it states and touches no answer', () => {
    const first = message('u1', 'user', 'Our project uses pnpm. How do I add a dependency?', null);
    const writes = onMessageSent(
      { kind: 'message_sent', conversationId: 'c1', messageId: 'u1', at: T },
      input([first]),
    );
    expect(writes.stated).toHaveLength(1);
    expect({ ...writes, stated: [] }).toEqual(noWrites());
  });

  it('a finished answer gets its record; a message that is not an answer gets nothing', () => {
    expect(onAnswerDone({ kind: 'answer_done', ...about, at: T }, input([question, answer]))).toEqual({
      ...noWrites(),
      answerRecords: ['a1'],
      touched: ['a1'],
    });
    expect(
      onAnswerDone({ kind: 'answer_done', conversationId: 'c1', messageId: 'q1', at: T }, input([question, answer])),
    ).toEqual(noWrites());
    expect(onAnswerDone({ kind: 'answer_done', conversationId: 'c1', messageId: 'gone', at: T }, input([]))).toEqual(
      noWrites(),
    );
  });

  it('a copy gives code_copied from the event', () => {
    const writes = onCopy(
      { kind: 'copy', ...about, seq: 7, at: T, data: { what: 'code', blockIndex: 0 } },
      input([question, answer]),
    );
    expect(writes.signals).toEqual([
      {
        answer,
        signals: [signalOf('code_copied', 'You copied code block 1')],
        source: { kind: 'event', id: 'event:7' },
      },
    ]);
  });

  it('a failed run gives code_error with its error; a fixed run gives user_corrected and remembers the working code', () => {
    const failed = onRun(
      {
        kind: 'run',
        ...about,
        at: T,
        data: run({ status: 'error', errorKind: 'runtime', errorMessage: 'npm ERR! 404' }),
      },
      input([question, answer]),
    );
    expect(failed.signals[0]).toMatchObject({
      source: { kind: 'run', id: 'r1' },
      signals: [{ kind: 'code_error', evidence: 'The code failed: npm ERR! 404 (code block 1, sh)' }],
    });
    expect(failed.corrections).toEqual([]);

    const diff = '-npm install eslint --save\n+npm install eslint --save-dev';
    const fixed = onRun(
      { kind: 'run', ...about, at: T, data: run({ runId: 'r2', edited: true, previousStatus: 'error', diff }) },
      input([question, answer]),
    );
    expect(fixed.signals[0].signals.map((s) => s.kind)).toEqual(['user_corrected']);
    expect(fixed.corrections).toEqual([
      { question: question.content, rejected: answer.content, correction: `The working code was:\n${diff}`, answer },
    ]);
  });

  it('leaving right after an answer gives left_immediately; leaving after working with it gives nothing', () => {
    const left = onLeave(
      { kind: 'hidden', conversationId: 'c1', seq: 9, at: T + 3000 },
      input([question, answer], [[9, { answerId: 'a1', doneAt: T, engaged: false }]]),
    );
    expect(left.signals).toEqual([
      {
        answer,
        signals: [signalOf('left_immediately', 'You left the tab 3 s after the answer')],
        source: { kind: 'event', id: 'event:9' },
      },
    ]);
    expect(left.answerRecords).toEqual([]);
    const engaged = onLeave(
      { kind: 'new_chat', conversationId: 'c1', seq: 9, at: T + 3000 },
      input([question, answer], [[9, { answerId: 'a1', doneAt: T, engaged: true }]]),
    );
    expect(engaged).toEqual(noWrites());
  });

  it('writesFor picks the handler by kind', () => {
    const event = { kind: 'copy' as const, ...about, seq: 3, at: T };
    expect(writesFor(event, input([question, answer]))).toEqual(onCopy(event, input([question, answer])));
  });

  it('the dwell check marks every candidate checked and adds the signals it found', () => {
    const signal = signalOf('no_followup', 'You stayed');
    expect(
      dwellWrites(
        ['a1', 'a2'],
        [
          { answer, signal },
          { answer: { ...answer, id: 'a2' }, signal: undefined },
        ],
      ),
    ).toEqual({
      ...noWrites(),
      dwellChecked: ['a1', 'a2'],
      signals: [{ answer, signals: [signal], source: { kind: 'dwell', id: 'dwell:a1' } }],
      touched: ['a1'],
    });
  });
});
