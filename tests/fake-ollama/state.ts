/**
 * The mutable state of one fake Ollama: models, rules, origins, rate, recorded
 * requests and uploaded blobs, and how it goes back to the start options.
 */
import { Catalog, DEFAULT_MODELS, DEFAULT_PULLABLE } from './catalog';
import { RuleBook } from './rules';
import type { FakeModel, FakeOllamaOptions, RecordedRequest } from './types';

/** The start options with every default applied. */
export interface StartConfig {
  host: string;
  port: number;
  models: FakeModel[];
  pullable: Record<string, FakeModel & { totalBytes?: number }>;
  origins: string | undefined;
  tokensPerSecond: number;
  pullBytesPerSecond: number;
  pullVerifyMs: number;
  version: string;
  quiet: boolean;
}

/** Applies the documented defaults to FakeOllamaOptions. */
export function startConfig(o: FakeOllamaOptions = {}): StartConfig {
  const pullable = o.pullable ?? DEFAULT_PULLABLE;
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    models: (o.models ?? DEFAULT_MODELS).map((m) => ({ ...m })),
    pullable,
    origins: o.origins,
    tokensPerSecond: o.tokensPerSecond ?? 400,
    // A default pull of qwen2.5-coder:7b (4.68 GB) takes about 1.5 s.
    pullBytesPerSecond: o.pullBytesPerSecond ?? Math.round(4_683_087_332 / 1.5),
    pullVerifyMs: o.pullVerifyMs ?? 0,
    version: o.version ?? '0.12.3',
    quiet: o.quiet ?? false,
  };
}

/** Everything a running fake can change at runtime; `config` keeps the start options. */
export class ServerState {
  readonly config: StartConfig;
  readonly catalog: Catalog;
  readonly rules = new RuleBook();
  /** Same array for the server's lifetime: clearing empties it in place. */
  readonly requests: RecordedRequest[] = [];
  /** Digests uploaded through POST /api/blobs/:digest. */
  readonly blobs = new Set<string>();
  /** The first four bytes of each uploaded blob, by digest (a GGUF file starts with "GGUF"). */
  readonly blobHeads = new Map<string, string>();
  origins: string | undefined;
  tokensPerSecond: number;
  /** API paths (e.g. '/api/tags') whose requests are taken and never answered, as a stuck server's. */
  readonly silentPaths = new Set<string>();
  /** API paths (e.g. '/api/embed') answered 200 with this body as it is, as a broken server or a proxy might answer. */
  readonly rawAnswers = new Map<string, string>();

  constructor(config: StartConfig) {
    this.config = config;
    this.catalog = new Catalog(config.models);
    this.origins = config.origins;
    this.tokensPerSecond = config.tokensPerSecond;
  }

  /** Rules, models, origins, requests, blobs and rate back to the start options. */
  reset(): void {
    this.rules.script([]);
    this.catalog.setAll(this.config.models);
    this.origins = this.config.origins;
    this.tokensPerSecond = this.config.tokensPerSecond;
    this.requests.length = 0;
    this.blobs.clear();
    this.blobHeads.clear();
    this.silentPaths.clear();
    this.rawAnswers.clear();
  }

  /** One line on stderr unless the fake is quiet. */
  log(line: string): void {
    if (!this.config.quiet) process.stderr.write(`[fake-ollama] ${line}\n`);
  }
}
