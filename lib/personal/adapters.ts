/**
 * "Add an adapter": a model from a base the user has plus a LoRA adapter
 * they fine-tuned elsewhere. The picked files are checked (adapter-files.ts),
 * hashed a chunk at a time, uploaded to the Ollama host unless it already
 * has them (HEAD, then POST /api/blobs/sha256:<hex>), and named in a create's
 * `adapters`. The version is recorded like a personal one (kind 'adapter').
 */
import type { CodelumiDB } from '../db/db';
import type { PersonalModel } from '../core/records';
import { CodelumiError, isCodelumiError } from '../core/errors';
import { newId } from '../core/ids';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import { classifyOllamaError } from '../ollama/classify';
import { createModel } from '../ollama/create-model';
import { readShow } from '../ollama/model-lists';
import { hasBlob, uploadBlob, type BlobSender } from '../ollama/blobs';
import {
  ADAPTERS_REMOVED_IN,
  SAFETENSORS_ADAPTER_ARCHITECTURES,
  adapterFormat,
  looksLikeGguf,
  takesAdapters,
  type AdapterFile,
} from './adapter-files';
import { sha256OfFile } from './hash';
import { familyOf, nextVersion, versionName } from './naming';
import { allVersions, CREATE_OUTCOME_FROM, markVersion, recordVersion } from './record';

/** Where an adapter creation is: each phase says which file and how far. */
export type AdapterProgress =
  | { phase: 'checking' }
  | { phase: 'hashing' | 'uploading'; file: string; done: number; total: number }
  | { phase: 'already-there'; file: string }
  | { phase: 'creating'; status: string };

/** What createAdapterModel needs: the Ollama host, the adapter's files, its base and name, and how to report and stop. */
export interface AddAdapterOptions {
  host: string;
  /** The adapter: one .gguf file, or .safetensors file(s) with adapter_config.json. */
  files: readonly AdapterFile[];
  /** The model the adapter was trained on, installed in Ollama. */
  base: string;
  /** What the user called it ("Ada" → codelumi-ada). */
  name: string;
  onProgress?: (p: AdapterProgress) => void;
  origin?: string;
  fetchImpl?: typeof fetch;
  /** How blobs are sent (default: XMLHttpRequest in a browser, for upload progress). */
  send?: BlobSender;
  /** Stops hashing, upload or create; the creation then fails with `aborted:user`. */
  signal?: AbortSignal;
  now?: () => number;
}

/** The words for an Ollama that no longer takes adapters. */
export function adaptersRemovedMessage(version: string): string {
  return (
    `Ollama ${version} no longer takes LoRA adapters (they were removed in ${ADAPTERS_REMOVED_IN}). ` +
    'Merge the adapter into its base model with your fine-tuning tool and import the merged model as GGUF, ' +
    `or use an Ollama older than ${ADAPTERS_REMOVED_IN}.`
  );
}

/** Fails unless the base is installed and, for a Safetensors adapter, of an architecture Ollama converts adapters for. */
async function checkBase(
  client: ReturnType<typeof createOllamaClient>,
  options: AddAdapterOptions,
  format: 'gguf' | 'safetensors',
): Promise<void> {
  let architecture: unknown;
  try {
    architecture = readShow(await client.show({ model: options.base }), options.base).modelInfo?.[
      'general.architecture'
    ];
  } catch (err) {
    if ((err as { status_code?: number })?.status_code === 404) {
      throw new CodelumiError('not_found:base', `The base model “${options.base}” is not installed in Ollama.`, {
        host: options.host,
        model: options.base,
        status: 404,
      });
    }
    throw isCodelumiError(err)
      ? err
      : await classifyOllamaError(err, { host: options.host, fetchImpl: options.fetchImpl });
  }
  const supported: readonly string[] = SAFETENSORS_ADAPTER_ARCHITECTURES;
  if (format === 'safetensors' && typeof architecture === 'string' && !supported.includes(architecture)) {
    throw new CodelumiError(
      'bad_request:ollama',
      `Ollama converts Safetensors adapters only for Llama and Gemma 2 models, and “${options.base}” is ${architecture}. ` +
        'Convert the adapter to GGUF with llama.cpp’s convert_lora_to_gguf.py and add that file instead.',
      { host: options.host, model: options.base },
    );
  }
}

/** The words for an adapter creation the user stopped during `phase`: what happened to what was sent. */
export function stoppedMessage(phase: AdapterProgress['phase']): string {
  if (phase === 'checking') return 'You stopped adding the adapter before anything was sent. Nothing was created.';
  if (phase === 'hashing')
    return 'You stopped adding the adapter while its checksum was computed. Nothing was sent and nothing was created.';
  if (phase === 'creating')
    return 'You stopped adding the adapter while Ollama was creating the model. If the model shows up in the list anyway, delete it there.';
  return 'You stopped adding the adapter while it was being sent to Ollama. No model was created.';
}

/**
 * Creates `codelumi-<name>:v<N>` from `base` plus the adapter, recording the
 * version. Every failure is a CodelumiError: files that are not an adapter
 * (`invalid:import`), an Ollama that no longer takes adapters, the base not
 * installed (`not_found:base`), the upload or the create refused (Ollama's
 * words), and `aborted:user` when `signal` aborts (hashing, upload or create
 * stops; the message says which, see stoppedMessage).
 */
export async function createAdapterModel(db: CodelumiDB, options: AddAdapterOptions): Promise<PersonalModel> {
  let phase: AdapterProgress['phase'] = 'checking';
  const onProgress = (p: AdapterProgress) => {
    phase = p.phase;
    options.onProgress?.(p);
  };
  try {
    return await addAdapter(db, { ...options, onProgress });
  } catch (err) {
    if (!options.signal?.aborted) throw err;
    throw new CodelumiError('aborted:user', stoppedMessage(phase), { host: options.host });
  }
}

/** createAdapterModel without the words for a stop. */
async function addAdapter(db: CodelumiDB, options: AddAdapterOptions): Promise<PersonalModel> {
  const now = options.now ?? Date.now;
  const progress = options.onProgress ?? (() => undefined);
  const info = { host: options.host, origin: options.origin, fetchImpl: options.fetchImpl };
  const format = adapterFormat(options.files);
  progress({ phase: 'checking' });
  // Stop ends every call, also one whose answer never starts (a stuck Ollama): ollama-js hands
  // its own signal to fetch only once the headers came.
  const stoppable = options.signal ? fetchStoppedBy(options.signal, options.fetchImpl) : options.fetchImpl;
  const client = createOllamaClient(options.host, stoppable);
  let version: string;
  let installed: string[];
  try {
    [version, installed] = await Promise.all([
      client.version().then((v) => String(v.version ?? '')),
      client.list().then((r) => r.models.map((m) => String(m.name))),
    ]);
  } catch (err) {
    throw await classifyOllamaError(err, info);
  }
  if (!takesAdapters(version)) {
    throw new CodelumiError('bad_request:ollama', adaptersRemovedMessage(version), { host: options.host });
  }
  await checkBase(client, options, format);
  options.signal?.throwIfAborted();
  if (format === 'gguf' && !(await looksLikeGguf(options.files[0]))) {
    throw new CodelumiError(
      'invalid:import',
      `“${options.files[0].name}” is not a GGUF file (it does not start with GGUF).`,
    );
  }

  const adapters: Record<string, string> = {};
  for (const file of options.files) {
    options.signal?.throwIfAborted();
    const digest = await sha256OfFile(file, {
      signal: options.signal,
      onProgress: (done, total) => progress({ phase: 'hashing', file: file.name, done, total }),
    });
    options.signal?.throwIfAborted();
    try {
      if (await hasBlob(options.host, digest, options.fetchImpl, options.signal))
        progress({ phase: 'already-there', file: file.name });
      else {
        progress({ phase: 'uploading', file: file.name, done: 0, total: file.size });
        await uploadBlob(
          options.host,
          digest,
          file,
          (p) => progress({ phase: 'uploading', file: file.name, done: p.sent, total: p.total }),
          { send: options.send, signal: options.signal },
        );
      }
    } catch (err) {
      throw isCodelumiError(err) ? err : await classifyOllamaError(err, info);
    }
    adapters[file.name] = digest;
  }

  options.signal?.throwIfAborted();
  const family = familyOf(options.name);
  const number = nextVersion(family, await allVersions(db), installed);
  const main = options.files.find((f) => f.name !== 'adapter_config.json') ?? options.files[0];
  const at = now();
  const row = await recordVersion(db, {
    id: newId(),
    name: versionName(family, number),
    family,
    version: number,
    host: options.host,
    base: options.base,
    kind: 'adapter',
    system: '',
    messages: [],
    parameters: {},
    inputs: {
      memoryIds: [],
      exampleIds: [],
      conversationIds: [],
      adapter: { file: main.name, digest: adapters[main.name], bytes: main.size },
    },
    status: 'creating',
    createdAt: at,
    updatedAt: at,
  });
  try {
    await createModel(
      client,
      { model: row.name, from: options.base, adapters },
      (s) => progress({ phase: 'creating', status: s.status }),
      info,
      options.signal,
    );
  } catch (err) {
    const error = isCodelumiError(err) ? err : await classifyOllamaError(err, info);
    await markVersion(db, row.id, 'failed', now(), {
      from: CREATE_OUTCOME_FROM.failed,
      error: options.signal?.aborted ? stoppedMessage('creating') : error.message,
    });
    throw error;
  }
  await markVersion(db, row.id, 'created', now(), { from: CREATE_OUTCOME_FROM.created });
  return { ...row, status: 'created', updatedAt: now() };
}
