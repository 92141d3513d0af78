/**
 * Conversations: create, rename, pin, delete (soft, with undo; forgetting is
 * lib/learning/forget.ts), and the
 * per-conversation model and system prompt.
 */
import type { CodelumiDB } from './db';
import type { Conversation } from '../core/records';
import { guardWrite } from './guard';
import { newId } from '../core/ids';

export const UNTITLED = 'New chat';

/** Creates an empty conversation and returns it. */
export async function createConversation(
  db: CodelumiDB,
  init: Partial<Pick<Conversation, 'model' | 'systemPrompt' | 'projectId' | 'title'>> = {},
  at = Date.now(),
): Promise<Conversation> {
  return storeConversation(db, newConversation(init, at));
}

/** A new, empty conversation as createConversation would store it (not stored: see storeConversation). */
export function newConversation(
  init: Partial<Pick<Conversation, 'model' | 'systemPrompt' | 'projectId' | 'title'>> = {},
  at = Date.now(),
): Conversation {
  return {
    id: newId(),
    title: init.title ?? UNTITLED,
    titleSource: init.title ? 'user' : 'pending',
    model: init.model,
    systemPrompt: init.systemPrompt,
    projectId: init.projectId,
    pinned: 0,
    createdAt: at,
    updatedAt: at,
    messageCount: 0,
  };
}

/** Stores a conversation made by newConversation; resolves with it once written. */
export async function storeConversation(db: CodelumiDB, conversation: Conversation): Promise<Conversation> {
  await guardWrite(() => db.conversations.add(conversation));
  return conversation;
}

/** Conversations not deleted, pinned first, then most recently active. */
export async function listConversations(db: CodelumiDB): Promise<Conversation[]> {
  const all = await db.conversations.orderBy('updatedAt').reverse().toArray();
  return sortForSidebar(all.filter((c) => !c.deletedAt));
}

/**
 * Pinned first, then newest activity first; equal times by id, last first:
 * the order of the `updatedAt` index read backwards, so a page read from the
 * index (sidebarConversations) is the head of the whole list.
 */
export function sortForSidebar(list: Conversation[]): Conversation[] {
  return [...list].sort(
    (a, b) => b.pinned - a.pinned || b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/** What the sidebar shows: conversations in listConversations' order, and how many more there are. */
export interface SidebarPage {
  visible: Conversation[];
  hidden: number;
}

/**
 * The first `shown` conversations of listConversations' order, and the open
 * one (`activeId`) wherever it is; `hidden` counts the rest not deleted.
 * Reads only those rows (the pinned ones, the newest others from the
 * `updatedAt` index, the open one) and counts the rest: the sidebar's live
 * query runs again at every change to a conversation (each message), and
 * reading the whole table each time cost the page more the longer the
 * history (lib/chat/sidebar-window.ts).
 */
export async function sidebarConversations(db: CodelumiDB, shown: number, activeId?: string): Promise<SidebarPage> {
  const [pinned, newest, stored, deleted, active] = await db.transaction('r', db.conversations, () =>
    Promise.all([
      db.conversations.where('pinned').equals(1).toArray(),
      db.conversations
        .orderBy('updatedAt')
        .reverse()
        .filter((c) => !c.deletedAt && c.pinned !== 1)
        .limit(shown)
        .toArray(),
      db.conversations.count(),
      // Only a deleted conversation has a deletedAt, so the index holds exactly those.
      db.conversations.where('deletedAt').aboveOrEqual(-Infinity).count(),
      activeId ? db.conversations.get(activeId) : undefined,
    ]),
  );
  const visible = [...sortForSidebar(pinned.filter((c) => !c.deletedAt)), ...newest].slice(0, shown);
  if (active && !active.deletedAt && !visible.some((c) => c.id === active.id)) visible.push(active);
  return { visible, hidden: stored - deleted - visible.length };
}

/** The user renames a conversation; automatic titles never overwrite it afterwards. */
export async function renameConversation(db: CodelumiDB, id: string, title: string): Promise<void> {
  const clean = title.replace(/\s+/g, ' ').trim().slice(0, 120);
  if (!clean) return;
  await guardWrite(() => db.conversations.update(id, { title: clean, titleSource: 'user' }));
}

/**
 * Stores an automatic title: the model's ('auto') while the title is still
 * pending or a fallback, a fallback only while it is pending. A title the
 * user typed always wins, even when it raced the model.
 */
export async function setAutomaticTitle(
  db: CodelumiDB,
  id: string,
  title: string,
  source: 'auto' | 'fallback',
): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', db.conversations, async () => {
      const c = await db.conversations.get(id);
      // A fallback only names a chat still waiting for a name (a copy read a moment ago may not know it has one).
      if (!c || c.titleSource === 'user' || c.titleSource === 'auto') return false;
      if (source === 'fallback' && c.titleSource !== 'pending') return false;
      await db.conversations.update(id, { title, titleSource: source });
      return true;
    }),
  );
}

/** Pins or unpins a conversation (pinned ones stay on top of the sidebar). */
export async function pinConversation(db: CodelumiDB, id: string, pinned: boolean): Promise<void> {
  await guardWrite(() => db.conversations.update(id, { pinned: pinned ? 1 : 0 }));
}

/**
 * Moves a conversation to the bin: hidden at once, restorable with
 * `restoreConversation` until lib/learning/forget.ts forgets it (the services
 * do so when the undo window ends).
 */
export async function deleteConversation(db: CodelumiDB, id: string, at = Date.now()): Promise<void> {
  await guardWrite(() => db.conversations.update(id, { deletedAt: at }));
}

/** Undoes `deleteConversation`; false when the conversation is no longer there (already forgotten) or not deleted. */
export async function restoreConversation(db: CodelumiDB, id: string): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', db.conversations, async () => {
      const c = await db.conversations.get(id);
      if (!c?.deletedAt) return false;
      await db.conversations.update(id, { deletedAt: undefined });
      return true;
    }),
  );
}

/** Sets this conversation's own model and system prompt (empty model = the default). */
export async function updateConversationOptions(
  db: CodelumiDB,
  id: string,
  options: { model?: string; systemPrompt?: string },
): Promise<void> {
  const patch: Partial<Conversation> = {};
  if ('model' in options) patch.model = options.model || undefined;
  if ('systemPrompt' in options) patch.systemPrompt = options.systemPrompt?.trim() ? options.systemPrompt : undefined;
  await guardWrite(() => db.conversations.update(id, patch));
}

/** Stores the summary of a conversation's older turns (replacing an earlier one). */
export async function setConversationSummary(
  db: CodelumiDB,
  id: string,
  summary: NonNullable<Conversation['summary']>,
): Promise<void> {
  await guardWrite(() => db.conversations.update(id, { summary }));
}

/** Attaches a conversation to a project (its files and stack can then shape answers), or detaches it. */
export async function setConversationProject(db: CodelumiDB, id: string, projectId: string | undefined): Promise<void> {
  await guardWrite(() => db.conversations.update(id, { projectId: projectId || undefined }));
}

/**
 * Switches "Don't learn from this" for a conversation. Off again, learning
 * resumes from the next event; what happened while it was on is not learned.
 * The time of the choice is kept (`noLearnChangedAt`) so that merging a backup
 * made before it never undoes it; `updatedAt` is left alone (the sidebar's order).
 */
export async function setConversationLearning(
  db: CodelumiDB,
  id: string,
  learn: boolean,
  at = Date.now(),
): Promise<void> {
  await guardWrite(() => db.conversations.update(id, { noLearn: learn ? undefined : true, noLearnChangedAt: at }));
}

/** The ids among `ids` of conversations with "Don't learn from this" on (one bulk read). */
export async function notLearnedFrom(db: CodelumiDB, ids: Iterable<string>): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const rows = await db.conversations.bulkGet(unique);
  return new Set(rows.filter((c) => c?.noLearn).map((c) => c!.id));
}

/**
 * The ids among `ids` of conversations learning may still write about: there
 * (not forgotten), not in the bin, and without "Don't learn from this". Call it
 * inside the write's own transaction, with `db.conversations` in its scope:
 * a deletion, forgetting or switch then either committed before (the caller
 * writes nothing for it) or waits until the write has committed (and
 * forgetting then removes what was written).
 */
export async function learnableNow(db: CodelumiDB, ids: Iterable<string>): Promise<Set<string>> {
  const rows = await db.conversations.bulkGet([...new Set(ids)]);
  return new Set(rows.filter((c) => !!c && !c.deletedAt && !c.noLearn).map((c) => c!.id));
}
