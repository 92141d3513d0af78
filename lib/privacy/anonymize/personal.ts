/**
 * Personal data: e-mail addresses, phone numbers, IP addresses and, where a
 * phrase announces one, a person's name. Each detector leaves alone what
 * only looks like its kind in technical text: `icon@2x.png`, dates and
 * version numbers, loopback and unspecified addresses, `Foo::bar`.
 */
import { matchesOf, type Detector, type Finding } from './finding';
import { COMMON_WORDS } from './common-words';

const EMAIL =
  /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24}))(?![A-Za-z0-9-])/dg;
/** "TLDs" that are file extensions: `logo@2x.png`, `lodash@4.17.js`. */
const FILE_TLDS = new Set(
  'png jpg jpeg gif svg webp ico js mjs cjs ts tsx jsx css scss json md txt html py rb go rs java map lock yml yaml toml xml'.split(
    ' ',
  ),
);
/** Local parts that name a service, not a person (`git@github.com:owner/repo`). */
const SERVICE_USERS = new Set(['git', 'hg', 'ssh', 'ec2-user']);

/** `postgres://user:pw@db.host`: the "pw@db.host" is the end of credentials, not an address. */
function inUrlCredentials(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 600), at);
  return /:\/\/[^\s]*$/.test(before);
}

export const emails: Detector = (text) =>
  text.includes('@')
    ? matchesOf(
        text,
        EMAIL,
        'email',
        0,
        (m) =>
          !FILE_TLDS.has(m[3].toLowerCase()) &&
          !SERVICE_USERS.has(m[1].toLowerCase()) &&
          !/^\d/.test(m[2]) &&
          !inUrlCredentials(text, m.index),
      )
    : [];

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

/** Candidates for IPv6: runs of hex digits and colons. Validated by `isIpv6`. */
const IPV6 = /(?<![A-Za-z0-9:.])[0-9A-Fa-f:]{6,39}(?:%[A-Za-z0-9]{1,15})?(?![A-Za-z0-9:])/g;

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
  if (text.includes(':')) out.push(...matchesOf(text, IPV6, 'ip', 0, (m) => isIpv6(m[0])));
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
