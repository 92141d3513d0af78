/**
 * Every request Chromium sends, recorded where it leaves the browser: a tiny
 * HTTP proxy the browser context is pointed at (Playwright proxies loopback
 * too), so the page, its dedicated workers, the service worker and the
 * sandbox are all seen, whoever made the request. Plain HTTP is forwarded as
 * is; a CONNECT (https or a tunnel) is recorded and refused.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
}

export interface RecordingProxy {
  /** The proxy's address, for `proxy: { server }`. */
  server: string;
  /** Everything sent through it so far, oldest first. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    requests.push({ method: req.method ?? 'GET', url });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res.writeHead(400).end('The recording proxy takes absolute URLs');
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port || 80,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    requests.push({ method: 'CONNECT', url: `https://${req.url ?? ''}` });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The origins of `urls` (data:, blob: and other non-network URLs left out). */
export function originsOf(urls: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:')
        out.add(url.origin);
    } catch {
      out.add(u);
    }
  }
  return out;
}
