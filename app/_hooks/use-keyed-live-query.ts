'use client';
import { useLiveQuery } from 'dexie-react-hooks';

/**
 * A live query for one key (a conversation, a project, a message): its
 * result, live, and undefined while the query for this key has not answered
 * yet. Never the previous key's result: a live query answers with its last
 * result until the new one is in, so a view switched to another key showed
 * (and acted on) the one it left for that moment. `deps` are the query's
 * other inputs; the key is one already.
 */
export function useKeyedLiveQuery<T>(key: string, query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const found = useLiveQuery(async () => ({ key, value: await query() }), [key, ...deps]);
  return found?.key === key ? found.value : undefined;
}
