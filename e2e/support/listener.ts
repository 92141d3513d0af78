/**
 * A local listener on 127.0.0.1 that counts everything that reaches it: TCP
 * connections (so a preconnect, a WebSocket or a TURN-over-TCP attempt is
 * seen even when no HTTP request follows), HTTP requests and upgrades, and
 * UDP datagrams on the same port number (STUN and ICE checks of WebRTC),
 * and every byte that arrives on a connection.
 */
import http from 'node:http';
import dgram from 'node:dgram';

export interface Listener {
  url: string;
  port: number;
  /** What reached it, one line each ("tcp", "120 bytes", "GET /path", "upgrade /ws", "udp 20 bytes"). */
  seen: string[];
  close(): Promise<void>;
}

/** Starts a listener on a free port (TCP and UDP). */
export async function startListener(): Promise<Listener> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Content-Type', req.url?.endsWith('.js') ? 'text/javascript' : 'text/html');
    res.end(req.url?.endsWith('.js') ? '' : 'leaked');
  });
  server.on('connection', (socket) => {
    seen.push('tcp');
    socket.on('data', (b: Buffer) => seen.push(`${b.length} bytes`));
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`upgrade ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const udp = dgram.createSocket('udp4');
  udp.on('message', (m) => seen.push(`udp ${m.length} bytes`));
  // A UDP port of the same number is almost always free; if not, TCP alone is still counted.
  await new Promise<void>((r) => {
    udp.once('error', () => r());
    udp.bind(port, '127.0.0.1', () => r());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => {
        try {
          udp.close(() => r());
        } catch {
          r(); // never bound
        }
      });
    },
  };
}
