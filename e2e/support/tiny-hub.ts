/**
 * The pack half of the Codelumi Hub's API v1, for browser tests of the
 * receiving side (the real hub in hub/ is tested on its own): GET /v1/pack
 * with an ETag (304 for If-None-Match), CORS for any origin, and every
 * request recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommunityPack } from '../../lib/privacy/hub-api';

export interface TinyHub {
  url: string;
  pack?: CommunityPack;
  requests: { method: string; path: string; ifNoneMatch?: string }[];
  close(): Promise<void>;
}

export async function startTinyHub(pack?: CommunityPack): Promise<TinyHub> {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'Content-Type, If-None-Match',
    'Access-Control-Expose-Headers': 'ETag, Retry-After',
  };
  const hub: TinyHub = { url: '', pack, requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    hub.requests.push({ method: req.method ?? '', path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (req.url !== '/v1/pack') return void res.writeHead(404, cors).end();
    if (!hub.pack) {
      res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'no_pack', message: 'No pack has been published yet' }));
    }
    const etag = `"pack-${hub.pack.version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ...cors, ETag: etag }).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: etag });
    res.end(JSON.stringify(hub.pack));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hub;
}
