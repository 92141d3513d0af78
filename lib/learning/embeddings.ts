/**
 * Embedding similarity through the user's Ollama, when an embedding model is
 * installed (nomic-embed-text, mxbai-embed-large, bge, all-minilm …). Used to
 * spot a rephrased repeat that shares few words with the first question.
 * Without such a model it answers undefined and lexical similarity decides.
 */
import { cosine } from './text/similarity';

export interface Embedder {
  similarity(a: string, b: string): Promise<number | undefined>;
}

const EMBED_NAME = /embed|bge|minilm|e5-|gte-|snowflake-arctic-embed|nomic/i;

/** An embedder over Ollama at `host()`; the model is found once per host and the lookup retried every few minutes. */
export function createOllamaEmbedder(host: () => Promise<string> | string, fetchImpl: typeof fetch = fetch): Embedder {
  let cached: { host: string; model: string | undefined; at: number } | undefined;
  const findModel = async (h: string): Promise<string | undefined> => {
    if (cached && cached.host === h && Date.now() - cached.at < 5 * 60_000) return cached.model;
    let model: string | undefined;
    try {
      const res = await fetchImpl(`${h}/api/tags`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { models?: { name: string; details?: { family?: string; families?: string[] } }[] };
      model = body.models?.find((m) => EMBED_NAME.test(m.name) || /bert/i.test(m.details?.family ?? ''))?.name;
    } catch {
      model = undefined;
    }
    cached = { host: h, model, at: Date.now() };
    return model;
  };
  return {
    async similarity(a, b) {
      const h = await host();
      const model = await findModel(h);
      if (!model) return undefined;
      try {
        const res = await fetchImpl(`${h}/api/embed`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ model, input: [a.slice(0, 2000), b.slice(0, 2000)] }),
          signal: AbortSignal.timeout(4000),
        });
        if (!res.ok) return undefined;
        const body = (await res.json()) as { embeddings?: number[][] };
        const [x, y] = body.embeddings ?? [];
        return x && y ? cosine(x, y) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
