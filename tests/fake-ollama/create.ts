/**
 * POST /api/create as the real server answers it (server/create.go
 * CreateHandler, routes.go streamResponse/waitForStream): a base not
 * installed is pulled on the way (or fails with the pull's error), invalid
 * names are refused, `adapters` name uploaded blobs (a missing or non-GGUF
 * blob fails as Ollama's does), and Ollama 0.34.1 and later refuse adapters.
 * An error before any line is a JSON error with its status; after a line it
 * is one more `{"error"}` line (HTTP 200); with stream:false, JSON with the
 * status the error carries (500 when none).
 */
import {
  bindJson,
  rfc3339Nano,
  sendError,
  sendJson,
  startStream,
  str,
  wantsStream,
  writeLine,
  type RequestContext,
} from './http';
import { layersOf, modelKey, normalizeModelName, resolveModel, sha256Hex, type ResolvedModel } from './models';
import { DIGEST } from './manage';
import type { JsonObject } from './go-json';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** errtypes.InvalidModelNameErrMsg */
const INVALID_NAME = 'invalid model name';
/** server/create.go errAdaptersUnsupported (0.34.1 and later). */
const ADAPTERS_UNSUPPORTED = 'LoRA adapters are no longer supported';
const PART = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;

/** Roughly model.ParseName(...).IsValid(): [host/][namespace/]model[:tag], each part of allowed characters. */
export function isValidModelName(raw: string): boolean {
  const name = raw.trim();
  if (!name || /\s/.test(name)) return false;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > slash;
  const path = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : 'latest';
  const parts = path.split('/');
  if (parts.length > 3 || !PART.test(tag)) return false;
  const host = parts.length === 3 ? parts.shift()! : undefined;
  if (host !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}$/.test(host)) return false;
  return parts.every((p) => PART.test(p));
}

/** True for versions from 0.34.1 on, which refuse `adapters`. */
function refusesAdapters(version: string): boolean {
  const [a, b, c] = version.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  if (![a, b, c].every(Number.isFinite)) return false;
  return a > 0 || b > 34 || (b === 34 && c >= 1);
}

class CreateError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type Line = { status: string; digest?: string; total?: number; completed?: number };

/** The base named by `from`: installed, or pulled on the way as Ollama's parseFromModel does. */
function baseFor(ctx: RequestContext, from: string, lines: Line[]): ResolvedModel {
  if (!isValidModelName(from)) throw new CreateError(INVALID_NAME, 400);
  const installed = ctx.state.catalog.find(from);
  if (installed) return installed;
  lines.push({ status: 'pulling manifest' });
  const entry = Object.entries(ctx.state.config.pullable).find(
    ([key, m]) => modelKey(key) === modelKey(from) || modelKey(m.name) === modelKey(from),
  );
  if (!entry) throw new CreateError('pull model manifest: file does not exist');
  const [key, spec] = entry;
  const pulled = resolveModel({ ...spec, name: normalizeModelName(spec.name || key) });
  for (const layer of layersOf(pulled, spec.totalBytes ?? pulled.sizeBytes)) {
    const base = { status: `pulling ${layer.digest.slice(7, 19)}`, digest: layer.digest, total: layer.size };
    lines.push(base, { ...base, completed: layer.size });
  }
  lines.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' });
  ctx.state.catalog.put({ ...pulled, modifiedAt: rfc3339Nano() });
  return pulled;
}

/** The base built from uploaded `files` (a GGUF import). */
function baseFromFiles(ctx: RequestContext, files: JsonObject, name: string): ResolvedModel {
  const digests = Object.values(files).map(String);
  const missing = digests.find((d) => !ctx.state.blobs.has((DIGEST.exec(d)?.[1] ?? d).toLowerCase()));
  if (missing) throw new CreateError(`blob ${JSON.stringify(missing)} not found`);
  return resolveModel({ name });
}

const blobPath = (hex: string) => `/root/.ollama/models/blobs/sha256-${hex}`;

/** The adapter layer's status lines, or Ollama's error for these `adapters` on `base` (older servers). */
function adapterLines(ctx: RequestContext, adapters: JsonObject, base: ResolvedModel, lines: Line[]): void {
  const entries = Object.entries(adapters).map(([file, d]) => [file, String(d)] as const);
  if (entries.length === 0) throw new CreateError('no files provided to convert', 400);
  const hexOf = (d: string) => {
    const m = DIGEST.exec(d);
    if (!m) throw new CreateError('invalid digest format', 400);
    return m[1].toLowerCase();
  };
  const safetensors = entries.some(([f]) => f.endsWith('.safetensors'));
  const gguf = !safetensors && entries.some(([f]) => f.endsWith('.gguf') || f.endsWith('.bin'));
  if (!safetensors && !gguf) throw new CreateError('unknown type', 400);
  if (gguf) {
    if (entries.length > 1) throw new CreateError('only one adapter is currently supported', 400);
    const hex = hexOf(entries[0][1]);
    lines.push({ status: 'parsing GGUF' });
    if (!ctx.state.blobs.has(hex)) throw new CreateError(`open ${blobPath(hex)}: no such file or directory`, 400);
    if (ctx.state.blobHeads.get(hex) !== 'GGUF') throw new CreateError('supplied file was not in GGUF format', 400);
    lines.push({ status: `using existing layer sha256:${hex}` });
    return;
  }
  const hexes = entries.map(([file, d]) => [file, hexOf(d)] as const);
  lines.push({ status: 'converting adapter' });
  const config = hexes.find(([f]) => f === 'adapter_config.json');
  if (!config || !ctx.state.blobs.has(config[1]))
    throw new CreateError('open adapter_config.json: no such file or directory', 400);
  if (base.family !== 'llama' && base.family !== 'gemma2') throw new CreateError('unsupported architecture', 400);
  const gone = hexes.find(([, hex]) => !ctx.state.blobs.has(hex));
  if (gone) throw new CreateError(`open ${gone[0]}: no such file or directory`, 400);
  lines.push({ status: `creating new layer sha256:${sha256Hex(`adapter:${hexes.map(([, h]) => h).join(',')}`)}` });
}

/** The created model: the base with the request's system, template, parameters, messages and license. */
function createdModel(body: JsonObject, base: ResolvedModel, name: string, fromModel: boolean): ResolvedModel {
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObject).map((m) => ({ role: str(m.role), content: str(m.content) }))
    : base.messages;
  const license = Array.isArray(body.license) ? body.license.map(String).join('\n') : str(body.license) || base.license;
  return {
    ...base,
    name,
    parentModel: fromModel ? base.name : '',
    system: str(body.system) || base.system,
    template: str(body.template) || base.template,
    parameters: { ...base.parameters, ...(isObject(body.parameters) ? body.parameters : {}) },
    messages,
    license,
    quantization: str(body.quantize) ? str(body.quantize).toUpperCase() : base.quantization,
    modifiedAt: rfc3339Nano(),
  };
}

/** The status lines of writing the model: layers kept, layers made, the manifest. */
function layerLines(body: JsonObject, model: ResolvedModel, lines: Line[]): void {
  if (str(body.quantize)) {
    const total = model.sizeBytes;
    lines.push({
      status: `quantizing F16 model to ${model.quantization}`,
      digest: '0000000000000000000',
      total,
      completed: total,
    });
  }
  for (const layer of layersOf(model)) lines.push({ status: `using existing layer ${layer.digest}` });
  const extras = {
    system: str(body.system),
    template: str(body.template),
    params: isObject(body.parameters) ? JSON.stringify(body.parameters) : '',
    messages: Array.isArray(body.messages) ? JSON.stringify(body.messages) : '',
  };
  for (const [kind, content] of Object.entries(extras)) {
    if (content) lines.push({ status: `creating new layer sha256:${sha256Hex(`${kind}:${content}`)}` });
  }
  lines.push({ status: 'writing manifest' });
}

/** POST /api/create (see the file comment). */
export function handleCreate(ctx: RequestContext): void {
  const body = bindJson(ctx, 'CreateRequest');
  if (!body) return;
  const adapters = isObject(body.adapters) && Object.keys(body.adapters).length > 0 ? body.adapters : undefined;
  if (adapters && refusesAdapters(ctx.state.config.version)) return sendError(ctx.res, 400, ADAPTERS_UNSUPPORTED);
  const requested = str(body.model) || str(body.name);
  if (!isValidModelName(requested)) return sendError(ctx.res, 400, INVALID_NAME);
  const name = normalizeModelName(requested);
  const stream = wantsStream(body);
  const lines: Line[] = [];
  try {
    const from = str(body.from);
    let base: ResolvedModel;
    if (from) base = baseFor(ctx, from, lines);
    else if (isObject(body.files)) base = baseFromFiles(ctx, body.files, name);
    else throw new CreateError("neither 'from' or 'files' was specified", 400);
    if (adapters) adapterLines(ctx, adapters, base, lines);
    const model = createdModel(body, base, name, !!from);
    layerLines(body, model, lines);
    ctx.state.catalog.put(model);
  } catch (err) {
    const e = err instanceof CreateError ? err : new CreateError(String(err));
    if (!stream || lines.length === 0) return sendError(ctx.res, e.status ?? 500, e.message, 'application/json');
    startStream(ctx.res);
    for (const line of lines) writeLine(ctx.res, line);
    writeLine(ctx.res, { error: e.message });
    return void ctx.res.end();
  }
  if (!stream) return sendJson(ctx.res, 200, { status: 'success' }, 'application/json');
  startStream(ctx.res);
  for (const line of lines) writeLine(ctx.res, line);
  writeLine(ctx.res, { status: 'success' });
  ctx.res.end();
}
