/** Ollama's /api/embed answers read as untrusted JSON: only vectors of finite numbers, all of one length, are kept. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isCodelumiError, type CodelumiError } from '@/lib/core/errors';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { MAX_EMBEDDING_DIMS, ollamaEmbeddingProvider, readEmbeddings } from '@/lib/ollama/embeddings';

/** A fetch answering every request with this JSON, as a broken or hostile server at the Ollama address might. */
const answering =
  (body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('embeddings from an untrusted server', () => {
  it('keeps vectors of finite numbers of one length', () => {
    expect(
      readEmbeddings(
        {
          embeddings: [
            [0.1, 0.2],
            [0.3, 0.4],
          ],
        },
        2,
      ),
    ).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
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
    await expect(
      provider.embed(
        'nomic-embed-text',
        Array.from({ length: count }, () => 'text'),
      ),
    ).rejects.toThrow();
  });

  it('finds no embedding model in a model list of the wrong shape', async () => {
    const provider = ollamaEmbeddingProvider(
      () => 'http://127.0.0.1:1',
      answering({ models: [{ name: { embed: true } }, 'nomic-embed-text', null] }),
    );
    expect(await provider.model()).toBeUndefined();
  });
});

describe('a malformed /api/embed answer from the server at the Ollama address', () => {
  let fake: FakeOllama;
  beforeAll(async () => {
    fake = await startFakeOllama({ quiet: true });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it.each([
    ['a page that is not JSON', '<html><body>502 Bad Gateway</body></html>', /not JSON/],
    ['no list of vectors', '{"embeddings": "none"}', /embeddings/],
    ['one vector too few', `{"embeddings": [[0.1, 0.2]]}`, /2 texts/],
    ['strings for numbers', '{"embeddings": [["0.1"], ["0.2"]]}', /embeddings\.0\.0/],
  ])('fails with a bad_response:ollama error that says what was wrong: %s', async (_what, body, says) => {
    fake.setRawAnswers({ '/api/embed': body });
    const provider = ollamaEmbeddingProvider(() => fake.url);
    const failure = await provider.embed('nomic-embed-text:latest', ['one', 'two']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodelumiError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'bad_response:ollama', details: { model: 'nomic-embed-text:latest' } });
    expect((failure as Error).message).toMatch(/^Ollama sent embeddings Codelumi cannot read/);
    expect((failure as CodelumiError).details.cause).toMatch(says);
  });

  it('still embeds once the server answers properly again', async () => {
    fake.setRawAnswers({ '/api/embed': 'null' });
    const provider = ollamaEmbeddingProvider(() => fake.url);
    await expect(provider.embed('nomic-embed-text:latest', ['a'])).rejects.toMatchObject({
      code: 'bad_response:ollama',
    });
    fake.setRawAnswers({});
    expect(await provider.embed('nomic-embed-text:latest', ['a'])).toHaveLength(1);
  });
});
