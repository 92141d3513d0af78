/**
 * Which tab writes which answer, through the Web Locks API: a tab holds a
 * lock named after each answer it writes, taken before the answer is marked
 * `streaming` and let go only after its last write. So a `streaming` answer
 * whose lock nobody holds is orphaned (its tab died), and a tab that cannot
 * get the lock knows another tab is writing the answer.
 */

const PREFIX = 'codelumi:answer:';

/** Lets go of an answer's lock. Calling it twice is harmless. */
export type ReleaseLock = () => void;

/**
 * Takes the lock of `messageId` and resolves once this tab holds it, with the
 * function that lets it go. With `ifAvailable`, resolves undefined at once
 * when another tab holds it. Where Web Locks are missing (or refuse this
 * context), one tab is assumed and the lock is a no-op.
 */
export function takeAnswerLock(
  locks: LockManager | undefined,
  messageId: string,
  options: { ifAvailable?: boolean } = {},
): Promise<ReleaseLock | undefined> {
  const noop: ReleaseLock = () => undefined;
  if (!locks) return Promise.resolve(noop);
  return new Promise((resolve) => {
    locks
      .request(`${PREFIX}${messageId}`, { ifAvailable: options.ifAvailable ?? false }, (lock) => {
        if (!lock) {
          resolve(undefined);
          return undefined;
        }
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch((err: unknown) => {
        // The API exists but refuses here (e.g. an opaque origin): as without it, one tab is assumed.
        console.warn('Web Locks unavailable; assuming a single tab', err);
        resolve(noop);
      });
  });
}

/** True when some live tab holds the lock of `messageId`. Without Web Locks, assume not (single tab). */
export async function isAnswerLocked(locks: LockManager | undefined, messageId: string): Promise<boolean> {
  if (!locks) return false;
  const state = await locks.query();
  return (state.held ?? []).some((l) => l.name === `${PREFIX}${messageId}`);
}

/** True when some live tab holds the lock of any answer: an answer is being written somewhere. Without Web Locks, false. */
export async function isAnyAnswerLocked(locks: LockManager | undefined): Promise<boolean> {
  if (!locks) return false;
  const state = await locks.query();
  return (state.held ?? []).some((l) => !!l.name?.startsWith(PREFIX));
}
