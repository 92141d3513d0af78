/**
 * The messages between the app and its sandboxes, as zod schemas. Every
 * message that crosses a window boundary is parsed with these before it is
 * believed: the app checks the sender (`event.source`) and the shape, the
 * sandbox document checks the shape of what the app sends it. A message that
 * fails either check is dropped.
 */
import * as z from '../core/zod';
import { MAX_FILE_CHARS, MAX_PATH_LENGTH, MAX_PROGRAM_FILES, programTreeProblem } from './program-files';

export const RUN_STATUSES = ['ok', 'error', 'timeout'] as const;
export type RunResultStatus = (typeof RUN_STATUSES)[number];

const runId = z.string().check(z.minLength(1), z.maxLength(100));
const text = z.string().check(z.maxLength(1_000_000));
const count = z.count();

/** Where a failure happened in the user's code (1-based line and column). */
export const codeErrorSchema = z.object({
  /** syntax: did not parse; runtime: threw; tests: a test failed; sandbox: the sandbox itself failed. */
  kind: z.enum(['syntax', 'runtime', 'tests', 'timeout', 'sandbox', 'unavailable']),
  message: z.string().check(z.maxLength(10_000)),
  line: z.optional(count),
  column: z.optional(count),
  /** Multi-file programs: the workspace path `line` and `column` are in (absent for a single block of code). */
  file: z.optional(z.string().check(z.maxLength(MAX_PATH_LENGTH))),
});
export type CodeError = z.infer<typeof codeErrorSchema>;

// ---------------------------------------------------------------- app → sandbox

const path = z.string().check(z.minLength(1), z.maxLength(MAX_PATH_LENGTH));

export const runRequestSchema = z
  .object({
    type: z.literal('run'),
    runId,
    language: z.enum(['python', 'javascript', 'typescript']),
    code: text,
    /** Test code run after `code`: in the same scope for a single block; its own module in a multi-file program. */
    tests: z.optional(text),
    /** Needs the JSX transform (a component run as a program). */
    jsx: z.optional(z.boolean()),
    timeLimitMs: z.wholeNumber(100, 600_000),
    /** Most characters of stdout + stderr kept; more is dropped with a notice. */
    outputLimit: z.wholeNumber(1_000, 5_000_000),
    /** The program's other files (workspace-relative POSIX paths): the run is a multi-file program. */
    files: z.optional(
      z
        .array(z.object({ path, content: z.string().check(z.maxLength(MAX_FILE_CHARS)) }))
        .check(z.maxLength(MAX_PROGRAM_FILES)),
    ),
    /** Where `code` sits in the tree (default main.py / main.js / main.ts). */
    path: z.optional(path),
    /** Where `tests` sit in the tree (default tests.py / tests.js / tests.ts). */
    testsPath: z.optional(path),
  })
  .check(z.refine((r) => programTreeProblem(r) === undefined, { message: 'The program files are not a valid tree.' }));
export type RunRequest = z.infer<typeof runRequestSchema>;

export const cancelRequestSchema = z.object({ type: z.literal('cancel'), runId });

/**
 * Start Python ahead of its first run (it is about to be needed, see RunBoard.warmUp):
 * the sandbox loads a never-used interpreter that the next Python run takes.
 * It runs nothing and changes nothing a run can see.
 */
export const warmRequestSchema = z.object({ type: z.literal('warm'), runtime: z.literal('python') });
export type WarmRequest = z.infer<typeof warmRequestSchema>;

/**
 * Sent once, right after `ready`, with a MessagePort in the event's ports:
 * the app page's server of the runtime files (runtime-server.ts).
 */
export const filesMessageSchema = z.object({ type: z.literal('files') });
export type FilesMessage = z.infer<typeof filesMessageSchema>;

/** Everything the app may send the runner sandbox. */
export const hostToSandboxSchema = z.discriminatedUnion('type', [
  runRequestSchema,
  cancelRequestSchema,
  warmRequestSchema,
  filesMessageSchema,
]);
export type HostToSandbox = z.infer<typeof hostToSandboxSchema>;

// ---------------------------------------------------------------- sandbox → app

export const readyMessageSchema = z.object({ type: z.literal('ready') });

/** Python (or another runtime) is downloading or starting; `total` 0 when unknown. */
export const loadingMessageSchema = z.object({
  type: z.literal('loading'),
  runId,
  runtime: z.enum(['python', 'transpiler']),
  stage: z.enum(['download', 'start']),
  loaded: z.number().check(z.nonnegative()),
  total: z.number().check(z.nonnegative()),
});
export type LoadingMessage = z.infer<typeof loadingMessageSchema>;

export const startedMessageSchema = z.object({ type: z.literal('started'), runId });

export const outputMessageSchema = z.object({
  type: z.literal('output'),
  runId,
  stream: z.enum(['stdout', 'stderr']),
  text: z.string().check(z.maxLength(200_000)),
});
export type OutputMessage = z.infer<typeof outputMessageSchema>;

export const resultMessageSchema = z.object({
  type: z.literal('result'),
  runId,
  status: z.enum(RUN_STATUSES),
  passed: count,
  failed: count,
  /** Time the code itself ran, without loading the runtime. */
  durationMs: z.number().check(z.nonnegative()),
  /** True when output went past the limit and the rest was dropped. */
  truncated: z.boolean(),
  error: z.optional(codeErrorSchema),
});
export type ResultMessage = z.infer<typeof resultMessageSchema>;

/** Everything the runner sandbox may send the app. */
export const sandboxToHostSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  loadingMessageSchema,
  startedMessageSchema,
  outputMessageSchema,
  resultMessageSchema,
]);
export type SandboxToHost = z.infer<typeof sandboxToHostSchema>;

// ---------------------------------------------------------------- preview → app

/**
 * The preview bridge's first message, posted on the window before any of the
 * page's own script runs, with a MessagePort transferred alongside. The app
 * believes one hello per pane (its iframe, its unguessable previewId) and from
 * then on only that port, which the page's script never sees.
 */
export const previewHelloSchema = z.object({ type: z.literal('preview-hello'), previewId: runId });

/**
 * What a preview pane reports over its port: console lines, uncaught errors,
 * that it rendered, that it is alive, and its answer to the app's ping.
 */
export const previewToHostSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('preview-console'),
    previewId: runId,
    stream: z.enum(['stdout', 'stderr']),
    text: z.string().check(z.maxLength(20_000)),
  }),
  z.object({ type: z.literal('preview-error'), previewId: runId, error: codeErrorSchema }),
  z.object({ type: z.literal('preview-rendered'), previewId: runId }),
  /** A heartbeat: the page's main thread is free (not stuck in a loop). */
  z.object({ type: z.literal('preview-alive'), previewId: runId }),
  /** The answer to the app's ping `n`: the bridge that opened the port is still the pane's document. */
  z.object({ type: z.literal('preview-pong'), previewId: runId, n: count }),
]);
export type PreviewToHost = z.infer<typeof previewToHostSchema>;

/**
 * The app's one message to a pane, over the pane's port: answer with pong `n`.
 * A document that replaced the bridge's (the page left) has no end of the
 * port, so only the page the app rendered can answer a ping sent after it
 * suspected otherwise.
 */
export interface PreviewPing {
  type: 'preview-ping';
  n: number;
}

/** Parses an untrusted message; undefined when it is not one of `schema`'s shapes. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, data: unknown): T | undefined {
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
