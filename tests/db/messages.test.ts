import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { PromptTrace } from '@/lib/core/records';
import { createConversation } from '@/lib/db/conversations';
import {
  addUserMessage,
  childrenOf,
  completeAnswer,
  conversationMessages,
  failAnswer,
  interruptAnswer,
  loadThread,
  resumeAnswer,
  saveAnswerProgress,
  selectBranch,
  settleOrphanedAnswers,
  startAnswer,
} from '@/lib/db/messages';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const trace: PromptTrace = {
  model: 'm',
  contextLength: 4096,
  promptTokens: 120,
  historyIds: ['q'],
  omittedIds: [],
  systemPrompt: 'sys',
};
const cutError = { code: 'stream_cut:ollama' as const, message: 'cut', details: { host: 'http://h' } };

async function question(text = 'How do I sort?') {
  const c = await createConversation(db, {}, 1_000);
  const q = await addUserMessage(db, c.id, null, text, 2_000);
  return { c, q };
}

describe('adding messages', () => {
  it('adds the question and the empty streaming answer, moving the leaf and counting them', async () => {
    const { c, q } = await question();
    expect(q).toMatchObject({ role: 'user', content: 'How do I sort?', status: 'complete', parentId: null });
    let conv = (await db.conversations.get(c.id))!;
    expect(conv).toMatchObject({ leafId: q.id, messageCount: 1, updatedAt: 2_000 });

    const a = await startAnswer(db, c.id, q.id, 'qwen2.5-coder:7b', 3_000);
    expect(await db.messages.get(a.id)).toMatchObject({
      role: 'assistant',
      content: '',
      status: 'streaming',
      parentId: q.id,
      model: 'qwen2.5-coder:7b',
    });
    conv = (await db.conversations.get(c.id))!;
    expect(conv).toMatchObject({ leafId: a.id, messageCount: 2, updatedAt: 3_000 });
  });
});

describe('childrenOf', () => {
  it('gives the replies to each parent asked for (branches included), each once', async () => {
    const { c, q } = await question();
    const a1 = await startAnswer(db, c.id, q.id, 'm', 3_000);
    const a2 = await startAnswer(db, c.id, q.id, 'm', 4_000);
    const follow = await addUserMessage(db, c.id, a1.id, 'and in reverse?', 5_000);
    const other = await question('Another one');

    const ids = (await childrenOf(db, [q.id, a1.id, q.id, other.q.id, 'missing'])).map((m) => m.id).sort();
    expect(ids).toEqual([a1.id, a2.id, follow.id].sort());
    expect(await childrenOf(db, [])).toEqual([]);
  });
});

describe('an answer’s lifecycle', () => {
  it('start → progress saves → complete with metrics and trace', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'Use ' });
    expect(await db.messages.get(a.id)).toMatchObject({ content: 'Use ', status: 'streaming' });
    await saveAnswerProgress(db, a.id, { content: 'Use sort()', thinking: 'they want JS' });
    expect(await db.messages.get(a.id)).toMatchObject({
      content: 'Use sort()',
      thinking: 'they want JS',
      status: 'streaming',
    });

    await completeAnswer(db, a.id, {
      content: 'Use sort().',
      thinking: 'they want JS',
      metrics: { evalCount: 4, doneReason: 'stop' },
      trace,
    });
    const done = (await db.messages.get(a.id))!;
    expect(done).toMatchObject({
      content: 'Use sort().',
      thinking: 'they want JS',
      status: 'complete',
      metrics: { evalCount: 4, doneReason: 'stop' },
      trace,
    });
    expect(done.error).toBeUndefined();
    expect(done.stopReason).toBeUndefined();
  });

  it('a progress save after the answer settled changes nothing', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await completeAnswer(db, a.id, { content: 'final' });
    await saveAnswerProgress(db, a.id, { content: 'late stale save' });
    expect(await db.messages.get(a.id)).toMatchObject({ content: 'final', status: 'complete' });
  });

  it('interrupt keeps the partial answer, marked with why it stopped', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'Part' });
    await interruptAnswer(db, a.id, 'user', { content: 'Partial answer', thinking: 'hm', trace });
    expect(await db.messages.get(a.id)).toMatchObject({
      status: 'interrupted',
      stopReason: 'user',
      content: 'Partial answer',
      thinking: 'hm',
      trace,
    });
  });

  it('interrupt without new text keeps what was saved', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'Saved so far' });
    await interruptAnswer(db, a.id, 'reload');
    expect(await db.messages.get(a.id)).toMatchObject({
      status: 'interrupted',
      stopReason: 'reload',
      content: 'Saved so far',
    });
  });

  it('interrupt only changes answers that are still streaming', async () => {
    const { c, q } = await question();
    const complete = await startAnswer(db, c.id, q.id, 'm');
    await completeAnswer(db, complete.id, { content: 'Finished.' });
    await interruptAnswer(db, complete.id, 'reload', { content: '' });
    expect(await db.messages.get(complete.id)).toMatchObject({ status: 'complete', content: 'Finished.' });

    const failed = await startAnswer(db, c.id, q.id, 'm');
    await failAnswer(db, failed.id, cutError, { content: 'Half' });
    await interruptAnswer(db, failed.id, 'user');
    expect(await db.messages.get(failed.id)).toMatchObject({ status: 'error', stopReason: 'error', error: cutError });
    // The question is not an answer and stays complete.
    await interruptAnswer(db, q.id, 'reload');
    expect((await db.messages.get(q.id))!.status).toBe('complete');
  });

  it('failAnswer keeps the partial answer and stores the error', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'The first' });
    await failAnswer(db, a.id, cutError, { content: 'The first half', trace });
    expect(await db.messages.get(a.id)).toMatchObject({
      status: 'error',
      stopReason: 'error',
      error: cutError,
      content: 'The first half',
      trace,
    });
  });

  it('failAnswer without a partial keeps the saved text', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'saved' });
    await failAnswer(db, a.id, cutError);
    expect(await db.messages.get(a.id)).toMatchObject({ status: 'error', content: 'saved' });
  });

  it('resume puts a stopped answer back into streaming, clearing the stop reason and error', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await failAnswer(db, a.id, cutError, { content: 'Half' });
    await resumeAnswer(db, a.id);
    const resumed = (await db.messages.get(a.id))!;
    expect(resumed).toMatchObject({ status: 'streaming', content: 'Half' });
    expect(resumed.error).toBeUndefined();
    expect(resumed.stopReason).toBeUndefined();
  });

  it('resume never reopens a complete answer (a stale Continue in another tab), and says so', async () => {
    const { c, q } = await question();
    const a = await startAnswer(db, c.id, q.id, 'm');
    await completeAnswer(db, a.id, { content: 'Done.' });
    expect(await resumeAnswer(db, a.id)).toBe(false);
    expect(await db.messages.get(a.id)).toMatchObject({ status: 'complete', content: 'Done.' });
  });
});

describe('settleOrphanedAnswers', () => {
  it('marks only the streaming answers no live tab owns as interrupted by reload', async () => {
    const { c, q } = await question();
    const orphan = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, orphan.id, { content: 'kept words' });
    const owned = await startAnswer(db, c.id, q.id, 'm');
    const done = await startAnswer(db, c.id, q.id, 'm');
    await completeAnswer(db, done.id, { content: 'done' });

    const settled = await settleOrphanedAnswers(db, async (id) => id === owned.id);

    expect(settled).toEqual([orphan.id]);
    expect(await db.messages.get(orphan.id)).toMatchObject({
      status: 'interrupted',
      stopReason: 'reload',
      content: 'kept words',
    });
    expect((await db.messages.get(owned.id))!.status).toBe('streaming');
    expect((await db.messages.get(done.id))!.status).toBe('complete');
  });

  it('does nothing when no answer is streaming', async () => {
    await question();
    expect(await settleOrphanedAnswers(db, () => false)).toEqual([]);
  });
});

describe('branches', () => {
  it('loadThread follows the leaf; selectBranch moves it to the newest message below the chosen branch', async () => {
    const { c, q } = await question();
    const a1 = await startAnswer(db, c.id, q.id, 'm', 3_000);
    const q2 = await addUserMessage(db, c.id, a1.id, 'follow-up', 4_000);
    const a2 = await startAnswer(db, c.id, q2.id, 'm', 5_000);
    const a1b = await startAnswer(db, c.id, q.id, 'm', 6_000);

    expect((await loadThread(db, c.id)).map((e) => e.message.id)).toEqual([q.id, a1b.id]);
    await selectBranch(db, c.id, a1.id);
    expect((await db.conversations.get(c.id))!.leafId).toBe(a2.id);
    const thread = await loadThread(db, c.id);
    expect(thread.map((e) => e.message.id)).toEqual([q.id, a1.id, q2.id, a2.id]);
    expect(thread[1].siblingIds).toEqual([a1.id, a1b.id]);
    expect(await conversationMessages(db, c.id)).toHaveLength(5);
  });
});
