/**
 * Conversations are trees: regenerating an answer or editing a question adds
 * a sibling branch. These pure functions turn a conversation's messages into
 * the thread on screen (root → leaf) and move between branches.
 */
import type { Message } from '../core/records';

export interface ThreadEntry {
  message: Message;
  /** Ids of this message and its siblings (same parent), oldest first. */
  siblingIds: string[];
  /** Position of this message among its siblings. */
  siblingIndex: number;
}

interface TreeIndex {
  byId: Map<string, Message>;
  children: Map<string | null, Message[]>;
}

function indexTree(messages: readonly Message[]): TreeIndex {
  const byId = new Map<string, Message>();
  const children = new Map<string | null, Message[]>();
  for (const m of messages) byId.set(m.id, m);
  for (const m of messages) {
    const parent = m.parentId && byId.has(m.parentId) ? m.parentId : null;
    const list = children.get(parent);
    if (list) list.push(m);
    else children.set(parent, [m]);
  }
  for (const list of children.values()) list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { byId, children };
}

/** The newest leaf in the subtree under `id` (itself when it has no children). */
function newestLeafUnder(tree: TreeIndex, id: string | null): Message | undefined {
  let best: Message | undefined;
  const stack: (string | null)[] = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    const kids = tree.children.get(cur);
    if (!kids || kids.length === 0) {
      const m = cur === null ? undefined : tree.byId.get(cur);
      if (m && (!best || m.createdAt > best.createdAt)) best = m;
      continue;
    }
    for (const k of kids) stack.push(k.id);
  }
  return best;
}

/**
 * The thread that ends at `leafId`, from the root down, with each message's
 * siblings. An unknown or missing leaf falls back to the newest leaf, so a
 * conversation always shows something when it has messages.
 */
export function buildThread(messages: readonly Message[], leafId: string | undefined): ThreadEntry[] {
  if (messages.length === 0) return [];
  const tree = indexTree(messages);
  let leaf = leafId ? tree.byId.get(leafId) : undefined;
  leaf ??= newestLeafUnder(tree, null);
  const path: Message[] = [];
  const seen = new Set<string>();
  for (let m = leaf; m && !seen.has(m.id); m = m.parentId ? tree.byId.get(m.parentId) : undefined) {
    seen.add(m.id);
    path.push(m);
  }
  path.reverse();
  return path.map((message) => {
    const parent = message.parentId && tree.byId.has(message.parentId) ? message.parentId : null;
    const siblings = tree.children.get(parent) ?? [message];
    const siblingIds = siblings.map((s) => s.id);
    return { message, siblingIds, siblingIndex: siblingIds.indexOf(message.id) };
  });
}

/** The leaf to show after the user picks branch `messageId`: the newest leaf below it. */
export function leafForBranch(messages: readonly Message[], messageId: string): string {
  const tree = indexTree(messages);
  return newestLeafUnder(tree, messageId)?.id ?? messageId;
}

/** The messages of a thread that go to the model: settled turns with content. */
export function promptableHistory(thread: readonly ThreadEntry[]): Message[] {
  return thread
    .map((e) => e.message)
    .filter((m) => m.role !== 'assistant' || (m.content.trim().length > 0 && m.status !== 'error'))
    .filter((m) => m.role !== 'assistant' || m.status !== 'streaming');
}

/** True when two thread entries would render the same (for memoized message components). */
export function sameEntry(a: ThreadEntry, b: ThreadEntry): boolean {
  const x = a.message;
  const y = b.message;
  return (
    x.id === y.id &&
    x.updatedAt === y.updatedAt &&
    x.status === y.status &&
    x.content.length === y.content.length &&
    (x.thinking?.length ?? 0) === (y.thinking?.length ?? 0) &&
    x.error?.code === y.error?.code &&
    a.siblingIndex === b.siblingIndex &&
    a.siblingIds.length === b.siblingIds.length &&
    a.siblingIds.every((id, i) => id === b.siblingIds[i])
  );
}
