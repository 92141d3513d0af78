/**
 * Runs recorded by the real recorder (lib/runner/record.ts) and read by the
 * real engine: the signal of a failed run says how it failed, in the words
 * of the run's error, as the user saw it on the run board.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { recordRun, type RecordRunInput } from '@/lib/runner/record';
import { freshDatabase } from '../../support/db';
import { ANSWER, exchange, QUESTION, SEC, signalsOf } from './seed';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => db.close());

const failed = (message: string): RecordRunInput['outcome'] => ({
  status: 'error',
  passed: 0,
  failed: 0,
  durationMs: 40,
  stdout: '',
  stderr: `Traceback (most recent call last):\n  File "main.py", line 1\n${message}\n`,
  truncated: false,
  error: { kind: 'runtime', message, line: 1 },
});

describe('a failed run, recorded by the runner, read by the learning engine', () => {
  it('gives a code_error signal that carries the error text', async () => {
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const code = 'rev = nums[::-1]';
    const { run } = await recordRun(db, {
      conversationId: conversation.id,
      messageId: answer.id,
      blockIndex: 0,
      language: 'python',
      originalCode: code,
      code,
      trigger: 'user',
      outcome: failed("NameError: name 'nums' is not defined"),
      at: T + 5 * SEC,
    });
    await createLearningEngine(db, { now: () => T + 6 * SEC }).processPending();

    const signals = await signalsOf(db, answer.id);
    expect(signals).toMatchObject([{ kind: 'code_error', source: 'run', sourceId: run.id }]);
    expect(signals[0].evidence).toBe("The code failed: NameError: name 'nums' is not defined (code block 1, python)");
  });
});
