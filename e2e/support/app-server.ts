/**
 * Counting and refusing requests at the app's own static server. Done at the
 * server, not by routing in the browser: the runner sandbox is an
 * out-of-process frame whose requests routing was seen to miss, and requests
 * a service worker makes are the ones a test of its cache must count.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The paths (without query) of `paths` the app's server is asked for from now on, until the returned stop. */
export function served(server: Server, paths: string[]): { hits: string[]; stop: () => void } {
  const hits: string[] = [];
  const listen = (req: IncomingMessage) => {
    const p = (req.url ?? '').split('?')[0];
    if (paths.includes(p)) hits.push(p);
  };
  server.on('request', listen);
  return { hits, stop: () => server.off('request', listen) };
}

/**
 * Makes the app's server answer 503 to the requests `refuse(path, n)` picks
 * (n: the how-manieth request for that path), until the returned restore;
 * the refused paths are listed.
 */
export function refuse(
  server: Server,
  refuseIt: (path: string, n: number) => boolean,
): { refused: string[]; restore: () => void } {
  const original = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  const counts = new Map<string, number>();
  const refused: string[] = [];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    const n = counts.get(path) ?? 0;
    counts.set(path, n + 1);
    if (refuseIt(path, n)) {
      refused.push(path);
      res.writeHead(503, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
      res.end('unavailable');
      return;
    }
    for (const l of original) l.call(server, req, res);
  });
  return {
    refused,
    restore: () => {
      server.removeAllListeners('request');
      for (const l of original) server.on('request', l);
    },
  };
}
