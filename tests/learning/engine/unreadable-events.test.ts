/**
 * Stored events the engine cannot read as their kind (a newer version's
 * kind, a damaged row, a shape no writer produces) are skipped with the
 * reason logged: never guessed at, and never a stop for the events after them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { AppEvent } from '@/lib/core/records';
import { readEvent } from '@/lib/db/events';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { freshDatabase } from '../../support/db';
import { ANSWER, event, exchange, kinds, QUESTION, SEC, signalsOf } from './seed';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => {
  db.close();
  vi.restoreAllMocks();
});

/** Stores a row as it may be found in the events table, whatever its shape. */
const storeRaw = (row: object) => db.events.add(row as AppEvent);

describe('events the engine cannot read', () => {
  it('skips a run event without the fields a run records, logs why, and learns from the events after it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
    const where = { conversationId: conversation.id, messageId: answer.id };
    const bad = await storeRaw({ kind: 'run', ...where, at: T + SEC, data: { status: 'ok' } });
    await storeRaw({ kind: 'shared', ...where, at: T + SEC });
    await event(db, 'copy', T + 2 * SEC, where, { what: 'code', blockIndex: 0 });

    const report = await createLearningEngine(db, { now: () => T + 3 * SEC }).processPending();

    // Not read as a clean run (no code_ran_ok), and the copy after it still counts.
    expect(kinds(await signalsOf(db, answer.id))).toEqual(['code_copied']);
    expect(report.events).toBe(5);
    const logged = warn.mock.calls.map((c) => String(c[0]));
    expect(logged.some((line) => line.includes(`skipped event ${bad}`) && line.includes('data.runId'))).toBe(true);
    expect(logged.some((line) => line.includes('kind'))).toBe(true);
    // The cursor moved past them: a second pass reads nothing again.
    expect((await createLearningEngine(db, { now: () => T + 4 * SEC }).processPending()).events).toBe(0);
  });
});

describe('readEvent', () => {
  it('reads rows of every kind as the app has written them, older ones included', () => {
    const about = { conversationId: 'c1', messageId: 'm1', at: 1 };
    for (const row of [
      { seq: 1, kind: 'copy', ...about },
      { seq: 2, kind: 'copy', ...about, data: { what: 'selection', chars: 12 } },
      { seq: 3, kind: 'message_sent', ...about },
      { seq: 4, kind: 'answer_done', ...about },
      { seq: 5, kind: 'hidden', conversationId: 'c1', at: 1 },
      { seq: 6, kind: 'new_chat', at: 1 },
      {
        seq: 7,
        kind: 'run',
        ...about,
        data: {
          runId: 'r',
          blockIndex: 0,
          language: 'python',
          status: 'error',
          passed: 0,
          failed: 0,
          edited: false,
          trigger: 'auto',
          durationMs: 3,
          errorKind: 'runtime',
          errorMessage: 'x',
        },
      },
    ]) {
      expect(readEvent(row)).toEqual({ ok: true, event: row });
    }
  });

  it('says which field is wrong', () => {
    expect(
      readEvent({ seq: 9, kind: 'copy', conversationId: 'c1', messageId: 'm1', at: 1, data: { what: 'answer' } }),
    ).toMatchObject({
      ok: false,
      seq: 9,
      reason: expect.stringContaining('data.what'),
    });
    expect(readEvent(null)).toMatchObject({ ok: false, seq: undefined });
  });
});
