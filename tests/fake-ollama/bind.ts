/**
 * Field checks that Ollama's Go request structs perform while decoding
 * (wrong JSON kinds, keep_alive durations, think values), with Go's messages.
 */
import { goKind, type JsonObject } from './go-json';

type GoType =
  | 'string'
  | 'bool'
  | 'int'
  | 'map[string]interface {}'
  | 'map[string]string'
  | '[]api.Message'
  | '[]int'
  | '[]api.ImageData'
  | 'api.Tools'
  | 'duration'
  | 'think';

const INFERENCE: Record<string, GoType> = {
  model: 'string',
  stream: 'bool',
  options: 'map[string]interface {}',
  keep_alive: 'duration',
  think: 'think',
};

const STRUCTS: Record<string, Record<string, GoType>> = {
  ChatRequest: { ...INFERENCE, messages: '[]api.Message', tools: 'api.Tools' },
  GenerateRequest: {
    ...INFERENCE,
    prompt: 'string',
    suffix: 'string',
    system: 'string',
    template: 'string',
    context: '[]int',
    raw: 'bool',
    images: '[]api.ImageData',
  },
  EmbedRequest: {
    model: 'string',
    truncate: 'bool',
    dimensions: 'int',
    options: 'map[string]interface {}',
    keep_alive: 'duration',
  },
  EmbeddingRequest: { model: 'string', prompt: 'string', options: 'map[string]interface {}', keep_alive: 'duration' },
  PullRequest: { model: 'string', name: 'string', insecure: 'bool', stream: 'bool' },
  PushRequest: { model: 'string', name: 'string', insecure: 'bool', stream: 'bool' },
  CreateRequest: {
    model: 'string',
    name: 'string',
    from: 'string',
    template: 'string',
    system: 'string',
    quantize: 'string',
    stream: 'bool',
    parameters: 'map[string]interface {}',
    messages: '[]api.Message',
    files: 'map[string]string',
    adapters: 'map[string]string',
  },
  CopyRequest: { source: 'string', destination: 'string' },
  DeleteRequest: { model: 'string', name: 'string' },
  ShowRequest: {
    model: 'string',
    name: 'string',
    system: 'string',
    template: 'string',
    verbose: 'bool',
    options: 'map[string]interface {}',
  },
};

const unmarshal = (v: unknown, struct: string, field: string, type: string) =>
  `json: cannot unmarshal ${goKind(v)} into Go struct field ${struct}.${field} of type ${type}`;

function kindMatches(v: unknown, type: GoType): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'number';
    case 'map[string]interface {}':
    case 'map[string]string':
      return typeof v === 'object' && !Array.isArray(v);
    default:
      return Array.isArray(v);
  }
}

function checkMessages(list: unknown[]): string | undefined {
  for (const m of list) {
    if (m === null) continue;
    if (typeof m !== 'object' || Array.isArray(m))
      return `json: cannot unmarshal ${goKind(m)} into Go struct field ChatRequest.messages of type api.Message`;
    for (const key of ['role', 'content', 'thinking', 'tool_name'] as const) {
      const v = (m as JsonObject)[key];
      if (v !== undefined && v !== null && typeof v !== 'string')
        return unmarshal(v, 'Message', `messages.${key}`, 'string');
    }
  }
  return undefined;
}

/**
 * Returns the error text Go would give while decoding `body` into api.<struct>,
 * or undefined when the body decodes. Unknown fields are ignored, nulls are no-ops.
 */
export function checkBody(struct: string, body: JsonObject): string | undefined {
  const fields = STRUCTS[struct] ?? {};
  for (const [key, v] of Object.entries(body)) {
    const type = fields[key];
    if (!type || v === null) continue;
    if (type === 'duration') {
      const err = durationError(v);
      if (err) return err;
      continue;
    }
    if (type === 'think') {
      const err = thinkError(v);
      if (err) return err;
      continue;
    }
    if (type === 'int' && typeof v === 'number' && !Number.isInteger(v)) {
      return `json: cannot unmarshal number ${v} into Go struct field ${struct}.${key} of type int`;
    }
    if (!kindMatches(v, type)) return unmarshal(v, struct, key, type);
    if (type === '[]api.Message') {
      const err = checkMessages(v as unknown[]);
      if (err) return err;
    }
  }
  return undefined;
}

function thinkError(v: unknown): string | undefined {
  if (typeof v === 'boolean') return undefined;
  if (typeof v === 'string') {
    return ['high', 'medium', 'low'].includes(v)
      ? undefined
      : `invalid think value: ${JSON.stringify(v)} (must be "high", "medium", "low", true, or false)`;
  }
  return 'think must be a boolean or string ("high", "medium", "low", true, or false)';
}

/** True when a `think` value asks for thinking (true or a level). */
export function thinkRequested(v: unknown): boolean {
  return v === true || v === 'high' || v === 'medium' || v === 'low';
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds; throws Error with Go's message. */
export function parseGoDuration(orig: string): number {
  let s = orig;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const scale = UNIT_NS[unit];
    if (scale === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(orig)}`);
    total += parseFloat(num[0]) * scale;
    s = s.slice(unit.length);
  }
  return sign * total;
}

function durationError(v: unknown): string | undefined {
  if (typeof v === 'number') return undefined;
  if (typeof v === 'string') {
    try {
      parseGoDuration(v);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const goType = Array.isArray(v) ? '[]interface {}' : typeof v === 'object' ? 'map[string]interface {}' : 'bool';
  return `unsupported duration type: '${goType}'`;
}

/**
 * keep_alive in milliseconds: the 5 minute default when absent, Infinity for a
 * negative value ("forever"), 0 to unload. Assumes checkBody accepted it.
 */
export function keepAliveMs(v: unknown): number {
  if (v === undefined || v === null) return 5 * 60_000;
  const ns = typeof v === 'number' ? v * 1e9 : parseGoDuration(String(v));
  return ns < 0 ? Infinity : ns / 1e6;
}
