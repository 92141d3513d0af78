/**
 * What the Models page and the model picker show: installed models with the
 * facts a developer chooses by (family, size, quantization, context length,
 * capabilities) and which are loaded now.
 */
import { createOllamaClient, fetchWithin, type OllamaClient } from './client';
import { CodelumiError } from '../core/errors';
import type { KnownModel } from '../core/records';
import { readRunning, readShow, readTags } from './model-lists';

/** A model's facts (see KnownModel) and whether it is loaded now. */
export interface ModelInfo extends KnownModel {
  /** Loaded in memory right now (/api/ps). */
  loaded: boolean;
  /** Memory held while loaded, when loaded. */
  sizeVram?: number;
  expiresAt?: string;
}

/** The context length from /api/show's model_info (`<arch>.context_length`). */
export function contextLengthFromInfo(modelInfo: Record<string, unknown> | undefined): number | undefined {
  if (!modelInfo) return undefined;
  const arch = modelInfo['general.architecture'];
  // A context length is a positive whole number of tokens; anything else is not one (and would become num_ctx).
  const isLength = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  const direct = typeof arch === 'string' ? modelInfo[`${arch}.context_length`] : undefined;
  if (isLength(direct)) return direct;
  for (const [key, value] of Object.entries(modelInfo)) {
    if (key.endsWith('.context_length') && isLength(value)) return value;
  }
  return undefined;
}

/** True when a model can chat (embedding-only models cannot). */
export function canChat(model: Pick<ModelInfo, 'capabilities' | 'family'>): boolean {
  if (model.capabilities.length > 0) return model.capabilities.includes('completion');
  return !/bert|embed/i.test(model.family);
}

/**
 * Lists installed models with /api/show details and /api/ps state. A model
 * whose show fails is still listed. Every answer is read as untrusted JSON
 * (see model-lists.ts): fields have their types, or their empty value.
 */
export async function listModels(client: OllamaClient): Promise<ModelInfo[]> {
  const [tagsAnswer, psAnswer] = await Promise.all([client.list(), client.ps().catch(() => ({ models: [] }))]);
  const tags = readTags(tagsAnswer);
  const running = new Map(readRunning(psAnswer).map((m) => [m.name, m]));
  const details = await Promise.all(
    // A model whose details fail or cannot be read (readShow's error) is listed without them.
    tags.map((m) =>
      client
        .show({ model: m.name })
        .then((answer) => readShow(answer, m.name))
        .catch(() => undefined),
    ),
  );
  return tags.map((m, i) => {
    const show = details[i];
    const run = running.get(m.name);
    return {
      name: m.name,
      family: m.details.family ?? '',
      parameterSize: m.details.parameter_size ?? '',
      quantization: m.details.quantization_level ?? '',
      sizeBytes: m.size,
      modifiedAt: m.modified_at,
      digest: m.digest,
      contextLength: contextLengthFromInfo(show?.modelInfo),
      capabilities: show?.capabilities ?? [],
      loaded: !!run,
      sizeVram: run?.size_vram,
      expiresAt: run ? (run.expires_at ?? '') : undefined,
    };
  });
}

/** How long the model list (tags, ps, and show per model) may take: a stuck Ollama would keep it loading forever. */
export const MODEL_LIST_TIME_LIMIT_MS = 15_000;

/**
 * listModels against the Ollama at `host`, each request limited to `limitMs`.
 * A list that does not come in time fails with words a user can act on; a
 * model whose details do not come in time is listed without them.
 */
export async function listModelsAt(
  host: string,
  limitMs = MODEL_LIST_TIME_LIMIT_MS,
  fetchImpl?: typeof fetch,
): Promise<ModelInfo[]> {
  try {
    return await listModels(createOllamaClient(host, fetchWithin(limitMs, fetchImpl)));
  } catch (e) {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      throw new CodelumiError(
        'busy:ollama',
        `Ollama did not send its list of models within ${Math.round(limitMs / 1000)} s. It may be busy; the list is asked for again shortly.`,
        { host, cause: e.message },
      );
    }
    throw e;
  }
}

/** Picks the model to use: the wanted one when installed, else the first chat model. */
export function resolveModel(wanted: string | undefined, models: readonly ModelInfo[]): string | undefined {
  if (wanted && models.some((m) => m.name === wanted)) return wanted;
  return models.find(canChat)?.name ?? models[0]?.name;
}

/**
 * The one rule for which model answers: the chat's own (for a new chat, the
 * one picked for it), else the default in Settings, else what `installed`
 * offers (the first installed chat model, see resolveModel); '' when none.
 * The chat page, the chat actions and follow-ups all choose through this.
 */
export function chooseModel(
  own: string | undefined,
  defaultModel: string | undefined,
  installed?: () => string | undefined,
): string {
  return own || defaultModel || installed?.() || '';
}

/** "4.7 GB" style sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  // 999,999 B would round to "1000 KB": show it in the next unit instead.
  if (i < units.length - 1 && Math.round(bytes / 1000 ** i) >= 1000) i++;
  const value = bytes / 1000 ** i;
  return `${value >= 99.95 || i === 0 ? Math.round(value) : value.toFixed(1)} ${units[i]}`;
}
