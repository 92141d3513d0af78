/**
 * Control endpoints under /__fake/ for tests in another process (e.g. Playwright
 * driving the CLI): read requests, script rules, reset, set models/origins/rate.
 * They send no CORS headers and are not recorded.
 */
import type { ServerResponse } from 'node:http';
import type { JsonObject } from './go-json';
import { sendEmpty, sendError, sendJson } from './http';
import { rulesFromJson } from './rules';
import type { ServerState } from './state';
import type { FakeModel } from './types';

/** Path prefix of the control endpoints. */
export const CONTROL_PREFIX = '/__fake/';

function parse(text: string): unknown {
  return text.trim() ? JSON.parse(text) : undefined;
}

function modelsFromJson(json: unknown): FakeModel[] {
  if (
    !Array.isArray(json) ||
    !json.every((m) => typeof m === 'object' && m !== null && typeof (m as JsonObject).name === 'string')
  ) {
    throw new Error('models must be a JSON array of objects with a string "name"');
  }
  return json as FakeModel[];
}

/**
 * Handles one control call:
 * GET /__fake/requests, DELETE /__fake/requests, POST /__fake/script (rules array),
 * POST /__fake/rules (one rule, prepended), POST /__fake/reset, GET|POST /__fake/models,
 * POST /__fake/config ({"origins"?: string|null, "tokensPerSecond"?: number, "silentPaths"?: string[],
 * "rawAnswers"?: {[path]: body}}).
 */
export function handleControl(
  state: ServerState,
  method: string,
  path: string,
  bodyText: string,
  res: ServerResponse,
): void {
  const what = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (what) {
      case 'GET requests':
        return sendJson(res, 200, state.requests);
      case 'DELETE requests':
        state.requests.length = 0;
        return sendEmpty(res, 204);
      case 'POST script':
        state.rules.script(rulesFromJson(parse(bodyText) ?? []));
        return sendEmpty(res, 204);
      case 'POST rules':
        state.rules.add(rulesFromJson([parse(bodyText)])[0]);
        return sendEmpty(res, 204);
      case 'POST reset':
        state.reset();
        return sendEmpty(res, 204);
      case 'GET models':
        return sendJson(res, 200, state.catalog.publicModels());
      case 'POST models':
        state.catalog.setAll(modelsFromJson(parse(bodyText)));
        return sendEmpty(res, 204);
      case 'POST config': {
        const cfg = (parse(bodyText) ?? {}) as JsonObject;
        if ('origins' in cfg) state.origins = typeof cfg.origins === 'string' ? cfg.origins : undefined;
        if (typeof cfg.tokensPerSecond === 'number') state.tokensPerSecond = cfg.tokensPerSecond;
        if (Array.isArray(cfg.silentPaths)) {
          state.silentPaths.clear();
          for (const path of cfg.silentPaths) if (typeof path === 'string') state.silentPaths.add(path);
        }
        if (typeof cfg.rawAnswers === 'object' && cfg.rawAnswers !== null && !Array.isArray(cfg.rawAnswers)) {
          state.rawAnswers.clear();
          for (const [path, body] of Object.entries(cfg.rawAnswers))
            if (typeof body === 'string') state.rawAnswers.set(path, body);
        }
        return sendEmpty(res, 204);
      }
      default:
        return sendError(res, 404, `unknown fake-ollama control call: ${what}`);
    }
  } catch (e) {
    sendError(res, 400, (e as Error).message);
  }
}
