/**
 * Which files make a LoRA adapter Ollama can take, and what its docs and
 * source ask of them (docs/import.md "Importing a fine tuned adapter",
 * the Modelfile's ADAPTER, server/create.go), checked before anything is
 * hashed or sent:
 * - a GGUF adapter is one `.gguf` file (Ollama takes only one adapter);
 * - a Safetensors adapter is its `.safetensors` file(s) with the
 *   `adapter_config.json` written beside them (Ollama reads rank and alpha
 *   from it), and Ollama converts it only for Llama and Gemma 2 bases.
 */
import { CodelumiError } from '../core/errors';

/** How an adapter comes: one GGUF file, or Safetensors weights with their adapter_config.json. */
export type AdapterFormat = 'gguf' | 'safetensors';

/** A picked file: its name and bytes (a browser File is one). */
export type AdapterFile = Blob & { name: string };

/** Architectures (the base's `general.architecture`) Ollama converts a Safetensors adapter for (convert.ConvertAdapter). */
export const SAFETENSORS_ADAPTER_ARCHITECTURES = ['llama', 'gemma2'] as const;

/** The first Ollama version that refuses every adapter ("LoRA adapters are no longer supported"). */
export const ADAPTERS_REMOVED_IN = '0.34.1';

/** The four bytes every GGUF file starts with. */
const GGUF_MAGIC = 'GGUF';

/**
 * The format of the picked files, or a CodelumiError (`invalid:import`)
 * saying what to pick instead.
 */
export function adapterFormat(files: readonly Pick<AdapterFile, 'name'>[]): AdapterFormat {
  const names = files.map((f) => f.name);
  const gguf = names.filter((n) => /\.gguf$/i.test(n));
  const safetensors = names.filter((n) => /\.safetensors$/i.test(n));
  const bad = (why: string) => new CodelumiError('invalid:import', why);
  if (gguf.length > 0 && safetensors.length > 0)
    throw bad('Pick either one GGUF adapter or a Safetensors adapter, not both.');
  if (gguf.length > 1) throw bad('Ollama takes one adapter per model: pick a single .gguf file.');
  if (gguf.length === 1) {
    if (names.length > 1) throw bad('A GGUF adapter is a single file: pick only the .gguf file.');
    return 'gguf';
  }
  if (safetensors.length === 0)
    throw bad('Pick the adapter: a .gguf file, or the .safetensors file with its adapter_config.json.');
  if (!names.includes('adapter_config.json'))
    throw bad('A Safetensors adapter needs its adapter_config.json: pick it together with the .safetensors file.');
  const other = names.find((n) => n !== 'adapter_config.json' && !/\.safetensors$/i.test(n));
  if (other)
    throw bad(`“${other}” is not part of a Safetensors adapter (only .safetensors files and adapter_config.json).`);
  return 'safetensors';
}

/** True when `file` starts like a GGUF file (Ollama refuses others: "supplied file was not in GGUF format"). */
export async function looksLikeGguf(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return String.fromCharCode(...head) === GGUF_MAGIC;
}

/** True when Ollama `version` (e.g. "0.12.3") still takes adapters: before 0.34.1. Unknown versions are given the benefit of the doubt. */
export function takesAdapters(version: string | undefined): boolean {
  const parse = (v: string) =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((p) => Number.parseInt(p, 10));
  const have = parse(version ?? '');
  if (have.length < 3 || have.some((n) => !Number.isFinite(n))) return true;
  const limit = parse(ADAPTERS_REMOVED_IN);
  for (let i = 0; i < 3; i++) if (have[i] !== limit[i]) return have[i] < limit[i];
  return false;
}
