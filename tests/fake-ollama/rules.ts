/**
 * Scripted answers: turning chat/generate bodies into one ChatLikeRequest shape,
 * matching rules against it, and reading rules sent as JSON by another process.
 */
import type { JsonObject } from './go-json';
import { modelKey } from './models';
import type { ChatLikeRequest, Fault, Reply, Rule } from './types';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const strOr = (v: unknown, d = '') => (typeof v === 'string' ? v : d);
const stringList = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** The one shape rules and reply functions see for /api/chat and /api/generate bodies. */
export function toChatLike(endpoint: 'chat' | 'generate', body: JsonObject): ChatLikeRequest {
  const model = strOr(body.model);
  if (endpoint === 'generate') {
    const system = typeof body.system === 'string' ? body.system : undefined;
    const images = stringList(body.images);
    const prompt = strOr(body.prompt);
    const messages = [
      ...(system ? [{ role: 'system', content: system }] : []),
      { role: 'user', content: prompt, ...(images ? { images } : {}) },
    ];
    return { endpoint, model, messages, system, lastUser: prompt, body };
  }
  const raw = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const messages = raw.map((m) => {
    const images = stringList(m.images);
    return { role: strOr(m.role), content: strOr(m.content), ...(images ? { images } : {}) };
  });
  const systems = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return { endpoint, model, messages, system: systems.length ? systems.join('\n') : undefined, lastUser, body };
}

function textMatches(pattern: string | RegExp | undefined, text: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return (text ?? '').toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0; // a /g or /y regex must not carry state between requests
  return pattern.test(text ?? '');
}

/** True when every condition of the rule's `match` holds for the request. */
export function ruleMatches(rule: Rule, req: ChatLikeRequest): boolean {
  const m = rule.match ?? {};
  if (m.endpoint && m.endpoint !== req.endpoint) return false;
  if (m.model && modelKey(m.model) !== modelKey(req.model)) return false;
  if (m.format !== undefined) {
    const hasFormat = req.body?.format !== undefined && req.body?.format !== null && req.body?.format !== '';
    if (m.format !== hasFormat) return false;
  }
  return textMatches(m.lastUser, req.lastUser) && textMatches(m.system, req.system);
}

/** An ordered list of rules with per-rule use counters. The first usable match wins. */
export class RuleBook {
  private entries: { rule: Rule; used: number }[] = [];

  /** Replaces all rules (counters restart). */
  script(rules: Rule[]): void {
    this.entries = rules.map((rule) => ({ rule, used: 0 }));
  }

  /** Puts a rule in front of the others. */
  add(rule: Rule): void {
    this.entries.unshift({ rule, used: 0 });
  }

  /** The reply of the first matching rule that has uses left (and counts the use), or undefined. */
  pick(req: ChatLikeRequest): Reply | undefined {
    for (const entry of this.entries) {
      if (entry.rule.times !== undefined && entry.used >= entry.rule.times) continue;
      if (!ruleMatches(entry.rule, req)) continue;
      entry.used++;
      const { reply } = entry.rule;
      return typeof reply === 'function' ? reply(req) : reply;
    }
    return undefined;
  }
}

function patternFromJson(v: unknown, where: string): string | RegExp | undefined {
  if (v === undefined || typeof v === 'string') return v;
  if (isObject(v) && typeof v.regex === 'string') return new RegExp(v.regex, strOr(v.flags));
  throw new Error(`${where} must be a string or {"regex": "...", "flags": "i"}`);
}

const FAULT_KINDS = [
  'error-before-output',
  'error-mid-stream',
  'cut-mid-stream',
  'hang',
  'silent-mid-stream',
  'endless',
  'raw-lines',
  'unterminated-line',
];
/** Faults that happen after some chunks and so need `afterTokens`. */
const MID_STREAM_FAULTS = ['error-mid-stream', 'cut-mid-stream', 'silent-mid-stream', 'raw-lines', 'unterminated-line'];

function replyFromJson(v: unknown, where: string): Reply {
  if (!isObject(v) || typeof v.content !== 'string')
    throw new Error(`${where}.reply must be an object with a string "content"`);
  const fault = v.fault;
  if (fault !== undefined) {
    if (!isObject(fault) || !FAULT_KINDS.includes(strOr(fault.kind)))
      throw new Error(`${where}.reply.fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
    if (MID_STREAM_FAULTS.includes(strOr(fault.kind)) && typeof fault.afterTokens !== 'number') {
      throw new Error(`${where}.reply.fault.afterTokens must be a number`);
    }
    if (fault.kind === 'raw-lines' && !stringList(fault.lines))
      throw new Error(`${where}.reply.fault.lines must be an array of strings`);
    if (fault.kind === 'unterminated-line' && typeof fault.bytes !== 'number')
      throw new Error(`${where}.reply.fault.bytes must be a number`);
  }
  return { ...(v as unknown as Reply), fault: fault as Fault | undefined };
}

/**
 * Reads rules sent as JSON (POST /__fake/script, `--script file.json`): regexes are
 * `{"regex": "...", "flags": "i"}`; replies are plain objects. Throws a readable Error when invalid.
 */
export function rulesFromJson(json: unknown): Rule[] {
  if (!Array.isArray(json)) throw new Error('rules must be a JSON array');
  return json.map((item, i) => {
    const where = `rules[${i}]`;
    if (!isObject(item)) throw new Error(`${where} must be an object`);
    const match = isObject(item.match) ? item.match : {};
    const rule: Rule = {
      match: {
        endpoint: match.endpoint === 'chat' || match.endpoint === 'generate' ? match.endpoint : undefined,
        model: typeof match.model === 'string' ? match.model : undefined,
        lastUser: patternFromJson(match.lastUser, `${where}.match.lastUser`),
        system: patternFromJson(match.system, `${where}.match.system`),
        format: typeof match.format === 'boolean' ? match.format : undefined,
      },
      reply: replyFromJson(item.reply, where),
    };
    if (typeof item.times === 'number') rule.times = item.times;
    return rule;
  });
}
