/** The tab's deletions (lib/services/forgetting.ts): undo within the window, forgotten when it ends, caught up at start. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createConversation, deleteConversation, listConversations } from '@/lib/db/conversations';
import { addUserMessage } from '@/lib/db/messages';
import { Forgetting } from '@/lib/services/forgetting';
import { UNDO_WINDOW_MS, forgetExpired, type Forgotten } from '@/lib/learning/forget';
import { ConversationSearch } from '@/lib/search/conversation-search';
import { freshDatabase } from '../support/db';

/** A clock whose timers run only when the test moves time on. */
function manualClock(start = 1_000_000) {
  let now = start;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    pending: () => timers.size,
    /** Moves time on by `ms`, running the timers that come due. */
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at > now) continue;
        timers.delete(id);
        t.run();
      }
    },
  };
}

let db: CodelumiDB;
let clock: ReturnType<typeof manualClock>;
let results: (Forgotten | Error)[];
let forgetting: Forgetting;
/** Resolves with the next forgetting's result. */
let nextResult: () => Promise<Forgotten | Error>;

beforeEach(() => {
  db = freshDatabase();
  clock = manualClock();
  results = [];
  let wake: (() => void) | undefined;
  forgetting = new Forgetting(db, clock, (r) => {
    results.push(r);
    wake?.();
  });
  nextResult = () =>
    new Promise((resolve) => {
      const seen = results.length;
      wake = () => results.length > seen && resolve(results[seen]);
    });
});
afterEach(() => {
  forgetting.stop();
  db.close();
});

async function chat(title: string) {
  const c = await createConversation(db, { title }, clock.now());
  await addUserMessage(db, c.id, null, `the word ${title}`, clock.now());
  return c;
}

describe('Forgetting', () => {
  it('touches nothing within the undo window, then forgets the conversation in the same session', async () => {
    await forgetting.start();
    const c = await chat('quokka');
    await forgetting.delete(c.id);
    expect(await listConversations(db)).toEqual([]);

    clock.advance(UNDO_WINDOW_MS - 1);
    expect(results).toEqual([]);
    expect(await db.messages.count()).toBe(1);

    const done = nextResult();
    clock.advance(1);
    expect(await done).toEqual({ conversations: [c.id], keptMemories: 0 });
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });

  it('restores everything when undone within the window, and forgets nothing later', async () => {
    await forgetting.start();
    const c = await chat('quokka');
    await forgetting.delete(c.id);
    clock.advance(UNDO_WINDOW_MS - 1);
    expect(await forgetting.restore(c.id)).toBe(true);
    expect(clock.pending()).toBe(0);
    clock.advance(UNDO_WINDOW_MS);
    expect((await listConversations(db)).map((x) => x.id)).toEqual([c.id]);
    expect(await db.messages.count()).toBe(1);
  });

  it('says an undo came too late once the conversation is forgotten', async () => {
    await forgetting.start();
    const c = await chat('quokka');
    await forgetting.delete(c.id);
    const done = nextResult();
    clock.advance(UNDO_WINDOW_MS);
    await done;
    expect(await forgetting.restore(c.id)).toBe(false);
  });

  it('at start forgets what was deleted longer ago than the window and waits out the rest', async () => {
    const old = await chat('old');
    const recent = await chat('recent');
    await deleteConversation(db, old.id, clock.now() - UNDO_WINDOW_MS - 1);
    await deleteConversation(db, recent.id, clock.now() - 10_000);

    expect((await forgetting.start()).conversations).toEqual([old.id]);
    expect(await db.conversations.get(recent.id)).toBeDefined();

    const done = nextResult();
    clock.advance(UNDO_WINDOW_MS - 10_000);
    expect(((await done) as Forgotten).conversations).toEqual([recent.id]);
    expect(await db.conversations.count()).toBe(0);
  });

  it('schedules nothing once stopped; the next start forgets it', async () => {
    const c = await chat('quokka');
    await forgetting.start();
    forgetting.stop();
    await forgetting.delete(c.id);
    expect(clock.pending()).toBe(0);
    clock.advance(UNDO_WINDOW_MS);
    expect((await forgetting.start()).conversations).toEqual([c.id]);
  });
});

describe('where the forgetting runs', () => {
  it('hands the forgetting to the runner it was given (the analysis worker), only when a window is over', async () => {
    const calls: [number, number][] = [];
    const worker = new Forgetting(
      db,
      clock,
      (r) => results.push(r),
      UNDO_WINDOW_MS,
      async (now, windowMs) => {
        calls.push([now, windowMs]);
        return forgetExpired(db, now, windowMs);
      },
    );
    // Nothing deleted: the worker is not asked (nor started) at start-up.
    expect(await worker.start()).toEqual({ conversations: [], keptMemories: 0 });
    expect(calls).toEqual([]);
    const c = await chat('quokka');
    await worker.delete(c.id);
    clock.advance(UNDO_WINDOW_MS);
    await expect.poll(() => results).toEqual([{ conversations: [c.id], keptMemories: 0 }]);
    expect(calls).toEqual([[clock.now(), UNDO_WINDOW_MS]]);
    worker.stop();
  });

  it('reports a runner that fails, and the next start tries again', async () => {
    const c = await chat('quokka');
    await deleteConversation(db, c.id, clock.now() - UNDO_WINDOW_MS);
    const failing = new Forgetting(db, clock, undefined, UNDO_WINDOW_MS, () =>
      Promise.reject(new Error('The worker went away')),
    );
    await expect(failing.start()).rejects.toThrow('The worker went away');
    failing.stop();
    expect(await db.conversations.get(c.id)).toBeDefined();
    expect((await forgetting.start()).conversations).toEqual([c.id]);
  });
});

describe('the search index after forgetting', () => {
  it('stops returning a forgotten conversation it had indexed', async () => {
    const search = new ConversationSearch(db);
    await forgetting.start();
    const c = await chat('quokka');
    expect((await search.search('quokka')).map((h) => h.conversationId)).toContain(c.id);
    await forgetting.delete(c.id);
    const done = nextResult();
    clock.advance(UNDO_WINDOW_MS);
    await done;
    expect(await search.search('quokka')).toEqual([]);
  });
});
