/**
 * Ollama's two request gates, reproduced exactly: gin-contrib/cors with Ollama's
 * config (allowed origins, wildcard quirks, preflight answers) and the Host check
 * that applies when the server listens on a loopback address.
 */
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** Access-Control-Allow-Methods, as gin-contrib/cors' DefaultConfig joins them. */
export const ALLOW_METHODS = 'GET,POST,PUT,PATCH,DELETE,HEAD';

const ALLOW_HEADER_NAMES = [
  'Authorization',
  'Content-Type',
  'User-Agent',
  'Accept',
  'X-Requested-With',
  'OpenAI-Beta',
  'x-stainless-arch',
  'x-stainless-async',
  'x-stainless-custom-poll-interval',
  'x-stainless-helper-method',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-poll-helper',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
];

/** Go's http.CanonicalHeaderKey: 'openai-beta' -> 'Openai-Beta'. */
function canonicalHeaderKey(h: string): string {
  return h.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** Access-Control-Allow-Headers: lower-cased, de-duplicated, canonicalised, comma-joined. */
export const ALLOW_HEADERS = [...new Set(ALLOW_HEADER_NAMES.map((h) => h.trim().toLowerCase()))]
  .map(canonicalHeaderKey)
  .join(',');

/** envconfig.AllowedOrigins(): OLLAMA_ORIGINS entries first, then the built-in ones. */
export function allowedOrigins(ollamaOrigins?: string): string[] {
  const origins = ollamaOrigins ? ollamaOrigins.split(',') : [];
  for (const host of ['localhost', '127.0.0.1', '0.0.0.0']) {
    origins.push(`http://${host}`, `https://${host}`, `http://${host}:*`, `https://${host}:*`);
  }
  origins.push('app://*', 'file://*', 'tauri://*', 'vscode-webview://*', 'vscode-file://*');
  return origins;
}

/** What the CORS middleware decided for one request. */
export type CorsDecision =
  | { action: 'pass'; headers: Record<string, string | string[]> }
  | { action: 'forbidden' }
  | { action: 'preflight'; headers: Record<string, string | string[]> };

/** gin-contrib/cors validation over Ollama's origin list. */
export class CorsPolicy {
  private readonly allowAll: boolean;
  private readonly exact: string[];
  private readonly wildcards: [string, string][];

  constructor(ollamaOrigins?: string) {
    const list = allowedOrigins(ollamaOrigins);
    this.allowAll = list.includes('*');
    this.exact = [...new Set(list.map((o) => o.trim().toLowerCase()))];
    // parseWildcardRules works on the raw (untrimmed, original-case) entries.
    this.wildcards = list
      .filter((o) => o.includes('*'))
      .map((o): [string, string] => {
        const i = o.indexOf('*');
        if (i === 0) return ['*', o.slice(1)];
        if (i === o.length - 1) return [o.slice(0, i - 1), '*']; // the quirk: drops one more character
        return [o.slice(0, i), o.slice(i + 1)];
      });
  }

  /** validateOrigin: '*' allows all, then exact (normalised) entries, then wildcard rules. */
  allows(origin: string): boolean {
    if (this.allowAll || this.exact.includes(origin)) return true;
    return this.wildcards.some(
      ([pre, suf]) =>
        (pre === '*' && origin.endsWith(suf)) ||
        (suf === '*' && origin.startsWith(pre)) ||
        (origin.startsWith(pre) && origin.endsWith(suf)),
    );
  }

  /** applyCors for one request (`host` is the Host header as sent). */
  decide(method: string, origin: string | undefined, host: string): CorsDecision {
    if (!origin) return { action: 'pass', headers: {} };
    if (origin === `http://${host}` || origin === `https://${host}`) return { action: 'pass', headers: {} };
    if (!this.allows(origin)) return { action: 'forbidden' };
    const allowOrigin = this.allowAll ? '*' : origin;
    if (method === 'OPTIONS') {
      return {
        action: 'preflight',
        headers: {
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '43200',
          'Access-Control-Allow-Origin': allowOrigin,
          ...(this.allowAll
            ? {}
            : { Vary: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'] }),
        },
      };
    }
    return {
      action: 'pass',
      headers: this.allowAll
        ? { 'Access-Control-Allow-Origin': '*' }
        : { Vary: 'Origin', 'Access-Control-Allow-Origin': origin },
    };
  }
}

/** Go's net.SplitHostPort, falling back to the whole value when there is no port. */
function hostPart(hostHeader: string): string {
  const v6 = /^\[([^\]]*)\]:\d*$/.exec(hostHeader);
  if (v6) return v6[1];
  const colon = hostHeader.lastIndexOf(':');
  if (colon > 0 && !hostHeader.slice(0, colon).includes(':') && !hostHeader.startsWith('['))
    return hostHeader.slice(0, colon);
  return hostHeader;
}

function isLoopbackIp(ip: string): boolean {
  return isIP(ip) === 4 ? ip.startsWith('127.') : ip === '::1';
}

function isPrivateOrUnspecified(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || ip === '0.0.0.0';
  }
  const lower = ip.toLowerCase();
  return /^f[cd]/.test(lower) || lower === '::';
}

function isLocalInterfaceIp(ip: string): boolean {
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((a) => a.address === ip));
}

/** allowedHost: localhost, the machine's hostname, or *.localhost / *.local / *.internal. */
function allowedHostName(host: string): boolean {
  const h = host.toLowerCase();
  if (h === '' || h === 'localhost' || h === hostname().toLowerCase()) return true;
  return ['localhost', 'local', 'internal'].some((tld) => h.endsWith(`.${tld}`));
}

/** True when the listen address is loopback, which is when Ollama checks Host headers. */
export function isLoopbackListen(listenHost: string): boolean {
  return listenHost === 'localhost' || isLoopbackIp(listenHost);
}

/**
 * allowedHostsMiddleware on a loopback listener: IP hosts that are loopback/private/
 * unspecified/local pass; allowed names pass (OPTIONS gets 204); anything else is 403.
 */
export function hostCheck(method: string, hostHeader: string): 'pass' | 'forbidden' | 'no-content' {
  const host = hostPart(hostHeader);
  if (isIP(host) && (isLoopbackIp(host) || isPrivateOrUnspecified(host) || isLocalInterfaceIp(host))) return 'pass';
  if (allowedHostName(host)) return method === 'OPTIONS' ? 'no-content' : 'pass';
  return 'forbidden';
}
