/**
 * The tab's side of the contribution queue (lib/community/queue.ts), run
 * while the app is open at privacy tier 2 or 3: once a week it prepares a
 * batch for the user to look at, and it sends approved batches when they are
 * due (the weekly send, "Send now", a retry). One tab does it at a time (a
 * Web Lock); every tab pokes it when the queue or the settings change.
 */
import { liveQuery } from 'dexie';
import { prepareWeekly, sendDue } from '../community/queue';
import { withdrawAndReset, type Withdrawal } from '../community/withdraw';
import type { HubAccess } from '../privacy/egress';
import type { Services } from './services';

/** The Web Lock held by the one tab running the queue. */
export const CONTRIBUTIONS_LOCK = 'codelumi:contributions';
/** Even with nothing due, look again this often (the weekly preparation, a clock that moved). */
export const CHECK_EVERY_MS = 3_600_000;

/** Starts the queue on `services`; returns the function that stops it. `fetchImpl` reaches the hub (through hubFetch). */
export function startContributions(services: Services, fetchImpl?: typeof fetch): () => void {
  const { db, settings, platform } = services;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const schedule = (dueAt: number | undefined) => {
    if (stopped) return;
    clearTimeout(timer);
    const now = platform.now();
    const next = Math.min(dueAt ?? Infinity, now + CHECK_EVERY_MS);
    timer = setTimeout(poke, Math.max(0, next - now));
  };

  const run = async () => {
    const current = settings.state.get();
    if (!current || current.privacyTier < 2) return schedule(undefined);
    const access = { privacyTier: current.privacyTier, hubUrl: current.hubUrl };
    const prepared = await prepareWeekly(db, current.privacyTier, platform.now());
    if (prepared)
      services.toasts.show({
        text: 'This week’s contribution is ready for your look (Learning → Contributions). Nothing is sent before you approve it.',
        durationMs: 15_000,
      });
    const result = await sendDue(db, access, platform.now(), fetchImpl);
    for (const { message } of result.setAside)
      services.toasts.show({
        tone: 'error',
        text: `A contribution you approved was not sent. ${message}`,
        durationMs: 15_000,
      });
    schedule(result.nextDueAt);
  };

  // A poke while a run is going makes it run once more when done (another tab's "Send now" included: its write
  // reaches this tab's live query too).
  const runHeld = async () => {
    do {
      again = false;
      await run();
    } while (again && !stopped);
  };
  const report = (err: unknown) => console.error('Codelumi could not run the contribution queue', err);
  function poke() {
    if (stopped) return;
    if (running) return void (again = true);
    running = true;
    const done = () => void (running = false);
    const work = platform.locks
      ? platform.locks.request(CONTRIBUTIONS_LOCK, { ifAvailable: true }, (lock) => (lock ? runHeld() : undefined))
      : runHeld();
    void Promise.resolve(work).catch(report).finally(done);
  }

  const queue = liveQuery(() => db.contributions.where('status').equals('queued').toArray()).subscribe({
    next: poke,
    error: (err: unknown) => console.error('Codelumi could not follow the contribution queue', err),
  });
  const unsubscribeSettings = settings.state.subscribe(poke);
  return () => {
    stopped = true;
    clearTimeout(timer);
    queue.unsubscribe();
    unsubscribeSettings();
  };
}

/**
 * "Withdraw and reset" under the queue's lock: no batch of this tab or
 * another is being prepared or sent under the old key meanwhile (one sent
 * just after the hub forgot the key could never be withdrawn).
 */
export async function withdrawHeld(services: Services, access: HubAccess): Promise<Withdrawal> {
  const { db, platform } = services;
  const work = () => withdrawAndReset(db, access, platform.now());
  if (!platform.locks) return work();
  return (await platform.locks.request(CONTRIBUTIONS_LOCK, work)) as Withdrawal;
}
