/**
 * Embeddings from the user's Ollama: which installed model can embed (an
 * embedding model such as nomic-embed-text, mxbai-embed-large, bge or
 * all-minilm), and vectors for texts through /api/embed. Used by learning
 * (is this question a repeat?) and by retrieval (related past questions).
 */
import * as z from '../core/zod';
import { CodelumiError } from '../core/errors';
import { readTags } from './model-lists';

/** Far above any embedding model's size (nomic: 768, mxbai: 1024); a longer "vector" is not one. */
export const MAX_EMBEDDING_DIMS = 8192;

const embedAnswer = z.object({
  // z.number() refuses NaN and the infinities.
  embeddings: z.array(z.array(z.number()).check(z.minLength(1), z.maxLength(MAX_EMBEDDING_DIMS))),
});

/** The error for an /api/embed answer that is not vectors: what was wrong goes in `cause` for the details view. */
function unreadable(cause: string, model?: string): CodelumiError {
  return new CodelumiError('bad_response:ollama', `Ollama sent embeddings Codelumi cannot read (${cause}).`, {
    model,
    cause,
  });
}

/**
 * The vectors of an /api/embed answer, read as untrusted JSON: one per text,
 * all of one length (1 to MAX_EMBEDDING_DIMS), every entry a finite number.
 * Throws a CodelumiError (`bad_response:ollama`) saying what was wrong
 * otherwise, so nothing odd is stored or compared.
 */
export function readEmbeddings(body: unknown, count: number, model?: string): number[][] {
  const parsed = embedAnswer.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unreadable(`${issue.path.join('.') || 'answer'}: ${issue.message}`, model);
  }
  const vectors = parsed.data.embeddings;
  if (vectors.length !== count) throw unreadable(`${vectors.length} vectors for ${count} texts`, model);
  if (vectors.some((v) => v.length !== vectors[0].length)) throw unreadable('vectors of different lengths', model);
  return vectors;
}

export interface EmbeddingProvider {
  /** The embedding model to use, or undefined when none is installed (then retrieval is lexical only). */
  model(): Promise<string | undefined>;
  /** Vectors for the texts, in order. Throws when Ollama cannot answer; a CodelumiError (`bad_response:ollama`) when its answer is not vectors. */
  embed(model: string, texts: string[]): Promise<number[][]>;
}

/** An embedding provider over Ollama's /api/embed; the model is looked up from /api/tags every few minutes. */
export function ollamaEmbeddingProvider(
  host: () => Promise<string> | string,
  fetchImpl: typeof fetch = fetch,
): EmbeddingProvider {
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
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        // A proxy's error page or a cut answer: say so, with its start, rather than a bare SyntaxError.
        throw unreadable(`not JSON: ${JSON.stringify(text.slice(0, 80))}`, model);
      }
      return readEmbeddings(body, texts.length, model);
    },
  };
}
