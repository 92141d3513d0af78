/**
 * The shipped signal model, loaded on first use. The main thread needs it only
 * when the user corrects a signal or a conversation is forgotten in the page,
 * so its 600 KB of weights stay out of the page's start-up; the analysis
 * worker, which reads every message, imports it at once (detect.ts
 * shippedModel). Load it before a Dexie transaction, never inside one (an
 * import is not IndexedDB work and would end the transaction).
 */
import { loadModel, type SignalModel, type SignalModelFile } from './model';

let loading: Promise<SignalModel> | undefined;

/** The shipped model (one load per realm; a failed load is tried again on the next call). */
export function loadShippedModel(): Promise<SignalModel> {
  loading ??= import('./model.json').then(
    (m) => loadModel(m.default as unknown as SignalModelFile),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
