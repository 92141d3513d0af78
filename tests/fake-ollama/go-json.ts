/**
 * Request-body decoding with the error texts of Go's encoding/json, as gin's
 * ShouldBindJSON reports them through Ollama (`{"error":"invalid character ..."}`).
 */

export type JsonObject = Record<string, unknown>;

export type DecodeResult = { ok: true; value: unknown } | { ok: false; error: string; empty: boolean };

class SyntaxFail extends Error {}

const WS = new Set([' ', '\t', '\r', '\n']);

/** Go's quoteChar: how encoding/json shows the offending byte. */
function quoteChar(ch: string): string {
  if (ch === "'") return `'\\''`;
  if (ch === '"') return `'"'`;
  const code = ch.charCodeAt(0);
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
  if (named[code]) return `'${named[code]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  if (ch === '\\') return `'\\\\'`;
  // Go scans bytes: a multi-byte character is reported by its first byte as a Latin-1 rune.
  if (code > 0x7f) return `'${String.fromCharCode(Buffer.from(ch)[0])}'`;
  return `'${ch}'`;
}

/** A scanner that follows Go's JSON state machine closely enough to give the same first error. */
class Scanner {
  i = 0;
  readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }
  private fail(ch: string | undefined, context: string): never {
    if (ch === undefined) throw new SyntaxFail('unexpected EOF');
    throw new SyntaxFail(`invalid character ${quoteChar(ch)} ${context}`);
  }
  skipWs(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i])) this.i++;
  }

  value(): void {
    this.skipWs();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.fail(c, 'looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skipWs();
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.skipWs();
      if (this.peek() !== '"') this.fail(this.peek(), 'looking for beginning of object key string');
      this.string();
      this.skipWs();
      if (this.peek() !== ':') this.fail(this.peek(), 'after object key');
      this.i++;
      this.value();
      this.skipWs();
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail(c, 'after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.skipWs();
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWs();
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(c, 'after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(c, '');
      this.i++;
      if (c === '"') return;
      if (c.charCodeAt(0) < 0x20) this.fail(c, 'in string literal');
      if (c === '\\') {
        const e = this.peek();
        if (e === undefined) this.fail(e, '');
        this.i++;
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            const h = this.peek();
            if (h === undefined || !/[0-9a-fA-F]/.test(h)) this.fail(h, 'in \\u hexadecimal character escape');
            this.i++;
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          this.fail(e, 'in string escape code');
        }
      }
    }
  }

  private digits(): void {
    while (this.i < this.s.length && this.s[this.i] >= '0' && this.s[this.i] <= '9') this.i++;
  }

  private number(): void {
    const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
    if (this.peek() === '-') {
      this.i++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'in numeric literal');
    }
    if (this.peek() === '0') this.i++;
    else this.digits();
    if (this.peek() === '.') {
      this.i++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'in exponent of numeric literal');
      this.digits();
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      const c = this.peek();
      if (c !== word[k]) this.fail(c, `in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
  }
}

/**
 * Decodes the first JSON value of a body like Go's json.Decoder: trailing bytes after
 * an object or array are ignored, an empty/blank body is `empty` (io.EOF), a truncated
 * one is `unexpected EOF`, and syntax errors carry Go's wording.
 */
export function goDecode(text: string): DecodeResult {
  const sc = new Scanner(text);
  sc.skipWs();
  if (sc.i >= text.length) return { ok: false, error: 'EOF', empty: true };
  const start = sc.i;
  try {
    const first = text[start];
    sc.value();
    if (first !== '{' && first !== '[') {
      // A top-level scalar needs a delimiter after it, as in Go's stateEndTop.
      const next = text[sc.i];
      if (next !== undefined && !WS.has(next)) {
        return { ok: false, error: `invalid character ${quoteChar(next)} after top-level value`, empty: false };
      }
    }
  } catch (e) {
    if (e instanceof SyntaxFail) return { ok: false, error: e.message, empty: false };
    throw e;
  }
  return { ok: true, value: JSON.parse(text.slice(start, sc.i)) };
}

/** Go's name for the JSON kind of a value in UnmarshalTypeError messages. */
export function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}
