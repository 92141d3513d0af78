/**
 * Embeddings from the user's Ollama: which installed model can embed (an
 * embedding model such as nomic-embed-text, mxbai-embed-large, bge or
 * all-minilm), and vectors for texts through /api/embed. Used by learning
 * (is this question a repeat?) and by retrieval (related past questions).
 */
import { readTags } from './model-lists';

/** Far above any embedding model's size (nomic: 768, mxbai: 1024); a longer "vector" is not one. */
export const MAX_EMBEDDING_DIMS = 8192;

/**
 * The vectors of an /api/embed answer, read as untrusted JSON: one per text,
 * all of one length (1 to MAX_EMBEDDING_DIMS), every entry a finite number.
 * Throws otherwise, so nothing odd is stored or compared.
 */
export function readEmbeddings(body: unknown, count: number): number[][] {
  const vectors = (body as { embeddings?: unknown } | null)?.embeddings;
  if (!Array.isArray(vectors) || vectors.length !== count) throw new Error('Ollama returned no embeddings');
  const dims = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  const valid = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length === dims && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (dims < 1 || dims > MAX_EMBEDDING_DIMS || !vectors.every(valid)) throw new Error('Ollama returned embeddings that are not vectors of numbers');
  return vectors;
}

export interface EmbeddingProvider {
  /** The embedding model to use, or undefined when none is installed (then retrieval is lexical only). */
  model(): Promise<string | undefined>;
  /** Vectors for the texts, in order. Throws when Ollama cannot answer. */
  embed(model: string, texts: string[]): Promise<number[][]>;
}

/** An embedding provider over Ollama's /api/embed; the model is looked up from /api/tags every few minutes. */
export function ollamaEmbeddingProvider(host: () => Promise<string> | string, fetchImpl: typeof fetch = fetch): EmbeddingProvider {
  const EMBED_NAME = /embed|bge|minilm|e5-|gte-|snowflake-arctic-embed|nomic/i;
  let cached: { host: string; model: string | undefined; at: number } | undefined;
  return {
    async model() {
      const h = await host();
      if (cached && cached.host === h && Date.now() - cached.at < 5 * 60_000) return cached.model;
      let model: string | undefined;
      try {
        const res = await fetchImpl(`${h}/api/tags`, { signal: AbortSignal.timeout(2000) });
        const body = (await res.json()) as { models?: unknown };
        const names = readTags(body).filter((m) => EMBED_NAME.test(m.name) || /bert/i.test(m.details.family ?? ''));
        model = names[0]?.name;
      } catch {
        model = undefined;
      }
      cached = { host: h, model, at: Date.now() };
      return model;
    },
    async embed(model, texts) {
      const res = await fetchImpl(`${await host()}/api/embed`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model, input: texts.map((t) => t.slice(0, 4000)) }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`Ollama could not embed (HTTP ${res.status})`);
      return readEmbeddings(await res.json(), texts.length);
    },
  };
}

