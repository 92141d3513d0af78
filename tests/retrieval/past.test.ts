/**
 * Related earlier conversations (PastConversations) on a real database
 * (fake-indexeddb): retrieval quality on a built corpus, lexical only and
 * hybrid with embeddings from the fake Ollama over HTTP, and the rules every
 * candidate list keeps (not the current conversation, not a bad answer,
 * good outcomes first).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message } from '@/lib/core/records';
import { createConversation, deleteConversation } from '@/lib/db/conversations';
import { forgetExpired } from '@/lib/learning/forget';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { PastConversations, questionKey } from '@/lib/retrieval/past';
import { ollamaEmbeddingProvider, type EmbeddingProvider } from '@/lib/ollama/embeddings';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { deferred } from '../support/deferred';
import { createQuestionLane } from '@/lib/core/question-lane';
import { nextTask } from '@/lib/core/timing';
import { exchange, userSays } from '../learning/engine/seed';
import { DAY, loadCorpus, NOW, recallAt, seedCorpus, seedExchange, type Corpus } from './corpus';

/** No embedding model installed: retrieval is lexical only. */
const noModel: EmbeddingProvider = { model: async () => undefined, embed: async () => [] };

describe('retrieval quality on the built corpus', () => {
  let fake: FakeOllama;
  let db: CodelumiDB;
  let corpus: Corpus;
  let byConversation: Map<string, string>;

  beforeAll(async () => {
    fake = await startFakeOllama({ port: 0, quiet: true });
    corpus = loadCorpus();
    db = freshDatabase();
    byConversation = await seedCorpus(db, corpus);
  }, 120_000);
  afterAll(async () => {
    db.close();
    await fake.close();
  });

  /** Mean recall@5 over the corpus queries, and the per-kind means. */
  async function measure(
    past: PastConversations,
    store: EmbeddingStore,
  ): Promise<{ all: number; byKind: Record<string, number> }> {
    const sums: Record<string, number[]> = {};
    for (const q of corpus.queries) {
      const queryVector = await store.embedQuery(q.question);
      const found = await past.candidates(q.question, { now: NOW, queryVector });
      const ranked = found.map((c) => byConversation.get(c.conversationId)!);
      (sums[q.kind] ??= []).push(recallAt(5, ranked, q.relevant));
      (sums.all ??= []).push(recallAt(5, ranked, q.relevant));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const byKind = Object.fromEntries(Object.entries(sums).map(([k, xs]) => [k, mean(xs)]));
    return { all: byKind.all, byKind };
  }

  it('finds the related earlier questions: recall@5 lexical only and hybrid with embeddings', async () => {
    expect(corpus.conversations.length).toBeGreaterThanOrEqual(60);
    expect(corpus.queries.length).toBeGreaterThanOrEqual(30);

    const lexicalStore = new EmbeddingStore(db, noModel);
    const lexical = await measure(new PastConversations(db, lexicalStore), lexicalStore);

    const store = new EmbeddingStore(
      db,
      ollamaEmbeddingProvider(() => fake.url),
    );
    const past = new PastConversations(db, store);
    expect(await store.currentModel()).toBe('nomic-embed-text:latest');
    // Background embedding, in batches as the worker does it, until every past question has a vector.
    let embedded = 0;
    for (let n = await past.embedSome(); n > 0; n = await past.embedSome()) embedded += n;
    expect(embedded).toBe(corpus.conversations.length);
    expect(fake.requests.filter((r) => r.path === '/api/embed').length).toBeGreaterThan(1);
    const hybrid = await measure(past, store);

    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const kinds = ['lexical', 'partial', 'paraphrase'];
    console.log(
      [
        `Retrieval recall@5 over ${corpus.queries.length} questions, ${corpus.conversations.length} past conversations`,
        `            all     ${kinds.map((k) => k.padEnd(11)).join('')}`,
        `lexical     ${pct(lexical.all).padEnd(8)}${kinds.map((k) => pct(lexical.byKind[k]).padEnd(11)).join('')}`,
        `hybrid      ${pct(hybrid.all).padEnd(8)}${kinds.map((k) => pct(hybrid.byKind[k]).padEnd(11)).join('')}`,
      ].join('\n'),
    );

    // Measured: lexical 95.3%, hybrid 98.4% (the fake's embeddings hash words and trigrams, so they
    // bridge no synonyms, but they do bridge word forms). Floors a little under.
    expect(lexical.all).toBeGreaterThanOrEqual(0.92);
    expect(hybrid.all).toBeGreaterThanOrEqual(0.95);
    // Embeddings never cost recall on this corpus.
    expect(hybrid.all).toBeGreaterThanOrEqual(lexical.all);
    // Questions sharing their key words are found either way.
    expect(lexical.byKind.lexical).toBe(1);
    expect(hybrid.byKind.lexical).toBe(1);
  }, 180_000);
});

describe('PastConversations.candidates', () => {
  let db: CodelumiDB;
  const store = () => new EmbeddingStore(db, noModel);

  beforeEach(() => {
    db = freshDatabase();
  });
  afterEach(() => db.close());

  it('finds a conversation that arrived after the index was built even when its questions are older than the index', async () => {
    await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW);
    const past = new PastConversations(db, store());
    expect(await past.candidates('pandas semicolon csv', { now: NOW })).toEqual([]);
    // Imported history keeps its own, older times (lib/importers).
    const old = await seedExchange(db, 'Read a semicolon CSV with pandas', 'Pass `sep=";"`.', NOW - 400 * DAY);
    await db.messages
      .where('conversationId')
      .equals(old.conversation.id)
      .modify({ updatedAt: NOW - 400 * DAY });
    const found = await past.candidates('pandas semicolon csv', { now: NOW });
    expect(found.map((c) => c.conversationId)).toEqual([old.conversation.id]);
  });

  it('never returns the conversation the question is asked in', async () => {
    const here = await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW - DAY);
    const elsewhere = await seedExchange(db, 'Reverse a Python list in place', 'Call `nums.reverse()`.', NOW - 2 * DAY);
    const past = new PastConversations(db, store());

    const all = await past.candidates('reverse a list in python', { now: NOW });
    expect(all.map((c) => c.conversationId).sort()).toEqual([here.conversation.id, elsewhere.conversation.id].sort());

    const found = await past.candidates('reverse a list in python', {
      now: NOW,
      excludeConversationId: here.conversation.id,
    });
    expect(found.map((c) => c.conversationId)).toEqual([elsewhere.conversation.id]);
    expect(found[0]).toMatchObject({
      questionId: elsewhere.question.id,
      answerId: elsewhere.answer.id,
      answer: 'Call `nums.reverse()`.',
    });
  });

  it('also leaves the current conversation out of the embedding ranking', async () => {
    const provider: EmbeddingProvider = {
      model: async () => 'embed',
      embed: async (_m, texts) => texts.map((t) => (/reverse/i.test(t) ? [1, 0] : [0, 1])),
    };
    const embeddings = new EmbeddingStore(db, provider);
    const here = await seedExchange(db, 'reverse it', 'ok', NOW - DAY);
    const elsewhere = await seedExchange(db, 'reverse that', 'sure', NOW - DAY);
    const past = new PastConversations(db, embeddings);
    expect(await past.embedSome()).toBe(2);
    const queryVector = await embeddings.embedQuery('REVERSE');
    // No shared word with either question: only the embedding finds them.
    const found = await past.candidates('flip', { now: NOW, queryVector, excludeConversationId: here.conversation.id });
    expect(found.map((c) => c.conversationId)).toEqual([elsewhere.conversation.id]);
    expect(found[0].features[2]).toBeCloseTo(1);
  });

  it('skips answers that went badly, and keeps those that went well or are not judged yet', async () => {
    const bad = await exchange(db, 'How do I reverse a list in Python?', 'Use `list.backwards()`.', NOW - 3 * DAY);
    await userSays(
      db,
      bad.conversation,
      bad.answer.id,
      "doesn't work, I get AttributeError: 'list' object has no attribute 'backwards'",
      NOW - 3 * DAY + 30_000,
    );
    const good = await exchange(db, 'Reverse a list in Python', 'Use `nums[::-1]`.', NOW - 2 * DAY);
    await userSays(db, good.conversation, good.answer.id, 'thanks, that worked!', NOW - 2 * DAY + 30_000);
    const unjudged = await exchange(db, 'python: reverse list order', 'Use `reversed(nums)`.', NOW - DAY);
    await createLearningEngine(db, { now: () => NOW }).processPending();
    expect((await db.answers.get(bad.answer.id))?.outcome).toBe('negative');
    expect((await db.answers.get(good.answer.id))?.outcome).toBe('positive');

    const found = await new PastConversations(db, store()).candidates('reverse a list in python', { now: NOW });
    const answers = found.map((c) => c.answerId);
    expect(answers).not.toContain(bad.answer.id);
    expect(answers).toEqual(expect.arrayContaining([good.answer.id, unjudged.answer.id]));
    expect(found.find((c) => c.answerId === good.answer.id)).toMatchObject({ outcome: 1 });
    expect(found.find((c) => c.answerId === unjudged.answer.id)).toMatchObject({ outcome: 0 });
  });

  it('leaves out an exchange whose question stated a memory the user then switched off', async () => {
    const stated = await exchange(
      db,
      'We use pnpm and Vitest. How do I mock a module?',
      'Use `vi.mock()`.',
      NOW - 2 * DAY,
    );
    const plain = await exchange(db, 'How do I mock a module in tests?', 'Use `vi.mock()` at the top.', NOW - DAY);
    const now = Date.now();
    await db.memories.add({
      id: 'm1',
      kind: 'fact',
      text: 'Uses pnpm and Vitest',
      source: 'explicit',
      confidence: 0.9,
      enabled: 1,
      messageId: stated.question.id,
      createdAt: now,
      updatedAt: now,
    });
    const past = new PastConversations(db, store());
    expect((await past.candidates('mock a module', { now: NOW })).map((c) => c.answerId)).toEqual(
      expect.arrayContaining([stated.answer.id, plain.answer.id]),
    );

    await db.memories.update('m1', { enabled: 0, updatedAt: now + 1 });
    const after = (await past.candidates('mock a module', { now: NOW })).map((c) => c.answerId);
    expect(after).toContain(plain.answer.id);
    expect(after).not.toContain(stated.answer.id);
  });

  it('ranks an otherwise equal candidate higher when its answer went well', async () => {
    // Same question, same answer, same day: only the outcome differs. Seeded in both orders, so the index order cannot decide.
    for (const goodFirst of [true, false]) {
      await db.delete();
      db = freshDatabase();
      const first = await exchange(
        db,
        'How do I debounce a search input?',
        'Wrap the handler in `debounce(fn, 300)`.',
        NOW - DAY,
      );
      const second = await exchange(
        db,
        'How do I debounce a search input?',
        'Wrap the handler in `debounce(fn, 300)`.',
        NOW - DAY,
      );
      const good = goodFirst ? first : second;
      const other = goodFirst ? second : first;
      await userSays(db, good.conversation, good.answer.id, 'thanks, that worked!', NOW - DAY + 30_000);
      await createLearningEngine(db, { now: () => NOW }).processPending();

      const found = await new PastConversations(db, store()).candidates('debounce a search input', { now: NOW });
      expect(found.map((c) => c.answerId)).toEqual([good.answer.id, other.answer.id]);
      expect(found[0].score).toBeGreaterThan(found[1].score);
    }
  });

  it('ranks a recent conversation above an old one that matches as well', async () => {
    const old = await seedExchange(db, 'center a div with css', 'Use flexbox.', NOW - 200 * DAY);
    const recent = await seedExchange(db, 'center a div with css', 'Use grid.', NOW - DAY);
    const found = await new PastConversations(db, store()).candidates('center a div with css', { now: NOW });
    expect(found.map((c) => c.answerId)).toEqual([recent.answer.id, old.answer.id]);
  });

  it('picks up questions written after the index was built', async () => {
    const past = new PastConversations(db, store());
    expect(await past.candidates('binary search in python', { now: NOW })).toEqual([]);
    const later = await seedExchange(
      db,
      'Implement binary search in Python',
      '```python\ndef bs(xs, t): ...\n```',
      NOW - DAY,
    );
    const found = await past.candidates('binary search in python', { now: NOW });
    expect(found.map((c) => c.answerId)).toEqual([later.answer.id]);
    expect(found[0].features[6]).toBe(1); // the answer has code
  });

  it('a question searches the ready index without waiting for its catch-up, which runs after it for the next one', async () => {
    const earlier = await seedExchange(db, 'How do I debounce a search input?', 'Use `debounce(fn, 300)`.', NOW - DAY);
    const past = new PastConversations(db, store());
    await past.refresh();
    const catchUp = past.refresh.bind(past);
    let caughtUp: Promise<void> | undefined;
    // A catch-up that takes until the test opens the gate (a busy disk).
    const gate = deferred();
    const started = deferred();
    past.refresh = () => {
      started.resolve();
      return (caughtUp ??= gate.promise.then(catchUp));
    };
    // Written since the last pass, in another conversation (another tab).
    const later = await seedExchange(db, 'Throttle a scroll handler', 'Use `throttle(fn, 100)`.', NOW - DAY / 2);

    const asked = { now: NOW, recentFallback: true, indexWaitMs: 60_000 };
    const found = await past.candidates('debounce a search input', asked);
    expect(found.map((c) => c.answerId)).toEqual([earlier.answer.id]);
    await started.promise; // the question started the catch-up (after it)
    gate.resolve();
    await caughtUp;
    past.refresh = catchUp;
    const next = await past.candidates('throttle a scroll handler', asked);
    expect(next.map((c) => c.answerId)).toEqual([later.answer.id]);
  });

  it('starts that catch-up only once no question is in flight', async () => {
    await seedExchange(db, 'How do I debounce a search input?', 'Use `debounce(fn, 300)`.', NOW - DAY);
    const lane = createQuestionLane();
    const past = new PastConversations(db, store(), { lane });
    await past.refresh();
    const started = deferred();
    past.refresh = async () => started.resolve();
    // Another question is still being answered (its other stages, or a second tab's question).
    const other = deferred();
    const inFlight = lane.question(() => other.promise);

    await lane.question(() => past.candidates('debounce a search input', { now: NOW, recentFallback: true }));
    for (let i = 0; i < 5; i++) await nextTask();
    expect(started.settled).toBe(false);
    other.resolve();
    await inFlight;
    await started.promise;
  });

  it('a question waits for the pass an import made owed, and finds the imported conversation', async () => {
    await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW);
    const past = new PastConversations(db, store());
    await past.refresh();
    // Imported history keeps its own, older times; the import names its conversations to read again.
    const imported = await seedExchange(db, 'Read a semicolon CSV with pandas', 'Pass `sep=";"`.', NOW - 400 * DAY);
    past.reread([imported.conversation.id]);
    const found = await past.candidates('pandas semicolon csv', { now: NOW, recentFallback: true });
    expect(found.map((c) => c.answerId)).toEqual([imported.answer.id]);
  });

  it('in a long history, searches past the words most questions share and still finds the rare match', async () => {
    const topics = [
      'react hooks',
      'python lists',
      'sql joins',
      'git rebase',
      'css grid',
      'docker volumes',
      'typescript generics',
      'go channels',
    ];
    const rows: Message[] = [];
    for (let c = 0; c < 10; c++) {
      const conversation = await createConversation(db, { title: `History ${c}` }, NOW - 30 * DAY);
      for (let i = 0; i < 60; i++) {
        const at = NOW - 30 * DAY + (c * 60 + i) * 1000;
        const q = {
          id: `q${c}-${i}`,
          conversationId: conversation.id,
          parentId: null,
          role: 'user' as const,
          content: `How do I handle ${topics[(c + i) % 8]} case ${i} in my project?`,
          status: 'complete' as const,
          createdAt: at,
          updatedAt: at,
        };
        rows.push(q, {
          id: `a${c}-${i}`,
          conversationId: conversation.id,
          parentId: q.id,
          role: 'assistant',
          content: `For ${topics[(c + i) % 8]}, start small.`,
          status: 'complete',
          createdAt: at + 1,
          updatedAt: at + 1,
        });
      }
    }
    await db.messages.bulkAdd(rows);
    const rare = await seedExchange(
      db,
      'How do I handle webpack aliases in my project?',
      'Add `resolve.alias` to webpack.config.js.',
      NOW - 40 * DAY,
    );
    const past = new PastConversations(db, store());

    const found = await past.candidates('How do I handle webpack aliases in my project?', { now: NOW });
    // Sharing only "handle" and "project" with 600 questions relates to none of them.
    expect(found.map((c) => c.answerId)).toEqual([rare.answer.id]);
    // Every word common to most questions: the rarest still rank, so there is an answer.
    const common = await past.candidates('handle my project case', { now: NOW });
    expect(common.length).toBeGreaterThan(0);
    // A new word that nothing has leaves the common ones to relate the question.
    expect((await past.candidates('handle zod in my project', { now: NOW })).length).toBeGreaterThan(0);
  });

  it('gives none rather than wait past indexWaitMs for an index still being built, and finds them once it is', async () => {
    const earlier = await seedExchange(db, 'How do I debounce a search input?', 'Use `debounce(fn, 300)`.', NOW - DAY);
    const past = new PastConversations(db, store());
    const build = past.refresh.bind(past);
    let built: Promise<void> | undefined;
    // A long history: building the index takes until the test opens the gate.
    const gate = deferred();
    past.refresh = () => (built ??= gate.promise.then(build));

    expect(await past.candidates('debounce a search input', { now: NOW, indexWaitMs: 20 })).toEqual([]);
    gate.resolve();
    await built;
    const found = await past.candidates('debounce a search input', { now: NOW, indexWaitMs: 20 });
    expect(found.map((c) => c.answerId)).toEqual([earlier.answer.id]);
  });

  it('keys embeddings of past questions by message id', () => {
    expect(questionKey('abc')).toBe('q:abc');
  });
});

describe('PastConversations.forget', () => {
  let db: CodelumiDB;
  beforeEach(() => {
    db = freshDatabase();
  });
  afterEach(() => db.close());

  const provider: EmbeddingProvider = {
    model: async () => 'embed',
    embed: async (_m, texts) => texts.map((t) => (/zebrafish/i.test(t) ? [1, 0] : [0, 1])),
  };

  it('takes a forgotten conversation’s questions, words, term counts and vectors out of memory', async () => {
    const store = new EmbeddingStore(db, provider);
    const past = new PastConversations(db, store);
    const kept = await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW - DAY);
    expect(await past.embedSome()).toBe(1);
    const before = past.held;

    const gone = await seedExchange(db, 'Why do zebrafish regenerate their fins?', 'Blastema cells.', NOW);
    expect(await past.embedSome()).toBe(1);
    expect(store.has(questionKey(gone.question.id))).toBe(true);
    expect(past.held.questions).toBe(before.questions + 1);
    expect(past.held.terms).toBeGreaterThan(before.terms);
    expect(past.held.counted).toBeGreaterThan(before.counted);

    await deleteConversation(db, gone.conversation.id, NOW);
    expect((await forgetExpired(db, NOW + 60_000, 30_000)).conversations).toEqual([gone.conversation.id]);
    await past.forget([gone.conversation.id]);
    // Exactly what it held before the conversation came: none of its words, counts or vectors.
    expect(past.held).toEqual(before);
    expect(store.has(questionKey(gone.question.id))).toBe(false);
    expect(store.has(questionKey(kept.question.id))).toBe(true);
    const found = await past.candidates('reverse a list', { now: NOW });
    expect(found.map((c) => c.conversationId)).toEqual([kept.conversation.id]);
  });

  it('does not embed the questions of a conversation in the bin', async () => {
    const store = new EmbeddingStore(db, provider);
    const past = new PastConversations(db, store);
    const binned = await seedExchange(db, 'Why do zebrafish regenerate their fins?', 'Blastema cells.', NOW);
    const kept = await seedExchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', NOW - DAY);
    await deleteConversation(db, binned.conversation.id, NOW);
    expect(await past.embedSome()).toBe(1);
    expect((await db.embeddings.toArray()).map((r) => r.itemKey)).toEqual([questionKey(kept.question.id)]);
  });
});
