/**
 * Model management routes: /, version, tags, ps, show, copy, delete, create and blobs.
 */
import { createHash } from 'node:crypto';
import {
  bindJson,
  rfc3339Nano,
  sendEmpty,
  sendError,
  sendJson,
  sendText,
  startStream,
  str,
  wantsStream,
  writeLine,
  type RequestContext,
} from './http';
import {
  layersOf,
  listModelOf,
  normalizeModelName,
  processModelOf,
  resolveModel,
  sha256Hex,
  showOf,
  type ResolvedModel,
} from './models';
import type { JsonObject } from './go-json';

/** GET|HEAD / */
export function handleRoot(ctx: RequestContext): void {
  sendText(ctx.res, 200, 'Ollama is running');
}

/** GET|HEAD /api/version */
export function handleVersion(ctx: RequestContext): void {
  sendJson(ctx.res, 200, { version: ctx.state.config.version });
}

/** GET|HEAD /api/tags: installed models, most recently modified first. */
export function handleTags(ctx: RequestContext): void {
  const models = ctx.state.catalog.all().sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt));
  sendJson(ctx.res, 200, { models: models.map(listModelOf) });
}

/** GET /api/ps: loaded models, longest remaining time first. */
export function handlePs(ctx: RequestContext): void {
  const running = ctx.state.catalog.running();
  sendJson(ctx.res, 200, {
    models: running.map((r) => processModelOf(r.model, rfc3339Nano(new Date(r.expiresAt)), r.contextLength)),
  });
}

/** POST /api/show */
export function handleShow(ctx: RequestContext): void {
  const body = bindJson(ctx, 'ShowRequest');
  if (!body) return;
  const requested = str(body.model) || str(body.name);
  if (!requested) return sendError(ctx.res, 400, 'model is required');
  const model = ctx.state.catalog.find(requested);
  if (!model) return sendError(ctx.res, 404, `model '${requested}' not found`);
  const system = str(body.system);
  sendJson(ctx.res, 200, showOf(system ? { ...model, system } : model));
}

/** POST /api/copy: 200 with an empty body. */
export function handleCopy(ctx: RequestContext): void {
  const body = bindJson(ctx, 'CopyRequest');
  if (!body) return;
  const source = str(body.source);
  const destination = str(body.destination);
  if (!source.trim()) return sendError(ctx.res, 400, `source ${JSON.stringify(source)} is invalid`);
  if (!destination.trim()) return sendError(ctx.res, 400, `destination ${JSON.stringify(destination)} is invalid`);
  const model = ctx.state.catalog.find(source);
  if (!model) return sendError(ctx.res, 404, `model ${JSON.stringify(source)} not found`);
  ctx.state.catalog.put({ ...model, name: normalizeModelName(destination), modifiedAt: rfc3339Nano() });
  sendEmpty(ctx.res, 200);
}

/** DELETE /api/delete (`model` or legacy `name`): 200 with an empty body. */
export function handleDelete(ctx: RequestContext): void {
  const body = bindJson(ctx, 'DeleteRequest');
  if (!body) return;
  const requested = str(body.model) || str(body.name);
  if (!requested.trim()) return sendError(ctx.res, 400, `name ${JSON.stringify(requested)} is invalid`);
  if (!ctx.state.catalog.remove(requested)) return sendError(ctx.res, 404, `model '${requested}' not found`);
  sendEmpty(ctx.res, 200);
}

const DIGEST = /^sha256[:-]([0-9a-fA-F]{64})$/;

/** HEAD /api/blobs/:digest: 200 when uploaded, 404 otherwise. */
export function handleBlobHead(ctx: RequestContext): void {
  const m = DIGEST.exec(ctx.params.digest ?? '');
  if (!m) return sendError(ctx.res, 400, 'invalid digest format');
  if (!ctx.state.blobs.has(m[1].toLowerCase()))
    return sendError(ctx.res, 404, `blob ${JSON.stringify(ctx.params.digest)} not found`);
  sendEmpty(ctx.res, 200);
}

/** POST /api/blobs/:digest: 201 when the body hashes to the digest, 400 on a mismatch. */
export function handleBlobPost(ctx: RequestContext): void {
  const m = DIGEST.exec(ctx.params.digest ?? '');
  if (!m) return sendError(ctx.res, 400, 'invalid digest format');
  const want = m[1].toLowerCase();
  if (ctx.state.blobs.has(want)) return sendEmpty(ctx.res, 200);
  const got = createHash('sha256').update(ctx.body).digest('hex');
  if (got !== want)
    return sendError(
      ctx.res,
      400,
      `digest mismatch, expected ${JSON.stringify(ctx.params.digest)}, got "sha256:${got}"`,
    );
  ctx.state.blobs.add(want);
  sendEmpty(ctx.res, 201);
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The model a create request describes, or an error message. */
function describeCreate(ctx: RequestContext, body: JsonObject, name: string): ResolvedModel | string {
  const from = str(body.from);
  let base: ResolvedModel | undefined;
  if (from) {
    base = ctx.state.catalog.find(from);
    if (!base) return 'pull model manifest: file does not exist';
  } else {
    const digests = isObject(body.files) ? Object.values(body.files).map(String) : [];
    const missing = digests.find((d) => !ctx.state.blobs.has((DIGEST.exec(d)?.[1] ?? d).toLowerCase()));
    if (missing) return `blob ${JSON.stringify(missing)} not found`;
    base = resolveModel({ name });
  }
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObject).map((m) => ({ role: str(m.role), content: str(m.content) }))
    : base.messages;
  const license = Array.isArray(body.license) ? body.license.map(String).join('\n') : str(body.license) || base.license;
  return {
    ...base,
    name,
    parentModel: from ? base.name : '',
    system: str(body.system) || base.system,
    template: str(body.template) || base.template,
    parameters: { ...base.parameters, ...(isObject(body.parameters) ? body.parameters : {}) },
    messages,
    license,
    quantization: str(body.quantize) ? str(body.quantize).toUpperCase() : base.quantization,
    modifiedAt: rfc3339Nano(),
  };
}

/** POST /api/create: status lines per layer, `writing manifest`, `success`; the model is added. */
export function handleCreate(ctx: RequestContext): void {
  const body = bindJson(ctx, 'CreateRequest');
  if (!body) return;
  const name = normalizeModelName(str(body.model) || str(body.name));
  if (!name) return sendError(ctx.res, 400, 'invalid model name');
  if (!str(body.from) && !isObject(body.files))
    return sendError(ctx.res, 400, "neither 'from' or 'files' was specified");
  const stream = wantsStream(body);
  const model = describeCreate(ctx, body, name);
  if (typeof model === 'string') {
    if (!stream) return sendError(ctx.res, 500, model, 'application/json');
    startStream(ctx.res);
    writeLine(ctx.res, { error: model });
    return void ctx.res.end();
  }
  const lines: object[] = [];
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
  lines.push({ status: 'writing manifest' }, { status: 'success' });
  ctx.state.catalog.put(model);
  if (!stream) return sendJson(ctx.res, 200, { status: 'success' }, 'application/json');
  startStream(ctx.res);
  for (const line of lines) writeLine(ctx.res, line);
  ctx.res.end();
}
