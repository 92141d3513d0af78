/**
 * EmbeddingStore.ensure against forgetting (real database, fake-indexeddb):
 * a question forgotten, binned or kept out of learning while its embedding is
 * computed leaves no row and no vector behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { forgetExpired } from '@/lib/learning/forget';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { PastConversations, questionKey } from '@/lib/retrieval/past';
import type { EmbeddingProvider } from '@/lib/ollama/embeddings';
import { freshDatabase } from '../support/db';
import { deferred, type Deferred } from '../support/deferred';
import { NOW, seedExchange } from './corpus';

/** An embedder that tells when it was asked and answers only when the test opens `gate`. */
function gatedProvider(asked: Deferred, gate: Deferred) {
  const provider: EmbeddingProvider = {
    model: async () => 'embed',
    embed: async (_model, texts) => {
      asked.resolve();
      await gate.promise;
      return texts.map(() => [1, 0]);
    },
  };
  return provider;
}

describe('EmbeddingStore.ensure', () => {
  let db: CodelumiDB;
  beforeEach(() => {
    db = freshDatabase();
  });
  afterEach(() => db.close());

  /** Starts embedding the one past question, runs `meanwhile` while Ollama works, then lets it answer. */
  async function embedWhile(meanwhile: (conversationId: string) => Promise<unknown>) {
    const seeded = await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW);
    const asked = deferred();
    const gate = deferred();
    const store = new EmbeddingStore(db, gatedProvider(asked, gate));
    const embedding = new PastConversations(db, store).embedSome();
    await asked.promise;
    await meanwhile(seeded.conversation.id);
    gate.resolve();
    return { embedded: await embedding, store, key: questionKey(seeded.question.id) };
  }

  it('stores nothing for a question forgotten while Ollama computed its embedding', async () => {
    const { embedded, store, key } = await embedWhile(async (id) => {
      await deleteConversation(db, id, NOW);
      expect((await forgetExpired(db, NOW + 60_000, 30_000)).conversations).toEqual([id]);
    });
    expect(embedded).toBe(0);
    expect(await db.embeddings.count()).toBe(0);
    expect(store.has(key)).toBe(false);
  });

  it('stores nothing for a question whose conversation went to the bin or out of learning meanwhile', async () => {
    const binned = await embedWhile((id) => deleteConversation(db, id, NOW));
    expect(binned.embedded).toBe(0);
    const off = await embedWhile((id) => setConversationLearning(db, id, false));
    expect(off.embedded).toBe(0);
    expect(await db.embeddings.count()).toBe(0);
  });

  it('still stores the embedding of a question that stays', async () => {
    const { embedded, store, key } = await embedWhile(async () => undefined);
    expect(embedded).toBe(1);
    expect((await db.embeddings.toArray()).map((r) => r.itemKey)).toEqual([key]);
    expect(store.has(key)).toBe(true);
  });
});
