/**
 * An in-memory Web Locks manager for tests (Node has no navigator.locks):
 * exclusive locks granted in request order, `ifAvailable`, and query(). One
 * instance shared by two chat contexts plays two tabs of one browser.
 */
interface Waiter {
  name: string;
  run: () => void;
}

/** A LockManager with the parts Codelumi uses. */
export function createTestLocks(): LockManager {
  const held = new Set<string>();
  const queue: Waiter[] = [];

  const grant = (name: string, callback: LockGrantedCallback<unknown>): Promise<unknown> => {
    held.add(name);
    const lock = { name, mode: 'exclusive' } as Lock;
    const result = Promise.resolve().then(() => callback(lock));
    const free = () => {
      held.delete(name);
      const next = queue.findIndex((w) => w.name === name);
      if (next !== -1) queue.splice(next, 1)[0].run();
    };
    void result.then(free, free);
    return result;
  };

  const request = (
    name: string,
    a: LockOptions | LockGrantedCallback<unknown>,
    b?: LockGrantedCallback<unknown>,
  ): Promise<unknown> => {
    const options = (typeof a === 'function' ? {} : a) as LockOptions;
    const callback = (typeof a === 'function' ? a : b)!;
    if (!held.has(name)) return grant(name, callback);
    if (options.ifAvailable) return Promise.resolve().then(() => callback(null));
    return new Promise((resolve, reject) =>
      queue.push({ name, run: () => grant(name, callback).then(resolve, reject) }),
    );
  };

  return {
    request,
    query: async () => ({
      held: [...held].map((name) => ({ name, mode: 'exclusive' as const, clientId: 'test' })),
      pending: queue.map((w) => ({ name: w.name, mode: 'exclusive' as const, clientId: 'test' })),
    }),
  } as unknown as LockManager;
}
