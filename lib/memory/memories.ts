/**
 * Memories as the user manages them on the Memory page: add, edit, switch
 * off, delete (with undo). The learning engine writes its own through
 * lib/memory/learned.ts; a memory the user touched stays theirs.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, MemoryKind, TrainingPair } from '../core/records';
import { guardWrite } from '../db/guard';
import { newId } from '../core/ids';
import { correctionKey } from './learned';
import { forgetQuotedMemories } from './quoted';
import { sourcesOf, withoutSources } from './sources';

/** Adds a memory the user wrote. */
export async function addUserMemory(db: CodelumiDB, kind: MemoryKind, text: string, at = Date.now()): Promise<Memory> {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) throw new Error('A memory needs some text.');
  const memory: Memory = {
    id: newId(),
    kind,
    text: clean,
    source: 'user',
    confidence: 1,
    enabled: 1,
    hits: 1,
    createdAt: at,
    updatedAt: at,
  };
  await guardWrite(() => db.memories.add(memory));
  return memory;
}

/**
 * Changes a memory's text; from then on it counts as the user's own words.
 * The words it had leave every prompt trace that listed them (they may be
 * what the user edited away; see ./quoted.ts).
 */
export async function editMemory(db: CodelumiDB, id: string, text: string, at = Date.now()): Promise<void> {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return;
  await guardWrite(() =>
    db.transaction('rw', [db.memories, db.messages], async () => {
      const before = await db.memories.get(id);
      if (!before) return;
      await db.memories.update(id, { text: clean, source: 'user', updatedAt: at });
      if (before.text !== clean) await forgetQuotedMemories(db, [id], 'edited');
    }),
  );
}

/** Switches a memory on or off (off: kept, but never used in prompts). */
export async function setMemoryEnabled(db: CodelumiDB, id: string, enabled: boolean, at = Date.now()): Promise<void> {
  await guardWrite(() => db.memories.update(id, { enabled: enabled ? 1 : 0, updatedAt: at }));
}

/** A deleted memory and the training pairs that went with it, kept by the caller for undo. */
export interface DeletedMemory {
  memory: Memory;
  pairs: TrainingPair[];
}

/** The training pairs a correction memory was made with (none for other kinds). */
export async function trainingPairsOf(db: CodelumiDB, memory: Memory): Promise<TrainingPair[]> {
  if (memory.kind !== 'correction' || !memory.key) return [];
  return db.trainingPairs.filter((p) => correctionKey(p.question, p.chosen) === memory.key).toArray();
}

/**
 * Deletes a memory with its training pairs (a correction kept for training
 * goes with the memory it made) and returns them, so the caller can offer
 * undo. Its words leave every prompt trace that listed them (./quoted.ts);
 * undo brings the memory back, not its words into those traces.
 */
export async function deleteMemory(db: CodelumiDB, id: string): Promise<DeletedMemory | undefined> {
  return guardWrite(() =>
    db.transaction('rw', [db.memories, db.trainingPairs, db.messages], async () => {
      const memory = await db.memories.get(id);
      if (!memory) return undefined;
      const pairs = await trainingPairsOf(db, memory);
      await db.trainingPairs.bulkDelete(pairs.map((p) => p.id));
      await db.memories.delete(id);
      await forgetQuotedMemories(db, [id], 'deleted');
      return { memory, pairs };
    }),
  );
}

/**
 * Puts a deleted memory and its training pairs back as they were, except what
 * came from a conversation forgotten since (the undo may come after its
 * window): those sources and pairs stay gone, and a memory left with no
 * source is not brought back. Returns false when nothing could come back.
 */
export async function restoreMemory(db: CodelumiDB, deleted: DeletedMemory, now = Date.now()): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', [db.memories, db.trainingPairs, db.conversations], async () => {
      const ids = [
        ...sourcesOf(deleted.memory).flatMap((s) => (s.conversationId ? [s.conversationId] : [])),
        ...deleted.pairs.map((p) => p.conversationId),
      ];
      const present = new Set((await db.conversations.bulkGet([...new Set(ids)])).filter((c) => !!c).map((c) => c!.id));
      const memory = withoutSources(deleted.memory, (s) => !!s.conversationId && !present.has(s.conversationId), now);
      if (!memory) return false;
      await db.memories.put(memory);
      await db.trainingPairs.bulkPut(deleted.pairs.filter((p) => !p.conversationId || present.has(p.conversationId)));
      return true;
    }),
  );
}
