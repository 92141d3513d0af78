/**
 * The runner's learning interface: how a finished run becomes data the
 * learning engine (issue 5) reads. Every finished run writes one `Run` row
 * and appends one `AppEvent` of kind 'run' with a `RunEventData` payload, in
 * one transaction, so the two never disagree.
 *
 * Signals the engine can derive (DESIGN.md "Learning"):
 * - code_ran_ok: `status === 'ok'` (and `trigger !== 'tests'` if it wants
 *   only the answer's own code);
 * - code_error: `status === 'error' | 'timeout'` of unedited code;
 * - tests_passed: `passed > 0 && failed === 0`;
 * - user_corrected: `edited && status === 'ok' && previousStatus` is
 *   'error' or 'timeout'; `diff` is the correction (answer's code → user's).
 */
import type { CodelumiDB } from '../db/db';
import type { AppEvent, NewAppEvent, Run, RunEventData, RunTrigger } from '../core/records';
import { guardWrite } from '../db/guard';
import { newId } from '../core/ids';
import { diffCode } from './diff';
import type { RunResult } from './host';

/** The `data` of an AppEvent of kind 'run' (declared with the other stored shapes in lib/core/records.ts). */
export type { RunEventData };

export interface RecordRunInput {
  conversationId: string;
  messageId: string;
  blockIndex: number;
  language: string;
  /** The code as the answer wrote it. */
  originalCode: string;
  /** The code that ran (equal to `originalCode` unless edited). */
  code: string;
  tests?: string;
  trigger: RunTrigger;
  outcome: Pick<RunResult, 'status' | 'passed' | 'failed' | 'durationMs' | 'stdout' | 'stderr' | 'truncated' | 'error'>;
  at?: number;
}

/** Stored output per stream is capped so a noisy run cannot fill the database. */
const STORED_OUTPUT = 50_000;

/** The latest run of one code block, or undefined. */
export async function latestRun(db: CodelumiDB, messageId: string, blockIndex: number): Promise<Run | undefined> {
  const runs = await db.runs.where('[messageId+blockIndex]').equals([messageId, blockIndex]).sortBy('createdAt');
  return runs[runs.length - 1];
}

/** Writes the Run row and its 'run' event together; returns both. */
export async function recordRun(db: CodelumiDB, input: RecordRunInput): Promise<{ run: Run; event: RunEventData }> {
  const at = input.at ?? Date.now();
  const edited = input.code !== input.originalCode;
  const o = input.outcome;
  const run: Run = {
    id: newId(),
    messageId: input.messageId,
    conversationId: input.conversationId,
    blockIndex: input.blockIndex,
    language: input.language,
    code: input.code,
    tests: input.tests,
    status: o.status,
    stdout: o.stdout.slice(0, STORED_OUTPUT),
    stderr: o.stderr.slice(0, STORED_OUTPUT),
    durationMs: Math.round(o.durationMs),
    passed: o.passed,
    failed: o.failed,
    createdAt: at,
    edited,
    trigger: input.trigger,
    error: o.error
      ? { kind: o.error.kind, message: o.error.message, line: o.error.line, column: o.error.column }
      : undefined,
    truncated: o.truncated || o.stdout.length > STORED_OUTPUT || o.stderr.length > STORED_OUTPUT,
  };
  const event: RunEventData = {
    runId: run.id,
    blockIndex: run.blockIndex,
    language: run.language,
    status: run.status,
    passed: o.passed,
    failed: o.failed,
    edited,
    trigger: input.trigger,
    durationMs: run.durationMs,
  };
  if (o.error) {
    event.errorKind = o.error.kind;
    event.errorMessage = o.error.message.slice(0, 500);
  }
  if (edited) {
    const d = diffCode(input.originalCode, input.code);
    event.diff = d.patch;
    event.linesAdded = d.added;
    event.linesRemoved = d.removed;
  }
  await guardWrite(() =>
    db.transaction('rw', db.runs, db.events, async () => {
      const previous = await latestRun(db, input.messageId, input.blockIndex);
      if (previous) event.previousStatus = previous.status;
      await db.runs.add(run);
      const row: NewAppEvent = {
        kind: 'run',
        conversationId: input.conversationId,
        messageId: input.messageId,
        at,
        data: { ...event },
      };
      await db.events.add(row as AppEvent);
    }),
  );
  return { run, event };
}
