/**
 * "Create my model": reads what Codelumi learned, builds the create request
 * (build.ts), streams it to the user's Ollama with its status lines, and
 * records the version. Every failure is a CodelumiError saying what to do
 * next (lib/ollama/create-model.ts): base not installed (`not_found:base`,
 * offer to pull it), create refused (Ollama's words), Ollama down or blocked.
 */
import type { CodelumiDB } from '../db/db';
import type { PersonalModel } from '../core/records';
import { CodelumiError, isCodelumiError } from '../core/errors';
import { newId } from '../core/ids';
import { getSettings } from '../db/settings';
import { createOllamaClient, fetchStoppedBy, type OllamaClient } from '../ollama/client';
import { classifyOllamaError } from '../ollama/classify';
import { createModel, type CreateStatus } from '../ollama/create-model';
import { contextLengthFromInfo } from '../ollama/models';
import { readShow } from '../ollama/model-lists';
import { buildPersonalModel, type BuiltPersonalModel } from './build';
import { gatherMaterial, unusableNow } from './inputs';
import { familyOf, nextVersion, sameModelName } from './naming';
import { allVersions, CREATE_OUTCOME_FROM, markVersion, recordVersion } from './record';

/** What `createPersonalModel` needs: where Ollama is, the name and base, and the request the user approved. */
export interface CreatePersonalOptions {
  host: string;
  /** What the user called it ("Ada" → codelumi-ada). */
  name: string;
  /** The installed model to build on. */
  base: string;
  /**
   * The preview the user approved (`previewPersonalModel`, maybe with
   * placeholders put in by `withPlaceholders`): sent exactly as it is, not
   * gathered again, so nothing learned after the user looked goes in unseen;
   * refused when any of its memories, examples or chats may no longer be used.
   * Without it the request is built now (tests, scripts).
   */
  approved?: BuiltPersonalModel;
  onStatus?: (status: CreateStatus) => void;
  /**
   * Stop: ends whichever call is waiting (the base check, the list, the
   * create and its first response). Throws `aborted:user`; a version already
   * sent is recorded failed with words saying it was stopped.
   */
  signal?: AbortSignal;
  /** The page origin, for the CORS advice. */
  origin?: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** The base's context length from /api/show; a base Ollama does not have fails as `not_found:base`. */
async function baseContextLength(client: OllamaClient, host: string, base: string, fetchImpl?: typeof fetch) {
  try {
    return contextLengthFromInfo(readShow(await client.show({ model: base }), base).modelInfo);
  } catch (err) {
    if (isCodelumiError(err)) throw err;
    const e = err as { status_code?: number };
    if (e?.status_code === 404) {
      throw new CodelumiError('not_found:base', `The base model “${base}” is not installed in Ollama.`, {
        host,
        model: base,
        status: 404,
      });
    }
    throw await classifyOllamaError(err, { host, model: base, fetchImpl });
  }
}

/**
 * What "Create my model" would send now, for the preview: the request (with
 * the next version's name) and what goes in. `installedNames` keeps a
 * version number Ollama already uses from being taken again.
 */
export async function previewPersonalModel(
  db: CodelumiDB,
  options: { name: string; base: string; baseContextLength?: number; installedNames?: readonly string[] },
): Promise<BuiltPersonalModel> {
  const family = familyOf(options.name);
  const [material, versions, settings] = await Promise.all([gatherMaterial(db), allVersions(db), getSettings(db)]);
  return buildPersonalModel({
    family,
    version: nextVersion(family, versions, options.installedNames),
    base: options.base,
    memories: material.memories,
    examples: material.examples,
    baseContextLength: options.baseContextLength,
    settingsContextLength: settings.contextLength,
  });
}

/**
 * Refuses an approved request whose name was taken since the preview (by
 * another tab, or `ollama create` by hand): sending it would overwrite that
 * model. The user looks at the preview again, which names the next free version.
 */
async function checkStillFree(db: CodelumiDB, model: string, installed: readonly string[], host: string) {
  const recorded = (await allVersions(db)).some((r) => sameModelName(r.name, model));
  if (recorded || installed.some((n) => sameModelName(n, model))) {
    throw new CodelumiError(
      'unknown',
      `${model} was created in the meantime, so it was not overwritten. Close this window and open it again to create the next version.`,
      { host, model },
    );
  }
}

/**
 * Refuses an approved request that holds something Codelumi may no longer
 * use (a chat switched to "Don't learn from this", a memory switched off,
 * maybe in another tab, while the user read the preview or the private-data
 * warning): the preview on screen is live, so looking again shows what would go now.
 */
async function checkStillUsable(db: CodelumiDB, approved: BuiltPersonalModel, host: string) {
  const unusable = await unusableNow(db, approved.inputs);
  if (unusable.length === 0) return;
  throw new CodelumiError(
    'unknown',
    'What Codelumi may use changed since the preview: look at it again, then create. Nothing was sent.',
    { host, model: approved.request.model, cause: `no longer usable: ${unusable.join(', ')}` },
  );
}

/**
 * Creates the next version of the user's personal model in Ollama and
 * records it. Resolves with the `created` row; on failure the row (when the
 * create was sent) is `failed` with the reason, and the CodelumiError is thrown.
 */
export async function createPersonalModel(db: CodelumiDB, options: CreatePersonalOptions): Promise<PersonalModel> {
  const sent = { model: undefined as string | undefined };
  try {
    return await create(db, options, sent);
  } catch (err) {
    if (!options.signal?.aborted) throw err;
    throw new CodelumiError('aborted:user', stoppedMessage(sent.model), { host: options.host, model: sent.model });
  }
}

/** The words for a stopped create: before anything was sent, or while Ollama was creating `model`. */
export function stoppedMessage(model: string | undefined): string {
  if (!model) return 'You stopped creating the model before anything was sent. Nothing was created.';
  return `You stopped creating ${model} while Ollama was creating it. Ollama may still finish it: if it shows up in the list anyway, delete it there.`;
}

/** createPersonalModel without the words for a stop; `sent.model` is set once the create request goes out. */
async function create(
  db: CodelumiDB,
  options: CreatePersonalOptions,
  sent: { model: string | undefined },
): Promise<PersonalModel> {
  const now = options.now ?? Date.now;
  // Every call of this create ends on Stop, also one whose answer never starts (ollama-js
  // hands its own signal to fetch only once the headers came).
  const stoppable = options.signal ? fetchStoppedBy(options.signal, options.fetchImpl) : options.fetchImpl;
  const client = createOllamaClient(options.host, stoppable);
  const info = { host: options.host, origin: options.origin, fetchImpl: options.fetchImpl };
  // The approved request names its base; the check is of the base that will be sent.
  const base = options.approved?.request.from ?? options.base;
  const contextLength = await baseContextLength(client, options.host, base, options.fetchImpl);
  let installed: string[];
  try {
    installed = (await client.list()).models.map((m) => String(m.name));
  } catch (err) {
    throw await classifyOllamaError(err, info);
  }
  const built =
    options.approved ??
    (await previewPersonalModel(db, {
      name: options.name,
      base,
      baseContextLength: contextLength,
      installedNames: installed,
    }));
  const { request } = built;
  if (options.approved) {
    await checkStillFree(db, request.model, installed, options.host);
    await checkStillUsable(db, built, options.host);
  }
  options.signal?.throwIfAborted();
  const at = now();
  const [family, tag] = request.model.split(':');
  const row = await recordVersion(db, {
    id: newId(),
    name: request.model,
    family,
    version: Number(tag.slice(1)),
    host: options.host,
    base,
    kind: 'personal',
    system: request.system,
    messages: request.messages,
    parameters: request.parameters,
    inputs: built.inputs,
    status: 'creating',
    createdAt: at,
    updatedAt: at,
  });
  sent.model = request.model;
  try {
    await createModel(client, request, options.onStatus ?? (() => undefined), info, options.signal);
  } catch (err) {
    const error = isCodelumiError(err) ? err : await classifyOllamaError(err, info);
    await markVersion(db, row.id, 'failed', now(), {
      from: CREATE_OUTCOME_FROM.failed,
      error: options.signal?.aborted ? stoppedMessage(row.name) : error.message,
    });
    throw error;
  }
  await markVersion(db, row.id, 'created', now(), { from: CREATE_OUTCOME_FROM.created });
  return { ...row, status: 'created', updatedAt: now() };
}
