/**
 * Embeddings for retrieval: computed by the user's Ollama (an installed
 * embedding model), cached in IndexedDB per model and item, and kept in
 * memory for the newest items so a question is compared in milliseconds.
 */
import type { CodelumiDB } from '../db/db';
import { learnableNow } from '../db/conversations';
import { fnv1aHex } from './hash';
import type { EmbeddingProvider } from '../ollama/embeddings';

function normalize(v: ArrayLike<number>): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s;
  return out;
}

/** Dot product of two normalised vectors (= cosine similarity). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** At most this many vectors per model are kept in memory for search. */
const IN_MEMORY_LIMIT = 20_000;

/** Cached, normalised vectors by item key, for one model at a time. */
export class EmbeddingStore {
  private model: string | undefined;
  private vectors = new Map<string, Float32Array>();
  private loaded = false;

  constructor(
    private readonly db: CodelumiDB,
    private readonly provider: EmbeddingProvider,
  ) {}

  /** The model in use (undefined: no embedding model installed). Reloads the cache when it changes. */
  async currentModel(): Promise<string | undefined> {
    const model = await this.provider.model().catch(() => undefined);
    if (model !== this.model) {
      this.model = model;
      this.vectors.clear();
      this.loaded = false;
    }
    if (model && !this.loaded) {
      const rows = await this.db.embeddings.where('model').equals(model).reverse().limit(IN_MEMORY_LIMIT).toArray();
      for (const r of rows) this.vectors.set(r.itemKey, r.vector);
      this.loaded = true;
    }
    return model;
  }

  has(itemKey: string): boolean {
    return this.vectors.has(itemKey);
  }

  /** Embeds one text (not stored): the question being asked. */
  async embedQuery(text: string): Promise<Float32Array | undefined> {
    const model = await this.currentModel();
    if (!model) return undefined;
    const [v] = await this.provider.embed(model, [text]);
    return normalize(v);
  }

  /**
   * Embeds and stores the items not cached yet (or whose text changed);
   * returns how many were stored. An item of a message (`messageId`) is
   * stored only if, when the vectors come back, that message is still there
   * and its conversation learnable (`learnableNow`: not forgotten, not in the
   * bin, not kept out of learning): the check and the write share one
   * transaction, so a forgetting either committed before (nothing is written)
   * or waits for the write (and removes it).
   */
  async ensure(items: { key: string; text: string; messageId?: string }[]): Promise<number> {
    const model = await this.currentModel();
    if (!model || items.length === 0) return 0;
    const ids = items.map((i) => `${model}|${i.key}`);
    const existing = await this.db.embeddings.bulkGet(ids);
    const todo = items.filter((item, i) => existing[i]?.textHash !== fnv1aHex(item.text));
    if (todo.length === 0) return 0;
    // Ollama may take seconds: the message can be forgotten meanwhile, hence the check below.
    const vectors = await this.provider.embed(
      model,
      todo.map((t) => t.text),
    );
    const now = Date.now();
    const rows = await this.db.transaction(
      'rw',
      [this.db.embeddings, this.db.messages, this.db.conversations],
      async () => {
        const messageIds = todo.flatMap((t) => (t.messageId ? [t.messageId] : []));
        const messages = new Map(
          (await this.db.messages.bulkGet(messageIds)).flatMap((m) => (m ? [[m.id, m.conversationId] as const] : [])),
        );
        const learnable = await learnableNow(this.db, messages.values());
        const wanted = (t: (typeof todo)[number]) => !t.messageId || learnable.has(messages.get(t.messageId) ?? '');
        const written = todo.flatMap((t, i) =>
          wanted(t)
            ? [
                {
                  id: `${model}|${t.key}`,
                  model,
                  itemKey: t.key,
                  textHash: fnv1aHex(t.text),
                  vector: normalize(vectors[i]),
                  updatedAt: now,
                },
              ]
            : [],
        );
        await this.db.embeddings.bulkPut(written);
        return written;
      },
    );
    // Right after the commit, before any later forgetting can finish: `forget` then finds these too.
    for (const r of rows) this.vectors.set(r.itemKey, r.vector);
    return rows.length;
  }

  /** Drops these items' vectors from memory (their rows are deleted by whoever forgets them: lib/learning/forget.ts). */
  forget(itemKeys: Iterable<string>): void {
    for (const key of itemKeys) this.vectors.delete(key);
  }

  /** Drops every vector from memory; the next use reads what is stored again (for when the keys to forget are not known). */
  unload(): void {
    this.vectors.clear();
    this.loaded = false;
  }

  /** The `limit` cached items most similar to `query`, among keys that pass `filter`. */
  nearest(
    query: Float32Array,
    limit: number,
    filter: (key: string) => boolean = () => true,
  ): { key: string; similarity: number }[] {
    const top: { key: string; similarity: number }[] = [];
    for (const [key, v] of this.vectors) {
      if (!filter(key)) continue;
      const similarity = dot(query, v);
      if (top.length < limit) {
        top.push({ key, similarity });
        if (top.length === limit) top.sort((a, b) => b.similarity - a.similarity);
      } else if (similarity > top[limit - 1].similarity) {
        top[limit - 1] = { key, similarity };
        top.sort((a, b) => b.similarity - a.similarity);
      }
    }
    return top.sort((a, b) => b.similarity - a.similarity);
  }
}
