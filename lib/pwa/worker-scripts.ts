/**
 * Worker scripts served from a cache must keep the address they were asked
 * for: a response from the Cache API carries its own URL (without the `#…`
 * part), which a worker takes as its `location`, and the bundler's worker
 * bootstrap reads its configuration from `location.hash`. A fresh Response
 * has no URL of its own, so the worker keeps the one it was started with.
 */
import type { WorkboxPlugin } from 'workbox-core/types';

const WORKER_DESTINATIONS = new Set<RequestDestination>(['worker', 'sharedworker']);

/** The response to give `request`: for a worker script, the same body and headers without a URL of their own. */
export function asRequestedScript(request: Request, response: Response | undefined): Response | undefined {
  if (!response || !WORKER_DESTINATIONS.has(request.destination)) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** A Workbox plugin that applies `asRequestedScript` to every response a strategy gives. */
export const workerScriptsKeepTheirAddress: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => asRequestedScript(request, response) ?? response,
};
