import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_SAVE_DELAY_MS, DraftSaver, draftsIn, type DraftStorage } from '@/lib/chat/draft-saver';
import { loadDraft } from '@/lib/db/drafts';
import { CodelumiError } from '@/lib/core/errors';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';

/** Drafts in a Map; `refuse` makes the next saves fail the way a full disk does. */
function memoryDrafts(initial: Record<string, string> = {}) {
  const stored = new Map(Object.entries(initial));
  const saves: [string, string][] = [];
  let loads: (() => void)[] = [];
  const drafts: DraftStorage & { refuse: boolean; holdLoads: boolean } = {
    refuse: false,
    holdLoads: false,
    // A held load answers with what was stored when it was asked, as a read that began before a write does.
    load: (key) => {
      const text = stored.get(key) ?? '';
      return drafts.holdLoads ? new Promise((resolve) => loads.push(() => resolve(text))) : Promise.resolve(text);
    },
    save: async (key, text) => {
      saves.push([key, text]);
      if (drafts.refuse) throw new CodelumiError('quota:db', 'Storage is full.');
      stored.set(key, text);
    },
  };
  const releaseLoads = () => {
    for (const release of loads) release();
    loads = [];
  };
  return { drafts, stored, saves, releaseLoads };
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => void vi.useRealTimers());

describe('DraftSaver', () => {
  it('loads the stored draft of its key', async () => {
    const { drafts } = memoryDrafts({ c1: 'half a question' });
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    expect(saver.state.get()).toMatchObject({ loaded: false });
    await settle();
    expect(saver.state.get()).toEqual({ text: 'half a question', loaded: true, storageFull: false });
  });

  it('keeps what was typed while the draft was still loading', async () => {
    const { drafts, stored, releaseLoads } = memoryDrafts({ c1: 'old' });
    drafts.holdLoads = true;
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    saver.setText('typed fast');
    releaseLoads();
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'typed fast', loaded: true });
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(stored.get('c1')).toBe('typed fast');
  });

  it('keeps what was typed when the draft loads only after the typed text was saved', async () => {
    const { drafts, stored, releaseLoads } = memoryDrafts({ c1: 'old' });
    drafts.holdLoads = true;
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    saver.setText('typed fast');
    // Typing paused before the (slow) load ended: the text is saved, and the load still answers with the old draft.
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(stored.get('c1')).toBe('typed fast');
    releaseLoads();
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'typed fast', loaded: true });
    // A question sent before the load ended is not put back in the box either.
    saver.open('c2');
    saver.setText('sent at once');
    saver.clear();
    releaseLoads();
    await settle();
    expect(saver.state.get()).toMatchObject({ text: '', loaded: true });
  });

  it('keeps what was typed before the draft was opened, and saves it under the key then opened', async () => {
    // The box is on screen a moment before the composer's effect opens its draft: a new chat's box filled in
    // that moment lost the text when the (empty) draft loaded, and Enter sent nothing.
    const { drafts, stored, saves } = memoryDrafts({ new: 'older draft' });
    const saver = new DraftSaver(drafts);
    saver.setText('typed before open');
    // Typing paused before the draft was opened: there is no key to save under yet.
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(saves).toEqual([]);
    saver.open('new');
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'typed before open', loaded: true });
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(saves).toEqual([['new', 'typed before open']]);
    expect(stored.get('new')).toBe('typed before open');
    // Only before the first open: the next key's draft replaces what was typed under the first.
    stored.set('c2', 'draft of c2');
    saver.open('c2');
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'draft of c2', loaded: true });
  });

  it('an emptied box before the draft was opened does not remove the stored draft', async () => {
    const { drafts, saves } = memoryDrafts({ new: 'older draft' });
    const saver = new DraftSaver(drafts);
    saver.setText('x');
    saver.setText('');
    saver.open('new');
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'older draft', loaded: true });
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(saves).toEqual([]);
  });

  it("shows nothing of the key left while the next key's draft loads, so typing at once starts from empty", async () => {
    const { drafts, stored, releaseLoads } = memoryDrafts({ c1: 'draft of c1' });
    const saver = new DraftSaver(drafts);
    const close = saver.open('c1');
    await settle();
    expect(saver.state.get().text).toBe('draft of c1');
    drafts.holdLoads = true;
    close();
    saver.open('new');
    expect(saver.state.get()).toMatchObject({ text: '', loaded: false });
    saver.setText('t');
    releaseLoads();
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 't', loaded: true });
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(stored.get('new')).toBe('t');
    expect(stored.get('c1')).toBe('draft of c1');
  });

  it('saves once typing pauses, with the last text, and not before', async () => {
    const { drafts, saves } = memoryDrafts();
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    await settle();
    for (const text of ['h', 'he', 'hel', 'hello']) {
      saver.setText(text);
      vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS - 1);
    }
    expect(saves).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saves).toEqual([['c1', 'hello']]);
  });

  it('saves at once on flush and when the key is let go (leaving the chat), and only what is unsaved', async () => {
    const { drafts, saves } = memoryDrafts();
    const saver = new DraftSaver(drafts);
    const close = saver.open('c1');
    await settle();
    saver.setText('sent soon');
    saver.flush();
    expect(saves).toEqual([['c1', 'sent soon']]);
    saver.flush();
    saver.setText('left behind');
    close();
    saver.open('c2');
    vi.runAllTimers();
    expect(saves).toEqual([
      ['c1', 'sent soon'],
      ['c1', 'left behind'],
    ]);
  });

  it('keeps the text when storage refuses, says storage is full, and saves it on the next try', async () => {
    const { drafts, stored, saves } = memoryDrafts();
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    await settle();
    drafts.refuse = true;
    saver.setText('do not lose me');
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(saver.state.get()).toMatchObject({ text: 'do not lose me', storageFull: true });
    expect(stored.has('c1')).toBe(false);
    // A refused save is tried again on leaving, even without another keystroke.
    drafts.refuse = false;
    saver.flush();
    await settle();
    expect(stored.get('c1')).toBe('do not lose me');
    expect(saver.state.get().storageFull).toBe(false);
    expect(saves).toHaveLength(2);
  });

  it('loses no keystroke typed while a save was on its way and then failed', async () => {
    const { drafts, stored } = memoryDrafts();
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    await settle();
    drafts.refuse = true;
    saver.setText('abc');
    saver.flush();
    saver.setText('abcd');
    await settle();
    drafts.refuse = false;
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    await settle();
    expect(stored.get('c1')).toBe('abcd');
  });

  it('empties the box on clear without saving, and cancels a save still waiting', async () => {
    const { drafts, saves } = memoryDrafts({ c1: 'question' });
    const saver = new DraftSaver(drafts);
    saver.open('c1');
    await settle();
    saver.setText('question?');
    saver.clear();
    vi.runAllTimers();
    saver.flush();
    expect(saves).toEqual([]);
    expect(saver.state.get().text).toBe('');
  });

  it('ignores a load that arrives after its key was let go', async () => {
    const { drafts, releaseLoads } = memoryDrafts({ c1: 'stale' });
    drafts.holdLoads = true;
    const saver = new DraftSaver(drafts);
    const close = saver.open('c1');
    close();
    releaseLoads();
    await settle();
    expect(saver.state.get()).toMatchObject({ text: '', loaded: false });
  });
});

describe('DraftSaver on the real database', () => {
  let db: CodelumiDB;
  beforeEach(() => void (db = freshDatabase()));
  afterEach(() => db.close());

  it('writes the draft to IndexedDB and reads it back in a new saver (a reload)', async () => {
    vi.useRealTimers();
    const first = new DraftSaver(draftsIn(db));
    const close = first.open('new');
    first.setText('survives a reload');
    close();
    await vi.waitFor(async () => expect(await loadDraft(db, 'new')).toBe('survives a reload'));
    const second = new DraftSaver(draftsIn(db));
    second.open('new');
    await vi.waitFor(() => expect(second.state.get()).toMatchObject({ text: 'survives a reload', loaded: true }));
  });
});
