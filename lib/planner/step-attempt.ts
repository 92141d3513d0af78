/**
 * One phase of a step, as the executor runs it: a model call (the first
 * write, or a fix of the last failed check) stored as it streams, its files
 * parsed into workspace versions, then the step's check and the status it
 * leads to; or only the check, for an attempt whose check never finished
 * (a reload, the user's edit). Every change is stored as it happens.
 */
import type { CodelumiDB } from '../db/db';
import type { ChatMessage } from '../prompt/prompt';
import type { Plan, PlanRecord, PlanStep, StepAttempt, StepRun, StepStatus } from './types';
import { currentFiles, fileVersions, type FileContent } from './workspace';
import { checkLanguageOfPath } from './file-language';
import { declaredTests } from './step-tests';
import { describeWarning, parseStepOutput } from './step-output';
import { fixMessages, promptText, stepMessages } from './step-prompt';
import { checkProblem, runStepCheck, type CheckRunners } from './step-check';
import type { OpenChannel } from './plan-channel';
import { isRecheck, lastAttempt, lastFailure, statusAfterCheck } from './step-state';
import { isToolPath } from './paths';
import { planListedPaths } from './plan-rules';

/** One model call: resolves with the whole answer; `onToken` gets each piece as it streams; rejects once `signal` aborts. */
export type StepChat = (
  messages: ChatMessage[],
  options: {
    signal: AbortSignal;
    onToken: (piece: string) => void;
    /** The answer stopped at the answer length limit (num_predict), not where the model ended it. */
    onLimit?: () => void;
  },
) => Promise<string>;

/** What the executor is built on (injected: the app's Ollama and sandbox, or test doubles). */
export interface ExecutorDeps extends CheckRunners {
  db: CodelumiDB;
  chat: StepChat;
  /** Fixes a failed check gets before the step fails (the runner's Fix it bound, at least 1). */
  fixBound: () => number;
  /** The model's context window, for the step prompt's budget. */
  contextTokens: () => number;
  /** The tabs' locks (navigator.locks); none means one tab. */
  locks?: LockManager;
  /** The tabs' channels for controls (plan-channel.ts; the browser's BroadcastChannel when absent). */
  channel?: OpenChannel;
  now?: () => number;
  /** How often a streaming answer is saved (default 250 ms). */
  saveIntervalMs?: number;
}

/** What a phase needs from its executor. */
export interface PhaseContext {
  deps: ExecutorDeps;
  planId: string;
  now: () => number;
  /** Stores the run (in order with every other write of the executor) and shows it; with `files`, stores them as the step's new versions in the same transaction. */
  save(run: StepRun, files?: readonly FileContent[]): Promise<void>;
  /** Shows the step being worked on and its answer so far. */
  show(current: { stepId: string; status: StepStatus; answer: string }): void;
  /** A fresh abort signal for a model call (pause, stop, skip, retry and edits abort it). */
  signal(): AbortSignal;
}

/** One phase of `step`: a model call (write or fix) and its check, or the check of an attempt left unchecked. */
export async function stepPhase(ctx: PhaseContext, plan: PlanRecord, step: PlanStep, stored: StepRun): Promise<void> {
  let run = stored;
  const last = lastAttempt(run);
  if (!(run.status === 'checking' && last && last.finishedAt === undefined)) {
    const written = await modelCall(ctx, plan, step, run);
    if (!written) return;
    run = written;
  }
  const files = await currentFiles(ctx.deps.db, ctx.planId);
  const attempt = lastAttempt(run)!;
  const verdict =
    attempt.kind !== 'user-edit' && !isRecheck(attempt) && attempt.files.length === 0
      ? checkProblem(
          `The answer had no file labelled with its path, so nothing was written.${notesOf(plan.plan, step, attempt)}`,
        )
      : await runStepCheck(step, files, ctx.deps, { expectedTests: await expectedTests(ctx, step) });
  const finished = { ...attempt, finishedAt: ctx.now() };
  if (verdict === 'review') {
    // Checked as far as anything here can: the step waits for the user's accept or reject.
    await ctx.save({
      ...run,
      status: 'checking',
      attempts: [...run.attempts.slice(0, -1), finished],
      updatedAt: ctx.now(),
    });
    return;
  }
  const checked = { ...run, attempts: [...run.attempts.slice(0, -1), { ...finished, check: verdict }] };
  const status = statusAfterCheck(checked, verdict, Math.max(1, ctx.deps.fixBound()));
  await ctx.save({ ...checked, status, updatedAt: ctx.now() });
}

/**
 * The model call of a write or a fix, stored as it streams; its files go
 * into the workspace. Returns the run at `checking`, or undefined when the
 * call was aborted (the attempt is kept, marked interrupted). Any other
 * failure (Ollama down) is thrown after the attempt is kept the same way.
 */
async function modelCall(
  ctx: PhaseContext,
  plan: PlanRecord,
  step: PlanStep,
  stored: StepRun,
): Promise<StepRun | undefined> {
  const { deps, now } = ctx;
  const files = await currentFiles(deps.db, ctx.planId);
  const failure = stored.status === 'fixing' ? lastFailure(stored) : undefined;
  const input = { plan: plan.plan, step, files, contextTokens: deps.contextTokens() };
  const messages = failure
    ? fixMessages({ ...input, failure: failure.check, notes: warningsOf(plan.plan, step, failure.attempt) })
    : stepMessages(input);
  const attempt: StepAttempt = {
    n: stored.attempts.length + 1,
    kind: failure ? 'fix' : 'write',
    prompt: promptText(messages),
    answer: '',
    files: [],
    startedAt: now(),
  };
  const status: StepStatus = failure ? 'fixing' : 'writing';
  let run: StepRun = { ...stored, status, attempts: [...stored.attempts, attempt], updatedAt: now() };
  await ctx.save(run);
  const signal = ctx.signal();
  let answer = '';
  let cutAtLimit = false;
  const withAnswer = (extra: Partial<StepAttempt> = {}): StepRun => ({
    ...run,
    attempts: [...run.attempts.slice(0, -1), { ...attempt, answer, ...extra }],
    updatedAt: now(),
  });
  // The streaming answer is saved at most every interval, and always within one after its last piece.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void ctx.save(withAnswer()).catch(() => undefined);
    }, deps.saveIntervalMs ?? 250);
  };
  ctx.show({ stepId: step.id, status, answer });
  try {
    answer = await deps.chat(messages, {
      signal,
      onLimit: () => void (cutAtLimit = true),
      onToken: (piece) => {
        answer += piece;
        ctx.show({ stepId: step.id, status, answer });
        saveSoon();
      },
    });
  } catch (err) {
    clearTimeout(timer);
    // Kept as it was when cut off; a fix cut off is asked again, a write is written again.
    await ctx.save({ ...withAnswer({ interrupted: true, finishedAt: now() }), status: failure ? 'fixing' : 'pending' });
    if (signal.aborted) return undefined;
    throw err;
  }
  clearTimeout(timer);
  const parsed = parseStepOutput(answer, step.files);
  const output = {
    ...parsed,
    files: parsed.files.filter((f) => !refusedTests(step, f.path) && !refusedToolFile(plan.plan, f.path)),
  };
  const paths = output.files.map((f) => f.path);
  const warnings = warningsOf(plan.plan, step, { answer, cutAtLimit });
  run = {
    ...withAnswer({ files: paths, ...(cutAtLimit ? { cutAtLimit } : {}), ...(warnings.length ? { warnings } : {}) }),
    status: 'checking',
  };
  // The files and the attempt that wrote them are stored together: a tab closed between them would leave versions
  // from an attempt later taken for interrupted and written again.
  await ctx.save(run, output.files);
  ctx.show({ stepId: step.id, status: 'checking', answer });
  return run;
}

/**
 * True for the tests file of `step`'s test check when the step does not own
 * it (an earlier step wrote it): the model may not rewrite the tests that
 * judge it, so that file of its answer is not kept (and the fix prompt says so).
 */
function refusedTests(step: PlanStep, path: string): boolean {
  return step.check.kind === 'test' && step.check.testFile === path && !step.files.includes(path);
}

/**
 * The most tests the step's tests file declared in any version this step
 * wrote since the user last edited it: a fix that deletes tests runs fewer
 * and fails (step-check.ts `judgeTestRun`). 0 when not a test check.
 */
async function expectedTests(ctx: PhaseContext, step: PlanStep): Promise<number> {
  const c = step.check;
  if (c.kind !== 'test' || !c.testFile) return 0;
  const language = c.language ?? checkLanguageOfPath(c.testFile);
  if (!language) return 0;
  const versions = await fileVersions(ctx.deps.db, ctx.planId, c.testFile);
  const since = versions.map((v) => v.source).lastIndexOf('user');
  return Math.max(
    0,
    ...versions
      .slice(since + 1)
      .filter((v) => v.stepId === step.id)
      .map((v) => declaredTests(language, v.content)),
  );
}

/**
 * True for a file the answer added in a tool folder or dot-file that the plan
 * does not list (paths.ts `isToolPath`): a step may write those only when
 * the plan names them.
 */
function refusedToolFile(plan: Plan, path: string): boolean {
  return isToolPath(path) && !planListedPaths(plan).has(path);
}

/** What was wrong with an attempt's files, in words (for the fix prompt and the attempt's view). */
function warningsOf(plan: Plan, step: PlanStep, attempt: Pick<StepAttempt, 'answer' | 'cutAtLimit'>): string[] {
  if (!attempt.answer) return [];
  const parsed = parseStepOutput(attempt.answer, step.files);
  const refused = parsed.files
    .filter((f) => refusedTests(step, f.path))
    .map((f) => `${f.path} holds the tests an earlier step wrote to judge this one: your version of it was not kept.`);
  const tools = parsed.files
    .filter((f) => refusedToolFile(plan, f.path))
    .map((f) => `${f.path} is a tool or configuration file the plan does not list: it was not kept.`);
  const cut = attempt.cutAtLimit
    ? [
        'The answer stopped at the answer length limit before it ended, so its last file is cut short: only the files this step needs, kept short, fit.',
      ]
    : [];
  const described = parsed.warnings
    // A tool file's own "not one of the step's files (kept)" would contradict the line above.
    .filter((w) => !(w.kind === 'undeclared' && refusedToolFile(plan, w.path)))
    .map(describeWarning);
  return [...cut, ...described, ...refused, ...tools];
}

function notesOf(plan: Plan, step: PlanStep, attempt: StepAttempt): string {
  const notes = warningsOf(plan, step, attempt);
  return notes.length ? ` ${notes.join(' ')}` : '';
}
