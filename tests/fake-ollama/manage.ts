/**
 * Model management routes: /, version, tags, ps, show, copy, delete and blobs (create: create.ts).
 */
import { createHash } from 'node:crypto';
import { bindJson, rfc3339Nano, sendEmpty, sendError, sendJson, sendText, str, type RequestContext } from './http';
import { listModelOf, normalizeModelName, processModelOf, showOf } from './models';

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

/** A blob digest as a path or a create's `files` name it. */
export const DIGEST = /^sha256[:-]([0-9a-fA-F]{64})$/;

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
  // The first bytes tell a GGUF file (create checks them, as Ollama reads the blob's magic).
  ctx.state.blobHeads.set(want, ctx.body.subarray(0, 4).toString('latin1'));
  sendEmpty(ctx.res, 201);
}
