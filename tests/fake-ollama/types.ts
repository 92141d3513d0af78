/**
 * Public types of the fake Ollama, a TEST DOUBLE that speaks the Ollama HTTP API.
 * It is never part of the product. See ./index.ts for the entry point.
 */

/** A model the fake server has "installed". Missing fields are derived from the name. */
export interface FakeModel {
  /** e.g. 'qwen2.5-coder:7b'; ':latest' is added when there is no tag. */
  name: string;
  /** Default derived from the name, e.g. 'qwen2'. */
  family?: string;
  /** e.g. '7.6B'. */
  parameterSize?: string;
  /** e.g. 'Q4_K_M'. */
  quantization?: string;
  sizeBytes?: number;
  /** model_info '<family>.context_length'; default 32768. */
  contextLength?: number;
  /** Default ['completion', 'tools'] (+ 'thinking' for thinking models); ['embedding'] for embedding models. */
  capabilities?: string[];
  /** Listed by /api/ps from the start. */
  loaded?: boolean;
  /** RFC3339 time; default a fixed time derived from the name. */
  modifiedAt?: string;
}

/** A way for a scripted reply to fail. */
export type Fault =
  /** A normal JSON error before any output; status default 500. */
  | { kind: 'error-before-output'; status?: number; message?: string }
  /** After `afterTokens` chunks: one `{"error":..}` NDJSON line (HTTP 200), then the stream ends. */
  | { kind: 'error-mid-stream'; afterTokens: number; message?: string }
  /** After `afterTokens` chunks: the socket is destroyed without a done:true chunk. */
  | { kind: 'cut-mid-stream'; afterTokens: number }
  /** Headers are sent, then nothing until the client goes away. */
  | { kind: 'hang' }
  /** After `afterTokens` chunks the server goes silent: the connection stays open, nothing more is written until the client goes away. */
  | { kind: 'silent-mid-stream'; afterTokens: number }
  /** The content is played again and again, never ending, until the client goes away (or the request's num_predict is reached). */
  | { kind: 'endless' }
  /** After `afterTokens` chunks each of `lines` is written as a raw NDJSON line (e.g. 'null', '42', '{"x":1}', 'not json'), then the reply goes on. */
  | { kind: 'raw-lines'; afterTokens: number; lines: string[] }
  /** After `afterTokens` chunks, `bytes` bytes with no newline are written (in 64 KB pieces), then nothing until the client goes away. */
  | { kind: 'unterminated-line'; afterTokens: number; bytes: number };

/** A tool call the model "makes" (extension: not in the original brief). */
export interface FakeToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

/** What the model answers to one chat/generate request. */
export interface Reply {
  content: string;
  /** Streamed before content when thinking is on for the request (see README in index.ts). */
  thinking?: string;
  /** Overrides the server's tokens per second for this reply. */
  tokensPerSecond?: number;
  /** "Model loading": delay before the first chunk. */
  firstTokenDelayMs?: number;
  /** Called as each chunk is written (wall-clock `at`, comparable with the browser's clock), for latency benchmarks. */
  onChunk?: (chunk: { index: number; kind: 'thinking' | 'content'; text: string; at: number }) => void;
  fault?: Fault;
  doneReason?: 'stop' | 'length';
  /** Extension: tool calls sent in one chunk after the content (chat: message.tool_calls, generate: tool_calls). */
  toolCalls?: FakeToolCall[];
}

/** One HTTP request as the fake received it (control calls under /__fake excluded). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: any;
  /** Date.now() when the request was received. */
  at: number;
}

/** A chat or generate request in one shape, as rules and reply functions see it. */
export interface ChatLikeRequest {
  endpoint: 'chat' | 'generate';
  model: string;
  messages: { role: string; content: string; images?: string[] }[];
  system?: string;
  lastUser: string;
  body: any;
}

/** Picks a reply for matching chat/generate requests. */
export interface Rule {
  match?: {
    endpoint?: 'chat' | 'generate';
    /** Compared after adding ':latest' when there is no tag. */
    model?: string;
    /** string = case-insensitive substring of the last user message (generate: the prompt). */
    lastUser?: string | RegExp;
    /** Against all system messages joined by '\n' (generate: the system field). */
    system?: string | RegExp;
    /** true = only requests that carry `format`. */
    format?: boolean;
  };
  reply: Reply | ((req: ChatLikeRequest) => Reply);
  /** The rule is used at most this many times, then skipped. */
  times?: number;
}

export interface FakeOllamaOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: a coder model, a thinking model and an embedding model. */
  models?: FakeModel[];
  /** Names /api/pull can fetch. */
  pullable?: Record<string, FakeModel & { totalBytes?: number }>;
  /** Like the OLLAMA_ORIGINS env variable, comma separated. */
  origins?: string;
  /** Default 400. */
  tokensPerSecond?: number;
  /** Default: a pull of qwen2.5-coder:7b takes about 1.5 s. */
  pullBytesPerSecond?: number;
  /** How long a pull is silent after "verifying sha256 digest" (Ollama hashes the layers then); default 0. */
  pullVerifyMs?: number;
  /** Default '0.12.3'. */
  version?: string;
  /** No logging at all. */
  quiet?: boolean;
}

export interface FakeOllama {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  readonly port: number;
  /** Every request received (incl. OPTIONS), in order; excludes /__fake control calls. */
  readonly requests: RecordedRequest[];
  /** Just the /api/chat and /api/generate ones, parsed. */
  chatRequests(): ChatLikeRequest[];
  /** Replace the rules. */
  script(rules: Rule[]): void;
  /** Prepend a rule (it takes priority). */
  addRule(rule: Rule): void;
  setModels(models: FakeModel[]): void;
  models(): FakeModel[];
  setOrigins(origins: string | undefined): void;
  /** The pace of replies without their own `tokensPerSecond`, including those streaming now (from their next chunk). */
  setTokensPerSecond(tps: number): void;
  /** Requests to these API paths (e.g. ['/api/tags']) are read and never answered, as by a stuck server; [] ends it. */
  setSilentPaths(paths: string[]): void;
  /** Requests to these API paths are answered 200 with the given body as it is (a broken server, a proxy page); {} ends it. */
  setRawAnswers(answers: Record<string, string>): void;
  /** "Ollama not running": stop listening and drop open connections; resume() listens on the same port. */
  stopListening(): Promise<void>;
  /** Listen again on the same port ("Ollama came back"). */
  resume(): Promise<void>;
  clearRequests(): void;
  /**
   * Resolves once no API request is being handled: every stream has ended, and every request whose
   * client went away has stopped (a cancelled pull adds no model). Waits for the fake, not for a time.
   */
  idle(): Promise<void>;
  /** Rules, models, origins, requests and rate back to the start options. */
  reset(): void;
  close(): Promise<void>;
}
