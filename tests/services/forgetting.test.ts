/**
 * The tab's deletions (lib/services/forgetting.ts): undo within the window, forgotten when it ends, caught up at start,
 * and followed by every open tab (two Dexie connections to one fake-indexeddb database play two tabs).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { createDatabase, type CodelumiDB } from '@/lib/db/db';
import { createConversation, deleteConversation, listConversations } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';
import { Forgetting } from '@/lib/services/forgetting';
import { UNDO_WINDOW_MS, forgetExpired, type Forgotten } from '@/lib/learning/forget';
import { patternId, recomputeOutcome, withoutContribution } from '@/lib/learning/engine/answers';
import { ConversationSearch } from '@/lib/search/conversation-search';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';

// Dexie's liveQuery (how a tab follows other tabs' deletions) runs only where it sees a global indexedDB (Node has
// none); each database still uses its own factory.
Dexie.dependencies.indexedDB ??= new IDBFactory();

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

/** Two tabs of one browser: two connections to one database, each with its own Forgetting, on one clock. */
function twoTabs() {
  const factory = new IDBFactory();
  const dbA = freshDatabase(factory);
  const dbB = createDatabase({ name: dbA.name, indexedDB: factory, IDBKeyRange });
  const tab = (tabDb: CodelumiDB) => {
    const results: (Forgotten | Error)[] = [];
    const forgetting = new Forgetting(tabDb, clock, (r) => results.push(r));
    return { db: tabDb, forgetting, results };
  };
  const tabs = { a: tab(dbA), b: tab(dbB) };
  cleanups.push(() => {
    for (const t of [tabs.a, tabs.b]) {
      t.forgetting.stop();
      t.db.close();
    }
  });
  return tabs;
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

/** A chat with an answer that earned a positive signal: its record holds a share of its (kind → style) pattern. */
async function answeredChat(tabDb: CodelumiDB, title: string) {
  const c = await createConversation(tabDb, { title }, clock.now());
  const q = await addUserMessage(tabDb, c.id, null, `How do I sort a list in python? (${title})`, clock.now());
  const a = await startAnswer(tabDb, c.id, q.id, 'm', clock.now());
  await completeAnswer(tabDb, a.id, { content: 'Use sorted(xs).\n\n```python\nsorted([3, 1, 2])\n```' });
  await tabDb.signals.add({
    id: `ran-${title}`,
    messageId: a.id,
    conversationId: c.id,
    kind: 'code_ran_ok',
    polarity: 1,
    confidence: 0.85,
    evidence: 'ran',
    createdAt: clock.now(),
    source: 'run',
  });
  const record = (await recomputeOutcome(tabDb, a.id, clock.now()))!;
  return { c, record };
}

describe('Forgetting across tabs', () => {
  it('a tab that did not delete forgets the conversation when the window ends, after the deleting tab closed', async () => {
    const { a, b } = twoTabs();
    await a.forgetting.start();
    await b.forgetting.start();
    const own = await createConversation(a.db, { title: 'wombat' }, clock.now());
    await addUserMessage(a.db, own.id, null, 'the word wombat', clock.now());

    await a.forgetting.delete(own.id);
    // Tab B learns of the deletion by itself (a live query over the database, not a message from tab A).
    await vi.waitFor(() => expect(clock.pending()).toBe(2));
    // Tab A closes within the window.
    a.forgetting.stop();
    a.db.close();
    expect(clock.pending()).toBe(1);

    clock.advance(UNDO_WINDOW_MS - 1);
    expect(await b.db.conversations.get(own.id)).toBeDefined();
    clock.advance(1);
    await vi.waitFor(() => expect(b.results).toEqual([{ conversations: [own.id], keptMemories: 0 }]));
    expect(await b.db.conversations.get(own.id)).toBeUndefined();
    expect(await b.db.messages.where('conversationId').equals(own.id).count()).toBe(0);
  });

  it('a restore in another tab stops this tab from forgetting the conversation', async () => {
    const { a, b } = twoTabs();
    await a.forgetting.start();
    await b.forgetting.start();
    const own = await createConversation(a.db, { title: 'wombat' }, clock.now());
    await a.forgetting.delete(own.id);
    await vi.waitFor(() => expect(clock.pending()).toBe(2));

    clock.advance(UNDO_WINDOW_MS - 1_000);
    expect(await b.forgetting.restore(own.id)).toBe(true);
    // Tab A lets go of its timer too: it sees the restore in the database.
    await vi.waitFor(() => expect(clock.pending()).toBe(0));
    clock.advance(UNDO_WINDOW_MS);
    expect((await listConversations(a.db)).map((x) => x.id)).toEqual([own.id]);
    expect([...a.results, ...b.results]).toEqual([]);
  });

  it('two tabs forgetting one conversation at once: one forgets it, the other finds nothing, its pattern share goes once', async () => {
    const { a, b } = twoTabs();
    await a.forgetting.start();
    await b.forgetting.start();
    const doomed = await answeredChat(a.db, 'doomed');
    const kept = await answeredChat(a.db, 'kept');
    const id = patternId(doomed.record.questionKind, doomed.record.answerStyle);
    // Both answers share one pattern: what must remain is the pattern without the doomed answer's share, once.
    expect(patternId(kept.record.questionKind, kept.record.answerStyle)).toBe(id);
    const before = (await a.db.patterns.get(id))!;
    const expected = withoutContribution(before, doomed.record.contribution);
    expect(expected.successes).toBeLessThan(before.successes);

    await a.forgetting.delete(doomed.c.id);
    await vi.waitFor(() => expect(clock.pending()).toBe(2));
    // Both tabs' timers come due at the same moment and both forget on their own connection.
    clock.advance(UNDO_WINDOW_MS);
    await vi.waitFor(() => expect(a.results.length + b.results.length).toBe(2));

    const results = [...a.results, ...b.results];
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(results.map((r) => (r as Forgotten).conversations).sort()).toEqual([[], [doomed.c.id]]);
    const after = (await a.db.patterns.get(id))!;
    expect({ successes: after.successes, failures: after.failures }).toEqual({
      successes: expected.successes,
      failures: expected.failures,
    });
    expect(await a.db.answers.get(kept.record.messageId)).toBeDefined();
    expect(await a.db.conversations.get(kept.c.id)).toBeDefined();
  });
});
