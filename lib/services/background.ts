/**
 * What the tab runs in the background once it has its services: settling
 * answers left by closed tabs, the service worker and its update checks,
 * forgetting deleted conversations, pruning what only grows, persistent storage, the learning worker's pace, the
 * optional judge of unclear follow-ups, the community contribution queue, the "left the tab" signal, following the settings, and letting go of the
 * database when another tab deletes all data. One start, one stop that undoes all of it.
 */
import { settleOrphanedAnswers } from '../db/messages';
import { isAnswerLocked } from '../chat/locks';
import { persistOnceWorthKeeping } from '../pwa/persist-policy';
import { pruneGrowth } from '../learning/prune';
import type { Services } from './services';
import { startJudge } from './judge';
import { startContributions } from './contributions';
import { startPackSync } from './community';

const running = new WeakSet<Services>();

/** Stops the background (calling it again does nothing); `startup` settles when the one-time start-up work is done. */
export interface StopBackground {
  (): void;
  /** The start-up work (settling old answers, forgetting expired deletions, pruning) finished, whatever its outcome. */
  startup: Promise<void>;
}

/**
 * Starts the tab's background work on `services` and returns the function
 * that stops it: every listener and subscription it added is removed, and the
 * analysis worker and sandbox are let go (they start again when next used).
 * Starting services that already run throws; after stop they may start again.
 */
export function startBackground(services: Services): StopBackground {
  if (running.has(services)) throw new Error('The background of these services is already running; stop it first.');
  running.add(services);
  const { db, platform, streams, analysis, updates } = services;
  const { page } = platform;
  const stops: (() => void)[] = [];
  const listen = (listener: () => void) => {
    page.addEventListener('visibilitychange', listener);
    stops.push(() => page.removeEventListener('visibilitychange', listener));
  };

  // "Delete all data" in another tab (or the database deleted under this one): everything here stops and the database
  // stays closed, so nothing recreates it; the page then says so and offers a reload.
  stops.push(
    services.dataWipe.follow(db, () => {
      for (const s of streams.all()) s.abort();
      stop();
    }),
  );

  // The pull manager and the runner read the settings from here (other tabs' changes too).
  stops.push(services.settings.follow(db));

  // Answers left streaming by a tab that is gone become "interrupted"; plans it was executing become paused (opening one
  // resumes it, with a notice).
  const settled = Promise.all([
    settleOrphanedAnswers(db, (id) => isAnswerLocked(platform.locks, id)),
    services.temporary ? undefined : services.planner.settleOrphanedPlans(),
  ]);
  // Deletions whose undo window is over are forgotten now (the tab may have closed within it); the rest when it ends.
  const forgotten = services.forgetting.start();
  stops.push(() => services.forgetting.stop());
  // Then the tables that only grow are brought within their caps (lib/learning/prune.ts): read events, old retrieval logs,
  // embeddings of questions that are gone.
  const pruned = forgotten.then(() => pruneGrowth(db, platform.now()));

  // The offline backend: register the service worker, and look for a new version when the window comes back.
  if (updates) {
    void updates.start();
    listen(() => page.visibilityState === 'visible' && updates.checkForUpdate());
  }

  // Once there is something worth keeping (the tenth conversation, the first memory), ask the browser, once, not to
  // clear it when space runs low.
  stops.push(persistOnceWorthKeeping(db, platform.storage));

  // While an answer streams, the analysis worker learns in smaller slices (two cores are shared).
  let busy = false;
  stops.push(
    streams.subscribeAll(() => {
      const now = streams.all().length > 0;
      if (now === busy) return;
      busy = now;
      void analysis.setForeground(now).catch(() => undefined);
    }),
  );

  // The optional judge: a second opinion from the local model on unclear follow-ups, only while Ollama is idle.
  stops.push(startJudge(services));

  // Community contributions (privacy tier 2 and 3 only): the weekly batch to look at, and sending approved ones.
  // The community pack (tier 1 and above): at start, daily while open, and when the tier or hub changes.
  if (!services.temporary) {
    stops.push(startContributions(services));
    stops.push(startPackSync(services));
  }

  // Leaving the tab is a signal too (left right after an answer); the worker decides what it means.
  listen(() => {
    if (page.visibilityState !== 'hidden') return;
    const conversationId = platform.currentConversation();
    if (conversationId) services.report({ kind: 'hidden', conversationId, at: platform.now() });
  });

  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    for (const undo of stops.splice(0)) undo();
    services.release();
    running.delete(services);
  }
  const startup = Promise.allSettled([settled, forgotten, pruned]).then((results) => {
    // Nothing here is worth interrupting the app for (the next start tries again), but a failure is said.
    for (const r of results) if (r.status === 'rejected') console.error('Codelumi start-up work failed', r.reason);
  });
  return Object.assign(stop, { startup });
}
