/**
 * The installed models and which of them are loaded ("running"), plus the default
 * model set and the default registry of pullable models.
 */
import { modelKey, resolveModel, toFakeModel, type ResolvedModel } from './models';
import type { FakeModel } from './types';

/** Installed by default: a coder model, a thinking model and an embedding model. */
export const DEFAULT_MODELS: FakeModel[] = [
  {
    name: 'qwen2.5-coder:7b',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    sizeBytes: 4_683_087_332,
    contextLength: 32768,
    capabilities: ['completion', 'tools', 'insert'],
  },
  {
    name: 'qwen3:8b',
    family: 'qwen3',
    parameterSize: '8.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 5_225_388_164,
    contextLength: 40960,
    capabilities: ['completion', 'tools', 'thinking'],
  },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    parameterSize: '137M',
    quantization: 'F16',
    sizeBytes: 274_302_450,
    contextLength: 2048,
    capabilities: ['embedding'],
  },
];

/** What /api/pull can fetch by default (llama3.2:3b is not installed, so it is a good pull target). */
export const DEFAULT_PULLABLE: Record<string, FakeModel & { totalBytes?: number }> = {
  'qwen2.5-coder:7b': DEFAULT_MODELS[0],
  'qwen2.5-coder:1.5b': {
    name: 'qwen2.5-coder:1.5b',
    family: 'qwen2',
    parameterSize: '1.5B',
    quantization: 'Q4_K_M',
    sizeBytes: 986_062_089,
    contextLength: 32768,
    capabilities: ['completion', 'tools', 'insert'],
  },
  'llama3.2:3b': {
    name: 'llama3.2:3b',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 2_019_393_189,
    contextLength: 131072,
    capabilities: ['completion', 'tools'],
  },
  'llama3.2:latest': {
    name: 'llama3.2:latest',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 2_019_393_189,
    contextLength: 131072,
    capabilities: ['completion', 'tools'],
  },
  'qwen3:8b': DEFAULT_MODELS[1],
  'deepseek-r1:7b': {
    name: 'deepseek-r1:7b',
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    sizeBytes: 4_683_075_271,
    contextLength: 131072,
    capabilities: ['completion', 'thinking'],
  },
  'nomic-embed-text:latest': DEFAULT_MODELS[2],
};

/** Ollama's default num_ctx for a loaded model on a small machine. */
const DEFAULT_NUM_CTX = 4096;
/** Go's MaxInt64 nanoseconds, in ms: what "keep forever" turns into. */
const FOREVER_MS = 9_223_372_036_854;

interface LoadState {
  expiresAt: number;
  contextLength: number;
}

/** Installed models (keyed case-insensitively) and their loaded state. */
export class Catalog {
  private byKey = new Map<string, ResolvedModel>();
  private loaded = new Map<string, LoadState>();

  constructor(models: FakeModel[]) {
    this.setAll(models);
  }

  /** Replaces every model; `loaded: true` ones start loaded. */
  setAll(models: FakeModel[]): void {
    this.byKey.clear();
    this.loaded.clear();
    for (const m of models) {
      const r = resolveModel(m);
      this.byKey.set(modelKey(r.name), r);
      if (m.loaded) this.load(r, 5 * 60_000);
    }
  }

  /** The installed model for a name ('x' means 'x:latest'), case-insensitively. */
  find(name: string): ResolvedModel | undefined {
    return name.trim() ? this.byKey.get(modelKey(name)) : undefined;
  }

  /** Adds or replaces a model. */
  put(model: ResolvedModel): void {
    this.byKey.set(modelKey(model.name), model);
  }

  /** Removes a model (and unloads it); false when there was none. */
  remove(name: string): boolean {
    this.unload(name);
    return this.byKey.delete(modelKey(name));
  }

  /** Every installed model, in insertion order. */
  all(): ResolvedModel[] {
    return [...this.byKey.values()];
  }

  /** Public view, with `loaded` reflecting the current state. */
  publicModels(): FakeModel[] {
    return this.all().map((m) => toFakeModel(m, this.isLoaded(m.name)));
  }

  /** Marks a model loaded until now + keepAliveMs (Infinity = forever; 0 unloads). */
  load(model: ResolvedModel, keepAliveMs: number, numCtx?: number): void {
    if (keepAliveMs === 0) {
      this.unload(model.name);
      return;
    }
    const contextLength = Math.min(numCtx && numCtx > 0 ? numCtx : DEFAULT_NUM_CTX, model.contextLength);
    const expiresAt = Date.now() + (Number.isFinite(keepAliveMs) ? keepAliveMs : FOREVER_MS);
    this.loaded.set(modelKey(model.name), { expiresAt, contextLength });
  }

  /** Drops a model from the loaded set (no-op when not loaded). */
  unload(name: string): void {
    this.loaded.delete(modelKey(name));
  }

  /** True while the model is loaded and its keep-alive has not expired. */
  isLoaded(name: string): boolean {
    return this.running().some((r) => modelKey(r.model.name) === modelKey(name));
  }

  /** Loaded models, longest remaining time first; expired ones are dropped. */
  running(): { model: ResolvedModel; expiresAt: number; contextLength: number }[] {
    const now = Date.now();
    const out: { model: ResolvedModel; expiresAt: number; contextLength: number }[] = [];
    for (const [key, state] of this.loaded) {
      const model = this.byKey.get(key);
      if (!model || state.expiresAt <= now) {
        this.loaded.delete(key);
        continue;
      }
      out.push({ model, ...state });
    }
    return out.sort((a, b) => b.expiresAt - a.expiresAt);
  }
}
