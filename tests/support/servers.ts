/** Small real HTTP servers for tests that need something that is not Ollama. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlainServer {
  url: string;
  close(): Promise<void>;
}

/** A web server on a free port that answers every request with `status` and a text body. */
export async function startPlainServer(status = 404, body = 'Not Found'): Promise<PlainServer> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
