/**
 * The versions of the user's personal models: the list the Models page
 * shows, deleting one (from Ollama, then the row is marked deleted), making
 * one the default model, and telling when a version was built from data the
 * user has since deleted.
 */
import type { CodelumiDB } from '../db/db';
import type { PersonalModel } from '../core/records';
import { setSetting, getSettings } from '../db/settings';
import { createOllamaClient } from '../ollama/client';
import { classifyOllamaError } from '../ollama/classify';
import { allVersions, markVersion } from './record';
import { sameModelName } from './naming';

/** The versions to show, newest first: everything but the deleted ones. */
export async function listVersions(db: CodelumiDB): Promise<PersonalModel[]> {
  return (await allVersions(db)).filter((r) => r.status !== 'deleted');
}

/**
 * Deletes a version: `DELETE /api/delete` on the host it was created on,
 * then its row is marked deleted (kept, so its number is never reused). A
 * model Ollama no longer has (404) is already what was wanted; a version
 * that never got created is only marked. If it was the default model, the
 * default goes back to "the first installed chat model".
 */
export async function deleteVersion(
  db: CodelumiDB,
  row: PersonalModel,
  options: { fetchImpl?: typeof fetch; now?: () => number } = {},
): Promise<void> {
  if (row.status === 'created' || row.status === 'creating') {
    try {
      await createOllamaClient(row.host, options.fetchImpl).delete({ model: row.name });
    } catch (err) {
      const gone = (err as { status_code?: number })?.status_code === 404;
      if (!gone)
        throw await classifyOllamaError(err, { host: row.host, model: row.name, fetchImpl: options.fetchImpl });
    }
  }
  // Whatever it became meanwhile (a create finishing in another tab), it is deleted now; a row already deleted stays as it was.
  await markVersion(db, row.id, 'deleted', (options.now ?? Date.now)(), { from: ['creating', 'created', 'failed'] });
  if ((await getSettings(db)).defaultModel === row.name) await setSetting(db, 'defaultModel', '');
}

/** Makes a created version the default model for new chats (Settings' `defaultModel`). */
export async function makeDefault(db: CodelumiDB, row: PersonalModel): Promise<void> {
  if (row.status !== 'created') throw new Error(`${row.name} was not created, so it cannot be the default`);
  await setSetting(db, 'defaultModel', row.name);
}

/** What a version was built from that is gone now (counts; all 0 = nothing). */
export interface DeletedInputs {
  memories: number;
  /** Memories still there but switched off or withdrawn (confidence 0) since. */
  memoriesOff: number;
  examples: number;
  conversations: number;
}

/**
 * Which of a version's inputs no longer exist or may no longer be used:
 * memories deleted, switched off or withdrawn, example answers or correction
 * pairs deleted, conversations (the examples' and the memories' words')
 * deleted, in the bin or kept out of learning since. Undefined when all are
 * still there.
 */
export async function deletedInputs(db: CodelumiDB, row: PersonalModel): Promise<DeletedInputs | undefined> {
  const { memoryIds, exampleIds, conversationIds } = row.inputs;
  const pairIds = exampleIds.filter((id) => id.startsWith('pair:')).map((id) => id.slice(5));
  const messageIds = exampleIds.filter((id) => !id.startsWith('pair:'));
  const [memories, pairs, messages, chats] = await Promise.all([
    db.memories.bulkGet(memoryIds),
    db.trainingPairs.bulkGet(pairIds),
    db.messages.bulkGet(messageIds),
    db.conversations.bulkGet(conversationIds),
  ]);
  const missing = {
    memories: memories.filter((m) => !m).length,
    memoriesOff: memories.filter((m) => m && (m.enabled !== 1 || !(m.confidence > 0))).length,
    examples: pairs.filter((p) => !p).length + messages.filter((m) => !m).length,
    conversations: chats.filter((c) => !c || c.deletedAt || c.noLearn).length,
  };
  return missing.memories + missing.memoriesOff + missing.examples + missing.conversations > 0 ? missing : undefined;
}

/** How long a create may run before its row counts as left behind by a tab that is gone. */
export const STALE_CREATING_MS = 10 * 60_000;

/** True for a row still being created by a tab that is gone (older than `staleMs` at `now`, by default the clock). */
export function isStaleCreating(row: PersonalModel, now: number = Date.now(), staleMs = STALE_CREATING_MS): boolean {
  return row.status === 'creating' && now - row.updatedAt > staleMs;
}

/**
 * The status to show for a row now: a `creating` row left behind (see
 * isStaleCreating, read against the clock at each call) shows as `failed`
 * until settleStaleCreating has settled it.
 */
export function shownStatus(row: PersonalModel, now: number = Date.now()): PersonalModel['status'] {
  return isStaleCreating(row, now) ? 'failed' : row.status;
}

/**
 * Settles the rows left `creating` by a tab closed mid-create: each host's
 * `/api/tags` says whether the model got created (the row becomes `created`)
 * or not (`failed`, with the reason in words). A host that does not answer
 * leaves its rows as they are, to settle on a later load. Resolves with the
 * number of rows settled.
 */
export async function settleStaleCreating(
  db: CodelumiDB,
  options: { fetchImpl?: typeof fetch; now?: () => number; staleMs?: number } = {},
): Promise<number> {
  const now = options.now ?? Date.now;
  const stale = (await allVersions(db)).filter((r) => isStaleCreating(r, now(), options.staleMs));
  let settled = 0;
  for (const host of new Set(stale.map((r) => r.host))) {
    let names: string[];
    try {
      names = (await createOllamaClient(host, options.fetchImpl).list()).models.map((m) => String(m.name));
    } catch {
      continue;
    }
    for (const row of stale.filter((r) => r.host === host)) {
      // Only a row still creating and still left behind: the creating tab may have finished it, or
      // the user deleted it, while /api/tags was awaited.
      const still = {
        from: ['creating'] as const,
        when: (r: PersonalModel) => isStaleCreating(r, now(), options.staleMs),
      };
      const changed = names.some((n) => sameModelName(n, row.name))
        ? await markVersion(db, row.id, 'created', now(), still)
        : await markVersion(db, row.id, 'failed', now(), {
            ...still,
            error: `The create of ${row.name} did not finish: the page was closed or reloaded while it ran, and Ollama does not have the model. Create it again.`,
          });
      if (changed) settled++;
    }
  }
  return settled;
}
