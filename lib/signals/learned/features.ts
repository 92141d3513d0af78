/**
 * The features the learned signal detector reads from one follow-up message:
 * hashed word and character n-grams of the user's own words (code, quotes and
 * pasted logs set apart by splitMessage, as the rules do), the verdicts of the
 * rule detector, and the context (similarity to the previous question, whether
 * the answer had code or asked something, whether the message carries an
 * error). Shared by training (scripts/train/signals) and inference, so the two
 * can never disagree on what a feature means.
 */
import type { DetectedSignal } from '../kinds';
import { detectTextSignals } from '../text/detect';
import { errorInOutputBlock, errorStartIn, findPastedError, looksLikeLogLine } from '../text/errors';
import { classifyFollowUp } from '../text/follow-up';
import { clausesOf, contentWords, splitMessage } from '../text/normalize';
import { questionSimilarity } from '../text/similarity';

/** What the detector knows when the user's next message arrives. */
export interface SignalInput {
  /** The question the answer was for. */
  prevUser?: string;
  /** The answer the message reacts to. */
  prevAssistant?: string;
  /** The user's next message. */
  message: string;
  /** Embedding similarity of `message` and `prevUser` (0..1), when an embedding model is available. */
  embeddingSimilarity?: number;
}

/** Characters of the answer the model reads: the training data keeps only an answer's first 1,500. */
export const ANSWER_CHARS_SEEN = 1500;

/** Characters of a message the version 2 features read (they run on every message: pastes can be megabytes). */
const EXTRA_MESSAGE_CHARS = 16_000;
/** Characters of the message and the earlier question compared for how much of the question is kept. */
const REPEAT_CHARS = 4000;
/** Lines, and characters of each, the version 2 shape features read. */
const EXTRA_LINES = 200;
const EXTRA_LINE_CHARS = 400;

/**
 * Characters kept from each end of a longer message or question: what a message says comes at its start, and a
 * pasted trace ends with its error. No training row is longer (the longest is about 12,000 characters).
 */
const TEXT_END_CHARS = 16_000;

/** `text` as the detectors read it: whole when short, else its first and last TEXT_END_CHARS characters. */
function ends(text: string): string {
  return text.length > 2 * TEXT_END_CHARS ? `${text.slice(0, TEXT_END_CHARS)}\n${text.slice(-TEXT_END_CHARS)}` : text;
}

/**
 * The input as the model was trained to see it: the answer cut to its first
 * ANSWER_CHARS_SEEN characters, as in the training data, so a feature such
 * as "the answer had code" means the same in the app as in training; and a
 * message or question of megabytes cut to its two ends, so reading it costs
 * what a long message costs (the follow-up and similarity checks read the
 * whole text: a 1.6 MB paste took 8 s). The rules the model reads must be
 * run on this input too.
 */
export function seenByModel(input: SignalInput): SignalInput {
  const { message, prevUser, prevAssistant } = input;
  const seen: SignalInput = {
    ...input,
    message: ends(message ?? ''),
    ...(prevUser !== undefined ? { prevUser: ends(prevUser) } : {}),
    ...(prevAssistant !== undefined ? { prevAssistant: prevAssistant.slice(0, ANSWER_CHARS_SEEN) } : {}),
  };
  return seen.message === message && seen.prevUser === prevUser && seen.prevAssistant === prevAssistant ? input : seen;
}

/** How features are hashed; stored in the model file so inference uses the training settings. */
export interface FeatureConfig {
  /** log2 of the hash space. */
  hashBits: number;
  /** Word n-gram sizes (1 = unigrams). */
  wordNgrams: number[];
  /** Character n-gram sizes (over the prose, spaces kept). */
  charNgrams: number[];
  /** Characters of prose read for character n-grams (the start says what the message does). */
  maxProseChars: number;
  /** Context and shape features added in version 2 (repeat overlap, opening, shape of pasted output). */
  extras?: boolean;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 18,
  wordNgrams: [1, 2],
  charNgrams: [2, 3, 4],
  maxProseChars: 600,
  extras: true,
};

/** A sparse feature vector: hashed indices and their values (indices unique). */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** 32-bit FNV-1a of a string (stable across platforms and runs). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Words: letters, digits, apostrophes, the placeholders for code (ⓒ ⓕ) and quotes (ⓠ); "?" and "!" count as words.
const WORD = /[\p{L}\p{N}_'ⓒⓕⓠ]+|[?!]/gu;

/**
 * Word families the n-grams see too rarely in 600 rows to learn alone: one
 * feature per family pools them (the "keyword list" view, as evidence, not verdict).
 */
const LEXICON: [string, RegExp][] = [
  [
    'thanks',
    /\b(?:thanks?|thank you|thx|ty|great|perfect|awesome|excellent|nice|cool|works now|it works|worked|that did it|brilliant|amazing)\b|ありがと|谢谢|спасибо|grazie/u,
  ],
  [
    'wrong',
    /\b(?:wrong|incorrect|not (?:work|correct|right)|doesn'?t work|didn'?t work|does not work|not working|still|same (?:error|issue|problem|result)|broken|nothing|blank|empty|fails?|failed|no luck)\b|違い|間違|動かない|できない|おかしい|不对|错/u,
  ],
  [
    'error_word',
    /\b(?:errors?|exceptions?|traceback|warning|failed|undefined|null|crash\w*|status code|exit code)\b|エラー|错误|ошибк/u,
  ],
  [
    'again',
    /\b(?:again|regenerate|retry|try again|full (?:code|script)|whole (?:code|script|thing)|complete (?:code|script)|entire|rewrite|cut off|finish)\b|もう一度|再度|全体|もう一回/u,
  ],
  [
    'correct',
    /\b(?:instead|i mean|i meant|should|rather|without|not the|actually|must|need to|needs to|don'?t (?:use|want|need)|no,|but)\b|ではなく|じゃなく|ではない|ください/u,
  ],
  ['ask', /^(?:how|what|why|can|could|would|is|are|do|does|please|write|create|make|give|show|explain)\b/u],
  ['now', /^(?:now|next|also|and|then|ok|okay|great|good)\b/u],
];

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n >= edges[i]) i++;
  return i;
}

/** Dice overlap of the character bigram sets of two texts' first 500 characters (0..1). */
function charOverlap(a: string, b: string): number {
  const grams = (t: string) => {
    const s = new Set<string>();
    const x = t.slice(0, 500).toLowerCase().replace(/\s+/g, ' ');
    for (let i = 0; i + 2 <= x.length; i++) s.add(x.slice(i, i + 2));
    return s;
  };
  const ga = grams(a);
  const gb = grams(b);
  if (!ga.size || !gb.size) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

/** The answer's code: fenced blocks, or the [CODE_BLOCK_n] placeholders some transcripts keep. */
function answerHasCode(answer: string): boolean {
  return answer.includes('```') || answer.includes('[CODE_BLOCK_');
}

function answerAsks(answer: string): boolean {
  const tail =
    answer
      .replace(/```[\s\S]*?```/g, ' ')
      .trim()
      .split(/\n+/)
      .pop() ?? '';
  return /\?\s*$/.test(tail);
}

/**
 * The named (unhashed) features of a message: `w:` word n-grams, `c:` character
 * n-grams, `r:` rule verdicts, `x:` context. Text n-grams carry weight 1/√n
 * (n = how many there are) so a long message does not outvote a short one;
 * rule and context features carry 1.
 */
export function namedFeatures(
  given: SignalInput,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
  rules?: DetectedSignal[],
): Map<string, number> {
  const input = seenByModel(given);
  rules ??= detectTextSignals(input);
  const out = new Map<string, number>();
  const message = input.message ?? '';
  const parts = splitMessage(message);
  const prose = parts.prose;
  const text: string[] = [];

  const words = (prose.slice(0, config.maxProseChars * 2).match(WORD) ?? []).slice(0, 200);
  for (const n of config.wordNgrams) {
    for (let i = 0; i + n <= words.length; i++) text.push(`w:${words.slice(i, i + n).join(' ')}`);
  }
  if (words.length) {
    text.push(`w:^${words[0]}`);
    if (words.length > 1) text.push(`w:^${words[0]} ${words[1]}`);
    text.push(`w:${words[words.length - 1]}$`);
  }
  const chars = ` ${prose.slice(0, config.maxProseChars).replace(/\s+/g, ' ')} `;
  for (const n of config.charNgrams) {
    for (let i = 0; i + n <= chars.length; i++) text.push(`c:${chars.slice(i, i + n)}`);
  }
  const weight = text.length ? 1 / Math.sqrt(text.length) : 0;
  for (const t of text) out.set(t, (out.get(t) ?? 0) + weight);

  const flag = (name: string, on: boolean | undefined) => {
    if (on) out.set(name, 1);
  };
  // The rules' verdicts: what hand-written patterns see (negation, sarcasm, retraction, corrections).
  for (const s of rules) out.set(`r:${s.kind}`, 1);
  if (rules.length === 0) out.set('r:none', 1);
  const clauses = clausesOf(prose);
  const follow = classifyFollowUp({
    message,
    prose: clauses.join('\n'),
    prevUser: input.prevUser,
    prevAssistant: input.prevAssistant,
    embeddingSimilarity: input.embeddingSimilarity,
  });
  out.set(`r:follow:${follow.kind}`, 1);

  const lower = prose.slice(0, config.maxProseChars * 2);
  for (const [name, re] of LEXICON) flag(`k:${name}`, re.test(lower));
  flag('k:error_word_raw', LEXICON[2][1].test(parts.raw.slice(0, 4000).toLowerCase()));

  // Context.
  const answer = input.prevAssistant ?? '';
  flag('x:prev_user', !!input.prevUser);
  flag('x:prev_answer', !!input.prevAssistant);
  flag('x:answer_code', answerHasCode(answer));
  flag('x:answer_asks', !!input.prevAssistant && answerAsks(answer));
  if (input.prevUser) {
    const sim = Math.max(questionSimilarity(message, input.prevUser), input.embeddingSimilarity ?? 0);
    out.set(`x:sim${bucket(sim, [0.1, 0.25, 0.4, 0.55, 0.7, 0.85])}`, 1);
    out.set('x:sim', sim);
    flag('x:same_text', message.trim().toLowerCase() === input.prevUser.trim().toLowerCase());
    const ratio = message.length / Math.max(1, input.prevUser.length);
    out.set(`x:len_ratio${bucket(ratio, [0.2, 0.5, 0.8, 1.25, 2, 5])}`, 1);
    // Character overlap works for unspaced scripts (Japanese, Chinese) where word similarity sees one "word".
    out.set(`x:char_sim${bucket(charOverlap(message, input.prevUser), [0.1, 0.25, 0.4, 0.55, 0.7, 0.85])}`, 1);
  }
  const pasted = findPastedError(parts.raw, input.prevAssistant);
  const blockError = parts.fenced.map(errorInOutputBlock).find(Boolean);
  flag('x:error_shape', !!pasted);
  flag('x:block_error', !!blockError);
  flag('x:fenced', parts.fenced.length > 0);
  flag('x:inline', parts.inline.length > 0);
  flag('x:quoted', parts.quoted.length > 0);
  flag('x:code_only', !prose.replace(/[ⓒⓕⓠ\s]/g, '') && (parts.fenced.length > 0 || parts.inline.length > 0));
  out.set(`x:words${bucket(words.length, [1, 2, 4, 8, 16, 40, 100])}`, 1);
  out.set(`x:chars${bucket(message.length, [20, 80, 300, 1000, 3000])}`, 1);
  out.set(`x:lines${bucket(message.split('\n').length, [2, 5, 20])}`, 1);
  flag('x:question_mark', prose.includes('?'));
  flag('x:cjk', /[\u3040-\u30ff\u4e00-\u9fff]/.test(prose));
  out.set('x:bias', 1);
  if (config.extras) for (const [name, v] of extraFeatures(input, parts.raw, prose, words)) out.set(name, v);
  return out;
}

/** The hashed, sparse feature vector of a message (what the model multiplies). */
export function featurize(
  input: SignalInput,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
  rules?: DetectedSignal[],
): SparseVector {
  return hashFeatures(namedFeatures(input, config, rules), config);
}

/** Hashes named features into a sparse vector (colliding names add up). */
export function hashFeatures(
  named: Iterable<[string, number]>,
  config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
): SparseVector {
  const mask = (1 << config.hashBits) - 1;
  const byIndex = new Map<number, number>();
  for (const [name, value] of named) {
    const i = fnv1a(name) & mask;
    byIndex.set(i, (byIndex.get(i) ?? 0) + value);
  }
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => byIndex.get(i)!) };
}

/** Words that say something failed, in a tool's or a person's words. */
const FAILURE_WORD =
  /\b(?:error|errors|exception|fatal|failed|failure|failures|cannot|can't|could not|unable|denied|refused|not found|no such|invalid|undefined|panic|violation|traceback|rejected|timed? ?out|bad request|not allowed)\b/i;

/** Share of `a`'s content words that are also in `b` (0..1; 0 when `a` has none). */
function containment(a: string, b: string): number {
  const wa = new Set(contentWords(a));
  if (!wa.size) return 0;
  const wb = new Set(contentWords(b));
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / wa.size;
}

/**
 * Version 2 features: how much of the earlier question the message repeats
 * (and how much it adds), how it opens, and how much of it is pasted output.
 */
function extraFeatures(input: SignalInput, raw: string, prose: string, words: string[]): [string, number][] {
  const out: [string, number][] = [];
  const edges = [0.2, 0.4, 0.6, 0.8, 0.95];
  const message = (input.message ?? '').slice(0, EXTRA_MESSAGE_CHARS);
  if (input.prevUser) {
    // Whether the message re-asks shows in its first words; a paste after them is not more of the question.
    const asked = input.prevUser.slice(0, REPEAT_CHARS);
    const said = message.slice(0, REPEAT_CHARS);
    const kept = containment(asked, said);
    const added = 1 - containment(said, asked);
    out.push([`x2:kept${bucket(kept, edges)}`, 1], [`x2:added${bucket(added, edges)}`, 1]);
    out.push([`x2:kept${bucket(kept, edges)}:added${bucket(added, [0.3, 0.6])}`, 1]);
    const a = asked.trim().toLowerCase().slice(0, 40);
    const b = message.trim().toLowerCase().slice(0, 40);
    let same = 0;
    while (same < Math.min(a.length, b.length) && a[same] === b[same]) same++;
    out.push([`x2:prefix${bucket(same, [5, 15, 30])}`, 1]);
    out.push([`x2:answer${input.prevAssistant ? 1 : 0}:kept${bucket(kept, [0.5, 0.8])}`, 1]);
  }
  for (let n = 1; n <= 3 && n <= words.length; n++) out.push([`x2:open:${words.slice(0, n).join(' ')}`, 1]);
  // The first lines, each cut: the shape of a paste shows at its start, and a 50 KB line must not be scanned whole.
  const start = raw.slice(0, EXTRA_MESSAGE_CHARS);
  const head = start
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, EXTRA_LINES)
    .map((l) => l.slice(0, EXTRA_LINE_CHARS));
  const logLines = head.map((l) => looksLikeLogLine(l));
  const logShare = head.length ? logLines.filter(Boolean).length / head.length : 0;
  out.push([`x2:log${bucket(logShare, [0.01, 0.2, 0.5, 0.8])}`, 1]);
  const failing = head.filter((l) => FAILURE_WORD.test(l)).length;
  const errorLines = head.filter((l) => errorStartIn(l) >= 0).length;
  out.push([`x2:failing${bucket(failing, [1, 2, 4])}`, 1], [`x2:error_lines${bucket(errorLines, [1, 2, 4])}`, 1]);
  if (head.length) out.push([`x2:first_log${logLines[0] ? 1 : 0}`, 1]);
  // Line by line (a multiline `^\s*` would rescan runs of blank lines).
  if (head.some((l) => /^\s*(?:\$|>|PS [A-Z]:|[\w.-]+@[\w.-]+:.*\$)\s*\S/.test(l))) out.push(['x2:shell_prompt', 1]);
  if (/["'](?:errorMessage|errorType|stackTrace|error|detail)["']\s*:/.test(start)) out.push(['x2:json_error', 1]);
  if (
    /\b(?:[45]\d\d (?:internal|bad|not|unauthorized|forbidden|service)|status(?:code)?['"]?\s*[:=]\s*[45]\d\d|\b(?:GET|POST|PUT|DELETE|PATCH) \S+ [45]\d\d)\b/i.test(
      start,
    )
  )
    out.push(['x2:http_error', 1]);
  if (head.some((l) => /^\s*(?:\d{4}-\d\d-\d\d|\[[^\]]*\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d)/.test(l)))
    out.push(['x2:timestamp', 1]);
  const proseChars = prose.replace(/[ⓒⓕⓠ\s]/g, '').length;
  out.push([
    `x2:prose_share${bucket(proseChars / Math.max(1, (input.message ?? '').length), [0.05, 0.2, 0.5, 0.9])}`,
    1,
  ]);
  out.push([`x2:prose_words${bucket(words.length, [3, 6, 12, 25])}:q${prose.includes('?') ? 1 : 0}`, 1]);
  if (input.prevAssistant)
    out.push([`x2:answer_code${answerHasCode(input.prevAssistant) ? 1 : 0}:fenced${/```/.test(message) ? 1 : 0}`, 1]);
  return out;
}
