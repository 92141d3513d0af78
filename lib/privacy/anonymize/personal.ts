/**
 * Personal data: e-mail addresses, phone numbers, IP addresses and, where a
 * phrase announces one, a person's name. Each detector leaves alone what
 * only looks like its kind in technical text: `icon@2x.png`, dates and
 * version numbers, loopback and unspecified addresses, `Foo::bar`.
 */
import { matchesOf, type Detector, type Finding } from './finding';
import { COMMON_WORDS } from './common-words';

/** "TLDs" that are file extensions: `logo@2x.png`, `lodash@4.17.js`. */
const FILE_TLDS = new Set(
  'png jpg jpeg gif svg webp ico js mjs cjs ts tsx jsx css scss json md txt html py rb go rs java map lock yml yaml toml xml'.split(
    ' ',
  ),
);
/** Local parts that name a service, not a person (`git@github.com:owner/repo`). */
const SERVICE_USERS = new Set(['git', 'hg', 'ssh', 'ec2-user']);
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const MAX_LOCAL = 64;
/** The domain after the "@": labels and a letters-only top-level domain. */
const DOMAIN_AFTER = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-])/y;

/** `postgres://user:pw@db.host`: the "pw@db.host" is the end of credentials, not an address. */
function inUrlCredentials(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 600), at);
  return /:\/\/[^\s]*$/.test(before);
}

/** E-mail addresses, found from each "@" (looking back for the local part), so text without one costs nothing. */
export const emails: Detector = (text) => {
  const out: Finding[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1])) start--;
    if (start === at || (start > 0 && LOCAL_CHAR.test(text[start - 1]))) continue;
    DOMAIN_AFTER.lastIndex = at + 1;
    const domain = DOMAIN_AFTER.exec(text);
    if (!domain || /^[0-9]/.test(domain[0]) || FILE_TLDS.has(domain[1].toLowerCase())) continue;
    if (SERVICE_USERS.has(text.slice(start, at).toLowerCase()) || inUrlCredentials(text, start)) continue;
    out.push({ kind: 'email', start, end: at + 1 + domain[0].length });
  }
  return out;
};

/**
 * Phone numbers: an international "+" number of 8 to 15 digits in groups, or
 * the North American (555) 123-4567 / 555-123-4567 / 555.123.4567 forms.
 */
const PHONE =
  /(?<![\w+.-])(?:\+[1-9][0-9]{0,2}[ .-]?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{1,4}(?:[ .-]?[0-9]{2,4}){1,5}|\([0-9]{3}\) ?[0-9]{3}[-. ][0-9]{4}|[0-9]{3}([-.])[0-9]{3}\1[0-9]{4})(?![\w.-]?[0-9])/g;

export const phones: Detector = (text) =>
  /[0-9]{2}/.test(text)
    ? matchesOf(text, PHONE, 'phone', 0, (m) => {
        const digits = m[0].replace(/[^0-9]/g, '').length;
        return digits >= 8 && digits <= 15;
      })
    : [];

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`(?<![A-Za-z0-9./-])(?:${OCTET}\\.){3}${OCTET}(?![0-9]|\\.[0-9])`, 'g');
/** Addresses that say nothing about anyone: loopback, unspecified, broadcast and masks. */
const NOT_PERSONAL_V4 = /^(?:127\.|0\.0\.0\.0$|255\.)/;

const HEX_OR_COLON = /[0-9A-Fa-f:]/;
const WORD_CHAR = /[A-Za-z0-9]/;

/**
 * IPv6 candidates: around each ":", the run of hex digits and colons (plus a
 * `%zone`), whole (no letter, digit or "." glued to it). Each run is visited
 * once, so the scan is linear. Validated by `isIpv6`.
 */
function ipv6Candidates(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let done = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', done)) {
    // The previous run ended before a character that is not hex nor ":", so this walk stops after it.
    let start = at;
    while (start > 0 && HEX_OR_COLON.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < text.length && HEX_OR_COLON.test(text[end])) end++;
    done = end;
    let stop = end;
    if (text[end] === '%') {
      let zone = end + 1;
      while (zone < text.length && zone - end <= 15 && WORD_CHAR.test(text[zone])) zone++;
      if (zone > end + 1) stop = zone;
    }
    if (end - start < 6 || end - start > 39) continue;
    const before = start > 0 ? text[start - 1] : '';
    const after = stop < text.length ? text[stop] : '';
    if (WORD_CHAR.test(before) || before === '.' || WORD_CHAR.test(after)) continue;
    out.push({ start, end: stop });
  }
  return out;
}

function isIpv6(candidate: string): boolean {
  const address = candidate.split('%')[0];
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return false;
  // "::1", "::" and the like say nothing; so few groups read as C++ or Rust paths (`ab::cd`).
  if (groups.length < 3) return false;
  return /[0-9]/.test(address);
}

export const ipAddresses: Detector = (text) => {
  const out: Finding[] = [];
  if (/[0-9]\.[0-9]/.test(text)) out.push(...matchesOf(text, IPV4, 'ip', 0, (m) => !NOT_PERSONAL_V4.test(m[0])));
  for (const c of ipv6Candidates(text))
    if (isIpv6(text.slice(c.start, c.end))) out.push({ kind: 'ip', start: c.start, end: c.end });
  return out;
};

/** One to three capitalised words: a name, as the phrases below announce it. */
const NAME = "[A-Z][a-z'’-]{1,20}(?:[ \\t][A-Z][a-z'’-]{1,20}){0,2}";

/**
 * Phrases after which a name comes. Conservative: "I'm"/"I am" only when the
 * capitalised word ends the clause (so "I'm Using React" is not read as one),
 * and no word of the name may be a common English or technical word.
 */
const NAME_PHRASES: readonly RegExp[] = [
  new RegExp(`(?<![A-Za-z])(?:[Mm]y name is|[Mm]y name's|[Cc]all me|[Nn]ame:)[ \\t]{1,3}(${NAME})`, 'dg'),
  new RegExp(
    `(?<![A-Za-z])(?:I'm|I am|I’m|[Tt]his is)[ \\t]{1,3}(${NAME})(?=[ \\t]*(?:[,.!;:]|$| and | from | here))`,
    'dgm',
  ),
  new RegExp(
    `(?<![A-Za-z])(?:(?:[Aa]uthor|[Ss]igned-off-by|[Cc]o-authored-by|[Rr]eviewed-by|[Mm]aintainer|[Cc]ontact|From|To|Cc)[ \\t]*:|@author)[ \\t]{1,3}(${NAME})`,
    'dg',
  ),
  // A sign-off: "— Jonas Berg" / "-- Carol" alone on the last lines.
  new RegExp(`(?:^|\\n)[ \\t]*(?:—|–|--)[ \\t]?(${NAME})[ \\t]*(?=\\n|$)`, 'dg'),
  // A sign-off: "Thanks,\nAlice" / "Best regards,\nBob Smith" / "-- \nCarol".
  new RegExp(
    `(?:^|\\n)[ \\t]*(?:[Tt]hanks|[Tt]hank you|[Cc]heers|[Bb]est|[Rr]egards|[Bb]est regards|[Kk]ind regards|[Ss]incerely|--)(?:[ \\t]*,)?[ \\t]*\\n[ \\t]*(${NAME})[ \\t]*(?=\\n|$)`,
    'dg',
  ),
];

function isName(words: string): boolean {
  return words.split(/[ \t]+/).every((w) => !COMMON_WORDS.has(w.toLowerCase()));
}

export const names: Detector = (text) => {
  if (!/[A-Z][a-z]/.test(text)) return [];
  const out: Finding[] = [];
  for (const pattern of NAME_PHRASES) out.push(...matchesOf(text, pattern, 'name', 1, (m) => isName(m[1])));
  return out;
};
