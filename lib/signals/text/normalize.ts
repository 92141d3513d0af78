/**
 * Taking a chat message apart before reading it: code (fenced and inline),
 * quoted lines, quoted strings and pasted log lines are set aside, so a
 * trigger word inside code, a log or a quote never counts as what the user said.
 */
import { errorStartIn, looksLikeLogLine } from './errors';

export interface MessageParts {
  /** The user's own words, lower-cased; code → ⓒ, quoted strings → ⓠ; log lines left out. */
  prose: string;
  /** Fenced code blocks, as written. */
  fenced: string[];
  /** Inline `code` spans. */
  inline: string[];
  /** Lines quoted with "> ". */
  quoted: string[];
  /** Everything but "> " quotes, as written (for error pastes, which often come unfenced). */
  raw: string;
}

export const CODE_PLACEHOLDER = 'ⓒ';
/** Where a fenced block stood (kept apart from inline code: a pasted block is not a suggested fix). */
export const FENCE_PLACEHOLDER = 'ⓕ';
export const STRING_PLACEHOLDER = 'ⓠ';

/**
 * How much of a message the text detectors read. What the user says about an
 * answer (thanks, a correction, a stated preference) comes in its first
 * words, never 16 KB in; pasted logs past that add nothing the detectors use.
 * The patterns are linear; this cap also makes the work per message a
 * constant (every message line is checked against some sixty log and error
 * shapes), so a 10 MB paste costs what a long message costs.
 */
export const MAX_MESSAGE_CHARS = 16 * 1024;

/** Splits a message into prose, code and quotes (of its first MAX_MESSAGE_CHARS characters). */
export function splitMessage(message: string): MessageParts {
  const fenced: string[] = [];
  const inline: string[] = [];
  const quoted: string[] = [];
  let text = message.slice(0, MAX_MESSAGE_CHARS).replace(/\r\n?/g, '\n');
  text = text.replace(
    /(^|\n)[ \t]*(```|~~~)[^\n]*\n([\s\S]*?)(\n[ \t]*\2[ \t]*(?=\n|$)|$)/g,
    (_m, lead: string, _f, body: string) => {
      fenced.push(body);
      return `${lead}${FENCE_PLACEHOLDER}\n`;
    },
  );
  const own: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*>(?!>>)/.test(line)) quoted.push(line.replace(/^\s*>\s?/, ''));
    else own.push(line);
  }
  const raw = [own.join('\n'), ...fenced].join('\n');
  // Log lines are judged without their inline code (a line rich in `code` is still the user talking).
  let prose = own
    .filter((l) => !looksLikeLogLine(l.replace(/`[^`\n]+`/g, 'code')))
    // "doesn't work, I get TypeError: x is not a function": keep the words before the pasted error.
    .map((l) => {
      const at = errorStartIn(l.replace(/`[^`\n]+`/g, (m) => ' '.repeat(m.length)));
      return at > 0 ? l.slice(0, at) : l;
    })
    .join('\n')
    .replace(/`([^`\n]+)`/g, (_m, code: string) => {
      inline.push(code);
      return CODE_PLACEHOLDER;
    });
  // "…show a toast that says 'thanks!'": words inside quotes are content, not the user talking.
  prose = prose.replace(
    /(^|[\s(\[{:=,])(["“'])([^"“”'\n]{2,80}?)(["”'])(?=$|[\s)\]},.;:!?])/g,
    (_m, lead: string) => `${lead}${STRING_PLACEHOLDER}`,
  );
  return { prose: normalizeProse(prose), fenced, inline, quoted, raw };
}

/** Lower case, straight apostrophes, no emphasis marks, collapsed spaces. */
export function normalizeProse(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[’‘´]/g, "'")
      .replace(/[“”]/g, '"')
      .replace(/(^|\s)[*_~]+|(?<![*_~])[*_~]+(?=\s|$|[.,!?])/g, '$1')
      // Every run of horizontal whitespace becomes one space, so the clause
      // patterns can match a single ' ' where they mean "a space".
      .replace(/[^\S\n]+/g, ' ')
      .replace(/\n{2,}/g, '\n')
      .trim()
  );
}

/**
 * Clauses of the prose: sentences, lines, and the halves of "X, but Y", so
 * "thanks, but it still fails" is read as two statements.
 */
export function clausesOf(prose: string): string[] {
  return prose
    .split(
      /(?<=[.!;]|(?<!\?)\?)\s+|(?<=\p{Extended_Pictographic})\s+|\n+|(?<!\s)\s+[-–—]\s+|(?<!\s)(?:\s*,\s*|\s+)(?=\b(?:but|however|though|although|except that|unfortunately|sadly)\b)/u,
    )
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

const AUX =
  "is|are|am|was|were|do|does|did|can|could|would|should|will|shall|may|might|have|has|had|isn't|aren't|doesn't|don't|didn't|won't|can't|couldn't|shouldn't|wouldn't|wasn't";
const SUBJECT = 'it|this|that|these|those|there|i|you|we|they|he|she|the|my|your|our|a|an|its|his|her|their|ⓒ|\\w+ing';
const QUESTION_START = new RegExp(
  `^(?:(?:ok(?:ay)?|so|and|also|then|hmm+|hm+|hey|btw|quick question|one more thing|wait|oh|ah)[, ]+)*(?:(?:how|what|what's|whats|why|which|who|whom|whose)\\b(?! a\\b(?! lot))|(?:${AUX})\\s+(?:${SUBJECT})\\b|any idea|is there|are there)`,
);

/** True when a clause asks something (ends with "?" or opens like a question). */
export function isQuestion(clause: string): boolean {
  const c = clause.trim();
  // `c` is trimmed, so "?, spaces, up to 3 more characters, spaces, end" is
  // "?, then at most one short word, end".
  return /(?<!\?)\?{1,2}(?:\s*\S{1,3})?$/.test(c) || QUESTION_START.test(c);
}

/** Phrases developers write several ways, folded to one form before comparing questions. */
const PHRASES: [RegExp, string][] = [
  [/\bdev ?dependenc(?:y|ies)\b|\bdevdependencies\b/g, 'devdependency'],
  [/\bes ?modules?\b|\besm\b/g, 'esmodule'],
  [/\bhow many\b|\bnumber of\b|\bcount of\b/g, 'count'],
  [/\bis valid\b|\bvalidat\w*/g, 'valid'],
  [/\binfinite loop\b|\bloops? forever\b/g, 'infiniteloop'],
  [/\bnull or undefined\b|\bnullish\b/g, 'nullish'],
];

/** Words that mean the same thing here, folded to one (after stemming). */
const SYNONYMS: Record<string, string> = {
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  golang: 'go',
  dict: 'dictionary',
  remov: 'delet',
  iterat: 'loop',
  folder: 'directory',
  dir: 'directory',
  repo: 'repository',
  func: 'function',
  fn: 'function',
  zero: '0',
  rm: 'delet',
  finish: 'done',
  complet: 'done',
  wait: 'wait',
  newest: 'latest',
  recent: 'latest',
  last: 'latest',
  postgr: 'postgres',
  postgresql: 'postgres',
  k8: 'kubernetes',
  pod: 'pod',
  pic: 'image',
  img: 'image',
  param: 'parameter',
  arg: 'argument',
  num: 'number',
  str: 'string',
  arr: 'array',
  obj: 'object',
  env: 'environment',
  config: 'configuration',
  conf: 'configuration',
};

/** Words of a text for similarity: lower-case, no punctuation, light stemming and synonyms, stop words out. */
export function contentWords(text: string): string[] {
  let t = normalizeProse(text);
  for (const [re, to] of PHRASES) t = t.replace(re, to);
  return t
    .replace(/[^a-z0-9+#.\s_-]/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[.-]+|(?<![.-])[.-]+$/g, ''))
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => {
      const s = stem(w);
      return SYNONYMS[s] ?? SYNONYMS[w] ?? s;
    });
}

/** Light English stemming, the same for every form: "types"/"type"/"typed" → "typ", "values" → "valu". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length >= 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export const STOP_WORDS = new Set(
  `a an the and or but if then so to of in on at by for with from into onto about as is are was were be been being am do does did done
  i me my mine you your yours we our us it its this that these those there here what which who whom whose how why when where
  can could would should will shall may might must have has had not no yes please thanks thank just also again still
  some any all each every more most other such only own same than too very one get got make made want need like know
  let use using way help hi hey hello ok okay pls plz tho though really actually now even way out up work works`.split(
    /\s+/,
  ),
);
