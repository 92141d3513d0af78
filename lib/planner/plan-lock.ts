/**
 * One executor per plan across the app's tabs, through the Web Locks API
 * (as lib/chat/locks.ts does for answers): the executor holds the lock
 * `codelumi:plan:<id>` while it runs the plan. A tab that cannot get it knows
 * another tab runs the plan; a plan left `executing` whose lock nobody holds
 * was left by a closed tab.
 */

const PREFIX = 'codelumi:plan:';

/** Lets go of a plan's lock. Calling it twice is harmless. */
export type ReleasePlanLock = () => void;

/**
 * Takes plan `planId`'s lock if no tab holds it: resolves with the function
 * that lets it go, or undefined when another tab (or executor) holds it.
 * Where Web Locks are missing or refused (an opaque origin, Node), one tab
 * is assumed and the lock is a no-op.
 */
export function takePlanLock(locks: LockManager | undefined, planId: string): Promise<ReleasePlanLock | undefined> {
  const noop: ReleasePlanLock = () => undefined;
  if (!locks) return Promise.resolve(noop);
  return new Promise((resolve) => {
    locks
      .request(`${PREFIX}${planId}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(undefined);
          return undefined;
        }
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch((err: unknown) => {
        console.warn('Web Locks unavailable; assuming a single tab', err);
        resolve(noop);
      });
  });
}

/** True when some live tab holds plan `planId`'s lock. Without Web Locks, false (one tab). */
export async function isPlanLocked(locks: LockManager | undefined, planId: string): Promise<boolean> {
  if (!locks) return false;
  const state = await locks.query();
  return (state.held ?? []).some((l) => l.name === `${PREFIX}${planId}`);
}
