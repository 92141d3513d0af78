/**
 * The route table of Ollama's API and gin's routing rules around it: 404 text for
 * unknown paths, 405 text for a wrong method, and trailing-slash redirects.
 */
import { handleChatLike } from './chat';
import { handleEmbed, handleEmbeddings } from './embed';
import { sendText, type RequestContext } from './http';
import {
  handleBlobHead,
  handleBlobPost,
  handleCopy,
  handleDelete,
  handlePs,
  handleRoot,
  handleShow,
  handleTags,
  handleVersion,
} from './manage';
import { handleCreate } from './create';
import { handlePull, handlePush } from './pull';

type Handler = (ctx: RequestContext) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  /** Names of the capture groups of `pattern`, in order. */
  params: string[];
  methods: Record<string, Handler>;
}

function route(path: string, methods: Record<string, Handler>): Route {
  const params: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), params, methods };
}

const ROUTES: Route[] = [
  route('/', { GET: handleRoot, HEAD: handleRoot }),
  route('/api/version', { GET: handleVersion, HEAD: handleVersion }),
  route('/api/tags', { GET: handleTags, HEAD: handleTags }),
  route('/api/ps', { GET: handlePs }),
  route('/api/show', { POST: handleShow }),
  route('/api/chat', { POST: (ctx) => handleChatLike(ctx, 'chat') }),
  route('/api/generate', { POST: (ctx) => handleChatLike(ctx, 'generate') }),
  route('/api/embed', { POST: handleEmbed }),
  route('/api/embeddings', { POST: handleEmbeddings }),
  route('/api/pull', { POST: handlePull }),
  route('/api/push', { POST: handlePush }),
  route('/api/create', { POST: handleCreate }),
  route('/api/copy', { POST: handleCopy }),
  route('/api/delete', { DELETE: handleDelete }),
  route('/api/blobs/:digest', { HEAD: handleBlobHead, POST: handleBlobPost }),
];

function find(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (m)
      return { route: r, params: Object.fromEntries(r.params.map((name, i) => [name, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}

/**
 * Runs the handler for the request, or answers like gin: 301/307 to the path without
 * (or with) a trailing slash, `405 method not allowed`, `404 page not found` (text/plain).
 */
export async function dispatch(ctx: RequestContext): Promise<void> {
  const found = find(ctx.path);
  if (found) {
    const handler = found.route.methods[ctx.method];
    if (handler) {
      ctx.params = found.params;
      return handler(ctx);
    }
  } else {
    const alt = ctx.path.endsWith('/') ? ctx.path.slice(0, -1) : `${ctx.path}/`;
    const target = alt && find(alt);
    if (target && target.route.methods[ctx.method]) {
      ctx.res.writeHead(ctx.method === 'GET' ? 301 : 307, { Location: alt, 'Content-Length': 0 });
      ctx.res.end();
      return;
    }
  }
  // gin answers 405 only when another method has a route for this path.
  if (found) sendText(ctx.res, 405, '405 method not allowed', 'text/plain');
  else sendText(ctx.res, 404, '404 page not found', 'text/plain');
}
