/**
 * A tiny HTTP server speaking the Codelumi Hub's v1 contract for client tests
 * (lib/community): it stores contribution batches by batchId (a repeat is
 * `duplicate: true`), deletes an install key's batches, and answers the next
 * requests with scripted replies (429 with Retry-After, 5xx, 422 …) when told.
 * It answers CORS preflights as the contract says, so a browser page can use it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  method: string;
  url: string;
  body: string;
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HubDouble {
  url: string;
  requests: HubRequest[];
  /** Stored batches by batchId (parsed). */
  stored: Map<string, { installKey: string; [k: string]: unknown }>;
  /** Replies used, in order, before the contract's own answers. */
  script: ScriptedReply[];
  close(): Promise<void>;
}

/** Starts the double on a free port of 127.0.0.1. */
export async function startHubDouble(): Promise<HubDouble> {
  const requests: HubRequest[] = [];
  const stored = new Map<string, { installKey: string }>();
  const script: ScriptedReply[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'access-control-expose-headers': 'ETag, Retry-After',
          ...headers,
        });
        res.end(JSON.stringify(json));
      };
      // The browser asks first before a JSON POST or a DELETE from another origin (CORS preflight).
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-allow-headers': 'Content-Type, If-None-Match',
          'access-control-max-age': '600',
        });
        return res.end();
      }
      const scripted = script.shift();
      if (scripted) return send(scripted.status, scripted.body ?? {}, scripted.headers);
      if (req.method === 'POST' && req.url === '/v1/contributions') {
        const batch = JSON.parse(body) as {
          batchId: string;
          installKey: string;
          signals: unknown[];
          patterns: unknown[];
        };
        const duplicate = stored.has(batch.batchId);
        stored.set(batch.batchId, batch);
        return send(duplicate ? 200 : 201, {
          batchId: batch.batchId,
          accepted: { signals: batch.signals.length, patterns: batch.patterns.length },
          duplicate,
        });
      }
      const del = /^\/v1\/contributions\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'DELETE' && del) {
        let deleted = 0;
        for (const [id, b] of stored) if (b.installKey === del[1] && stored.delete(id)) deleted++;
        return send(200, { deleted });
      }
      send(404, { error: 'not_found', message: 'No such route' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stored: stored as HubDouble['stored'],
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
