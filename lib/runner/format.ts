/**
 * How values print in the sandbox's console, close to Node's `util.inspect`
 * (what people expect `console.log` to show): strings as they are at the top
 * level and quoted inside objects, arrays as `[ 1, 2 ]`, objects as
 * `{ a: 1 }`, Maps, Sets, errors with their stack, cycles as `[Circular]`.
 */

const MAX_DEPTH = 4;
const MAX_ITEMS = 100;

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function keyText(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

function join(open: string, parts: string[], close: string, more: number): string {
  if (more > 0) parts.push(`... ${more} more item${more === 1 ? '' : 's'}`);
  if (parts.length === 0) return `${open}${close}`;
  const flat = `${open} ${parts.join(', ')} ${close}`;
  if (flat.length <= 72 && !flat.includes('\n')) return flat;
  return `${open}\n${parts.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join(',\n')}\n${close}`;
}

function inspect(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[${value.constructor?.name === 'AsyncFunction' ? 'AsyncFunction' : /^class\s/.test(Function.prototype.toString.call(value)) ? 'class' : 'Function'}: ${value.name || '(anonymous)'}]`;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Error)
    return obj.stack && obj.stack.includes(obj.message) ? obj.stack : `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (depth > MAX_DEPTH) return Array.isArray(obj) ? '[Array]' : '[Object]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const parts = obj.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return join('[', parts, ']', obj.length - parts.length);
    }
    if (obj instanceof Map) {
      const parts = [...obj]
        .slice(0, MAX_ITEMS)
        .map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
      return `Map(${obj.size}) ${join('{', parts, '}', obj.size - parts.length)}`;
    }
    if (obj instanceof Set) {
      const parts = [...obj].slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return `Set(${obj.size}) ${join('{', parts, '}', obj.size - parts.length)}`;
    }
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const arr = Array.from(obj as unknown as ArrayLike<number>);
      return `${obj.constructor.name}(${arr.length}) ${join('[', arr.slice(0, MAX_ITEMS).map(String), ']', arr.length - Math.min(arr.length, MAX_ITEMS))}`;
    }
    if (obj instanceof Promise) return 'Promise { <pending> }';
    const keys = Object.keys(obj);
    const parts = keys
      .slice(0, MAX_ITEMS)
      .map((k) => `${keyText(k)}: ${inspect((obj as Record<string, unknown>)[k], depth + 1, seen)}`);
    const name = Object.getPrototypeOf(obj)?.constructor?.name;
    const prefix =
      name && name !== 'Object' ? `${name} ` : Object.getPrototypeOf(obj) === null ? '[Object: null prototype] ' : '';
    return prefix + join('{', parts, '}', keys.length - parts.length);
  } finally {
    seen.delete(obj);
  }
}

/** One value as `console.log` shows it inside a structure (strings quoted). */
export function formatValue(value: unknown): string {
  return inspect(value, 0, new Set());
}

/** Console arguments as one line: strings as they are, `%s %d %i %f %o %O %j` substituted like Node. */
export function formatArgs(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const rest = [...args];
  let head = '';
  if (typeof rest[0] === 'string' && /%[sdifoOjc%]/.test(rest[0])) {
    const fmt = rest.shift() as string;
    head = fmt.replace(/%([sdifoOjc%])/g, (m, c: string) => {
      if (c === '%') return '%';
      if (rest.length === 0) return m;
      const v = rest.shift();
      switch (c) {
        case 's':
          return typeof v === 'string' ? v : formatValue(v);
        case 'd':
        case 'i':
          return String(c === 'i' ? Math.trunc(Number(v)) : Number(v));
        case 'f':
          return String(Number(v));
        case 'j':
          try {
            return JSON.stringify(v);
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default:
          return formatValue(v);
      }
    });
    if (rest.length === 0) return head;
    head += ' ';
  }
  return head + rest.map((v) => (typeof v === 'string' ? v : formatValue(v))).join(' ');
}
