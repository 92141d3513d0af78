/**
 * The chat actions end to end: a real Dexie database (fake-indexeddb) and the
 * fake Ollama over HTTP, through the official `ollama/browser` client.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { continueAnswer, editAndResend, regenerate, sendMessage } from '@/lib/chat/actions';
import type { ChatDeps, ModelFacts } from '@/lib/chat/turn';
import { CODELUMI_PERSONA } from '@/lib/prompt/prompt';
import { fallbackTitle } from '@/lib/chat/title';
import { updateConversationOptions } from '@/lib/db/conversations';
import type { CodelumiDB } from '@/lib/db/db';
import { loadDraft, NEW_CHAT_DRAFT, saveDraft } from '@/lib/db/drafts';
import { loadThread } from '@/lib/db/messages';
import type { Settings } from '@/lib/db/settings';
import { CodelumiError } from '@/lib/core/errors';
import { describeError } from '@/lib/core/errors-text';
import { startFakeOllama, tokenize, type ChatLikeRequest, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { isAnswerLocked } from '@/lib/chat/locks';
import { chatContext, CODER, eventually, longAnswer, modelFactsFrom, stored, THINKER } from '../support/chat';

let fake: FakeOllama;
let facts: Map<string, ModelFacts>;
let db: CodelumiDB;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 2000 });
  facts = await modelFactsFrom(fake.url);
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.resume().catch(() => undefined);
  fake.reset();
  db = freshDatabase();
});
afterEach(() => db.close());

const TITLE_SYSTEM = /name chat conversations/i;
/** Chat requests that answer the user (not the title requests). */
const answerRequests = (): ChatLikeRequest[] => fake.chatRequests().filter((r) => !TITLE_SYSTEM.test(r.system ?? ''));
const titleRequests = (): ChatLikeRequest[] => fake.chatRequests().filter((r) => TITLE_SYSTEM.test(r.system ?? ''));
const ctxWith = (settings: Partial<Settings> = {}, extra: Partial<ChatDeps> = {}) =>
  chatContext(db, fake.url, facts, settings, extra);

async function firstExchange(ctx: ChatDeps, text = 'How do I reverse a list in Python?') {
  const started = await sendMessage(ctx, { parentId: null, text, draftKey: NEW_CHAT_DRAFT });
  const outcome = await started.done;
  const answer = await stored(db, started.answerId);
  return { started, outcome, answer, question: await stored(db, answer.parentId!) };
}

describe('sendMessage', () => {
  it('stores the question and the answer, and completes the answer with metrics and a prompt trace', async () => {
    const reply = '```python\nitems.reverse()\n```\n\nOr `reversed(items)` for a new iterator.';
    fake.script([{ match: { lastUser: 'reverse a list' }, reply: { content: reply } }]);
    const ctx = ctxWith();
    await saveDraft(db, NEW_CHAT_DRAFT, 'How do I reverse a list in Python?');

    const started = await sendMessage(ctx, {
      parentId: null,
      text: '  How do I reverse a list in Python?\n',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect(await started.done).toEqual({ status: 'complete', content: reply });

    const conversation = (await db.conversations.get(started.conversationId))!;
    expect(conversation).toMatchObject({
      messageCount: 2,
      leafId: started.answerId,
      title: 'How do I reverse a list in Python?',
      titleSource: 'fallback',
    });
    const answer = await stored(db, started.answerId);
    const question = await stored(db, answer.parentId!);
    expect(question).toMatchObject({
      role: 'user',
      content: 'How do I reverse a list in Python?',
      status: 'complete',
      parentId: null,
    });
    expect(answer).toMatchObject({ role: 'assistant', status: 'complete', content: reply, model: CODER });
    expect(answer.metrics).toMatchObject({ doneReason: 'stop', evalCount: tokenize(reply).length });
    expect(answer.metrics!.promptEvalCount).toBeGreaterThan(0);
    expect(answer.metrics!.totalDurationNs).toBeGreaterThan(0);
    expect(answer.trace).toMatchObject({
      model: CODER,
      contextLength: 8192,
      historyIds: [question.id],
      omittedIds: [],
      systemPrompt: CODELUMI_PERSONA,
    });
    expect(answer.trace!.promptTokens).toBeGreaterThan(0);
    // The draft went once the question was stored; the stream is no longer active.
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('');
    expect(ctx.streams.all()).toEqual([]);
  });

  it('sends the system prompt, the history and num_ctx to Ollama', async () => {
    const ctx = ctxWith({ globalSystemPrompt: 'Prefer TypeScript.', contextLength: 16384, keepAlive: '10m' });
    const first = await firstExchange(ctx, 'What is a closure?');
    await updateConversationOptions(db, first.started.conversationId, { systemPrompt: 'This project uses Node 20.' });

    const second = await sendMessage(ctx, {
      conversationId: first.started.conversationId,
      parentId: first.answer.id,
      text: 'Show an example',
      draftKey: first.started.conversationId,
    });
    await second.done;

    const requests = answerRequests();
    expect(requests).toHaveLength(2);
    const last = requests[1];
    expect(last.model).toBe(CODER);
    expect(last.messages).toEqual([
      { role: 'system', content: `${CODELUMI_PERSONA}\n\nPrefer TypeScript.\n\nThis project uses Node 20.` },
      { role: 'user', content: 'What is a closure?' },
      { role: 'assistant', content: first.answer.content },
      { role: 'user', content: 'Show an example' },
    ]);
    expect(last.body).toMatchObject({ stream: true, options: { num_ctx: 16384 }, keep_alive: '10m' });
    expect(last.body.think).toBeUndefined();
    const thread = await loadThread(db, first.started.conversationId);
    expect(thread.map((e) => e.message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('saves the answer into IndexedDB while it is still streaming', async () => {
    const full = longAnswer(40);
    fake.script([{ reply: { content: full, tokensPerSecond: 160 } }]);
    const ctx = ctxWith();
    const started = await sendMessage(ctx, {
      parentId: null,
      text: 'Explain the event loop',
      draftKey: NEW_CHAT_DRAFT,
    });

    const midway = await eventually(async () => {
      const m = await stored(db, started.answerId);
      expect(m.status).toBe('streaming');
      expect(m.content.length).toBeGreaterThan(0);
      return m;
    });
    expect(full.startsWith(midway.content)).toBe(true);
    expect(midway.content.length).toBeLessThan(full.length);
    // The screen follows every token from memory meanwhile.
    expect(ctx.streams.get(started.answerId)).toMatchObject({
      conversationId: started.conversationId,
      phase: 'answering',
    });
    expect(ctx.streams.busyIn(started.conversationId)).toBe(true);

    expect((await started.done).status).toBe('complete');
    expect(await stored(db, started.answerId)).toMatchObject({ status: 'complete', content: full });
    expect(ctx.streams.busyIn(started.conversationId)).toBe(false);
  });

  it("holds the answer's lock while it streams, and lets go once it ends", async () => {
    const locks = createTestLocks();
    const ctx = ctxWith({}, { locks });
    const started = await sendMessage(ctx, { parentId: null, text: 'hello', draftKey: NEW_CHAT_DRAFT });
    expect(await isAnswerLocked(locks, started.answerId)).toBe(true);
    await started.done;
    await eventually(async () => expect(await isAnswerLocked(locks, started.answerId)).toBe(false));
  });

  it('Stop keeps the partial answer, marked interrupted by the user', async () => {
    const full = longAnswer(200);
    fake.script([{ reply: { content: full, tokensPerSecond: 200 } }]);
    const ctx = ctxWith();
    const started = await sendMessage(ctx, { parentId: null, text: 'Write a long essay', draftKey: NEW_CHAT_DRAFT });
    await eventually(() => expect(ctx.streams.get(started.answerId)?.content.length).toBeGreaterThan(10));

    ctx.streams.abortConversation(started.conversationId);
    const outcome = await started.done;

    expect(outcome.status).toBe('stopped');
    expect(outcome.content.length).toBeGreaterThan(0);
    expect(outcome.content.length).toBeLessThan(full.length);
    expect(full.startsWith(outcome.content)).toBe(true);
    const answer = await stored(db, started.answerId);
    expect(answer).toMatchObject({ status: 'interrupted', stopReason: 'user', content: outcome.content });
    expect(answer.error).toBeUndefined();
    expect(answer.trace?.historyIds).toHaveLength(1);
    expect(describeError({ code: 'aborted:user', message: '', details: {} }).actions).toContain('continue');
  });

  it('Stop works while the model is still loading (before the first token)', async () => {
    fake.script([{ reply: { content: 'late', firstTokenDelayMs: 30_000 } }]);
    const ctx = ctxWith();
    const started = await sendMessage(ctx, { parentId: null, text: 'hi', draftKey: NEW_CHAT_DRAFT });
    await eventually(() => expect(answerRequests()).toHaveLength(1));
    expect(ctx.streams.get(started.answerId)?.phase).toBe('waiting');

    ctx.streams.abortConversation(started.conversationId);
    expect(await started.done).toEqual({ status: 'stopped', content: '' });
    expect(await stored(db, started.answerId)).toMatchObject({
      status: 'interrupted',
      stopReason: 'user',
      content: '',
    });
  });

  it('an error in the middle of the stream keeps the partial answer with status error and the code', async () => {
    const full = 'First part of the answer, then the runner dies here and never finishes.';
    fake.script([
      {
        reply: {
          content: full,
          fault: { kind: 'error-mid-stream', afterTokens: 5, message: 'model runner has unexpectedly stopped' },
        },
      },
    ]);
    const { outcome, answer } = await firstExchange(ctxWith());
    const partial = tokenize(full).slice(0, 5).join('');

    expect(outcome).toMatchObject({ status: 'failed', content: partial });
    expect(answer).toMatchObject({ status: 'error', stopReason: 'error', content: partial });
    expect(answer.error).toMatchObject({ code: 'stream_error:ollama', details: { model: CODER, host: fake.url } });
    expect(answer.error!.message).toContain('model runner has unexpectedly stopped');
    expect(describeError(answer.error!, true).actions).toEqual(['retry', 'continue']);
  });

  it('a connection cut in the middle of the stream keeps the partial answer as stream_cut', async () => {
    const full = 'One two three four five six seven eight nine ten.';
    fake.script([{ reply: { content: full, fault: { kind: 'cut-mid-stream', afterTokens: 4 } } }]);
    const { outcome, answer } = await firstExchange(ctxWith());
    const partial = tokenize(full).slice(0, 4).join('');
    expect(outcome.status).toBe('failed');
    expect(answer).toMatchObject({ status: 'error', content: partial, error: { code: 'stream_cut:ollama' } });
  });

  it('a connection cut after the headers but before any text is stream_cut too, not a CORS block', async () => {
    fake.script([{ reply: { content: 'never arrives', fault: { kind: 'cut-mid-stream', afterTokens: 0 } } }]);
    const { answer } = await firstExchange(ctxWith());
    expect(answer).toMatchObject({ status: 'error', content: '', error: { code: 'stream_cut:ollama' } });
  });

  it('an error before any output is server:ollama, with nothing streamed', async () => {
    fake.script([{ reply: { content: 'x', fault: { kind: 'error-before-output', message: 'out of memory' } } }]);
    const { answer } = await firstExchange(ctxWith());
    expect(answer).toMatchObject({
      status: 'error',
      content: '',
      error: { code: 'server:ollama', details: { status: 500 } },
    });
  });

  it('an unknown model fails as not_found:model with nothing streamed, offering to pull it', async () => {
    const ctx = ctxWith();
    const started = await sendMessage(ctx, {
      parentId: null,
      text: 'hi',
      model: 'ghost-coder:7b',
      draftKey: NEW_CHAT_DRAFT,
    });
    const outcome = await started.done;
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.error.code).toBe('not_found:model');
    const answer = await stored(db, started.answerId);
    expect(answer).toMatchObject({
      status: 'error',
      content: '',
      model: 'ghost-coder:7b',
      error: { code: 'not_found:model', details: { model: 'ghost-coder:7b' } },
    });
    expect((await db.conversations.get(started.conversationId))!.model).toBe('ghost-coder:7b');
    const text = describeError(answer.error!);
    expect(text.actions).toContain('pull-model');
    expect(text.command).toBe('ollama pull ghost-coder:7b');
  });

  it('chatting with an embedding model fails as unsupported:model', async () => {
    const started = await sendMessage(ctxWith(), {
      parentId: null,
      text: 'hi',
      model: 'nomic-embed-text:latest',
      draftKey: NEW_CHAT_DRAFT,
    });
    await started.done;
    expect((await stored(db, started.answerId)).error?.code).toBe('unsupported:model');
  });

  it('Ollama not running fails as unreachable:ollama, keeping the question', async () => {
    await fake.stopListening();
    const { answer, question } = await firstExchange(ctxWith());
    expect(answer).toMatchObject({
      status: 'error',
      error: { code: 'unreachable:ollama', details: { host: fake.url } },
    });
    expect(question.content).toBe('How do I reverse a list in Python?');
  });

  it('a question too long for the context window is refused before anything is written', async () => {
    const ctx = ctxWith({ contextLength: 1024 });
    const huge = 'Please review this code:\n' + 'const value = compute(input);\n'.repeat(400);
    await saveDraft(db, NEW_CHAT_DRAFT, huge);

    const err = await sendMessage(ctx, { parentId: null, text: huge, draftKey: NEW_CHAT_DRAFT }).catch(
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(CodelumiError);
    expect(err).toMatchObject({ code: 'overflow:context', details: { model: CODER, contextLength: 1024 } });
    expect((err as CodelumiError).details.tokens).toBeGreaterThan(1024);
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe(huge);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('a too-long follow-up in an existing conversation adds nothing to it', async () => {
    const ctx = ctxWith({ contextLength: 1024 });
    const first = await firstExchange(ctx, 'short question');
    const before = await db.conversations.get(first.started.conversationId);
    const key = first.started.conversationId;
    await saveDraft(db, key, 'x'.repeat(50_000));

    await expect(
      sendMessage(ctx, { conversationId: key, parentId: first.answer.id, text: 'x'.repeat(50_000), draftKey: key }),
    ).rejects.toMatchObject({ code: 'overflow:context' });
    expect(await db.messages.count()).toBe(2);
    expect(await db.conversations.get(key)).toEqual(before);
    expect(await loadDraft(db, key)).toBe('x'.repeat(50_000));
  });

  it('refuses an empty message and a missing model without writing', async () => {
    await expect(
      sendMessage(ctxWith(), { parentId: null, text: '  \n ', draftKey: NEW_CHAT_DRAFT }),
    ).rejects.toMatchObject({ code: 'bad_request:ollama' });
    await expect(
      sendMessage(ctxWith({ defaultModel: '' }), { parentId: null, text: 'hi', draftKey: NEW_CHAT_DRAFT }),
    ).rejects.toMatchObject({ code: 'not_found:model' });
    expect(await db.conversations.count()).toBe(0);
  });

  it('uses the fallback model (the first installed chat model) when no model is set anywhere', async () => {
    const ctx = ctxWith({ defaultModel: '' }, { fallbackModel: () => THINKER });
    const { answer } = await firstExchange(ctx, 'hi');
    expect(answer.model).toBe(THINKER);
    expect(answerRequests()[0].model).toBe(THINKER);
  });

  it('reads while Ollama is checked, writes nothing when the check fails, and its error wins over a missing model', async () => {
    const down = new CodelumiError('unreachable:ollama', 'Ollama is not reachable.');
    const reads: string[] = [];
    const ctx = ctxWith({}, { modelFacts: (name) => (reads.push(name), facts.get(name)) });
    await expect(
      sendMessage(ctx, { parentId: null, text: 'hi', draftKey: NEW_CHAT_DRAFT, reachable: Promise.reject(down) }),
    ).rejects.toBe(down);
    // The prompt was checked (the read went ahead), but nothing was stored.
    expect(reads.length).toBeGreaterThan(0);
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    // No model either: the user is told what is wrong first, that Ollama is down.
    await expect(
      sendMessage(ctxWith({ defaultModel: '' }), {
        parentId: null,
        text: 'hi',
        draftKey: NEW_CHAT_DRAFT,
        reachable: Promise.reject(down),
      }),
    ).rejects.toBe(down);
    // A check that passes lets the Send through.
    const started = await sendMessage(ctx, {
      parentId: null,
      text: 'hi',
      draftKey: NEW_CHAT_DRAFT,
      reachable: Promise.resolve(),
    });
    expect((await started.done).status).toBe('complete');
  });

  it('a Send after the thread on screen uses it, and reads the database again only when it is not the current one', async () => {
    const { started, question, answer } = await firstExchange(ctxWith(), 'How do I reverse a list in Python?');
    const conversation = (await db.conversations.get(started.conversationId))!;
    const thread = (await loadThread(db, conversation.id)).map((e) => e.message);
    const messageReads = vi.spyOn(db.messages, 'where');
    const conversationReads = vi.spyOn(db.conversations, 'get');
    const readsWhenAsked: number[] = [];
    const ctx = ctxWith(
      {},
      {
        retrieve: async () => (
          readsWhenAsked.push(messageReads.mock.calls.length + conversationReads.mock.calls.length),
          []
        ),
      },
    );
    const next = await sendMessage(ctx, {
      conversationId: conversation.id,
      parentId: answer.id,
      text: 'And in place?',
      draftKey: conversation.id,
      shown: { conversation, thread },
    });
    await next.done;
    expect(readsWhenAsked).toEqual([0]);
    expect(
      answerRequests()
        .at(-1)!
        .messages.filter((m) => m.role !== 'system')
        .map((m) => m.content),
    ).toEqual([question.content, answer.content, 'And in place?']);
    // A thread shown that does not end where the question goes (an answer came in meanwhile) is read again.
    await sendMessage(ctx, {
      conversationId: conversation.id,
      parentId: next.answerId,
      text: 'And with a slice?',
      draftKey: conversation.id,
      shown: { conversation, thread },
    }).then((s) => s.done);
    expect(readsWhenAsked[1]).toBeGreaterThan(0);
    expect(
      answerRequests()
        .at(-1)!
        .messages.filter((m) => m.role === 'user')
        .map((m) => m.content),
    ).toEqual([question.content, 'And in place?', 'And with a slice?']);
  });

  it('a new chat asks for context before its conversation and question are stored, naming the ids they get', async () => {
    const asked: { conversationId?: string; questionId?: string; stored: [boolean, boolean] }[] = [];
    const ctx = ctxWith(
      {},
      {
        retrieve: async (input) => {
          // Reads started now see the database as it was when the retrieval was asked.
          const [conversation, question] = await Promise.all([
            db.conversations.get(input.conversationId ?? ''),
            db.messages.get(input.questionId ?? ''),
          ]);
          asked.push({ ...input, stored: [!!conversation, !!question] });
          return [];
        },
      },
    );
    const { started, question } = await firstExchange(ctx, 'How do I reverse a list in Python?');
    expect(asked).toMatchObject([
      { conversationId: started.conversationId, questionId: question.id, stored: [false, false] },
    ]);
    expect(await db.conversations.get(started.conversationId)).toMatchObject({ messageCount: 2 });
  });

  it('a question that states a preference is answered with it: the preference is stored before context is chosen', async () => {
    const seen: string[][] = [];
    const ctx = ctxWith(
      {},
      {
        retrieve: async () => {
          seen.push((await db.memories.toArray()).map((m) => m.text));
          return [];
        },
      },
    );
    await firstExchange(ctx, 'I prefer TypeScript. How do I reverse a list?');
    expect(seen).toHaveLength(1);
    expect(seen[0].join(' | ')).toMatch(/TypeScript/);
  });
});

describe('regenerate and edit', () => {
  it('regenerate answers the same question again as a sibling and moves the leaf to it', async () => {
    fake.script([{ reply: { content: 'First answer.' }, times: 1 }, { reply: { content: 'Second answer.' } }]);
    const ctx = ctxWith();
    const first = await firstExchange(ctx);

    const again = await regenerate(ctx, first.answer);
    expect(await again.done).toEqual({ status: 'complete', content: 'Second answer.' });

    const conversation = (await db.conversations.get(first.started.conversationId))!;
    expect(conversation).toMatchObject({ leafId: again.answerId, messageCount: 3 });
    const thread = await loadThread(db, conversation.id);
    expect(thread.map((e) => e.message.content)).toEqual([first.question.content, 'Second answer.']);
    expect(thread[1].siblingIds).toEqual([first.answer.id, again.answerId]);
    expect(thread[1].siblingIndex).toBe(1);
    expect(await stored(db, first.answer.id)).toMatchObject({ status: 'complete', content: 'First answer.' });
    // The model saw the question only, not the answer being replaced.
    expect(answerRequests()[1].messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('regenerate can use another model', async () => {
    const ctx = ctxWith();
    const first = await firstExchange(ctx);
    const again = await regenerate(ctx, first.answer, { model: THINKER });
    await again.done;
    expect(await stored(db, again.answerId)).toMatchObject({ model: THINKER, status: 'complete' });
  });

  it('edit-and-resend adds the edited question beside the original, with its own answer', async () => {
    fake.script([
      { match: { lastUser: 'Python' }, reply: { content: 'Use reverse().' } },
      { match: { lastUser: 'JavaScript' }, reply: { content: 'Use toReversed().' } },
    ]);
    const ctx = ctxWith();
    const first = await firstExchange(ctx, 'How do I reverse a list in Python?');
    await saveDraft(db, `edit:${first.question.id}`, 'How do I reverse an array in JavaScript?');

    const edited = await editAndResend(ctx, first.question, 'How do I reverse an array in JavaScript?');
    expect(await edited.done).toEqual({ status: 'complete', content: 'Use toReversed().' });

    const thread = await loadThread(db, first.started.conversationId);
    expect(thread.map((e) => e.message.content)).toEqual([
      'How do I reverse an array in JavaScript?',
      'Use toReversed().',
    ]);
    expect(thread[0].siblingIds).toEqual([first.question.id, thread[0].message.id]);
    expect(thread[0].message.parentId).toBeNull();
    expect(await loadDraft(db, `edit:${first.question.id}`)).toBe('');
    // The original branch is untouched, and the model did not see it.
    expect(await stored(db, first.answer.id)).toMatchObject({ content: 'Use reverse().' });
    expect(
      answerRequests()[1]
        .messages.map((m) => m.content)
        .join(' '),
    ).not.toContain('Python');
  });

  it('editing a later question keeps the earlier turns as history', async () => {
    const ctx = ctxWith();
    const first = await firstExchange(ctx, 'Question one');
    const second = await sendMessage(ctx, {
      conversationId: first.started.conversationId,
      parentId: first.answer.id,
      text: 'Question two',
      draftKey: 'k',
    });
    await second.done;
    const q2 = await stored(db, (await stored(db, second.answerId)).parentId!);

    const edited = await editAndResend(ctx, q2, 'Question two, edited');
    await edited.done;
    expect(
      answerRequests()[2]
        .messages.map((m) => m.content)
        .slice(1),
    ).toEqual(['Question one', first.answer.content, 'Question two, edited']);
    const thread = await loadThread(db, first.started.conversationId);
    expect(thread[2].siblingIds).toEqual([q2.id, thread[2].message.id]);
  });
});

describe('continueAnswer', () => {
  it('appends to the same message, sending the partial answer as the last assistant message', async () => {
    const full = longAnswer(200);
    fake.script([
      {
        match: {},
        reply: (req) =>
          req.messages.at(-1)?.role === 'assistant'
            ? { content: ' and that is the end.' }
            : { content: full, tokensPerSecond: 200 },
      },
    ]);
    const ctx = ctxWith();
    const started = await sendMessage(ctx, { parentId: null, text: 'Tell me everything', draftKey: NEW_CHAT_DRAFT });
    await eventually(() => expect(ctx.streams.get(started.answerId)?.content.length).toBeGreaterThan(10));
    ctx.streams.abortConversation(started.conversationId);
    const stopped = await started.done;
    const interrupted = await stored(db, started.answerId);
    expect(interrupted.status).toBe('interrupted');

    const resumed = await continueAnswer(ctx, interrupted);
    expect(resumed.answerId).toBe(started.answerId);
    expect(await resumed.done).toEqual({ status: 'complete', content: `${stopped.content} and that is the end.` });

    const request = answerRequests()[1];
    expect(request.messages.at(-1)).toEqual({ role: 'assistant', content: stopped.content });
    expect(request.messages.at(-2)).toEqual({ role: 'user', content: 'Tell me everything' });
    expect(request.messages.filter((m) => m.role === 'assistant')).toHaveLength(1);
    const answer = await stored(db, started.answerId);
    expect(answer).toMatchObject({ status: 'complete', content: `${stopped.content} and that is the end.` });
    expect(answer.stopReason).toBeUndefined();
    expect((await db.conversations.get(started.conversationId))!.messageCount).toBe(2);
  });

  it('continues an answer that failed mid-stream, clearing the error', async () => {
    fake.script([
      { reply: { content: 'Half of it, then', fault: { kind: 'error-mid-stream', afterTokens: 3 } }, times: 1 },
      { reply: { content: ' the rest.' } },
    ]);
    const ctx = ctxWith();
    const { answer } = await firstExchange(ctx);
    expect(answer.status).toBe('error');
    const resumed = await continueAnswer(ctx, answer);
    await resumed.done;
    const after = await stored(db, answer.id);
    expect(after).toMatchObject({ status: 'complete', content: `${answer.content} the rest.` });
    expect(after.error).toBeUndefined();
  });
});

describe('automatic titles', () => {
  it('replaces the fallback title with the model’s title after the first exchange', async () => {
    fake.script([
      { match: { system: TITLE_SYSTEM }, reply: { content: '"Reversing Python lists"' } },
      { reply: { content: 'Use `items.reverse()`.' } },
    ]);
    const ctx = ctxWith({ autoTitle: true });
    const { started } = await firstExchange(ctx);

    expect(await db.conversations.get(started.conversationId)).toMatchObject({
      title: 'Reversing Python lists',
      titleSource: 'auto',
    });
    const [titleRequest] = titleRequests();
    expect(titleRequest.body.stream).toBe(false);
    // A thinking model must not spend the few tokens of a title on reasoning.
    expect(titleRequest.body.think).toBe(false);
    expect(titleRequest.lastUser).toContain('How do I reverse a list in Python?');
    expect(titleRequest.lastUser).toContain('Use `items.reverse()`.');

    // Later turns do not ask again.
    const conv = (await db.conversations.get(started.conversationId))!;
    const next = await sendMessage(ctx, {
      conversationId: conv.id,
      parentId: conv.leafId!,
      text: 'And for tuples?',
      draftKey: conv.id,
    });
    await next.done;
    expect(titleRequests()).toHaveLength(1);
  });

  it('names a conversation with a thinking model too (reasoning off for the title)', async () => {
    fake.script([
      { match: { system: TITLE_SYSTEM }, reply: { thinking: 'Hmm, a title…', content: 'String reversal in JS' } },
    ]);
    const { started } = await firstExchange(
      ctxWith({ autoTitle: true, defaultModel: THINKER }),
      'Reverse a string in JS',
    );
    expect(await db.conversations.get(started.conversationId)).toMatchObject({
      title: 'String reversal in JS',
      titleSource: 'auto',
    });
    expect(titleRequests()[0]).toMatchObject({ model: THINKER, body: { think: false } });
  });

  it('keeps the fallback title when the title request fails', async () => {
    fake.script([
      {
        match: { system: TITLE_SYSTEM },
        reply: { content: 'x', fault: { kind: 'error-before-output', message: 'boom' } },
      },
    ]);
    const question = '## How do I **debounce** an input in `React`?';
    const { started, outcome } = await firstExchange(ctxWith({ autoTitle: true }), question);
    expect(outcome.status).toBe('complete');
    expect(titleRequests()).toHaveLength(1);
    expect(await db.conversations.get(started.conversationId)).toMatchObject({
      title: fallbackTitle(question),
      titleSource: 'fallback',
    });
    expect(fallbackTitle(question)).toBe('How do I debounce an input in React?');
  });

  it('keeps the fallback title when Ollama never answers the title request, and the answer still finishes', async () => {
    fake.script([{ match: { system: TITLE_SYSTEM }, reply: { content: 'x', fault: { kind: 'hang' } } }]);
    const { started, outcome } = await firstExchange(
      ctxWith({ autoTitle: true }, { backgroundTimeoutMs: 300 }),
      'Why is my build slow?',
    );
    expect(outcome.status).toBe('complete');
    expect(titleRequests()).toHaveLength(1);
    expect(await db.conversations.get(started.conversationId)).toMatchObject({
      title: 'Why is my build slow?',
      titleSource: 'fallback',
    });
  });

  it('keeps the fallback title when the model’s title is unusable', async () => {
    fake.script([{ match: { system: TITLE_SYSTEM }, reply: { content: '""' } }]);
    const { started } = await firstExchange(ctxWith({ autoTitle: true }), 'Why is my build slow?');
    expect(await db.conversations.get(started.conversationId)).toMatchObject({
      title: 'Why is my build slow?',
      titleSource: 'fallback',
    });
  });

  it('does not ask for a title when automatic titles are off, or when the answer failed', async () => {
    await firstExchange(ctxWith({ autoTitle: false }));
    expect(titleRequests()).toHaveLength(0);
    fake.script([
      {
        match: { system: undefined, lastUser: 'fail' },
        reply: { content: 'x', fault: { kind: 'error-before-output' } },
      },
    ]);
    await firstExchange(ctxWith({ autoTitle: true }), 'fail please');
    expect(titleRequests()).toHaveLength(0);
  });
});

describe('thinking', () => {
  it('a thinking model’s reasoning lands in `thinking`, not in the answer', async () => {
    fake.script([{ reply: { thinking: 'The user wants a one-liner.', content: 'Use `[...s].reverse().join("")`.' } }]);
    const { answer } = await firstExchange(ctxWith({ defaultModel: THINKER }), 'Reverse a string in JS');
    expect(answer).toMatchObject({
      status: 'complete',
      thinking: 'The user wants a one-liner.',
      content: 'Use `[...s].reverse().join("")`.',
    });
    expect(answerRequests()[0].body.think).toBe(true);
  });

  it('inline <think> tags are split out of the answer, also while streaming', async () => {
    const raw = '<think>Check the types first, then answer briefly.</think>\n\nUse `as const` for literal types.';
    fake.script([{ reply: { content: raw, tokensPerSecond: 150 } }]);
    const ctx = ctxWith();
    const started = await sendMessage(ctx, { parentId: null, text: 'literal types?', draftKey: NEW_CHAT_DRAFT });
    const phases: string[] = [];
    const shown: string[] = [];
    const unsubscribe = ctx.streams.subscribe(started.answerId, () => {
      const s = ctx.streams.get(started.answerId);
      if (!s) return;
      if (phases.at(-1) !== s.phase) phases.push(s.phase);
      shown.push(s.content);
    });
    await started.done;
    unsubscribe();
    // Waiting for the first token, then reasoning, then the answer; the tag itself never shows.
    expect(phases).toEqual(['waiting', 'thinking', 'answering']);
    expect(shown.filter((c) => c.includes('<') || c.includes('think'))).toEqual([]);
    const answer = await stored(db, started.answerId);
    expect(answer).toMatchObject({
      thinking: 'Check the types first, then answer briefly.',
      content: 'Use `as const` for literal types.',
    });
  });

  it('a plain model is not asked to think', async () => {
    await firstExchange(ctxWith());
    expect(answerRequests()[0].body.think).toBeUndefined();
  });
});
