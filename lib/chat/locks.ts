/**
 * Which tab streams which answer, through the Web Locks API: a tab holds a
 * lock named after each answer it streams. When the tab dies the lock goes
 * with it, so another tab (or the next load) knows the answer is orphaned.
 */

const PREFIX = 'codelumi:answer:';

/** Holds the lock for `messageId` until `done` settles. A no-op where Web Locks are missing. */
export function holdAnswerLock(locks: LockManager | undefined, messageId: string, done: Promise<unknown>): void {
  if (!locks) return;
  void locks.request(`${PREFIX}${messageId}`, () => done.catch(() => undefined)).catch(() => undefined);
}

/** True when some live tab holds the lock of `messageId`. Without Web Locks, assume not (single tab). */
export async function isAnswerLocked(locks: LockManager | undefined, messageId: string): Promise<boolean> {
  if (!locks) return false;
  const state = await locks.query();
  return (state.held ?? []).some((l) => l.name === `${PREFIX}${messageId}`);
}
