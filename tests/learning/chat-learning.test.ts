/**
 * The chat actions with learning switched on, against the fake Ollama over
 * HTTP and a real database: what the model receives, what is reported to
 * the engine, that learning never holds up or fails an answer, and the loop
 * from one conversation into the next.
 */
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import type { ChatDeps, ModelFacts } from '@/lib/chat/turn';
import { CODELUMI_PERSONA } from '@/lib/prompt/prompt';
import type { ContextSection } from '@/lib/prompt/context-sections';
import type { LearnedContext } from '@/lib/memory/learned-context';
import { learnedSections } from '@/lib/retrieval/learned';
import { createRetriever } from '@/lib/retrieval/retriever';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import type { CodelumiDB } from '@/lib/db/db';
import type { NewAppEvent } from '@/lib/core/records';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { recordEvent } from '@/lib/db/events';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { createAnalysisWorkerClient, type AnalysisWorkerClient } from '@/lib/analysis/client';
import type { AnalysisWorkerApi } from '@/lib/analysis/api';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { chatContext, modelFactsFrom, stored } from '../support/chat';

let fake: FakeOllama;
let facts: Map<string, ModelFacts>;
let db: CodelumiDB;
const clients: AnalysisWorkerClient[] = [];

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  facts = await modelFactsFrom(fake.url);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  db = freshDatabase();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
  db.close();
});

const ctxWith = (extra: Partial<ChatDeps>) => chatContext(db, fake.url, facts, {}, extra);
const systemOf = (i: number) => fake.chatRequests()[i].messages[0];

/** A analysis worker client over an in-process "worker" (a MessageChannel port with Comlink on the other end). */
function workerClient(
  api: Partial<AnalysisWorkerApi>,
  timeoutMs: number,
): { client: AnalysisWorkerClient; started: () => number } {
  let started = 0;
  const client = createAnalysisWorkerClient(() => {
    started++;
    const { port1, port2 } = new MessageChannel();
    expose(api, port2 as unknown as Parameters<typeof expose>[1]);
    return Object.assign(port1, {
      terminate() {
        port1.close();
        port2.close();
      },
    }) as unknown as Worker;
  }, timeoutMs);
  clients.push(client);
  return { client, started: () => started };
}

const LEARNED: Pick<LearnedContext, 'preferences' | 'corrections' | 'style'> = {
  preferences: [{ id: 'p1', text: 'Prefers short answers' }],
  corrections: [{ id: 'c1', text: 'When asked about “eslint”: Use `npm i -D eslint`' }],
  style: {
    key: 'short|code-first|no-steps|no-tests',
    instruction: 'Keep the answer short; lead with the code.',
    label: 'short, code first',
    choice: { reason: 'best' },
  },
};

describe('sendMessage with ctx.retrieve', () => {
  it('sends the learned preferences, corrections and style in the system message and keeps them in the trace', async () => {
    const retrieve = vi.fn(async () => learnedSections(LEARNED));
    const started = await sendMessage(ctxWith({ retrieve }), {
      parentId: null,
      text: 'How do I add eslint?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await started.done).status).toBe('complete');

    expect(retrieve).toHaveBeenCalledWith(
      expect.objectContaining({ question: 'How do I add eslint?', conversationContext: '' }),
    );
    const system = systemOf(0);
    expect(system.role).toBe('system');
    expect(system.content).toContain('## What you know about this user (follow these)\n- Prefers short answers');
    expect(system.content).toContain(
      '## Corrections this user made to earlier answers (do not repeat those mistakes)\n- When asked about “eslint”: Use `npm i -D eslint`',
    );
    expect(system.content).toContain(
      '## Answer style that works for this user on this kind of question\n- Keep the answer short; lead with the code.',
    );
    const answer = await stored(db, started.answerId);
    expect(answer.trace?.sections?.map((s) => [s.name, s.items.map((i) => i.id)])).toEqual([
      ['Preferences', ['memory:p1']],
      ['Corrections', ['memory:c1']],
      ['Answer style', ['style:short|code-first|no-steps|no-tests']],
    ]);
  });

  it('asks with the conversation so far for a follow-up', async () => {
    fake.script([{ match: { lastUser: 'closure' }, reply: { content: 'A function with its scope.' } }]);
    const retrieve = vi.fn(async () => undefined);
    const ctx = ctxWith({ retrieve });
    const first = await sendMessage(ctx, { parentId: null, text: 'What is a closure?', draftKey: NEW_CHAT_DRAFT });
    await first.done;
    const second = await sendMessage(ctx, {
      conversationId: first.conversationId,
      parentId: first.answerId,
      text: 'Show an example',
      draftKey: first.conversationId,
    });
    await second.done;
    expect(retrieve).toHaveBeenLastCalledWith(
      expect.objectContaining({
        question: 'Show an example',
        conversationContext: 'What is a closure?\nA function with its scope.',
      }),
    );
    expect(systemOf(1).content).toBe(CODELUMI_PERSONA);
  });

  it('answers without context when retrieve() rejects', async () => {
    const started = await sendMessage(ctxWith({ retrieve: () => Promise.reject(new Error('worker crashed')) }), {
      parentId: null,
      text: 'What is a closure?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await started.done).status).toBe('complete');
    expect(systemOf(0).content).toBe(CODELUMI_PERSONA);
    expect((await stored(db, started.answerId)).trace?.sections).toBeUndefined();
  });

  it('answers without context when retrieve() throws before returning a promise (the worker failed to start)', async () => {
    const retrieve = () => {
      throw new Error('Worker is not available');
    };
    const started = await sendMessage(ctxWith({ retrieve }), {
      parentId: null,
      text: 'What is a closure?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await started.done).status).toBe('complete');
    expect(systemOf(0).content).toBe(CODELUMI_PERSONA);
  });

  it('answers without learning when the analysis worker hangs past the client time limit', async () => {
    const { client } = workerClient({ retrieve: () => new Promise(() => undefined) }, 100);
    const started = await sendMessage(ctxWith({ retrieve: (input) => client.retrieve(input) }), {
      parentId: null,
      text: 'What is a closure?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await started.done).status).toBe('complete');
    expect(systemOf(0).content).toBe(CODELUMI_PERSONA);
  });
});

describe('the analysis worker client', () => {
  it('rejects a retrieval that takes longer than its time limit', async () => {
    const { client } = workerClient({ retrieve: () => new Promise(() => undefined) }, 50);
    await expect(client.retrieve({ question: 'q', conversationContext: '', contextLength: 4096 })).rejects.toThrow(
      'Retrieving context took longer than 50 ms',
    );
  });

  it('passes calls through to the worker, starting it once, on first use', async () => {
    const context: ContextSection[] = [
      {
        name: 'Preferences',
        heading: 'What you know about this user (follow these)',
        layout: 'list',
        items: [
          { id: 'p', source: 'preference', label: 'Prefers short answers', text: 'Prefers short answers', tokens: 4 },
        ],
      },
    ];
    const { client, started } = workerClient(
      { retrieve: async () => context, ping: async () => 'pong' as const },
      1000,
    );
    expect(started()).toBe(0);
    expect(await client.ping()).toBe('pong');
    expect(await client.retrieve({ question: 'q', conversationContext: '', contextLength: 4096 })).toEqual(context);
    expect(started()).toBe(1);
    client.terminate();
    expect(await client.ping()).toBe('pong');
    expect(started()).toBe(2);
  });
});

describe('sendMessage with ctx.report', () => {
  it("reports 'message_sent' for the question and 'answer_done' for the finished answer", async () => {
    const report = vi.fn();
    const started = await sendMessage(ctxWith({ report }), {
      parentId: null,
      text: 'What is a closure?',
      draftKey: NEW_CHAT_DRAFT,
    });
    await started.done;
    const answer = await stored(db, started.answerId);
    expect(report.mock.calls.map(([e]) => e)).toEqual([
      {
        kind: 'message_sent',
        conversationId: started.conversationId,
        messageId: answer.parentId,
        at: expect.any(Number),
      },
      {
        kind: 'answer_done',
        conversationId: started.conversationId,
        messageId: started.answerId,
        at: expect.any(Number),
      },
    ]);
  });

  it("does not report 'answer_done' for an answer that failed", async () => {
    fake.script([
      { reply: { content: 'one two three four five six', fault: { kind: 'error-mid-stream', afterTokens: 2 } } },
    ]);
    const report = vi.fn();
    const started = await sendMessage(ctxWith({ report }), {
      parentId: null,
      text: 'What is a closure?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await started.done).status).toBe('failed');
    expect(report.mock.calls.map(([e]) => e.kind)).toEqual(['message_sent']);
  });

  it('keeps chatting when report() throws', async () => {
    const started = await sendMessage(
      ctxWith({
        report: () => {
          throw new Error('no worker');
        },
      }),
      { parentId: null, text: 'What is a closure?', draftKey: NEW_CHAT_DRAFT },
    );
    expect((await started.done).status).toBe('complete');
  });
});

describe('the loop from one conversation into the next', () => {
  /** A context that records events in the database and asks the database for learning, as the app does through the worker. */
  function learningCtx() {
    const writes: Promise<unknown>[] = [];
    const ctx = ctxWith({
      report: (e: NewAppEvent) => {
        writes.push(recordEvent(db, e));
      },
      // The real retriever, lexical only (no embedding model), as the worker runs it.
      retrieve: (input) => retriever.retrieve(input),
    });
    const retriever = createRetriever(db, {
      store: new EmbeddingStore(db, { model: async () => undefined, embed: async () => [] }),
    });
    return { ctx, settled: () => Promise.all(writes) };
  }

  it('follows a stated preference from the answer to the message that states it, and carries it into a new conversation', async () => {
    const { ctx, settled } = learningCtx();
    await (
      await sendMessage(ctx, {
        parentId: null,
        text: 'I prefer short answers. What is a closure?',
        draftKey: NEW_CHAT_DRAFT,
      })
    ).done;
    await settled();
    await createLearningEngine(db).processPending();

    await (
      await sendMessage(ctx, {
        parentId: null,
        text: 'How do I debounce a function in JavaScript?',
        draftKey: NEW_CHAT_DRAFT,
      })
    ).done;
    expect(fake.chatRequests()).toHaveLength(2);
    // Stored as the message was sent, before learning ran: the very answer to it already follows it.
    expect(systemOf(0).content).toContain('## What you know about this user (follow these)\n- Prefers short answers');
    expect(systemOf(1).content).toContain('## What you know about this user (follow these)\n- Prefers short answers');
    // Learning from the same message later does not count the statement twice.
    expect((await db.memories.toArray()).map((m) => [m.text, m.hits])).toEqual([['Prefers short answers', 1]]);
  });

  it('carries a correction into a related question in a new conversation, and records what the answer used', async () => {
    fake.script([
      { match: { lastUser: 'eslint' }, reply: { content: 'Run this:\n\n```bash\nnpm install eslint --save\n```' } },
    ]);
    const { ctx, settled } = learningCtx();
    const first = await sendMessage(ctx, {
      parentId: null,
      text: 'How do I install eslint as a dev dependency with npm?',
      draftKey: NEW_CHAT_DRAFT,
    });
    await first.done;
    const fix = await sendMessage(ctx, {
      conversationId: first.conversationId,
      parentId: first.answerId,
      text: 'use `npm i -D eslint` instead, --save adds it to dependencies',
      draftKey: first.conversationId,
    });
    await fix.done;
    await settled();
    const engine = createLearningEngine(db);
    await engine.processPending();
    const [correction] = await db.memories.where('kind').equals('correction').toArray();
    expect(correction.text).toContain('use `npm i -D eslint` instead');

    const related = await sendMessage(ctx, {
      parentId: null,
      text: 'How do I add prettier as a dev dependency with npm?',
      draftKey: NEW_CHAT_DRAFT,
    });
    await related.done;
    const system = fake.chatRequests().at(-1)!.messages[0].content;
    expect(system).toContain(
      `## Corrections this user made to earlier answers (do not repeat those mistakes)\n- ${correction.text}`,
    );

    // The engine then knows which memories shaped that answer.
    await settled();
    await engine.processPending();
    expect((await db.answers.get(related.answerId))?.usedMemoryIds).toContain(correction.id);

    // An unrelated question does not get the correction.
    await (
      await sendMessage(ctx, { parentId: null, text: 'How do I reverse a list in Python?', draftKey: NEW_CHAT_DRAFT })
    ).done;
    expect(fake.chatRequests().at(-1)!.messages[0].content).not.toContain('## Corrections');
  });
});
