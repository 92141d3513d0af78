/**
 * The memory worker: search (and, as it grows, learning and retrieval) off
 * the main thread. Thin by design: it wires lib/ into a worker.
 */
import { expose } from 'comlink';
import { getDatabase } from '../lib/db/db';
import { ConversationSearch } from '../lib/search/conversation-search';
import type { MemoryWorkerApi } from '../lib/worker/api';

const db = getDatabase();
const conversations = new ConversationSearch(db);

const api: MemoryWorkerApi = {
  search: (query, limit) => conversations.search(query, limit),
  ping: async () => {
    await db.open();
    return 'pong';
  },
};

expose(api);
