/**
 * The plain records Codelumi keeps in IndexedDB. Every persistent byte has a
 * type here; records are changed only through the repositories of lib/db, never by
 * scattered field writes.
 */
import type { StoredError } from './errors';

export type Role = 'system' | 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'complete' | 'interrupted' | 'error';
/** Why an answer stopped early: the user, a closed page, an error, Ollama gone silent mid-stream, or the length limit (num_predict). */
export type StopReason = 'user' | 'reload' | 'error' | 'silent' | 'length';

export interface Conversation {
  id: string;
  title: string;
  /** pending: waiting for the automatic title; auto: the model named it; fallback: cut from the first question; user: renamed. */
  titleSource: 'pending' | 'auto' | 'fallback' | 'user';
  /** Model for this conversation; empty means the default model from settings. */
  model?: string;
  /** Extra system prompt for this conversation only. */
  systemPrompt?: string;
  /** 1 when pinned (numbers index well, booleans do not). */
  pinned: 0 | 1;
  createdAt: number;
  updatedAt: number;
  /** The last message of the branch on screen. The thread is the path from the root to it. */
  leafId?: string;
  /** Set when deleted; the row stays for undo until purged. */
  deletedAt?: number;
  projectId?: string;
  /** Messages in the conversation, all branches (schema v2). */
  messageCount?: number;
  /** A model-written summary of the older turns, used when the thread outgrows the context window. */
  summary?: ConversationSummary;
  /** Where an imported conversation came from: the assistant and its own id for it (lib/importers). Not indexed. */
  importedFrom?: { app: 'chatgpt' | 'open-webui' | 'lobechat'; id: string };
  /**
   * "Don't learn from this": the conversation stays the user's (listed, backed
   * up) but nothing learns from it: no signals, memories, patterns, training
   * pairs or retrieval logs, and it is never context for another question.
   */
  noLearn?: boolean;
  /**
   * When the user last switched `noLearn` (not indexed). Kept apart from
   * `updatedAt`, which orders the sidebar: a merge of archives goes by it, so
   * the user's latest choice wins whichever row is newer (lib/archive).
   */
  noLearnChangedAt?: number;
}

export interface ConversationSummary {
  text: string;
  /** The last message the summary covers (on the thread it was made from). */
  throughMessageId: string;
  tokens: number;
  model: string;
  createdAt: number;
}

export interface AnswerMetrics {
  totalDurationNs?: number;
  loadDurationNs?: number;
  promptEvalCount?: number;
  promptEvalDurationNs?: number;
  evalCount?: number;
  evalDurationNs?: number;
  doneReason?: string;
}

/** What went into the prompt of an answer, so the user can see why it answered that way. */
export interface PromptTrace {
  model: string;
  contextLength: number;
  /** Estimated tokens of the prompt that was sent. */
  promptTokens: number;
  /** Messages of the thread that were sent, by id. */
  historyIds: string[];
  /** Earlier messages of the thread left out to fit the context window. */
  omittedIds: string[];
  systemPrompt: string;
  sections?: { name: string; tokens: number; items: { id: string; label: string; tokens: number }[] }[];
  /** Context items the user dropped in the prompt inspector before this answer. */
  excluded?: string[];
  /** Context items that did not fit the window. */
  droppedForBudget?: string[];
  /** The summary that stood in for older turns, when one was used. */
  summary?: { throughMessageId: string; tokens: number };
}

export interface Message {
  id: string;
  conversationId: string;
  /** The message this one answers or follows; siblings (same parent) are branches. */
  parentId: string | null;
  role: Role;
  content: string;
  /** A thinking model's reasoning, shown collapsed. */
  thinking?: string;
  status: MessageStatus;
  stopReason?: StopReason;
  model?: string;
  createdAt: number;
  updatedAt: number;
  metrics?: AnswerMetrics;
  trace?: PromptTrace;
  /**
   * The ids of the context items `trace` lists (schema v10, indexed
   * `*quotes`): derived from the trace on every write (lib/db/quotes.ts),
   * so forgetting finds the answers that quoted what it forgets.
   */
  quotes?: string[];
  error?: StoredError;
}

export type RunStatus = 'ok' | 'error' | 'timeout';
/** What started a run: the Run button, auto-run after an answer, a Fix it attempt, Write tests. */
export type RunTrigger = 'user' | 'auto' | 'fix' | 'tests';

export interface Run {
  id: string;
  messageId: string;
  conversationId: string;
  /** Index of the code block within the message. */
  blockIndex: number;
  /** The runner language (python, javascript, typescript, html, react). */
  language: string;
  /** The code that ran (the user's edited version when `edited`). */
  code: string;
  /** Ok: ran without error and every test passed. Error: did not parse, threw, or a test failed. */
  status: RunStatus;
  stdout: string;
  stderr: string;
  durationMs: number;
  passed?: number;
  failed?: number;
  createdAt: number;
  /** True when the user edited the block before running it (schema v3; false for older runs). */
  edited?: boolean;
  trigger?: RunTrigger;
  /** Test code run after `code` (Write tests). */
  tests?: string;
  /** Where and how it failed. */
  error?: { kind: string; message: string; line?: number; column?: number };
  /** Output went past the limit and was cut. */
  truncated?: boolean;
}

export type Polarity = 1 | -1;

/**
 * The quality signals Codelumi learns from (their polarity and confidence are
 * in lib/signals/kinds.ts). The same ten kinds since signals were first stored.
 */
export type SignalKind =
  | 'code_ran_ok'
  | 'code_copied'
  | 'thanks'
  | 'no_followup'
  | 'tests_passed'
  | 'repeated_question'
  | 'said_wrong'
  | 'code_error'
  | 'user_corrected'
  | 'left_immediately';

export interface Signal {
  id: string;
  /** The answer the signal is about. */
  messageId: string;
  conversationId: string;
  kind: SignalKind;
  polarity: Polarity;
  confidence: number;
  /** What gave it away: the user's words, the event, the run. */
  evidence: string;
  createdAt: number;
  /**
   * Where it came from: the user's next message, a UI event, a code run, time
   * on the answer, or a Planner step's outcome (then `messageId` is
   * `plan:<planId>:<stepId>`, not a message: lib/planner/learn.ts).
   */
  source?: 'text' | 'event' | 'run' | 'dwell' | 'plan';
  /** The user message, event or plan step outcome that produced it (to avoid counting one twice). */
  sourceId?: string;
  /** Set when the user corrected the signal to this kind: what the detector had said. */
  correctedFrom?: SignalKind;
  /** Set when the local model judged the message (lib/learning/judge): its verdict, kept or acted on. */
  judged?: JudgedBy;
}

/** The local model's verdict on the message a text signal was read from. */
export interface JudgedBy {
  model: string;
  /** The class the model chose (new_question: the message carried no signal). */
  label: string;
  confidence: number;
  /** What the detector had said before the verdict. */
  detector: string;
  at: number;
}

/** A signal the user said was not right, kept as a labelled example (the detector adapts to the user from these). */
export interface SignalCorrection {
  id: string;
  signalId: string;
  /** The answer the signal was about. */
  answerId: string;
  conversationId: string;
  /** What the detector said. */
  from: SignalKind;
  /** What it should have been; 'none' when the message or event meant nothing. */
  to: SignalKind | 'none';
  /** The signal's evidence when it was corrected. */
  evidence: string;
  /** For a signal read from a message: the message and what it reacted to (the labelled example). */
  example?: { prevUser?: string; prevAssistant?: string; message: string };
  createdAt: number;
}

/** What Codelumi knows about one answer: the question's kind, the answer's style, and how it went. */
export interface AnswerRecord {
  messageId: string;
  conversationId: string;
  /** "topic/intent", e.g. "react/debug". */
  questionKind: string;
  topic: string;
  intent: string;
  /** Style key, e.g. "short|code-first|no-steps|tests". */
  answerStyle: string;
  language: string;
  outcome: 'positive' | 'negative' | 'mixed' | 'unknown';
  score: number;
  /** What this answer last added to its pattern, so a recomputation can take it back. */
  contribution?: { outcome: string; positive: number; negative: number; penalty?: number };
  /** Preferences the answer ignored (the Response Processor); each counts against its style. */
  violations?: { memoryId: string; reason: string }[];
  signalCount: number;
  usedMemoryIds: string[];
  /** The style the prompt asked for, when the engine chose one. */
  requestedStyle?: string;
  /** True once the "stayed and the conversation ended there" check was made. */
  dwellChecked?: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A correction kept for training: what was asked, what was rejected, what the user said was right. */
export interface TrainingPair {
  id: string;
  conversationId: string;
  messageId: string;
  question: string;
  rejected: string;
  chosen: string;
  createdAt: number;
}

export interface Pattern {
  id: string;
  questionKind: string;
  answerStyle: string;
  successes: number;
  failures: number;
  updatedAt: number;
}

/** plan_lesson: what the Planner learned about plans for a kind of project (lib/planner/lessons.ts); only planning reads it. */
export type MemoryKind = 'preference' | 'fact' | 'correction' | 'project_note' | 'plan_lesson';

export interface Memory {
  id: string;
  kind: MemoryKind;
  text: string;
  /** explicit: the user said it in a chat; inferred: learned from evidence; user: added on the Memory page. */
  source: 'explicit' | 'inferred' | 'user';
  confidence: number;
  enabled: 0 | 1;
  /** Why Codelumi holds it: the sentence, the correction, the figures (of its latest source, when it has sources). */
  evidence?: string;
  /** The message and conversation of its latest source (`sources`), when it was learned from a chat. */
  messageId?: string;
  conversationId?: string;
  /**
   * Every message that stated or confirmed it, oldest first; its text (unless
   * the user edited it) and evidence are the latest's. Forgetting a
   * conversation takes out that conversation's sources and the memory goes
   * with its last one. Absent on rows written before memories kept their
   * sources: those read as one source, their messageId and conversationId
   * (lib/memory/sources.ts).
   */
  sources?: MemorySource[];
  /** Normalised text (or a rule key for inferred memories), to merge repeats instead of duplicating. */
  key?: string;
  /** Topic the memory is about (corrections), for relevance. */
  topic?: string;
  /** How many times it was stated or confirmed. */
  hits?: number;
  /**
   * Hits of copies of this memory learned on other devices and combined into
   * it by a backup merge, by the copy's id (not indexed): merging again counts
   * each copy's hits once (lib/archive/merge-rules.ts).
   */
  mergedHits?: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

/** One message a memory was learned from: where, and what it said there. */
export interface MemorySource {
  conversationId?: string;
  messageId?: string;
  /** The evidence this message gave ("You said: …"). */
  evidence?: string;
  /** The memory in this message's wording. */
  text?: string;
  /** When it was learned. */
  at?: number;
  /**
   * A row from before memories kept their sources, confirmed more than once:
   * its words may come from any message that confirmed it, not only the one
   * linked (forgetting also matches it by the words it quotes).
   */
  mixed?: true;
}

/** What a profile entry is about. */
export type ProfileCategory =
  'language' | 'package-manager' | 'framework' | 'library' | 'testing' | 'tooling' | 'runtime';

/**
 * One fact about a project's stack ("Next.js 15", "pnpm", "TypeScript: strict,
 * target ES2022"), with where it was seen. Detected entries can be confirmed,
 * renamed or removed by the user; those choices survive re-scans.
 */
export interface ProfileEntry {
  /** Stable across scans: "<category>:<what was detected>" ("framework:next"), or "user:<uuid>" for one the user added. */
  id: string;
  category: ProfileCategory;
  name: string;
  version?: string;
  /** A short qualifier: "strict, target ES2022", "base image node:20-alpine", "42 files". */
  detail?: string;
  /** Where it was seen: "package.json: dependencies.next ^15.1.0". Empty for entries the user added. */
  evidence: string[];
  /** detected: found by a scan; user: added by the user. */
  origin: 'detected' | 'user';
  /** The user confirmed a detected entry: it stays even when a later scan no longer finds it. */
  confirmed?: boolean;
  /** The user changed the name, version or detail: a re-scan keeps theirs. */
  edited?: boolean;
  /** The user removed a detected entry: kept hidden so a re-scan does not bring it back. */
  removed?: boolean;
  /** A confirmed or edited entry that the last scan did not find again. */
  stale?: boolean;
}

/** The project's stack as detected and corrected by the user. */
export interface ProjectProfile {
  entries: ProfileEntry[];
  detectedAt: number;
}

/** Why a file or folder of a project was not indexed. */
export type SkipReason =
  | 'ignored'
  | 'dependencies'
  | 'vcs'
  | 'build-output'
  | 'binary'
  | 'too-large'
  | 'lockfile'
  | 'generated'
  | 'secret'
  | 'limit'
  | 'unreadable';

/** What the last scan of a project found. Skipped folders count once each, not per file inside. */
export interface ProjectScanStats {
  /** Text files indexed. */
  files: number;
  bytes: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** A few skipped paths per reason (folders end in "/"), to show why. */
  examples: Partial<Record<SkipReason, string[]>>;
  changes: { added: number; updated: number; removed: number; unchanged: number };
  scannedAt: number;
  durationMs: number;
  /** Indexed files whose secrets were replaced by placeholders before indexing: how many, and the first ones with the kinds found. */
  redacted?: { files: number; examples: { path: string; kinds: string[] }[] };
}

export interface Project {
  id: string;
  name: string;
  profile?: ProjectProfile;
  /** folder: read through a kept folder handle (re-scan reads it again); upload: a copy the user uploaded. */
  source?: 'folder' | 'upload';
  stats?: ProjectScanStats;
  /** Changes whenever the indexed files change; caches of the files (the chunk index) key on it. */
  filesRevision?: number;
  createdAt: number;
  updatedAt: number;
}

export interface ProjectFile {
  /** "<projectId>:<path>", so a re-scan overwrites in place. */
  id: string;
  projectId: string;
  /** Relative to the project folder, with "/" separators. */
  path: string;
  content: string;
  size: number;
  updatedAt: number;
  /** Hash of the content, to tell changed files from unchanged ones. */
  hash?: string;
  /** The file's own modification time when it was read: an unchanged size and time skip reading it again. */
  lastModified?: number;
  /** Which version of the content scan checked it for secrets (absent: indexed before there was one, so read again). */
  secretsChecked?: number;
  /** The kinds of the secrets replaced by placeholders in `content` (absent or empty: none). */
  redacted?: string[];
}

/** The browser's handle on a project folder (File System Access API), kept so a re-scan can read it again. */
export interface ProjectHandle {
  projectId: string;
  handle: FileSystemDirectoryHandle;
}

/**
 * One batch of community contributions (lib/community), from preparation to
 * the log of what was sent. `id` is the batch's `batchId`. previewed: built and
 * waiting for the user to look and approve; queued: approved, waiting for its
 * send (or a retry); sent: the hub stored it; discarded: the user, a lower
 * privacy tier or a withdrawal set it aside. The later fields are not indexed.
 */
export interface Contribution {
  id: string;
  /** The batch (a `ContributionBatch` of lib/privacy/hub-api.ts) exactly as it will be sent. */
  payload: unknown;
  status: 'previewed' | 'queued' | 'sent' | 'discarded';
  createdAt: number;
  /** The privacy tier the batch was built for (2: signal statistics, 3: also patterns). */
  tier?: 2 | 3;
  /** The period its signals and patterns come from (ms since the epoch, `from` exclusive, `to` inclusive). */
  covers?: { from: number; to: number };
  /** What was taken out before sending: by the user, or by the anonymizer (with the kinds it found). */
  removed?: ContributionRemoval[];
  /** The conversations its items draw on, kept on this device only (never sent): a batch is rebuilt without one
   * that was forgotten, binned or kept out of learning before the user approved it. */
  conversationIds?: string[];
  /** When it was last rebuilt for that reason. */
  rebuiltAt?: number;
  /** When the user approved it for sending. */
  approvedAt?: number;
  /** The user asked to send it at once rather than at the weekly send. */
  sendNow?: boolean;
  /** Send attempts so far, and when the next may be made (backoff, or the hub's Retry-After). */
  attempts?: number;
  nextAttemptAt?: number;
  /** The last failure: the HTTP status when the hub answered, and its message. */
  lastError?: { status?: number; error: string; message: string; findings?: string[]; at: number };
  /** When the hub stored it, the exact bytes sent, and the hub's receipt. */
  sentAt?: number;
  body?: string;
  receipt?: unknown;
  /** When the user withdrew everything sent under its install key. */
  withdrawnAt?: number;
}

/** One item taken out of a contribution batch before it was sent. */
export interface ContributionRemoval {
  section: 'signals' | 'patterns';
  /** The item as it was (a signal count or a pattern row of the wire format). */
  item: unknown;
  by: 'you' | 'anonymizer';
  /** For the anonymizer: the kinds of private data it found, and the text it read. */
  kinds?: string[];
  text?: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/** Internal bookkeeping (the learning engine's cursor …), kept apart from settings the UI watches. */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** What a 'copy' event says was copied: the whole answer, one code block, or a selection of so many characters. */
export interface CopyEventData {
  what?: 'message' | 'code' | 'selection';
  /** The code block copied (what: 'code'). */
  blockIndex?: number;
  /** Characters selected (what: 'selection'). */
  chars?: number;
}

/**
 * The `data` of an AppEvent of kind 'run', as lib/runner/record.ts writes it.
 * Stable: the learning engine depends on it, and older rows have this shape.
 */
export interface RunEventData {
  runId: string;
  blockIndex: number;
  language: string;
  status: RunStatus;
  passed: number;
  failed: number;
  /** The user edited the block's code before this run. */
  edited: boolean;
  trigger: RunTrigger;
  /** Status of the block's previous run, when it had one. */
  previousStatus?: RunStatus;
  /** Unified diff from the answer's code to what ran, when edited. */
  diff?: string;
  /** Lines added/removed by the edit, when edited. */
  linesAdded?: number;
  linesRemoved?: number;
  /** The run's error kind and message, when it failed. */
  errorKind?: string;
  errorMessage?: string;
  durationMs: number;
}

/** What every event has: its place in the log (set by the database) and when it happened. */
interface EventBase {
  seq?: number;
  at: number;
}

/**
 * A raw user event (copy, tab hidden, …) the learning engine turns into
 * signals: one shape per kind, so a writer cannot record a shape the engine
 * does not read. lib/db/events.ts holds the schema each stored row is read with.
 */
export type AppEvent =
  /** The user sent a question (or a follow-up) with id `messageId`. */
  | (EventBase & { kind: 'message_sent'; conversationId: string; messageId: string })
  /** The answer `messageId` finished streaming. */
  | (EventBase & { kind: 'answer_done'; conversationId: string; messageId: string })
  /** The user copied (part of) answer `messageId`. */
  | (EventBase & { kind: 'copy'; conversationId: string; messageId: string; data?: CopyEventData })
  /** A code block of answer `messageId` ran (lib/runner/record.ts). */
  | (EventBase & { kind: 'run'; conversationId: string; messageId: string; data: RunEventData })
  /** The tab was hidden while conversation `conversationId` was open. */
  | (EventBase & { kind: 'hidden'; conversationId: string; messageId?: never })
  /** The user started a new chat (from `conversationId`, when one was open). */
  | (EventBase & { kind: 'new_chat'; conversationId?: string; messageId?: never });

/** The kinds of event. */
export type AppEventKind = AppEvent['kind'];

/** An event as a writer gives it: the database numbers it. */
export type NewAppEvent = OmitEach<AppEvent, 'seq'>;

/** `Omit` applied to each member of a union on its own (a plain `Omit` would merge the kinds into one loose shape). */
export type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An unsent draft, by conversation id ('new' for a chat not started yet). */
export interface Draft {
  key: string;
  text: string;
  updatedAt: number;
}

/** A cached embedding of a piece of text (a past question, a project chunk …) for one embedding model. */
export interface EmbeddingRow {
  /** `${model}|${itemKey}`. */
  id: string;
  model: string;
  itemKey: string;
  /** Hash of the text embedded, so an edited text is embedded again. */
  textHash: string;
  vector: Float32Array;
  updatedAt: number;
}

/**
 * A search index saved so the analysis worker loads it on open instead of
 * rebuilding it (derived data: never archived, rebuilt in the background when
 * missing, of another format, or corrupt).
 */
export interface PersistedIndex {
  /** Which index: `past-questions`, or `project-chunks:<projectId>` (lib/db/indexes.ts). */
  key: string;
  /** The layout of `data`; a row of another format is rebuilt, never read. */
  format: number;
  /** The data it covers: the newest question `updatedAt` indexed, or the project's `filesRevision`. */
  covers: number;
  /**
   * The index and its owner's bookkeeping, as JSON: in a Blob, whose text is
   * read without deserialising megabytes on the reading thread (the past
   * questions' copy holds several JSON parts, read one at a time); a string
   * in copies saved before.
   */
  data: string | Blob;
  /** The byte length of each part, in order, when `data` is a Blob of parts. */
  parts?: number[];
  savedAt: number;
}

/** What the retriever offered for one question, kept to teach the reranker which items help. */
export interface RetrievalRecord {
  id: string;
  questionId: string;
  createdAt: number;
  candidates: { itemId: string; features: number[]; baseline: number; included: boolean }[];
}

/** The last model list seen for one Ollama host (shown, marked as last known, while Ollama is unreachable). */
export interface KnownModels {
  host: string;
  models: KnownModel[];
  savedAt: number;
}

/** A model as remembered: its facts, without what changes by the minute (loaded, memory, expiry). */
export interface KnownModel {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  sizeBytes: number;
  modifiedAt: string;
  digest: string;
  /** Context length the model was trained for, when /api/show tells it. */
  contextLength?: number;
  capabilities: string[];
}

/**
 * One version of the user's personal model as created in their Ollama
 * (schema v11): what was sent to `POST /api/create` and what it was made
 * from, so versions can be compared, rebuilt and deleted.
 */
export interface PersonalModel {
  id: string;
  /** The Ollama name, e.g. `codelumi-ada:v3`. */
  name: string;
  /** The name without its version tag, e.g. `codelumi-ada`; versions of one family count up. */
  family: string;
  version: number;
  /** The Ollama host it was created on. */
  host: string;
  /** The model it was created `from`. */
  base: string;
  /** personal: system + few-shot messages from what Codelumi learned; adapter: a base plus a LoRA adapter. */
  kind: 'personal' | 'adapter';
  /** The `system` sent (empty for an adapter model without one). */
  system: string;
  /** The few-shot history sent as `messages`. */
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** The `parameters` sent (num_ctx, temperature …). */
  parameters: Record<string, number | string | string[]>;
  /** What went in: memories by id, example answers by message id (with their conversations), the adapter file. */
  inputs: {
    memoryIds: string[];
    exampleIds: string[];
    conversationIds: string[];
    adapter?: { file: string; digest: string; bytes: number };
  };
  status: 'creating' | 'created' | 'failed' | 'deleted';
  /** Why the creation failed, in the user's words (status failed). */
  error?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * One blind verdict of the side-by-side check (schema v11): two models
 * answered one of the user's past questions, shown in a shuffled order, and
 * the user picked one or "same". Each row counts for both models.
 */
export interface ModelComparison {
  id: string;
  /** The verdicts given in one sitting share it. */
  sessionId: string;
  /** The past question (a user message) and its conversation (forgetting the conversation deletes the row). */
  questionId: string;
  conversationId: string;
  /** The model compared against (usually the base) and the one being checked (usually the personal model). */
  baseline: string;
  candidate: string;
  /** Which of the two was shown first (as "A"). */
  shownFirst: 'baseline' | 'candidate';
  verdict: 'baseline' | 'candidate' | 'same';
  createdAt: number;
}

// The Planner's stored shapes (schema v13: plans, planSteps, workspaceFiles) have a file of their own.
export type { PlanRecord, StepRun, WorkspaceFile } from './plan-records';
