/**
 * The fallback: a long token that reads as random is taken for a secret
 * even when no rule knows its format. The rule, tuned on the corpus of
 * scripts/eval/anonymize-corpus.ts:
 * - a token is a run of 20 to 1024 characters of [A-Za-z0-9+/_-] (and
 *   base64's "=" padding);
 * - it has letters and digits, or lower and upper case letters;
 * - it is not hexadecimal only (content hashes, commit ids, UUIDs, colours
 *   identify content, not people, and are everywhere in code) and not a
 *   Subresource Integrity hash (`sha512-…`);
 * - its Shannon entropy is at least 3.6 bits per character;
 * - it does not read as an identifier: random text changes between lower
 *   case, upper case and digits every 1.6 characters on average, camelCase
 *   and snake_case names every 3 or more; a token whose runs average over
 *   2.5 characters is a name.
 */
import type { Detector, Finding } from './finding';

const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,1024}={0,2}(?![A-Za-z0-9+/=_-])/g;
const MIN_ENTROPY = 3.6;
const MAX_AVERAGE_RUN = 2.5;

/** Bits per character of the token's own character distribution. */
export function shannonEntropy(token: string): number {
  const counts = new Map<string, number>();
  for (const c of token) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function charClass(c: number): number {
  if (c >= 97 && c <= 122) return 0;
  if (c >= 65 && c <= 90) return 1;
  if (c >= 48 && c <= 57) return 2;
  return 3;
}

function averageRun(token: string): number {
  let runs = 1;
  for (let i = 1; i < token.length; i++)
    if (charClass(token.charCodeAt(i)) !== charClass(token.charCodeAt(i - 1))) runs++;
  return token.length / runs;
}

/** True when `token` reads as random by the rule above. */
export function looksLikeSecret(token: string): boolean {
  // Letters and digits, or both cases: one kind of character alone is a word, a number or a constant.
  if (!/[A-Za-z]/.test(token) || !(/[0-9]/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)))) return false;
  if (/^[0-9a-fA-F-]+$/.test(token) || /^sha(?:1|256|384|512)-/.test(token)) return false;
  return averageRun(token) <= MAX_AVERAGE_RUN && shannonEntropy(token) >= MIN_ENTROPY;
}

export const highEntropy: Detector = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (looksLikeSecret(m[0])) out.push({ kind: 'high_entropy', start: m.index, end: m.index + m[0].length });
  }
  return out;
};
