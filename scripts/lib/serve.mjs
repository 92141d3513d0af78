// Serves the static build (out/) on localhost: the whole "backend" of
// Codelumi. HTML and the service worker are revalidated on every load so
// updates are seen; hashed assets are cached for good. Static files carry
// `Access-Control-Allow-Origin: *` because the code sandbox (an opaque-origin
// iframe) loads its runtime files from here. Shares posted to the share
// target are the service worker's to handle; one that reaches the server
// (the worker was not installed yet) is sent to the chat to say so.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';

/**
 * Starts a static server for `dir` on `host:port` (port 0 = a free one).
 * Resolves with { url, port, close() }.
 */
export async function startStaticServer({ dir, port = 0, host = '127.0.0.1', quiet = true } = {}) {
  const notFoundPage = path.join(dir, '404.html');
  const assets = sirv(dir, {
    dev: false,
    etag: true,
    gzip: false,
    brotli: false,
    extensions: ['html'],
    setHeaders(res, pathname) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (pathname.startsWith('/_next/static/')) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('Cache-Control', 'no-cache');
      }
      if (pathname.endsWith('.webmanifest')) res.setHeader('Content-Type', 'application/manifest+json');
      if (pathname.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
    },
  });
  const server = http.createServer((req, res) => {
    if (!quiet) console.log(`${req.method} ${req.url}`);
    if (req.method === 'POST' && req.url?.split('?')[0] === '/share-target/') {
      req.resume();
      res.writeHead(303, { Location: '/?share=unavailable', 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    assets(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Cache-Control', 'no-cache');
      if (fs.existsSync(notFoundPage)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        fs.createReadStream(notFoundPage).pipe(res);
      } else {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Not found');
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}
