/**
 * The answer when no rule matches: a short, plausible, deterministic markdown reply
 * (or valid JSON for `format` requests). Same request in, same reply out.
 */
import type { JsonObject } from './go-json';
import { fnv1a } from './tokens';
import type { ChatLikeRequest, Reply } from './types';

const LANGS: [RegExp, string][] = [
  [/\b(python|py|django|flask|pandas|numpy|pytest)\b/i, 'python'],
  [/\b(sql|select|postgres|sqlite|mysql|query)\b/i, 'sql'],
  [/\b(rust|cargo)\b/i, 'rust'],
  [/\b(golang|go)\b/i, 'go'],
  [/\b(bash|shell|zsh|terminal)\b/i, 'bash'],
  [/\b(javascript|js|node)\b/i, 'javascript'],
];

/** The code language the question is most likely about (TypeScript by default). */
export function guessLanguage(text: string): string {
  for (const [re, lang] of LANGS) if (re.test(text)) return lang;
  return 'typescript';
}

/** The first line of the question, trimmed to 80 characters. */
function summarize(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line || '(empty message)';
}

function identifier(text: string): string {
  const words = (text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []).filter((w) => w.length > 2).slice(0, 3);
  if (!words.length) return 'answer';
  return words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
}

function codeSample(lang: string, name: string, tag: string): string {
  switch (lang) {
    case 'python':
      return `def ${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}(value):\n    """Example for ${tag}."""\n    return value`;
    case 'sql':
      return `SELECT id, name\nFROM items\nWHERE name LIKE '%${tag}%'\nORDER BY id;`;
    case 'rust':
      return `fn ${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}(value: &str) -> &str {\n    value\n}`;
    case 'go':
      return `func ${name}(value string) string {\n\treturn value\n}`;
    case 'bash':
      return `#!/usr/bin/env bash\nset -euo pipefail\necho "${tag}"`;
    case 'javascript':
      return `export function ${name}(value) {\n  return value;\n}`;
    default:
      return `export function ${name}(value: string): string {\n  return value;\n}`;
  }
}

/** Deterministic markdown answer that quotes the last user message and has one small code block. */
export function defaultContent(req: ChatLikeRequest): string {
  const question = summarize(req.lastUser);
  const lang = guessLanguage(req.lastUser);
  const tag = fnv1a(req.lastUser).toString(16).padStart(8, '0');
  return [
    `Here is a short answer to "${question}".`,
    '',
    `\`\`\`${lang}`,
    codeSample(lang, identifier(req.lastUser), tag),
    '```',
    '',
    `This keeps it small: call \`${identifier(req.lastUser)}\` with your value and build from there.`,
  ].join('\n');
}

/** Deterministic reasoning text for thinking models. */
export function defaultThinking(req: ChatLikeRequest): string {
  return `The user asks: "${summarize(req.lastUser)}". A short ${guessLanguage(req.lastUser)} example should answer it.`;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value that satisfies a (simple) JSON schema: required keys filled, enums/consts honoured. */
export function sampleForSchema(schema: unknown, key = 'value', depth = 0): unknown {
  if (!isObject(schema) || depth > 6) return `example ${key}`;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alt = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as unknown;
  if (Array.isArray(alt) && alt.length)
    return sampleForSchema(alt.find((s) => !(isObject(s) && s.type === 'null')) ?? alt[0], key, depth + 1);
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(props);
      return Object.fromEntries(required.map((k) => [k, sampleForSchema(props[k], k, depth + 1)]));
    }
    case 'array': {
      const n = typeof schema.minItems === 'number' && schema.minItems > 0 ? schema.minItems : 1;
      return Array.from({ length: n }, () => sampleForSchema(schema.items, key, depth + 1));
    }
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return schema.format === 'date-time' ? '2025-01-01T00:00:00Z' : `example ${key}`;
  }
}

/** JSON text for a `format` request: an object for "json", a schema-shaped value for a schema. */
export function defaultJson(req: ChatLikeRequest, format: unknown): string {
  if (isObject(format)) return JSON.stringify(sampleForSchema(format));
  return JSON.stringify({
    answer: `Here is a short answer to "${summarize(req.lastUser)}".`,
    language: guessLanguage(req.lastUser),
  });
}

/** The full default reply for a request; `thinking` is included only for thinking requests. */
export function defaultReply(req: ChatLikeRequest, opts: { format: unknown; thinking: boolean }): Reply {
  const hasFormat = opts.format !== undefined && opts.format !== null && opts.format !== '';
  return {
    content: hasFormat ? defaultJson(req, opts.format) : defaultContent(req),
    ...(opts.thinking ? { thinking: defaultThinking(req) } : {}),
  };
}
