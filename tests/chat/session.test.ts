/**
 * One turn through the chat page's session (lib/chat/session.ts, turn.ts):
 * a finished answer is processed and its run requests go to the runner, an
 * answer storage refused is reported on the page, a question that could not
 * be sent shows its error and keeps the draft, and a chat's model and project
 * change through the session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatSession, ownModel, type ChatView, type TurnActions } from '@/lib/chat/session';
import type { StartedAnswer } from '@/lib/chat/turn';
import type { AnswerEnding } from '@/lib/chat/answer';
import type { RunnableBlock } from '@/lib/runner/board';
import { CodelumiError } from '@/lib/core/errors';
import { createConversation } from '@/lib/db/conversations';
import { freshDatabase } from '../support/db';

const dbs: ReturnType<typeof freshDatabase>[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function setup(outcome: AnswerEnding | Error) {
  const db = freshDatabase();
  dbs.push(db);
  const ran: { messageId: string; requests: readonly RunnableBlock[] }[] = [];
  const sent: unknown[] = [];
  const opened: string[] = [];
  const notes: string[] = [];
  let finished!: () => void;
  const turnDone = new Promise<void>((resolve) => (finished = resolve));
  const start = (): Promise<StartedAnswer> =>
    outcome instanceof Error
      ? Promise.reject(outcome)
      : Promise.resolve({ conversationId: 'c1', answerId: 'a1', done: Promise.resolve(outcome) });
  const actions: TurnActions = {
    send: (input) => (sent.push(input), start()),
    regenerate: start,
    edit: start,
    continueAnswer: start,
    stop: () => undefined,
  };
  const session = new ChatSession({
    db,
    actions: () => actions,
    runner: {
      autoRunSettings: () => ({
        autoRun: { python: true, javascript: true, typescript: true },
        autoRunSideEffects: false,
      }),
      autoRun: async (_c, messageId, requests) => {
        ran.push({ messageId, requests });
        finished();
      },
    },
    report: () => undefined,
    notify: (text) => notes.push(text),
    open: (id) => opened.push(id),
  });
  return { db, session, ran, sent, opened, notes, turnDone };
}

const view = (over: Partial<ChatView> = {}): ChatView => ({
  lastId: null,
  model: 'qwen',
  loadModel: async () => 'loaded',
  ...over,
});

describe('a turn through the chat session', () => {
  it('opens a new chat and hands the finished answer’s run requests to the runner', async () => {
    const content = 'Here:\n\n```\nprint(1 + 1)\n```\n\n```html\n<p>hi</p>\n```';
    const t = setup({ status: 'complete', content } as AnswerEnding);
    expect(await t.session.send(view({ projectId: 'p1' }), 'add them')).toBe(true);
    await t.turnDone;
    expect(t.opened).toEqual(['c1']);
    expect(t.sent[0]).toMatchObject({
      text: 'add them',
      model: 'qwen',
      parentId: null,
      projectId: 'p1',
      draftKey: 'new',
    });
    expect(t.ran).toHaveLength(1);
    expect(t.ran[0].requests.map((b) => [b.index, b.runner, b.effectiveLanguage])).toEqual([[0, 'python', 'python']]);
  });

  it('loads the model list when the picker shows no model yet', async () => {
    const t = setup({ status: 'complete', content: 'ok' } as AnswerEnding);
    await t.session.send(view({ model: '' }), 'hi');
    expect(t.sent[0]).toMatchObject({ model: 'loaded' });
  });

  it('shows an answer that storage refused as the answer’s error', async () => {
    const error = new CodelumiError('quota:db', 'Storage is full.');
    const t = setup({ status: 'failed', content: 'part', error } as AnswerEnding);
    await t.session.send(view(), 'hi');
    if (!t.session.getSnapshot().error) {
      await new Promise<void>((resolve) => {
        const stop = t.session.subscribe(() => t.session.getSnapshot().error && (stop(), resolve()));
      });
    }
    expect(t.session.getSnapshot()).toMatchObject({ error: { code: 'quota:db' }, errorInAnswer: true });
    expect(t.ran).toEqual([]);
  });

  it('keeps a question that could not be sent, shows why, and forgets it in another conversation', async () => {
    const t = setup(new CodelumiError('unreachable:ollama', 'Ollama is not reachable.'));
    expect(await t.session.send(view(), 'hi')).toBe(false);
    expect(t.session.getSnapshot()).toMatchObject({ error: { code: 'unreachable:ollama' }, errorInAnswer: false });
    t.session.show('other', '');
    expect(t.session.getSnapshot().error).toBeNull();
  });

  it('changes a new chat’s model and project in its state, and a saved chat’s in the database', async () => {
    const t = setup({ status: 'complete', content: '' } as AnswerEnding);
    t.session.changeModel(undefined, 'llama');
    t.session.changeProject(undefined, 'p2', 'Two');
    expect(t.session.getSnapshot()).toMatchObject({ newChatModel: 'llama', newChatProject: 'p2' });
    const saved = await createConversation(t.db, { model: 'qwen' });
    t.session.changeModel(saved, 'llama');
    expect(t.notes).toEqual(['This chat now answers with llama']);
    await expect.poll(async () => (await t.db.conversations.get(saved.id))?.model).toBe('llama');
  });

  it('answers with a model picked for a saved chat at once, before the stored conversation catches up', async () => {
    const t = setup({ status: 'complete', content: '' } as AnswerEnding);
    const saved = await createConversation(t.db, { model: 'qwen' });
    const other = await createConversation(t.db, { model: 'mistral' });
    t.session.show(saved.id, '');
    expect(ownModel(t.session.getSnapshot(), saved)).toBe('qwen');
    t.session.changeModel(saved, 'llama');
    // The copy the page holds is still the old one: the pick is what answers.
    expect(ownModel(t.session.getSnapshot(), saved)).toBe('llama');
    expect(ownModel(t.session.getSnapshot(), other)).toBe('mistral');
    expect(ownModel(t.session.getSnapshot(), undefined)).toBe('');
    // Another conversation shown: the pick was this one's only; its stored model is the one.
    t.session.show(other.id, '');
    expect(t.session.getSnapshot().picked).toBeNull();
    expect(ownModel(t.session.getSnapshot(), { ...saved, model: 'llama' })).toBe('llama');
  });

  it('forgets a pick the database refused, and says why', async () => {
    const t = setup({ status: 'complete', content: '' } as AnswerEnding);
    const saved = await createConversation(t.db, { model: 'qwen' });
    t.session.show(saved.id, '');
    // The database is gone (closed): the write is refused.
    t.db.close();
    t.session.changeModel(saved, 'llama');
    await expect.poll(() => t.session.getSnapshot().error).not.toBeNull();
    expect(ownModel(t.session.getSnapshot(), saved)).toBe('qwen');
  });
});
