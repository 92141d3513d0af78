/**
 * The last model list seen for each Ollama host. Written when a fresh list
 * differs from the stored one (not on every refresh), read while Ollama or
 * the network is down so the app can still show which models exist.
 */
import type { CodelumiDB } from './db';
import { guardWrite } from './guard';
import type { KnownModel, KnownModels } from '../core/records';

/** What is kept of a model: its facts, not whether it is loaded right now. */
export function toKnownModel(model: KnownModel): KnownModel {
  const { name, family, parameterSize, quantization, sizeBytes, modifiedAt, digest, contextLength, capabilities } =
    model;
  return {
    name,
    family,
    parameterSize,
    quantization,
    sizeBytes,
    modifiedAt,
    digest,
    contextLength,
    capabilities: [...capabilities],
  };
}

/** An unchanged list is written again after this long, so "seen … ago" stays true. */
export const KNOWN_MODELS_REFRESH_MS = 10 * 60_000;

/**
 * Remembers `models` as the list of `host`, unless the stored list has the
 * same facts and was seen recently. Resolves true when it wrote. Throws
 * `quota:db` as every write does.
 */
export async function rememberModels(
  db: CodelumiDB,
  host: string,
  models: readonly KnownModel[],
  at = Date.now(),
): Promise<boolean> {
  const next = models.map(toKnownModel);
  const stored = await db.knownModels.get(host);
  if (stored && at - stored.savedAt < KNOWN_MODELS_REFRESH_MS && JSON.stringify(stored.models) === JSON.stringify(next))
    return false;
  await guardWrite(() => db.knownModels.put({ host, models: next, savedAt: at }));
  return true;
}

/** The last list seen for `host`, or undefined when none was ever seen. */
export function lastKnownModels(db: CodelumiDB, host: string): Promise<KnownModels | undefined> {
  return db.knownModels.get(host);
}
