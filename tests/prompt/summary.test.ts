/**
 * Summaries of older turns: what to summarise (planSummary), the request and
 * the cleaning of the model's text, and summarizeIfLong end to end with a
 * real database (fake-indexeddb) and the fake Ollama over HTTP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanSummary, planSummary, RECENT_SHARE, SUMMARY_TRIGGER, summaryRequest } from '@/lib/prompt/summary';
import { estimateMessageTokens } from '@/lib/core/tokens';
import { sendMessage } from '@/lib/chat/actions';
import { summarizeIfLong, type ChatDeps, type ModelFacts } from '@/lib/chat/turn';
import { createConversation } from '@/lib/db/conversations';
import type { CodelumiDB } from '@/lib/db/db';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';
import type { Message } from '@/lib/core/records';
import { startFakeOllama, type ChatLikeRequest, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { chatContext, CODER, eventually, modelFactsFrom, stored } from '../support/chat';

type Turn = Pick<Message, 'id' | 'role' | 'content'>;
/** About `tokens` tokens of plain words, starting with a marker that names the turn. */
const words = (marker: string, tokens: number) =>
  `${marker} ${'word '.repeat(Math.max(0, Math.round((tokens * 4) / 5) - 1))}`.trim();
/** q1 a1 q2 a2 … of about `tokens` tokens each. */
const thread = (exchanges: number, tokens = 100): Turn[] =>
  Array.from({ length: exchanges * 2 }, (_, i) => {
    const id = `${i % 2 ? 'a' : 'q'}${Math.floor(i / 2) + 1}`;
    return { id, role: i % 2 ? 'assistant' : 'user', content: words(`TURN-${id}`, tokens) };
  });
const cost = (turns: readonly Turn[]) => turns.reduce((n, m) => n + estimateMessageTokens(m), 0);

describe('planSummary', () => {
  it('plans nothing while the thread takes less than SUMMARY_TRIGGER of the room', () => {
    const turns = thread(4);
    expect(planSummary(turns, Math.ceil(cost(turns) / SUMMARY_TRIGGER) + 1)).toBeUndefined();
    expect(planSummary(turns, Math.floor(cost(turns) / SUMMARY_TRIGGER) - 1)).toBeDefined();
  });

  it('plans nothing for a thread of fewer than four messages, however long', () => {
    expect(planSummary(thread(1, 5000).concat({ id: 'q2', role: 'user', content: 'and?' }), 100)).toBeUndefined();
  });

  it('summarises everything but the recent turns, ending on an answer', () => {
    const turns = thread(5); // 10 messages of about 104 tokens
    const room = 500; // recent turns may take 225 tokens: two messages
    const plan = planSummary(turns, room)!;
    expect(plan.older.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3', 'q4', 'a4']);
    expect(plan.throughMessageId).toBe('a4');
    expect(cost(turns.slice(plan.older.length))).toBeLessThanOrEqual(room * RECENT_SHARE);
  });

  it('moves the cut back to an answer so the summary covers whole exchanges', () => {
    const turns = thread(4); // q1 … a4
    // Room for one recent message: the cut falls between q4 and a4 and moves back to a3.
    const plan = planSummary(turns, 384)!;
    expect(plan.older.at(-1)).toMatchObject({ id: 'a3', role: 'assistant' });
  });

  it('does not summarise again until a good stretch of new turns has fallen out of the recent window', () => {
    const turns = thread(5);
    expect(planSummary(turns, 500, 'a3')).toBeUndefined(); // only q4 and a4 are new
    expect(planSummary(turns, 500, 'a2')).toMatchObject({ throughMessageId: 'a4' }); // four new messages
    // A summary of another branch does not count.
    expect(planSummary(turns, 500, 'elsewhere')).toMatchObject({ throughMessageId: 'a4' });
  });

  it('plans nothing when all that falls outside the recent turns is the first question (there is no exchange to summarise)', () => {
    const turns: Turn[] = [
      { id: 'q1', role: 'user', content: words('Q', 1000) },
      { id: 'a1', role: 'assistant', content: 'short' },
      { id: 'q2', role: 'user', content: 'and then?' },
      { id: 'a2', role: 'assistant', content: 'done' },
    ];
    expect(planSummary(turns, 1000)).toBeUndefined();
  });

  it('summarises the whole thread when even the last answer is too long to keep verbatim', () => {
    const turns = [
      ...thread(1, 10),
      { id: 'q2', role: 'user' as const, content: 'more' },
      { id: 'a2', role: 'assistant' as const, content: words('A', 2000) },
    ];
    expect(planSummary(turns, 1000)).toMatchObject({ throughMessageId: 'a2' });
  });
});

describe('summaryRequest', () => {
  it('asks for notes on the transcript of the older turns', () => {
    const [system, user] = summaryRequest([
      { role: 'user', content: 'I build a CLI called lumi in Python 3.12.' },
      { role: 'assistant', content: 'Use argparse.' },
    ]);
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/Summarise the conversation below/);
    expect(system.content).toMatch(/identifiers, file names and versions exact/);
    expect(user).toEqual({
      role: 'user',
      content: 'Conversation:\nUser: I build a CLI called lumi in Python 3.12.\n\nAssistant: Use argparse.',
    });
  });

  it('passes earlier notes along, so a new summary builds on the previous one', () => {
    const [, user] = summaryRequest([{ role: 'user', content: 'Now add tests.' }], 'The user builds lumi, a CLI.');
    expect(user.content).toBe('Earlier notes:\nThe user builds lumi, a CLI.\n\nConversation:\nUser: Now add tests.');
  });

  it('bounds the transcript of a very long thread', () => {
    const [, user] = summaryRequest([{ role: 'user', content: 'x'.repeat(100_000) }]);
    expect(user.content.length).toBeLessThanOrEqual('Conversation:\n'.length + 60_000);
  });
});

describe('cleanSummary', () => {
  it('removes a think block and a "Summary:" label, and trims', () => {
    expect(cleanSummary('<think>Let me see…</think>\n  Summary: The user builds lumi, a CLI in Python.  ')).toBe(
      'The user builds lumi, a CLI in Python.',
    );
    expect(cleanSummary('Notes: The user wants type hints everywhere.')).toBe('The user wants type hints everywhere.');
  });

  it('gives nothing for text too short to be a summary, or an unfinished think block', () => {
    expect(cleanSummary('OK.')).toBe('');
    expect(cleanSummary('<think>The user asked about lists and then about dictionaries')).toBe('');
  });

  it('caps a runaway summary', () => {
    expect(cleanSummary('word '.repeat(2000))).toHaveLength(4000);
  });
});

describe('summarizeIfLong end to end', () => {
  const NOTES_SYSTEM = /keep notes on a conversation/i;
  const NOTES = 'The user builds lumi-cli, a Python 3.12 command line tool, with argparse and type hints.';
  let fake: FakeOllama;
  let facts: Map<string, ModelFacts>;
  let db: CodelumiDB;

  beforeAll(async () => {
    fake = await startFakeOllama({ quiet: true, tokensPerSecond: 5000 });
    facts = await modelFactsFrom(fake.url);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.script([{ match: { system: NOTES_SYSTEM }, reply: { content: `Summary: ${NOTES}` } }]);
    db = freshDatabase();
  });
  afterEach(() => db.close());

  /** A small window: 1024 tokens, so a few turns of about 100 tokens outgrow it. */
  const ctxWith = (extra: Partial<ChatDeps> = {}) => chatContext(db, fake.url, facts, { contextLength: 1024 }, extra);
  const notesRequests = (): ChatLikeRequest[] => fake.chatRequests().filter((r) => NOTES_SYSTEM.test(r.system ?? ''));
  const answerRequests = (): ChatLikeRequest[] => fake.chatRequests().filter((r) => !NOTES_SYSTEM.test(r.system ?? ''));

  /** A conversation of `exchanges` question/answer pairs of about 100 tokens each, written through the repositories. */
  async function conversationOf(exchanges: number) {
    const conversation = await createConversation(db, { model: CODER });
    const messages: Message[] = [];
    let parent: string | null = null;
    let at = Date.now() - 3_600_000;
    for (const turn of thread(exchanges)) {
      if (turn.role === 'user') {
        const q = await addUserMessage(db, conversation.id, parent, turn.content, at++);
        messages.push(q);
        parent = q.id;
      } else {
        const a = await startAnswer(db, conversation.id, parent!, CODER, at++);
        await completeAnswer(db, a.id, { content: turn.content });
        messages.push(await stored(db, a.id));
        parent = a.id;
      }
    }
    return { conversation, messages };
  }

  it('gives up on a summary Ollama never answers, and tries again on the next turn', async () => {
    fake.script([
      { match: { system: NOTES_SYSTEM }, reply: { content: 'x', fault: { kind: 'hang' } }, times: 1 },
      { match: { system: NOTES_SYSTEM }, reply: { content: `Summary: ${NOTES}` } },
    ]);
    const { conversation, messages } = await conversationOf(4);
    const ctx = ctxWith({ backgroundTimeoutMs: 300 });
    expect(await summarizeIfLong(ctx, conversation.id, CODER, messages.at(-1)!.id)).toBe(false);
    expect((await db.conversations.get(conversation.id))!.summary).toBeUndefined();
    // Not stuck "summarizing" for ever: the next try runs and stores one.
    expect(await summarizeIfLong(ctx, conversation.id, CODER, messages.at(-1)!.id)).toBe(true);
  });

  it('stores a summary of the older turns, and the next request carries it instead of those turns', async () => {
    const { conversation, messages } = await conversationOf(4); // q1 … a4, about 830 tokens
    const ctx = ctxWith();

    expect(await summarizeIfLong(ctx, conversation.id, CODER, messages.at(-1)!.id)).toBe(true);

    const [notes] = notesRequests();
    expect(notes.body).toMatchObject({ stream: false, think: false });
    expect(notes.lastUser).toContain('User: TURN-q1');
    expect(notes.lastUser).toContain('Assistant: TURN-a3');
    expect(notes.lastUser).not.toContain('TURN-q4');
    const summary = (await db.conversations.get(conversation.id))!.summary;
    expect(summary).toMatchObject({ text: NOTES, throughMessageId: messages[5].id, model: CODER });
    expect(summary!.tokens).toBeGreaterThan(0);

    const next = await sendMessage(ctx, {
      conversationId: conversation.id,
      parentId: messages.at(-1)!.id,
      text: 'And how do I add tests?',
      draftKey: conversation.id,
    });
    expect((await next.done).status).toBe('complete');
    const [request] = answerRequests();
    const sent = request.messages.map((m) => m.content).join('\n');
    expect(request.messages[0].role).toBe('system');
    expect(request.messages[0].content).toContain(`Summary of the earlier part of this conversation\n${NOTES}`);
    for (const old of ['q1', 'a1', 'q2', 'a2', 'q3', 'a3']) expect(sent).not.toContain(`TURN-${old} `);
    // The recent turns go verbatim, then the question.
    expect(request.messages.slice(1).map((m) => m.content)).toEqual([
      messages[6].content,
      messages[7].content,
      'And how do I add tests?',
    ]);
    const answer = await stored(db, next.answerId);
    expect(answer.trace?.summary?.throughMessageId).toBe(messages[5].id);
    expect(answer.trace?.omittedIds).toEqual(messages.slice(0, 6).map((m) => m.id));
  });

  it('summarises in the background once an answer makes the conversation too long', async () => {
    const { conversation, messages } = await conversationOf(3);
    fake.addRule({ match: { lastUser: 'one more' }, reply: { content: words('LONG-ANSWER', 120) } });
    const ctx = ctxWith();
    const next = await sendMessage(ctx, {
      conversationId: conversation.id,
      parentId: messages.at(-1)!.id,
      text: 'one more question about lumi',
      draftKey: conversation.id,
    });
    expect((await next.done).status).toBe('complete');
    const summary = await eventually(async () => {
      const c = await db.conversations.get(conversation.id);
      expect(c?.summary).toBeDefined();
      return c!.summary!;
    });
    expect(summary.text).toBe(NOTES);
    expect(notesRequests()).toHaveLength(1);
  });

  it('leaves a short conversation without a summary and asks the model nothing', async () => {
    const { conversation, messages } = await conversationOf(1);
    expect(await summarizeIfLong(ctxWith(), conversation.id, CODER, messages.at(-1)!.id)).toBe(false);
    expect(notesRequests()).toEqual([]);
    expect((await db.conversations.get(conversation.id))!.summary).toBeUndefined();
  });

  it('leaves no summary and throws nothing when the model fails', async () => {
    const { conversation, messages } = await conversationOf(4);
    fake.script([
      {
        match: { system: NOTES_SYSTEM },
        reply: { content: '', fault: { kind: 'error-before-output', status: 500, message: 'model crashed' } },
      },
    ]);
    await expect(summarizeIfLong(ctxWith(), conversation.id, CODER, messages.at(-1)!.id)).resolves.toBe(false);
    expect(notesRequests()).toHaveLength(1);
    expect((await db.conversations.get(conversation.id))!.summary).toBeUndefined();
  });

  it('leaves no summary when the model answers with nothing usable', async () => {
    const { conversation, messages } = await conversationOf(4);
    fake.script([{ match: { system: NOTES_SYSTEM }, reply: { content: '<think>Hmm, what to write' } }]);
    expect(await summarizeIfLong(ctxWith(), conversation.id, CODER, messages.at(-1)!.id)).toBe(false);
    expect((await db.conversations.get(conversation.id))!.summary).toBeUndefined();
  });

  it('leaves no summary and throws nothing when Ollama is not running', async () => {
    const { conversation, messages } = await conversationOf(4);
    await fake.stopListening();
    try {
      await expect(summarizeIfLong(ctxWith(), conversation.id, CODER, messages.at(-1)!.id)).resolves.toBe(false);
    } finally {
      await fake.resume();
    }
    expect((await db.conversations.get(conversation.id))!.summary).toBeUndefined();
  });
});
