/**
 * The tab's side of the optional judge (lib/learning/judge): built on the
 * tab's services, poked when its queue or the settings change or the last
 * answer finishes streaming, and told to give way the moment an answer starts.
 */
import { liveQuery } from 'dexie';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import { SignalJudge } from '../learning/judge/judge';
import { JUDGE_QUEUE_KEY } from '../learning/judge/queue';
import type { Services } from './services';

/** Starts the judge on `services`; returns the function that stops it (and every subscription it made). */
export function startJudge(services: Services): () => void {
  const { db, settings, streams, platform } = services;
  const judge = new SignalJudge({
    db,
    enabled: () => settings.current().signalJudge,
    modelFor: (answer) =>
      settings.current().signalJudgeModel || answer.model || settings.current().defaultModel || undefined,
    chat: (request, signal) => createOllamaClient(settings.current().ollamaHost, fetchStoppedBy(signal)).chat(request),
    busy: () => streams.all().length > 0,
    now: () => platform.now(),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  });
  const poke = () =>
    void judge.poke().catch((err: unknown) => console.error('Codelumi’s judge could not finish a verdict', err));
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
