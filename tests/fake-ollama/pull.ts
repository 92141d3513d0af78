/**
 * POST /api/pull (the exact progress sequence, paced by bytes per second, cancellable)
 * and a minimal POST /api/push.
 */
import {
  bindJson,
  rfc3339Nano,
  sendError,
  sendJson,
  sleep,
  startStream,
  str,
  wantsStream,
  writeLine,
  type RequestContext,
} from './http';
import { layersOf, modelKey, normalizeModelName, resolveModel } from './models';

/** How often a downloading layer reports progress. */
const TICK_MS = 50;
const NOT_FOUND = 'pull model manifest: file does not exist';

type Progress = { status: string; digest?: string; total?: number; completed?: number };

/** Sends progress lines when streaming; for stream:false only the outcome is sent. */
function progressWriter(ctx: RequestContext, stream: boolean) {
  if (stream) startStream(ctx.res);
  return (p: Progress) => {
    if (stream) writeLine(ctx.res, p);
  };
}

/** Ends with an error the way Ollama does: an NDJSON line after output, a 500 JSON error before. */
function fail(ctx: RequestContext, stream: boolean, message: string): void {
  if (stream) {
    writeLine(ctx.res, { error: message });
    ctx.res.end();
  } else sendError(ctx.res, 500, message, 'application/json');
}

function finish(ctx: RequestContext, stream: boolean, emit: (p: Progress) => void): void {
  emit({ status: 'success' });
  if (stream) ctx.res.end();
  else sendJson(ctx.res, 200, { status: 'success' }, 'application/json');
}

/**
 * Pulls a model from the configured `pullable` set. The model is added only after
 * `success`; a client that goes away stops the pull and nothing is added.
 */
export async function handlePull(ctx: RequestContext): Promise<void> {
  const body = bindJson(ctx, 'PullRequest');
  if (!body) return;
  const requested = str(body.model) || str(body.name);
  if (!requested.trim()) return sendError(ctx.res, 400, 'invalid model name');
  const { state, signal } = ctx;
  const stream = wantsStream(body);
  const emit = progressWriter(ctx, stream);

  emit({ status: 'pulling manifest' });
  const entry = Object.entries(state.config.pullable).find(
    ([key, m]) => modelKey(key) === modelKey(requested) || modelKey(m.name) === modelKey(requested),
  );
  if (!entry) return fail(ctx, stream, NOT_FOUND);
  const [key, spec] = entry;
  const model = resolveModel({ ...spec, name: normalizeModelName(spec.name || key) });
  const alreadyHave = state.catalog.find(model.name) !== undefined;
  const bytesPerSecond = Math.max(1, state.config.pullBytesPerSecond);

  for (const layer of layersOf(model, spec.totalBytes ?? model.sizeBytes)) {
    const base = { status: `pulling ${layer.digest.slice(7, 19)}`, digest: layer.digest, total: layer.size };
    emit(base);
    let completed = alreadyHave ? layer.size : 0;
    while (completed < layer.size) {
      const waitMs = Math.min(TICK_MS, ((layer.size - completed) / bytesPerSecond) * 1000);
      if (!(await sleep(waitMs, signal))) return;
      completed = Math.min(layer.size, Math.round(completed + (bytesPerSecond * Math.max(waitMs, 1)) / 1000));
      emit({ ...base, completed });
    }
    if (alreadyHave) emit({ ...base, completed });
  }
  if (signal.aborted) return;
  emit({ status: 'verifying sha256 digest' });
  if (state.config.pullVerifyMs > 0 && !(await sleep(state.config.pullVerifyMs, signal))) return;
  emit({ status: 'writing manifest' });
  state.catalog.put({ ...model, modifiedAt: rfc3339Nano() });
  finish(ctx, stream, emit);
}

/** Pretends to push an installed model: progress for each layer, then success. */
export function handlePush(ctx: RequestContext): void {
  const body = bindJson(ctx, 'PushRequest');
  if (!body) return;
  const requested = str(body.model) || str(body.name);
  if (!requested.trim()) return sendError(ctx.res, 400, 'model is required');
  const model = ctx.state.catalog.find(requested);
  if (!model) return sendError(ctx.res, 500, `model '${requested}' not found`, 'application/json');
  const stream = wantsStream(body);
  const emit = progressWriter(ctx, stream);
  emit({ status: 'retrieving manifest' });
  for (const layer of layersOf(model)) {
    emit({
      status: `pushing ${layer.digest.slice(7, 19)}`,
      digest: layer.digest,
      total: layer.size,
      completed: layer.size,
    });
  }
  emit({ status: 'pushing manifest' });
  finish(ctx, stream, emit);
}
