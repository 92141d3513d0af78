import { describe, expect, it } from 'vitest';
import { buildThread, leafForBranch, promptableHistory, sameEntry, type ThreadEntry } from '@/lib/db/thread';
import { message } from '../support/records';

// q1 ─ a1 ─ q2 ─ a2
//    └ a1b (regenerated, newer)
//  q1e (edited question, sibling of q1) ─ a1e
const tree = [
  message({ id: 'q1', role: 'user', createdAt: 1 }),
  message({ id: 'a1', role: 'assistant', parentId: 'q1', createdAt: 2 }),
  message({ id: 'q2', role: 'user', parentId: 'a1', createdAt: 3 }),
  message({ id: 'a2', role: 'assistant', parentId: 'q2', createdAt: 4 }),
  message({ id: 'a1b', role: 'assistant', parentId: 'q1', createdAt: 5 }),
  message({ id: 'q1e', role: 'user', createdAt: 6 }),
  message({ id: 'a1e', role: 'assistant', parentId: 'q1e', createdAt: 7 }),
];

const ids = (thread: ThreadEntry[]) => thread.map((e) => e.message.id);

describe('buildThread', () => {
  it('returns nothing for a conversation without messages', () => {
    expect(buildThread([], 'anything')).toEqual([]);
  });

  it('walks from the root to the chosen leaf, across branches', () => {
    expect(ids(buildThread(tree, 'a2'))).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(ids(buildThread(tree, 'a1b'))).toEqual(['q1', 'a1b']);
    expect(ids(buildThread(tree, 'a1e'))).toEqual(['q1e', 'a1e']);
  });

  it('lists a regenerated answer beside the earlier one, oldest first, with its position', () => {
    const thread = buildThread(tree, 'a1b');
    expect(thread[1].siblingIds).toEqual(['a1', 'a1b']);
    expect(thread[1].siblingIndex).toBe(1);
    const older = buildThread(tree, 'a2');
    expect(older[1].siblingIds).toEqual(['a1', 'a1b']);
    expect(older[1].siblingIndex).toBe(0);
  });

  it('lists an edited question beside the original at the root', () => {
    const thread = buildThread(tree, 'a1e');
    expect(thread[0].siblingIds).toEqual(['q1', 'q1e']);
    expect(thread[0].siblingIndex).toBe(1);
    expect(thread[1].siblingIds).toEqual(['a1e']);
  });

  it('a message in the middle of the tree may be the leaf (the thread stops there)', () => {
    expect(ids(buildThread(tree, 'q2'))).toEqual(['q1', 'a1', 'q2']);
  });

  it('falls back to the newest leaf when the leaf is unknown or missing', () => {
    expect(ids(buildThread(tree, 'deleted-id'))).toEqual(['q1e', 'a1e']);
    expect(ids(buildThread(tree, undefined))).toEqual(['q1e', 'a1e']);
  });

  it('treats a message whose parent is gone as a root instead of losing it', () => {
    const orphaned = [
      message({ id: 'x', parentId: 'purged', createdAt: 1 }),
      message({ id: 'y', parentId: 'x', role: 'assistant', createdAt: 2 }),
    ];
    const thread = buildThread(orphaned, 'y');
    expect(ids(thread)).toEqual(['x', 'y']);
    expect(thread[0].siblingIds).toEqual(['x']);
  });

  it('orders siblings with equal times by id, so the order is stable', () => {
    const same = [message({ id: 'b', createdAt: 1 }), message({ id: 'a', createdAt: 1 })];
    expect(buildThread(same, 'b')[0].siblingIds).toEqual(['a', 'b']);
  });
});

describe('leafForBranch', () => {
  it('picks the newest leaf below the chosen message', () => {
    // Below q1: a2 (t=4) and a1b (t=5); a1b is newer.
    expect(leafForBranch(tree, 'q1')).toBe('a1b');
    expect(leafForBranch(tree, 'a1')).toBe('a2');
    expect(leafForBranch(tree, 'q1e')).toBe('a1e');
  });

  it('is the message itself when nothing is below it', () => {
    expect(leafForBranch(tree, 'a2')).toBe('a2');
  });

  it('returns the id unchanged when the message is unknown', () => {
    expect(leafForBranch(tree, 'nope')).toBe('nope');
  });

  it('follows a later answer deep in an older branch', () => {
    const deeper = [
      ...tree,
      message({ id: 'q3', parentId: 'a2', createdAt: 10 }),
      message({ id: 'a3', role: 'assistant', parentId: 'q3', createdAt: 11 }),
    ];
    expect(leafForBranch(deeper, 'q1')).toBe('a3');
    expect(leafForBranch(deeper, 'a1b')).toBe('a1b');
  });
});

describe('promptableHistory', () => {
  it('leaves out answers that are empty, still streaming or failed', () => {
    const msgs = [
      message({ id: 'q', createdAt: 1 }),
      message({ id: 'empty', role: 'assistant', parentId: 'q', content: '  ', createdAt: 2 }),
      message({ id: 'q2', parentId: 'empty', createdAt: 3 }),
      message({ id: 'failed', role: 'assistant', parentId: 'q2', status: 'error', content: 'half', createdAt: 4 }),
      message({ id: 'q3', parentId: 'failed', createdAt: 5 }),
      message({ id: 'live', role: 'assistant', parentId: 'q3', status: 'streaming', content: 'so far', createdAt: 6 }),
    ];
    expect(promptableHistory(buildThread(msgs, 'live')).map((m) => m.id)).toEqual(['q', 'q2', 'q3']);
  });
});

describe('sameEntry', () => {
  const base = buildThread(tree, 'a1b')[1];
  const withMessage = (patch: Partial<ThreadEntry['message']>): ThreadEntry => ({
    ...base,
    message: { ...base.message, ...patch },
  });

  it('is true for an entry rebuilt from the same data', () => {
    expect(sameEntry(base, buildThread(tree, 'a1b')[1])).toBe(true);
  });

  it('is false when anything the message shows changes', () => {
    expect(sameEntry(base, withMessage({ content: base.message.content + '!' }))).toBe(false);
    expect(sameEntry(base, withMessage({ status: 'interrupted' }))).toBe(false);
    expect(sameEntry(base, withMessage({ updatedAt: base.message.updatedAt + 1 }))).toBe(false);
    expect(sameEntry(base, withMessage({ thinking: 'hmm' }))).toBe(false);
    expect(sameEntry(base, withMessage({ error: { code: 'stream_cut:ollama', message: 'cut', details: {} } }))).toBe(
      false,
    );
    expect(sameEntry(base, withMessage({ id: 'other' }))).toBe(false);
  });

  it('is false when the branches around it change', () => {
    expect(sameEntry(base, { ...base, siblingIndex: 0 })).toBe(false);
    expect(sameEntry(base, { ...base, siblingIds: [...base.siblingIds, 'a1c'] })).toBe(false);
    expect(sameEntry(base, { ...base, siblingIds: ['a1', 'zzz'] })).toBe(false);
  });
});
