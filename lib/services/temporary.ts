/**
 * A temporary chat's services: the tab's own, except that the database is an
 * in-memory one (lib/db/in-memory.ts) and nothing is reported, retrieved or
 * recorded elsewhere. The chat page runs on them unchanged (the same ChatSession,
 * actions, drafts and runner), so nothing of the chat reaches IndexedDB: no
 * conversation, messages, events, drafts, runs, signals or retrieval logs. It
 * also uses nothing learned (no context is retrieved for it).
 */
import { createInMemoryDatabase } from '../db/in-memory';
import { RunBoard, runnerSettings } from '../runner/board';
import type { Services } from './services';
import { Forgetting } from './forgetting';

/** Services for one temporary chat, over `services`; `drop()` lets go of its memory. */
export function createTemporaryServices(services: Services): Services & { drop(): void } {
  const db = createInMemoryDatabase();
  return {
    ...services,
    db,
    temporary: true,
    // Nothing to learn from: no event leaves the chat.
    report: () => undefined,
    // No retrieval (it would log the question and read what was learned); the rest of the worker is the tab's.
    analysis: {
      ...services.analysis,
      retrieve: async () => [],
      warm: async () => undefined,
      notify: async () => undefined,
    },
    // The tab's sandbox runs the code; the runs are kept in the chat's memory only.
    runner: new RunBoard({
      db,
      host: services.sandbox,
      settings: () => runnerSettings(services.settings.current()),
    }),
    forgetting: new Forgetting(db),
    drop() {
      db.close();
    },
  };
}
