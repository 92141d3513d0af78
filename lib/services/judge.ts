/**
 * The tab's side of the optional judge (lib/learning/judge): built on the
 * tab's services, poked when its queue or the settings change or the last
 * answer finishes streaming, and told to give way the moment an answer starts
 * in this tab. One tab judges at a time; every tab's answers make it wait.
 */
import { liveQuery } from 'dexie';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import { SignalJudge } from '../learning/judge/judge';
import { JUDGE_QUEUE_KEY } from '../learning/judge/queue';
import type { Services } from './services';
import { isAnyAnswerLocked } from '../chat/locks';

/** The Web Lock held by the one tab judging. */
const JUDGE_LOCK = 'codelumi:judge';

/** Starts the judge on `services`; returns the function that stops it (and every subscription it made). */
export function startJudge(services: Services): () => void {
  const { db, settings, streams, platform } = services;
  const judge = new SignalJudge({
    db,
    enabled: () => settings.state.get()?.signalJudge,
    modelFor: (answer) =>
      settings.current().signalJudgeModel || answer.model || settings.current().defaultModel || undefined,
    chat: (request, signal) => createOllamaClient(settings.current().ollamaHost, fetchStoppedBy(signal)).chat(request),
    busy: async () => streams.all().length > 0 || (await isAnyAnswerLocked(platform.locks)),
    now: () => platform.now(),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  });
  const report = (err: unknown) => console.error('Codelumi’s judge could not finish a verdict', err);
  // One tab judges at a time (the queue, the budget and the counts are shared); a tab that finds the lock taken
  // leaves it to the holder, which drains until nothing is left.
  const poke = () => {
    if (!platform.locks) return void judge.poke().catch(report);
    platform.locks
      .request(JUDGE_LOCK, { ifAvailable: true }, (lock) => (lock ? judge.poke() : undefined))
      .catch(report);
  };
  // The analysis worker fills the queue; the page sees its writes through Dexie's change propagation.
  const queue = liveQuery(() => db.meta.get(JUDGE_QUEUE_KEY)).subscribe({
    next: poke,
    error: (err: unknown) => console.error('Codelumi could not follow the judge’s queue', err),
  });
  const unsubscribeSettings = settings.state.subscribe(poke);
  const unsubscribeStreams = streams.subscribeAll(() => {
    if (streams.all().length > 0) judge.yieldToChat();
    else poke();
  });
  return () => {
    queue.unsubscribe();
    unsubscribeSettings();
    unsubscribeStreams();
    judge.stop();
  };
}
