/**
 * Two tabs of one browser on one database: the answer a tab writes is held
 * by its Web Lock from before it is marked `streaming` until its last write,
 * so the other tab neither settles it as orphaned nor continues it too.
 * Real Dexie (fake-indexeddb), the fake Ollama over HTTP, one lock manager.
 */
import { describe, expect, it } from 'vitest';
import { continueAnswer, sendMessage } from '@/lib/chat/actions';
import type { ChatDeps } from '@/lib/chat/turn';
import { isAnswerLocked } from '@/lib/chat/locks';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { settleOrphanedAnswers } from '@/lib/db/messages';
import { isCodelumiError } from '@/lib/core/errors';
import { createTestLocks } from '../support/locks';
import { chatContext, eventually, longAnswer, stored, useChatFixture } from '../support/chat';

const t = useChatFixture({ tokensPerSecond: 2000 });

/** A tab: its own streams, the shared database and lock manager. */
const tab = (locks: LockManager, extra: Partial<ChatDeps> = {}) =>
  chatContext(t.db, t.fake.url, t.facts, {}, { locks, ...extra });

describe('two tabs', () => {
  it("a tab that opens while another tab's new answer waits for its context does not settle that answer as orphaned", async () => {
    const locks = createTestLocks();
    let releaseContext!: () => void;
    const contextHeld = new Promise<undefined>((resolve) => (releaseContext = () => resolve(undefined)));
    const first = tab(locks, { retrieve: () => contextHeld });
    const sending = sendMessage(first, { parentId: null, text: 'Explain closures', draftKey: NEW_CHAT_DRAFT });

    // The answer is stored as streaming while the first tab still waits for context.
    const answer = await eventually(async () => {
      const [m] = await t.db.messages.where('status').equals('streaming').toArray();
      expect(m).toBeDefined();
      return m;
    });
    // The second tab loads and settles what no live tab holds.
    const settled = await settleOrphanedAnswers(t.db, (id) => isAnswerLocked(locks, id));
    expect(settled).toEqual([]);

    releaseContext();
    const started = await sending;
    expect(started.answerId).toBe(answer.id);
    expect((await started.done).status).toBe('complete');
    expect(await stored(t.db, answer.id)).toMatchObject({ status: 'complete' });
  });

  it('Continue in a second tab is refused while the first tab still writes the answer, and changes nothing', async () => {
    const locks = createTestLocks();
    const first = tab(locks);
    const second = tab(locks);
    // An answer stopped by the user in the first tab…
    t.fake.script([{ reply: { content: longAnswer(200), tokensPerSecond: 200 } }]);
    const sent = await sendMessage(first, { parentId: null, text: 'Write a long essay', draftKey: NEW_CHAT_DRAFT });
    await eventually(() => expect(first.streams.get(sent.answerId)?.content.length).toBeGreaterThan(10));
    first.streams.abortConversation(sent.conversationId);
    await sent.done;
    const interrupted = await stored(t.db, sent.answerId);
    expect(interrupted.status).toBe('interrupted');

    // …is continued there (a slow continuation), while the second tab still shows it interrupted.
    t.fake.script([{ reply: { content: longAnswer(400), tokensPerSecond: 100 } }]);
    const continued = await continueAnswer(first, interrupted);
    await eventually(() =>
      expect(first.streams.get(sent.answerId)?.content.length).toBeGreaterThan(interrupted.content.length),
    );

    const refused = await continueAnswer(second, interrupted).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isCodelumiError(refused) && refused.code).toBe('busy:answer');
    expect(second.streams.all()).toEqual([]);
    expect(t.fake.chatRequests()).toHaveLength(2);

    first.streams.abortConversation(sent.conversationId);
    const outcome = await continued.done;
    expect(outcome.status).toBe('stopped');
    expect(await stored(t.db, sent.answerId)).toMatchObject({ status: 'interrupted', content: outcome.content });
    expect(outcome.content.startsWith(interrupted.content)).toBe(true);
  });
});
