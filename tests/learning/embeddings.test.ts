/** Embedding similarity through Ollama (the fake over HTTP), and what the engine does without it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOllamaEmbedder } from '@/lib/learning/embeddings';
import { cosine, questionSimilarity } from '@/lib/signals/text/similarity';
import { DEFAULT_MODELS, startFakeOllama, type FakeOllama } from '../fake-ollama/index';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.resume().catch(() => undefined);
  fake.reset();
});

const embedRequests = () => fake.requests.filter((r) => r.path === '/api/embed');

describe('createOllamaEmbedder', () => {
  it('compares two texts with the installed embedding model', async () => {
    const embedder = createOllamaEmbedder(() => fake.url);
    const same = await embedder.similarity('How do I reverse a list in Python?', 'How do I reverse a list in Python?');
    const close = await embedder.similarity('How do I reverse a list in Python?', 'reverse a python list');
    const far = await embedder.similarity(
      'How do I reverse a list in Python?',
      'Docker compose networking between containers',
    );
    expect(same).toBeCloseTo(1, 6);
    expect(close!).toBeGreaterThan(far!);
    expect(embedRequests()[0].body).toEqual({
      model: 'nomic-embed-text:latest',
      input: ['How do I reverse a list in Python?', 'How do I reverse a list in Python?'],
    });
  });

  it('looks the model up once per host', async () => {
    const embedder = createOllamaEmbedder(async () => fake.url);
    await embedder.similarity('a b c', 'a b d');
    await embedder.similarity('x y z', 'x y w');
    expect(fake.requests.filter((r) => r.path === '/api/tags')).toHaveLength(1);
    expect(embedRequests()).toHaveLength(2);
  });

  it('answers undefined, without embedding, when no embedding model is installed', async () => {
    fake.setModels(DEFAULT_MODELS.filter((m) => !/embed/.test(m.name)));
    const embedder = createOllamaEmbedder(() => fake.url);
    expect(await embedder.similarity('a', 'b')).toBeUndefined();
    expect(embedRequests()).toEqual([]);
  });

  it('answers undefined when Ollama is not running', async () => {
    const embedder = createOllamaEmbedder(() => fake.url);
    await fake.stopListening();
    expect(await embedder.similarity('a', 'b')).toBeUndefined();
  });
});

describe('lexical similarity', () => {
  it('scores a reworded question high and an unrelated one low', () => {
    expect(
      questionSimilarity('How do I reverse a list in Python?', "what's the way to reverse a python list"),
    ).toBeGreaterThan(0.6);
    expect(questionSimilarity('How do I reverse a list in Python?', 'How do I center a div?')).toBeLessThan(0.2);
    expect(questionSimilarity('', 'anything')).toBe(0);
  });

  it('computes the cosine of two vectors, 0 for a zero vector', () => {
    expect(cosine([1, 0], [1, 0])).toBe(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1, 10);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});
