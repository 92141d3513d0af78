/**
 * The runner's state for the page: what each code block's run is doing now
 * (queued, loading Python, running, done), its streamed output, and the
 * orchestration around runs (record every finished run, auto-run finished
 * answers, Fix it with its automatic retries, Write tests). Framework-free:
 * the UI subscribes to a block's key and renders its snapshot.
 */
import type { CodelumiDB } from '../db/db';
import type { RunTrigger } from '../core/records';
import {
  autoRuns,
  hasJsx,
  hasSideEffects,
  isPreviewLanguage,
  reactUsesTypeScript,
  type RunnerLanguage,
  type WorkerLanguage,
} from './languages';
import type { RunResult, SandboxHost } from './host';
import type { LoadingMessage } from './protocol';
import { recordRun } from './record';
import { fixPrompt, pickRunnableBlock, testsPrompt } from './follow-ups';

/** One code block of an answer, as the runner knows it. */
export interface BlockRef {
  conversationId: string;
  messageId: string;
  blockIndex: number;
  language: RunnerLanguage;
  /** The fence's own language word (tsx, py …). */
  fence: string;
  /** The code as the answer wrote it. */
  code: string;
}

export type RunPhase = 'queued' | 'loading' | 'running' | 'done';

export interface LiveRun {
  phase: RunPhase;
  language: RunnerLanguage;
  trigger: RunTrigger;
  edited: boolean;
  loading?: Pick<LoadingMessage, 'runtime' | 'stage' | 'loaded' | 'total'>;
  /** Output in the order it arrived; consecutive text of one stream is merged. */
  output: { stream: 'stdout' | 'stderr'; text: string }[];
  outcome?: Pick<RunResult, 'status' | 'passed' | 'failed' | 'durationMs' | 'error' | 'truncated'>;
  timeLimitMs: number;
  /** Fix attempt number and how many are allowed, for runs made by Fix it. */
  attempt?: { n: number; of: number };
  /** Said above the output (e.g. what the run combined). */
  note?: string;
}

/**
 * How a follow-up's answer ended, as far as the runner reads it (lib/chat's
 * AnswerEnding is one): the runner sits below the chat and does not import it.
 */
export interface FollowUpAnswer {
  status: 'complete' | 'stopped' | 'interrupted' | 'failed';
  content: string;
}

/** Sends a follow-up question in the block's conversation; the board awaits the answer. */
export type SendFollowUp = (text: string) => Promise<{ answerId: string; done: Promise<FollowUpAnswer> }>;

export interface RunnerSettings {
  timeLimitMs: number;
  autoRun: Record<WorkerLanguage, boolean>;
  autoRunSideEffects: boolean;
  autoFixRetries: number;
}

export interface BoardDeps {
  db: CodelumiDB;
  host: () => SandboxHost;
  settings: () => RunnerSettings;
  /** Called once a run and its learning event are stored (the app wakes the learning engine). */
  onRecorded?: () => void;
}

/**
 * A code block as the runner needs it. The Response Processor
 * (lib/response/response.ts) produces these: the runner never looks for code
 * blocks or guesses their languages itself.
 */
export interface RunnableBlock {
  /** 0-based position among the answer's code blocks. */
  index: number;
  code: string;
  /** The fence's language, or the detected one when the fence had none. */
  effectiveLanguage: string;
  /** How the block runs, or undefined when it cannot. */
  runner?: RunnerLanguage;
}

/** The key of a block in the board. */
export function blockKey(messageId: string, blockIndex: number): string {
  return `${messageId}:${blockIndex}`;
}

export class RunBoard {
  private live = new Map<string, LiveRun>();
  private listeners = new Map<string, Set<() => void>>();
  private drafts = new Map<string, string>();
  private cancels = new Map<string, () => void>();
  private fixing = new Set<string>();
  private pendingNotify = new Set<string>();
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  /** The idle callback a warm-up waits for, to cancel on dispose. */
  private warmUpPending: (() => void) | undefined;
  private disposed = false;

  constructor(private readonly deps: BoardDeps) {}

  /** The block's live run, if one ran in this tab. Stable between changes (safe for useSyncExternalStore). */
  snapshot(key: string): LiveRun | undefined {
    return this.live.get(key);
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The user's edited code of a block, if they edited it. */
  draft(key: string): string | undefined {
    return this.drafts.get(key);
  }

  /** Stores (or with undefined, drops) the user's edit of a block. */
  setDraft(key: string, code: string | undefined): void {
    if (code === undefined) this.drafts.delete(key);
    else this.drafts.set(key, code);
    this.emit(key, true);
  }

  /** True while a block's run is queued, loading or running, or its Fix it loop goes on. */
  busy(key: string): boolean {
    const l = this.live.get(key);
    return (!!l && l.phase !== 'done') || this.fixing.has(key);
  }

  /**
   * Starts Python loading in the sandbox before its first run is asked for,
   * only where a run will plausibly follow (loading costs seconds of CPU and
   * ~70 MB, which would compete with the model on a small machine):
   * `streaming`: a Python block is complete in the answer this tab is
   * streaming, and the auto-run rule (`autoRuns`, the one the Response
   * Processor picks run requests with) will run it when the answer ends;
   * `intent`: the pointer or focus is on a Python block's Run. Never for an
   * answer opened from history, one streaming in another tab, or code that
   * only the Run button would run. It waits for the tab's next idle moment
   * (at most 1 s), so the page paints first; the loading itself happens in
   * the sandbox's worker, off the app's thread. Calls while one waits are
   * one; the sandbox host sends one warm-up per sandbox frame.
   */
  warmUp(block: { runner?: RunnerLanguage; code: string }, why: 'streaming' | 'intent'): void {
    if (block.runner !== 'python' || this.warmUpPending || this.disposed) return;
    if (why === 'streaming') {
      const rule = { runner: block.runner, preview: false, sideEffects: hasSideEffects(block.runner, block.code) };
      if (!autoRuns(rule, this.autoRunSettings())) return;
    }
    const warm = () => {
      this.warmUpPending = undefined;
      this.deps.host().warmUp('python');
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(warm, { timeout: 1000 });
      this.warmUpPending = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(warm, 0);
      this.warmUpPending = () => clearTimeout(id);
    }
  }

  /** The page is going away: a warm-up still waiting is dropped, and none starts later. */
  dispose(): void {
    this.disposed = true;
    this.warmUpPending?.();
    this.warmUpPending = undefined;
  }

  /** Stops the block's running run (it is then not recorded). */
  cancel(key: string): void {
    this.cancels.get(key)?.();
  }

  private update(key: string, patch: Partial<LiveRun> | ((l: LiveRun) => LiveRun), immediate = true): void {
    const cur = this.live.get(key);
    if (!cur) return;
    this.live.set(key, typeof patch === 'function' ? patch(cur) : { ...cur, ...patch });
    this.emit(key, immediate);
  }

  private emit(key: string, immediate: boolean): void {
    if (immediate) {
      this.pendingNotify.delete(key);
      for (const l of this.listeners.get(key) ?? []) l();
      return;
    }
    // Output can stream in thousands of chunks: listeners hear about it at most every 50 ms.
    this.pendingNotify.add(key);
    this.notifyTimer ??= setTimeout(() => {
      this.notifyTimer = undefined;
      const keys = [...this.pendingNotify];
      this.pendingNotify.clear();
      for (const k of keys) for (const l of this.listeners.get(k) ?? []) l();
    }, 50);
  }

  /**
   * Runs a Python/JavaScript/TypeScript block (its draft when `code` is not
   * given and the user edited it) and records the finished run. Resolves
   * with the outcome, or undefined when the run was stopped.
   */
  async run(
    ref: BlockRef,
    options: { trigger: RunTrigger; code?: string; tests?: string; attempt?: LiveRun['attempt']; note?: string } = {
      trigger: 'user',
    },
  ): Promise<RunResult | undefined> {
    if (isPreviewLanguage(ref.language)) throw new Error('Previews render in a preview pane, not in the runner.');
    const key = blockKey(ref.messageId, ref.blockIndex);
    const code = options.code ?? this.drafts.get(key) ?? ref.code;
    // Code handed in by Fix it or Write tests is the model's, not an edit of the user's.
    const edited = options.code === undefined && code !== ref.code;
    const timeLimitMs = this.deps.settings().timeLimitMs;
    this.live.set(key, {
      phase: 'queued',
      language: ref.language,
      trigger: options.trigger,
      edited,
      output: [],
      timeLimitMs,
      attempt: options.attempt,
      note: options.note,
    });
    this.emit(key, true);
    const handle = this.deps.host().run(
      {
        language: ref.language as WorkerLanguage,
        code,
        tests: options.tests,
        jsx: hasJsx(code) && ref.language !== 'python',
        timeLimitMs,
      },
      {
        onLoading: (m) =>
          this.update(key, {
            phase: 'loading',
            loading: { runtime: m.runtime, stage: m.stage, loaded: m.loaded, total: m.total },
          }),
        onStarted: () => this.update(key, { phase: 'running', loading: undefined }),
        onOutput: (stream, text) =>
          this.update(
            key,
            (l) => {
              const output = l.output.slice();
              const last = output[output.length - 1];
              if (last && last.stream === stream) output[output.length - 1] = { stream, text: last.text + text };
              else output.push({ stream, text });
              return { ...l, output };
            },
            false,
          ),
      },
    );
    let stopped = false;
    this.cancels.set(key, () => {
      stopped = true;
      handle.cancel();
    });
    const outcome = await handle.done;
    this.cancels.delete(key);
    if (stopped) {
      this.update(key, {
        phase: 'done',
        outcome: {
          status: 'error',
          passed: 0,
          failed: 0,
          durationMs: 0,
          truncated: false,
          error: { kind: 'sandbox', message: 'Stopped.' },
        },
      });
      return undefined;
    }
    this.update(key, { phase: 'done', loading: undefined, outcome });
    await this.record(edited ? ref : { ...ref, code }, code, options.trigger, outcome, options.tests);
    return outcome;
  }

  /** Shows a preview as running, before its pane reports. */
  startPreview(ref: BlockRef, trigger: RunTrigger = 'user'): void {
    const key = blockKey(ref.messageId, ref.blockIndex);
    const code = this.drafts.get(key) ?? ref.code;
    this.live.set(key, {
      phase: 'running',
      language: ref.language,
      trigger,
      edited: code !== ref.code,
      output: [],
      timeLimitMs: this.deps.settings().timeLimitMs,
    });
    this.emit(key, true);
  }

  /** Adds preview console output to the block's live run. */
  previewOutput(ref: BlockRef, stream: 'stdout' | 'stderr', text: string): void {
    this.update(
      blockKey(ref.messageId, ref.blockIndex),
      (l) => ({ ...l, output: [...l.output, { stream, text }] }),
      false,
    );
  }

  /** Records how a preview ended. */
  async finishPreview(
    ref: BlockRef,
    code: string,
    outcome: Pick<RunResult, 'status' | 'durationMs' | 'stdout' | 'stderr' | 'error'>,
  ): Promise<void> {
    const key = blockKey(ref.messageId, ref.blockIndex);
    const full = { ...outcome, passed: 0, failed: 0, truncated: false };
    this.update(key, { phase: 'done', outcome: full });
    await this.record(ref, code, this.live.get(key)?.trigger ?? 'user', full);
  }

  private async record(
    ref: BlockRef,
    code: string,
    trigger: RunTrigger,
    outcome: Pick<
      RunResult,
      'status' | 'passed' | 'failed' | 'durationMs' | 'stdout' | 'stderr' | 'truncated' | 'error'
    >,
    tests?: string,
  ): Promise<void> {
    try {
      await recordRun(this.deps.db, {
        conversationId: ref.conversationId,
        messageId: ref.messageId,
        blockIndex: ref.blockIndex,
        language: ref.language,
        originalCode: ref.code,
        code,
        tests,
        trigger,
        outcome,
      });
      this.deps.onRecorded?.();
    } catch {
      // The result stays on screen; only its record is lost (storage full). Nothing else to do here.
    }
  }

  /** What auto-run may run, from Settings (the Response Processor picks a finished answer's run requests with it). */
  autoRunSettings(): Pick<RunnerSettings, 'autoRun' | 'autoRunSideEffects'> {
    const s = this.deps.settings();
    return { autoRun: s.autoRun, autoRunSideEffects: s.autoRunSideEffects };
  }

  /**
   * Runs a finished answer's run requests (the Response Processor picked
   * them) one after another; a failure starts the automatic fix when it is on.
   * Blocks that cannot run in the worker are skipped.
   */
  async autoRun(
    conversationId: string,
    messageId: string,
    requests: readonly RunnableBlock[],
    send?: SendFollowUp,
  ): Promise<void> {
    for (const block of requests) {
      if (!block.runner || isPreviewLanguage(block.runner)) continue;
      const ref: BlockRef = {
        conversationId,
        messageId,
        blockIndex: block.index,
        language: block.runner,
        fence: block.effectiveLanguage,
        code: block.code,
      };
      const outcome = await this.run(ref, { trigger: 'auto' });
      if (outcome && outcome.status !== 'ok' && send && this.deps.settings().autoFixRetries > 0) {
        await this.fix(ref, { code: this.drafts.get(blockKey(messageId, ref.blockIndex)) ?? ref.code, outcome }, send);
        return; // the fix answer is new context; later blocks of the old answer are left alone
      }
    }
  }

  /**
   * Fix it: sends the failed code and its error to the model, runs the code
   * of its answer, and (with automatic fixing on) repeats until a version
   * passes or the attempts run out. Each attempt is a message pair in the
   * conversation and a run under its answer's block.
   */
  async fix(
    ref: BlockRef,
    failed: { code: string; tests?: string; outcome: RunResult },
    send: SendFollowUp,
  ): Promise<RunResult | undefined> {
    const key = blockKey(ref.messageId, ref.blockIndex);
    if (this.fixing.has(key)) return undefined;
    const of = Math.max(1, this.deps.settings().autoFixRetries);
    this.fixing.add(key);
    this.emit(key, true);
    let current = { ...failed };
    let result: RunResult | undefined;
    try {
      for (let n = 1; n <= of; n++) {
        const started = await send(
          fixPrompt({ language: ref.language, code: current.code, tests: current.tests, outcome: current.outcome }),
        );
        const answer = await started.done;
        if (answer.status !== 'complete') return undefined;
        const block = pickRunnableBlock(answer.content, ref.language);
        if (!block || isPreviewLanguage(block.runner)) return undefined;
        const next: BlockRef = {
          conversationId: ref.conversationId,
          messageId: started.answerId,
          blockIndex: block.index,
          language: block.runner,
          fence: block.language,
          code: block.code,
        };
        result = await this.run(next, {
          trigger: 'fix',
          tests: current.tests,
          attempt: { n, of },
          note: current.tests ? 'Ran with the tests of the failed run.' : undefined,
        });
        if (!result || result.status === 'ok') return result;
        current = { code: block.code, tests: current.tests, outcome: result };
      }
      return result;
    } finally {
      this.fixing.delete(key);
      this.emit(key, true);
    }
  }

  /** Write tests: asks the model for tests of the block and runs the block's code with them. */
  async writeTests(ref: BlockRef, send: SendFollowUp): Promise<RunResult | undefined> {
    const key = blockKey(ref.messageId, ref.blockIndex);
    const code = this.drafts.get(key) ?? ref.code;
    const started = await send(testsPrompt({ language: ref.language, code }));
    const answer = await started.done;
    if (answer.status !== 'complete') return undefined;
    const block = pickRunnableBlock(answer.content, ref.language);
    if (!block || isPreviewLanguage(block.runner)) return undefined;
    const next: BlockRef = {
      conversationId: ref.conversationId,
      messageId: started.answerId,
      blockIndex: block.index,
      language: ref.language,
      fence: ref.fence,
      code: block.code,
    };
    // The tests run after the code they test, in the same scope; the run is shown under the tests.
    return this.run(next, {
      trigger: 'tests',
      code,
      tests: block.code,
      note: 'Ran these tests against the code of the earlier answer.',
    });
  }
}

/** The settings the board reads, from the app's settings. */
export function runnerSettings(s: {
  runTimeLimitSec: number;
  autoRun: Record<WorkerLanguage, boolean>;
  autoRunSideEffects: boolean;
  autoFixRetries: number;
}): RunnerSettings {
  return {
    timeLimitMs: s.runTimeLimitSec * 1000,
    autoRun: s.autoRun,
    autoRunSideEffects: s.autoRunSideEffects,
    autoFixRetries: s.autoFixRetries,
  };
}

export { reactUsesTypeScript };
