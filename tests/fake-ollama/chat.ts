/**
 * POST /api/chat and /api/generate: model checks in Ollama's order (not found,
 * unload, thinking, capability), load/unload answers, then the scripted or default reply.
 */
import { keepAliveMs, thinkRequested } from './bind';
import type { JsonObject } from './go-json';
import { bindJson, rfc3339Nano, sendError, sendJson, str, wantsStream, type RequestContext } from './http';
import { qualifiedName } from './models';
import { defaultReply } from './replies';
import { toChatLike } from './rules';
import { streamReply } from './stream';
import { countPromptTokens } from './tokens';
import type { Reply } from './types';

type Endpoint = 'chat' | 'generate';

/** The done:true answer to a load (empty input) or unload (keep_alive 0) request. */
function lifecycleAnswer(endpoint: Endpoint, model: string, reason: 'load' | 'unload') {
  const created_at = rfc3339Nano();
  return endpoint === 'chat'
    ? { model, created_at, message: { role: 'assistant', content: '' }, done_reason: reason, done: true }
    : { model, created_at, response: '', done: true, done_reason: reason };
}

function numPredict(body: JsonObject): number | undefined {
  const options = body.options as JsonObject | undefined;
  return typeof options?.num_predict === 'number' ? options.num_predict : undefined;
}

function numCtx(body: JsonObject): number | undefined {
  const options = body.options as JsonObject | undefined;
  return typeof options?.num_ctx === 'number' ? options.num_ctx : undefined;
}

/** Handles one chat or generate request end to end. */
export async function handleChatLike(ctx: RequestContext, endpoint: Endpoint): Promise<void> {
  const startedAt = process.hrtime.bigint();
  const body = bindJson(ctx, endpoint === 'chat' ? 'ChatRequest' : 'GenerateRequest');
  if (!body) return;
  const { res, state } = ctx;
  const requested = str(body.model);

  if (!requested.trim()) {
    if (endpoint === 'chat') sendError(res, 400, 'model is required');
    else sendError(res, 404, `model '${requested}' not found`);
    return;
  }
  const model = state.catalog.find(requested);
  if (!model) {
    sendError(res, 404, `model '${requested}' not found`);
    return;
  }

  const messages = Array.isArray(body.messages) ? body.messages : [];
  const prompt = str(body.prompt);
  const empty = endpoint === 'chat' ? messages.length === 0 : prompt === '';
  const keepAlive = keepAliveMs(body.keep_alive);
  if (empty && keepAlive === 0) {
    state.catalog.unload(model.name);
    sendJson(res, 200, lifecycleAnswer(endpoint, requested, 'unload'));
    return;
  }

  const caps = model.capabilities;
  let thinking = false;
  if (caps.includes('thinking'))
    thinking = body.think === undefined || body.think === null || thinkRequested(body.think);
  else if (thinkRequested(body.think)) {
    sendError(res, 400, `${JSON.stringify(requested)} does not support thinking`);
    return;
  }
  if (!caps.includes('completion')) {
    sendError(res, 400, `${JSON.stringify(requested)} does not support ${endpoint}`);
    return;
  }
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (endpoint === 'chat' && tools.length > 0 && !caps.includes('tools')) {
    sendError(res, 400, `${qualifiedName(model.name)} does not support tools`);
    return;
  }
  if (endpoint === 'generate' && str(body.suffix) && !caps.includes('insert')) {
    sendError(res, 400, `${qualifiedName(model.name)} does not support insert`);
    return;
  }

  const wasLoaded = state.catalog.isLoaded(model.name);
  // keep_alive 0 keeps the model loaded while it answers, then unloads it.
  state.catalog.load(model, keepAlive === 0 ? 60_000 : keepAlive, numCtx(body));
  if (empty) {
    sendJson(res, 200, lifecycleAnswer(endpoint, requested, 'load'));
    return;
  }

  const request = toChatLike(endpoint, body);
  let reply: Reply;
  try {
    reply = state.rules.pick(request) ?? defaultReply(request, { format: body.format, thinking });
  } catch (e) {
    sendError(res, 500, `fake-ollama rule failed: ${(e as Error).message}`);
    return;
  }

  const system =
    endpoint === 'generate' ? [str(body.system) || model.system || ''] : model.system ? [model.system] : [];
  await streamReply({
    ctx,
    endpoint,
    model: requested,
    stream: wantsStream(body),
    reply,
    thinking,
    promptEvalCount: countPromptTokens([...system, ...request.messages.map((m) => m.content)]),
    contextPrompt: endpoint === 'generate' && body.raw !== true ? prompt : undefined,
    startedAt,
    wasLoaded,
    numPredict: numPredict(body),
  });
  if (keepAlive === 0) state.catalog.unload(model.name);
}
