/**
 * The fake Ollama HTTP server: node:http lifecycle (listen, stop, resume on the same
 * port, close promptly), request recording, Ollama's middleware order (CORS, then the
 * Host check), and dispatch to the routes.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, handleControl } from './control';
import { CorsPolicy, hostCheck, isLoopbackListen } from './cors';
import { sendEmpty, sendError, type RequestContext } from './http';
import { dispatch } from './routes';
import { toChatLike } from './rules';
import { ServerState, type StartConfig } from './state';
import type { ChatLikeRequest, FakeModel, FakeOllama, RecordedRequest, Rule } from './types';

function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

/** The FakeOllama implementation; create it through startFakeOllama() in ./index. */
export class FakeOllamaServer implements FakeOllama {
  readonly state: ServerState;
  private server: Server | undefined;
  private boundPort = 0;
  private urlHost = '127.0.0.1';
  private closed = false;
  private cors: { origins: string | undefined; policy: CorsPolicy } | undefined;
  /** API requests whose handler has not returned yet (a stream still paced, an aborted one not yet noticed). */
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(config: StartConfig) {
    this.state = new ServerState(config);
  }

  get url(): string {
    return `http://${this.urlHost}:${this.boundPort}`;
  }
  get port(): number {
    return this.boundPort;
  }
  get requests(): RecordedRequest[] {
    return this.state.requests;
  }

  /** Starts listening on `port` (0 = a free one). */
  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.state.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address() as AddressInfo;
    this.boundPort = addr.port;
    const unspecified = addr.address === '0.0.0.0' || addr.address === '::';
    this.urlHost = unspecified ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.server = server;
  }

  chatRequests(): ChatLikeRequest[] {
    return this.state.requests
      .filter(
        (r) =>
          r.method === 'POST' &&
          (r.path === '/api/chat' || r.path === '/api/generate') &&
          typeof r.body === 'object' &&
          r.body !== null,
      )
      .map((r) => toChatLike(r.path === '/api/chat' ? 'chat' : 'generate', r.body));
  }
  script(rules: Rule[]): void {
    this.state.rules.script(rules);
  }
  addRule(rule: Rule): void {
    this.state.rules.add(rule);
  }
  setModels(models: FakeModel[]): void {
    this.state.catalog.setAll(models);
  }
  models(): FakeModel[] {
    return this.state.catalog.publicModels();
  }
  setOrigins(origins: string | undefined): void {
    this.state.origins = origins;
  }
  setTokensPerSecond(tps: number): void {
    this.state.tokensPerSecond = tps;
  }
  setSilentPaths(paths: string[]): void {
    this.state.silentPaths.clear();
    for (const p of paths) this.state.silentPaths.add(p);
  }
  /** Answers requests to each path with status 200 and the given body as it is (`{}` ends it). */
  setRawAnswers(answers: Record<string, string>): void {
    this.state.rawAnswers.clear();
    for (const [path, body] of Object.entries(answers)) this.state.rawAnswers.set(path, body);
  }
  clearRequests(): void {
    this.state.requests.length = 0;
  }
  reset(): void {
    this.state.reset();
  }

  /** Closes the listening socket and destroys every open connection (streams included). */
  async stopListening(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    // Let in-process clients see the closed sockets, so their next request is refused
    // instead of failing on a pooled keep-alive socket.
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Listens again on the same port; retries briefly if the port is still being released. */
  async resume(): Promise<void> {
    if (this.closed) throw new Error('fake-ollama: resume() after close()');
    if (this.server) return;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.listen(this.boundPort);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 40) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopListening();
  }

  private corsPolicy(): CorsPolicy {
    if (!this.cors || this.cors.origins !== this.state.origins)
      this.cors = { origins: this.state.origins, policy: new CorsPolicy(this.state.origins) };
    return this.cors.policy;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    res.on('error', () => {}); // a client that vanished mid-write is normal here
    const began = Date.now();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const path = (req.url ?? '/').split('?')[0] || '/';
    const bodyText = body.toString('utf8');
    if (path.startsWith(CONTROL_PREFIX)) return handleControl(this.state, method, path, bodyText, res);

    this.state.requests.push({ method, path, headers: flatHeaders(req.headers), body: parseBody(bodyText), at: began });
    res.on('finish', () => this.state.log(`${method} ${path} ${res.statusCode} ${Date.now() - began}ms`));

    const host = req.headers.host ?? '';
    const cors = this.corsPolicy().decide(method, req.headers.origin, host);
    if (cors.action === 'forbidden') return sendEmpty(res, 403);
    for (const [k, v] of Object.entries(cors.headers)) res.setHeader(k, v);
    if (cors.action === 'preflight') return sendEmpty(res, 204);
    if (isLoopbackListen(this.state.config.host)) {
      const verdict = hostCheck(method, host);
      if (verdict === 'forbidden') return sendEmpty(res, 403);
      if (verdict === 'no-content') return sendEmpty(res, 204);
    }

    if (this.state.silentPaths.has(path)) {
      // A stuck server: the request was read, and nothing ever comes back until the client gives up.
      if (!abort.signal.aborted)
        await new Promise((resolve) => abort.signal.addEventListener('abort', resolve, { once: true }));
      return;
    }
    const raw = this.state.rawAnswers.get(path);
    if (raw !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(raw);
      return;
    }
    const ctx: RequestContext = {
      req,
      res,
      method,
      path,
      params: {},
      body,
      bodyText,
      state: this.state,
      signal: abort.signal,
    };
    this.inFlight += 1;
    try {
      await dispatch(ctx);
    } catch (e) {
      this.state.log(`handler error on ${method} ${path}: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) sendError(res, 500, `fake-ollama: ${(e as Error).message}`);
      else res.destroy();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
