/** Ollama's /api/embed answers read as untrusted JSON: only vectors of finite numbers, all of one length, are kept. */
import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDING_DIMS, ollamaEmbeddingProvider, readEmbeddings } from '@/lib/ollama/embeddings';

/** A fetch answering every request with this JSON, as a broken or hostile server at the Ollama address might. */
const answering = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('embeddings from an untrusted server', () => {
  it('keeps vectors of finite numbers of one length', () => {
    expect(readEmbeddings({ embeddings: [[0.1, 0.2], [0.3, 0.4]] }, 2)).toEqual([[0.1, 0.2], [0.3, 0.4]]);
  });

  it.each([
    ['strings for numbers', { embeddings: [['0.1', '0.2']] }],
    ['a vector that is not an array', { embeddings: ['0.1,0.2'] }],
    ['vectors of different lengths', { embeddings: [[0.1, 0.2], [0.3]] }],
    ['an empty vector', { embeddings: [[]] }],
    ['null in a vector', { embeddings: [[0.1, null]] }],
    ['a vector too long to be one', { embeddings: [Array.from({ length: MAX_EMBEDDING_DIMS + 1 }, () => 0.5)] }],
  ])('refuses %s', async (_what, body) => {
    const count = (body.embeddings as unknown[]).length;
    expect(() => readEmbeddings(body, count)).toThrow();
    const provider = ollamaEmbeddingProvider(() => 'http://127.0.0.1:1', answering(body));
    await expect(provider.embed('nomic-embed-text', Array.from({ length: count }, () => 'text'))).rejects.toThrow();
  });

  it('finds no embedding model in a model list of the wrong shape', async () => {
    const provider = ollamaEmbeddingProvider(() => 'http://127.0.0.1:1', answering({ models: [{ name: { embed: true } }, 'nomic-embed-text', null] }));
    expect(await provider.model()).toBeUndefined();
  });
});
