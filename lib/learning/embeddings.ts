/**
 * Embedding similarity for learning: tells a rephrased repeat of a question
 * that shares few words with the first one. Without an embedding model in
 * Ollama it answers undefined and lexical similarity decides.
 */
import { ollamaEmbeddingProvider, type EmbeddingProvider } from '../ollama/embeddings';
import { cosine } from '../signals/text/similarity';

export interface Embedder {
  similarity(a: string, b: string): Promise<number | undefined>;
}

/** An embedder over an embedding provider (by default Ollama at `host()`). */
export function createOllamaEmbedder(
  host: () => Promise<string> | string,
  fetchImpl: typeof fetch = fetch,
  provider: EmbeddingProvider = ollamaEmbeddingProvider(host, fetchImpl),
): Embedder {
  return {
    async similarity(a, b) {
      const model = await provider.model().catch(() => undefined);
      if (!model) return undefined;
      try {
        const [x, y] = await provider.embed(model, [a.slice(0, 2000), b.slice(0, 2000)]);
        return x && y ? cosine(x, y) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
