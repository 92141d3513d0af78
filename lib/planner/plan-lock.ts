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
export async function takePlanLock(
  locks: LockManager | undefined,
  planId: string,
): Promise<ReleasePlanLock | undefined> {
  return (await holdPlanLock(locks, planId))?.release;
}

/** A held lock: `release` lets it go; `released` resolves once another taker can have it. */
export interface HeldPlanLock {
  release: ReleasePlanLock;
  released: Promise<void>;
}

/**
 * `takePlanLock`, with a promise for when the lock is free again: a control
 * made under the lock starts the executor only after that (the lock
 * manager frees a lock a moment after its holder lets go).
 */
export function holdPlanLock(locks: LockManager | undefined, planId: string): Promise<HeldPlanLock | undefined> {
  const noop: ReleasePlanLock = () => undefined;
  if (!locks) return Promise.resolve({ release: noop, released: Promise.resolve() });
  return new Promise((resolve) => {
    let released: Promise<void> = Promise.resolve();
    released = locks
      .request(`${PREFIX}${planId}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(undefined);
          return undefined;
        }
        return new Promise<void>((release) => resolve({ release: () => release(), released }));
      })
      .then(
        () => undefined,
        (err: unknown) => {
          console.warn('Web Locks unavailable; assuming a single tab', err);
          resolve({ release: noop, released: Promise.resolve() });
        },
      );
  });
}

/** True when some live tab holds plan `planId`'s lock. Without Web Locks, false (one tab). */
export async function isPlanLocked(locks: LockManager | undefined, planId: string): Promise<boolean> {
  if (!locks) return false;
  const state = await locks.query();
  return (state.held ?? []).some((l) => l.name === `${PREFIX}${planId}`);
}
