/**
 * Credentials that are not one provider's token format: PEM private keys,
 * user and password in URLs (connection strings), passwords and secrets
 * assigned to a key (`password=`, `"pwd": …`, `DB_PASSWORD: …`), and HTTP
 * authorization headers. Values that are code, not data (`process.env.X`,
 * `getenv("X")`, `${VAR}`, a type annotation, a placeholder) are left alone.
 */
import { matchesOf, type Detector, type Finding } from './finding';

const PEM_BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** A key pasted without its END line: its base64 lines, up to the first line that is not. */
const PEM_BODY_LINES = /(?:\r?\n(?:[A-Za-z0-9+/=]{1,120}|[A-Za-z-]{1,40}: [A-Za-z0-9,-]{1,120}))*/y;

/** PEM private key blocks, header to footer (or to the end of the key's lines when the footer is missing). */
export const privateKeys: Detector = (text, lower) => {
  if (!lower.includes('private key')) return [];
  const out: Finding[] = [];
  const ends = [...text.matchAll(PEM_END)].map((m) => m.index + m[0].length);
  let endAt = 0;
  let after = 0;
  for (const m of text.matchAll(PEM_BEGIN)) {
    if (m.index < after) continue;
    while (endAt < ends.length && ends[endAt] <= m.index) endAt++;
    let end = endAt < ends.length ? ends[endAt] : -1;
    if (end < 0 || end - m.index > 64 * 1024) {
      PEM_BODY_LINES.lastIndex = m.index + m[0].length;
      PEM_BODY_LINES.exec(text);
      end = PEM_BODY_LINES.lastIndex || m.index + m[0].length;
    }
    out.push({ kind: 'private_key', start: m.index, end });
    after = end;
  }
  return out;
};

/**
 * `scheme://user:password@host`: the user and password (the host stays
 * readable). Found from each "://" (rare in text), looking back for the
 * scheme, so the scan costs nothing where there is no URL. The password may
 * hold "@" (people write `p@ss` unencoded): the credentials end at the last
 * "@" before the host.
 */
const SCHEME_BEFORE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}$/;
const CREDENTIALS_AFTER = /([^\s:@/?#"'<>]{0,256}:[^\s/?#"'<>]{1,256})@/y;

export const urlCredentials: Detector = (text) => {
  const out: Finding[] = [];
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (!SCHEME_BEFORE.test(text.slice(Math.max(0, at - 32), at))) continue;
    CREDENTIALS_AFTER.lastIndex = at + 3;
    const m = CREDENTIALS_AFTER.exec(text);
    if (!m || isPlaceholder(m[1].slice(m[1].indexOf(':') + 1))) continue;
    out.push({ kind: 'url_credentials', start: at + 3, end: at + 3 + m[1].length });
  }
  return out;
};

const PASSWORD_WORDS = 'passwd|password|passphrase|pwd|pass';
const SECRET_WORDS =
  'secret|secret[_-]?key|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key|token|accountkey|sharedaccesskey|credentials?';

/**
 * A password or secret word (the end of a key: `DB_PASSWORD`, `"pwd"`, `client.secret`), then `=`, `:`,
 * `:=` or `=>`, then a quoted value (group 2, 3 or 4) or a bare one (group 5). The match starts at the
 * word, a literal the engine finds fast; the rest of the key is read backwards (`keyStart`).
 */
function assignment(words: string): RegExp {
  return new RegExp(
    `(${words})["']?[ \\t]{0,8}(?:=>|:=|=|:)[ \\t]{0,8}(?:"([^"\\n]{1,200})"|'([^'\\n]{1,200})'|\`([^\`\\n]{1,200})\`|([^\\s"'\`,;)}\\]]{1,200}))`,
    'dgi',
  );
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;
const MAX_KEY_PREFIX = 40;

/** Where the key that ends in the word at `at` starts, or -1 when it is longer than a key (or glued to other text). */
function keyStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < MAX_KEY_PREFIX && KEY_CHAR.test(text[i - 1])) i--;
  if (i > 0 && /[A-Za-z0-9]/.test(text[i - 1])) return -1;
  return i;
}
const PASSWORD_ASSIGNMENT = assignment(PASSWORD_WORDS);
const SECRET_ASSIGNMENT = assignment(SECRET_WORDS);
const PASSWORD_KEY = new RegExp(`(?:${PASSWORD_WORDS})$`, 'i');
const SECRET_KEY = new RegExp(`(?:${SECRET_WORDS})$`, 'i');
/** "my password is hunter2": prose, taken only when the value does not read as a word. */
const PASSWORD_IS =
  /(?<![A-Za-z])(?:password|passphrase|pwd)\s{1,3}(?:is|was)\s{1,3}["'`]?([^\s"'`]{3,99}[^\s"'`.,;:!?)])/dgi;

/** Values that stand for a secret without being one. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^[*x•.#_-]+$/i.test(v)) return true; // ******, xxxx
  if (
    /^(?:<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{.*\}|\$\(.*\)|%[sdv]|%\(.*\)s|\?|null|nil|none|undefined|true|false|empty|redacted|changeit|your[_ -]?\w*|\w*here)$/i.test(
      v,
    )
  )
    return true;
  return /^\$[A-Za-z_]/.test(v); // $VAR, $env:VAR
}

/** A bare value that is code: a member expression, a call or an index (`process.env.API_KEY`, `getenv(`). */
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.|\?\.|::|\(|\[)/;

/** `.env` lines: an upper-case key at the start of a line. */
function isEnvLine(text: string, start: number, key: string): boolean {
  return (start === 0 || text[start - 1] === '\n') && /^[A-Z0-9_]+$/.test(key);
}

/** The key names the secret itself (`DB_PASSWORD`, `dbPassword`, `client.secret`), not a longer word (`bypass`, `compass`). */
function keyNamesSecret(key: string, words: RegExp): boolean {
  const word = words.exec(key);
  if (!word) return false;
  const prefix = key.slice(0, word.index);
  if (prefix === '' || /[_.-]$/.test(prefix)) return true;
  return /[a-z0-9]$/.test(prefix) && /^[A-Z]/.test(word[0]);
}

function assignedValue(
  text: string,
  m: RegExpExecArray,
  words: RegExp,
  minLength: number,
  requireMixed: boolean,
): boolean {
  const start = keyStart(text, m.index);
  if (start < 0) return false;
  const key = text.slice(start, m.index + m[1].length);
  if (!keyNamesSecret(key, words)) return false;
  const quoted = m[2] ?? m[3] ?? m[4];
  const bare = m[5];
  const value = quoted ?? bare ?? '';
  if (value.length < minLength || isPlaceholder(value)) return false;
  if (key.toLowerCase() === value.toLowerCase()) return false;
  if (quoted !== undefined) {
    // Labels and messages ("Enter your password") are prose; a password rarely holds two spaces.
    if ((quoted.match(/ /g) ?? []).length >= 2) return false;
    if (/^[A-Z][a-z]+(?: [a-z]+)?$/.test(quoted) && /pass|secret|key|token/i.test(quoted)) return false;
    return !requireMixed || looksRandom(quoted);
  }
  if (bare.includes('{') || CODE_REFERENCE.test(bare)) return false;
  if (isEnvLine(text, start, key)) return !requireMixed || looksRandom(bare);
  // In code a bare word is a variable or a type (`password: string`); a value has digits or symbols.
  if (/^[A-Za-z_$]+$/.test(bare)) return false;
  return !requireMixed || looksRandom(bare);
}

/** Mixed letters and digits, or long: a token rather than a word. */
function looksRandom(value: string): boolean {
  return (/[0-9]/.test(value) && /[A-Za-z]/.test(value) && value.length >= 8) || value.length >= 24;
}

const valueGroup = (m: RegExpExecArray) =>
  m[2] !== undefined ? 2 : m[3] !== undefined ? 3 : m[4] !== undefined ? 4 : 5;

function assignments(
  text: string,
  pattern: RegExp,
  words: RegExp,
  kind: string,
  minLength: number,
  requireMixed: boolean,
): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(pattern)) {
    if (!assignedValue(text, m, words, minLength, requireMixed)) continue;
    const at = m.indices![valueGroup(m)]!;
    out.push({ kind, start: at[0], end: at[1] });
  }
  return out;
}

/** `mysql -u root -pS3cret`: the MySQL clients take the password glued to -p. */
const MYSQL_P = /(?<![A-Za-z])(?:mysql|mysqldump|mysqladmin|mariadb)[^\n]{0,300}?[ \t]-p([^\s-]\S{0,99})/dg;

export const passwords: Detector = (text, lower) => {
  const mysql = lower.includes('mysql') || lower.includes('mariadb') ? matchesOf(text, MYSQL_P, 'password', 1) : [];
  if (!/pass|pwd/.test(lower)) return mysql;
  return [
    ...mysql,
    ...assignments(text, PASSWORD_ASSIGNMENT, PASSWORD_KEY, 'password', 3, false),
    ...matchesOf(text, PASSWORD_IS, 'password', 1, (m) => /[0-9!@#$%^&*]/.test(m[1]) && !isPlaceholder(m[1])),
  ];
};

/** Secrets under a key (gitleaks' generic-api-key, with its "looks random" test simplified). */
export const assignedSecrets: Detector = (text, lower) =>
  /secret|key|token|credential/.test(lower) ? assignments(text, SECRET_ASSIGNMENT, SECRET_KEY, 'secret', 8, true) : [];

/** `Authorization: Bearer …` / `Basic …` headers and the like. */
const AUTH_HEADER = /(?<![A-Za-z])(?:bearer|basic|token)[ \t]{1,4}([A-Za-z0-9._~+/-]{16,4000}=*)/dgi;

export const authHeaders: Detector = (text, lower) =>
  /bearer|basic|token/.test(lower)
    ? matchesOf(text, AUTH_HEADER, 'secret', 1, (m) => looksRandom(m[1]) && !/^[a-z]+$/i.test(m[1]))
    : [];

/** AWS secret access keys: 40 characters of base64 under a key that names them. */
const AWS_SECRET =
  /(?<![A-Za-z0-9])aws_?(?:secret)?_?(?:access)?_?(?:secret)?_?key["']?[ \t]{0,8}(?:=|:)[ \t]{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi;

export const awsSecrets: Detector = (text, lower) =>
  lower.includes('aws') ? matchesOf(text, AWS_SECRET, 'aws_secret', 1) : [];
