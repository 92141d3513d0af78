/**
 * Answers with no end: the length limit (num_predict, from Settings) stops a
 * model that would write forever, an idle timeout gives up on a server gone
 * silent mid-stream, and Stop on an endless answer keeps its text. Each ends
 * interrupted with what arrived, ready for Continue. Real Dexie
 * (fake-indexeddb) and the fake Ollama over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import type { Settings } from '@/lib/db/settings';
import { DEFAULT_SETTINGS } from '@/lib/db/settings';
import { tokenize } from '../fake-ollama/index';
import { chatContext, eventually, stored, useChatFixture } from '../support/chat';

const t = useChatFixture({ tokensPerSecond: 2000 });

const LOOP = 'Again and again the same words. ';
const send = (settings: Partial<Settings>, text = 'Say it forever') =>
  sendMessage(chatContext(t.db, t.fake.url, t.facts, settings), { parentId: null, text, draftKey: NEW_CHAT_DRAFT });

describe('answers with no end', () => {
  it('has a length limit by default, and sends it to Ollama as num_predict', () => {
    expect(DEFAULT_SETTINGS.maxAnswerTokens).toBeGreaterThanOrEqual(1024);
    expect(DEFAULT_SETTINGS.silenceTimeoutSec).toBeGreaterThan(0);
  });

  it('an endless answer stops at the length limit, is kept, and is marked interrupted for Continue', async () => {
    t.fake.script([{ reply: { content: LOOP, fault: { kind: 'endless' } } }]);
    const started = await send({ maxAnswerTokens: 120 });
    const outcome = await started.done;

    expect(t.fake.chatRequests()[0].body.options).toMatchObject({ num_predict: 120 });
    expect(outcome).toMatchObject({ status: 'interrupted', reason: 'length' });
    const answer = await stored(t.db, started.answerId);
    expect(answer).toMatchObject({ status: 'interrupted', stopReason: 'length' });
    const pieces = tokenize(LOOP);
    expect(answer.content).toBe(Array.from({ length: 120 }, (_, i) => pieces[i % pieces.length]).join(''));
  });

  it('when Ollama goes silent mid-stream, gives up after the idle timeout and keeps the text so far, marked interrupted', async () => {
    const content = 'First words arrive, then nothing more ever comes.';
    t.fake.script([{ reply: { content, fault: { kind: 'silent-mid-stream', afterTokens: 4 } } }]);
    const started = await send({ silenceTimeoutSec: 1 });
    const outcome = await started.done;

    const arrived = tokenize(content).slice(0, 4).join('');
    expect(outcome).toEqual({ status: 'interrupted', content: arrived, reason: 'silent' });
    expect(await stored(t.db, started.answerId)).toMatchObject({
      status: 'interrupted',
      stopReason: 'silent',
      content: arrived,
    });
  });

  it('Stop on an endless answer keeps its text', async () => {
    t.fake.script([{ reply: { content: LOOP, fault: { kind: 'endless' }, tokensPerSecond: 400 } }]);
    const ctx = chatContext(t.db, t.fake.url, t.facts, { maxAnswerTokens: 131_072 });
    const started = await sendMessage(ctx, { parentId: null, text: 'Say it forever', draftKey: NEW_CHAT_DRAFT });
    await eventually(() => expect(ctx.streams.get(started.answerId)?.content.length).toBeGreaterThan(LOOP.length * 3));

    ctx.streams.abortConversation(started.conversationId);
    const outcome = await started.done;
    expect(outcome.status).toBe('stopped');
    expect(outcome.content.length).toBeGreaterThan(LOOP.length * 3);
    expect(await stored(t.db, started.answerId)).toMatchObject({
      status: 'interrupted',
      stopReason: 'user',
      content: outcome.content,
    });
  });
});
