/**
 * The tab's side of receiving the community pack: checked once the settings
 * are read, again when the tier or the hub address changes, and hourly while
 * the tab is open (syncPack itself asks the hub at most once a day). One tab
 * checks at a time. At tier 0 this asks nothing and the stored pack goes.
 */
import { syncPack, type PackSyncOutcome } from '../community/pack/sync';
import type { Services } from './services';

/** How often an open tab asks syncPack whether a check is due. */
const WAKE_EVERY_MS = 60 * 60 * 1000;
/** The Web Lock held by the one tab checking. */
const PACK_LOCK = 'codelumi:community-pack';

/** Checks for a new pack now, whatever the last check's time (Settings → Check now). */
export function checkPackNow(services: Pick<Services, 'db' | 'settings' | 'platform'>): Promise<PackSyncOutcome> {
  const { privacyTier, hubUrl } = services.settings.current();
  return syncPack(services.db, { privacyTier, hubUrl }, { now: services.platform.now(), force: true });
}

/** Starts following the settings and the clock; returns the function that stops it. */
export function startPackSync(services: Services): () => void {
  const { db, settings, platform } = services;
  let lastAccess = '';
  const check = () => {
    const current = settings.state.get();
    if (!current) return; // not read yet: the defaults are not the user's choice
    const { privacyTier, hubUrl } = current;
    const run = () => syncPack(db, { privacyTier, hubUrl }, { now: platform.now() });
    const done = (outcome: PackSyncOutcome | undefined) => {
      // Said in Settings → Privacy too (the stored lastError); the console keeps a trace for the curious.
      if (outcome?.status === 'failed')
        console.warn('Codelumi could not check the community pack:', outcome.error.message);
    };
    const report = (err: unknown) => console.error('Codelumi could not check the community pack', err);
    if (!platform.locks) return void run().then(done, report);
    // The lock's callback result is what request resolves to (its DOM type wraps it in another Promise).
    const locked = platform.locks.request(PACK_LOCK, { ifAvailable: true }, (lock) =>
      lock ? run() : undefined,
    ) as Promise<PackSyncOutcome | undefined>;
    locked.then(done, report);
  };
  // Another setting changing is no reason to look; the tier or the hub changing is (tier 0 deletes the pack at once).
  const follow = () => {
    const current = settings.state.get();
    const access = current ? `${current.privacyTier} ${current.hubUrl}` : '';
    if (access === lastAccess) return;
    lastAccess = access;
    check();
  };
  const unsubscribe = settings.state.subscribe(follow);
  follow();
  const timer = setInterval(check, WAKE_EVERY_MS);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
