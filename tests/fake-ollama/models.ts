/**
 * Model records: name normalisation, defaults derived from a name, and the JSON
 * shapes Ollama uses for them (ListModel, ProcessModel, show response).
 */
import { createHash } from 'node:crypto';
import type { FakeModel } from './types';

/** A FakeModel with every field filled in, plus what /api/create can set. */
export interface ResolvedModel {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  sizeBytes: number;
  contextLength: number;
  capabilities: string[];
  modifiedAt: string;
  /** Name whose layers this model shares (itself, or the source of a copy/create). */
  blobBase: string;
  parentModel: string;
  system?: string;
  template: string;
  parameters: Record<string, unknown>;
  license: string;
  messages?: { role: string; content: string }[];
}

/** Lower-case hex SHA-256 of a string. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * The shortest display name Ollama uses: 'qwen2.5-coder' -> 'qwen2.5-coder:latest',
 * 'registry.ollama.ai/library/x:1b' -> 'x:1b'. Returns '' for an empty name.
 */
export function normalizeModelName(raw: string): string {
  let name = raw.trim().replace(/@sha256:[0-9a-f]*$/i, '');
  if (!name) return '';
  name = name.replace(/^registry\.ollama\.ai\//i, '').replace(/^library\//i, '');
  const slash = name.lastIndexOf('/');
  if (!name.slice(slash + 1).includes(':')) name += ':latest';
  return name;
}

/** The fully qualified name the scheduler puts in capability errors. */
export function qualifiedName(raw: string): string {
  const name = normalizeModelName(raw);
  const parts = name.split('/');
  if (parts.length === 1) return `registry.ollama.ai/library/${name}`;
  if (parts.length === 2) return `registry.ollama.ai/${name}`;
  return name;
}

/** Case-insensitive lookup key for a model name. */
export function modelKey(raw: string): string {
  return normalizeModelName(raw).toLowerCase();
}

const FAMILIES: [RegExp, string][] = [
  [/^(nomic-embed|nomic-bert)/, 'nomic-bert'],
  [/^(mxbai-embed|all-minilm|snowflake-arctic-embed|bge)/, 'bert'],
  [/^qwen3/, 'qwen3'],
  [/^(qwen2|qwq|deepseek-r1)/, 'qwen2'],
  [/^(llama|codellama|mistral|deepseek-coder|tinyllama|vicuna)/, 'llama'],
  [/^gemma3/, 'gemma3'],
  [/^gemma2/, 'gemma2'],
  [/^gemma/, 'gemma'],
  [/^phi/, 'phi3'],
  [/^starcoder2/, 'starcoder2'],
  [/^gpt-oss/, 'gptoss'],
];

function baseName(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

/** Family from the model name, e.g. 'qwen2.5-coder:7b' -> 'qwen2'. */
export function deriveFamily(name: string): string {
  const base = baseName(name);
  for (const [re, family] of FAMILIES) if (re.test(base)) return family;
  return base.replace(/[^a-z][\s\S]*/, '') || 'llama';
}

const isEmbeddingName = (name: string) => /embed|minilm|bge/.test(baseName(name));
const isThinkingName = (name: string) => /^(qwen3|deepseek-r1|qwq|gpt-oss|magistral)/.test(baseName(name));

function paramCount(size: string): number {
  const m = /^([\d.]+)\s*([KMBT])?/i.exec(size);
  if (!m) return 7e9;
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return Math.round(parseFloat(m[1]) * (scale[(m[2] ?? 'B').toUpperCase()] ?? 1e9));
}

function defaultParameters(family: string): Record<string, unknown> {
  if (family === 'qwen2') return { stop: ['<|im_start|>', '<|im_end|>'] };
  if (family === 'qwen3')
    return { stop: ['<|im_start|>', '<|im_end|>'], temperature: 0.6, top_k: 20, top_p: 0.95, repeat_penalty: 1 };
  if (family === 'llama') return { stop: ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'] };
  if (family.includes('bert')) return { num_ctx: 8192 };
  return { stop: ['</s>'] };
}

function defaultTemplate(family: string, thinking: boolean): string {
  if (family.includes('bert')) return '{{ .Prompt }}';
  if (family === 'llama') {
    return '<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n';
  }
  const think = thinking ? '{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}' : '';
  return `{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}\n${think}{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n`;
}

/** A fixed, name-derived modification time, so listings are stable between runs. */
function defaultModifiedAt(name: string): string {
  const days = parseInt(sha256Hex(name).slice(0, 4), 16) % 120;
  return new Date(Date.UTC(2025, 5, 1) + days * 86_400_000 + 37_123).toISOString().replace('Z', '456789Z');
}

/** Fills every missing field of a FakeModel with a realistic, deterministic default. */
export function resolveModel(m: FakeModel): ResolvedModel {
  const name = normalizeModelName(m.name);
  const family = m.family ?? deriveFamily(name);
  const embedding = isEmbeddingName(name) || family.includes('bert');
  const tag = name.split(':').pop() ?? '';
  const tagSize = /^(\d+(?:\.\d+)?)([bm])/i.exec(tag);
  const parameterSize =
    m.parameterSize ?? (embedding ? '137M' : tagSize ? `${tagSize[1]}${tagSize[2].toUpperCase()}` : '7.6B');
  const quantization = m.quantization ?? (embedding ? 'F16' : 'Q4_K_M');
  const capabilities =
    m.capabilities ??
    (embedding ? ['embedding'] : isThinkingName(name) ? ['completion', 'tools', 'thinking'] : ['completion', 'tools']);
  const bytesPerParam = quantization.startsWith('F16') ? 2 : quantization.startsWith('Q8') ? 1.07 : 0.6;
  return {
    name,
    family,
    parameterSize,
    quantization,
    sizeBytes: m.sizeBytes ?? Math.round(paramCount(parameterSize) * bytesPerParam),
    contextLength: m.contextLength ?? 32768,
    capabilities: [...capabilities],
    modifiedAt: m.modifiedAt ?? defaultModifiedAt(name),
    blobBase: name,
    parentModel: '',
    template: defaultTemplate(family, capabilities.includes('thinking')),
    parameters: defaultParameters(family),
    license: `Fake license text for ${name} (test double).`,
  };
}

/** Back to the public FakeModel shape. */
export function toFakeModel(r: ResolvedModel, loaded: boolean): FakeModel {
  const { name, family, parameterSize, quantization, sizeBytes, contextLength, modifiedAt } = r;
  return {
    name,
    family,
    parameterSize,
    quantization,
    sizeBytes,
    contextLength,
    capabilities: [...r.capabilities],
    loaded,
    modifiedAt,
  };
}

/** The `details` object of tags/ps/show. */
export function detailsOf(r: ResolvedModel) {
  return {
    parent_model: r.parentModel,
    format: 'gguf',
    family: r.family,
    families: [r.family],
    parameter_size: r.parameterSize,
    quantization_level: r.quantization,
  };
}

/** The manifest digest: 64 hex characters derived from the name. */
export const digestOf = (r: ResolvedModel) => sha256Hex(`manifest:${r.name}`);

/** The blob layers a pull downloads and create reuses, in manifest order. */
export function layersOf(r: ResolvedModel, totalBytes = r.sizeBytes) {
  const small = { template: r.template.length, license: 11_357, params: JSON.stringify(r.parameters).length };
  const modelBytes = Math.max(1, totalBytes - small.template - small.license - small.params);
  return [
    { kind: 'model', size: modelBytes },
    { kind: 'template', size: small.template },
    { kind: 'license', size: small.license },
    { kind: 'params', size: small.params },
  ].map((l) => ({ ...l, digest: `sha256:${sha256Hex(`${l.kind}:${r.blobBase}`)}` }));
}

/** One entry of GET /api/tags. */
export function listModelOf(r: ResolvedModel) {
  return {
    name: r.name,
    model: r.name,
    modified_at: r.modifiedAt,
    size: r.sizeBytes,
    digest: digestOf(r),
    details: detailsOf(r),
  };
}

/** One entry of GET /api/ps. */
export function processModelOf(r: ResolvedModel, expiresAt: string, contextLength: number) {
  return {
    name: r.name,
    model: r.name,
    size: r.sizeBytes,
    digest: digestOf(r),
    details: detailsOf(r),
    expires_at: expiresAt,
    size_vram: r.sizeBytes,
    context_length: contextLength,
  };
}

const FILE_TYPES: Record<string, number> = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 7, Q4_K_M: 15, Q5_K_M: 17, Q6_K: 18 };

/** `parameters` text as `ollama show` prints it: key padded to 30, then Go's %#v. */
function parametersText(params: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v])
      lines.push(`${k.padEnd(30)} ${typeof item === 'string' ? JSON.stringify(item) : String(item)}`);
  }
  return lines.join('\n');
}

/** The POST /api/show response. */
export function showOf(r: ResolvedModel) {
  const embedding = r.capabilities.includes('embedding');
  const modelLayer = layersOf(r)[0].digest.replace(':', '-');
  const paramLines = Object.entries(r.parameters).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((item) => `PARAMETER ${k} ${String(item)}`),
  );
  const modelfile = [
    '# Modelfile generated by "ollama show"',
    '# To build a new Modelfile based on this, replace FROM with:',
    `# FROM ${r.name}`,
    '',
    `FROM /root/.ollama/models/blobs/${modelLayer}`,
    `TEMPLATE """${r.template}"""`,
    ...(r.system ? [`SYSTEM """${r.system}"""`] : []),
    ...paramLines,
    ...(r.messages ?? []).map((m) => `MESSAGE ${m.role} """${m.content}"""`),
    `LICENSE """${r.license}"""`,
    '',
  ].join('\n');
  return {
    license: r.license,
    modelfile,
    parameters: parametersText(r.parameters),
    template: r.template,
    ...(r.system ? { system: r.system } : {}),
    details: detailsOf(r),
    ...(r.messages?.length ? { messages: r.messages } : {}),
    model_info: {
      'general.architecture': r.family,
      'general.file_type': FILE_TYPES[r.quantization] ?? 15,
      'general.parameter_count': paramCount(r.parameterSize),
      'general.quantization_version': 2,
      [`${r.family}.context_length`]: r.contextLength,
      [`${r.family}.embedding_length`]: embedding ? 768 : 3584,
      [`${r.family}.block_count`]: embedding ? 12 : 28,
      'tokenizer.ggml.model': embedding ? 'bert' : 'gpt2',
    },
    capabilities: [...r.capabilities],
    modified_at: r.modifiedAt,
  };
}
