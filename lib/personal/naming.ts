/**
 * Names of personal models in Ollama: `codelumi-<slug>:v<N>`. The slug is
 * what Ollama accepts in a model name (lower-case letters, digits, `-`, `_`,
 * `.`), and versions of one family count up and are never reused.
 */

/** The prefix every personal model's family carries, so the user (and Codelumi) can tell them apart in `ollama list`. */
export const FAMILY_PREFIX = 'codelumi-';

/** Longest slug kept: a model part of an Ollama name may be at most 80 characters. */
const MAX_SLUG = 40;

/**
 * A safe slug of what the user typed ("Ada's model" → "ada-s-model"): only
 * characters Ollama allows in a name, no leading or trailing separators, at
 * most 40 characters; "me" when nothing is left.
 */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    // One separator at most at each end: runs were already folded into one '-'.
    .replace(/^-/, '')
    .replace(/-$/, '');
  return slug || 'me';
}

/** The family (the name without its tag) for the user's chosen name: `codelumi-<slug>`. */
export function familyOf(name: string): string {
  return `${FAMILY_PREFIX}${slugOf(name)}`;
}

/** The Ollama name of version `version` of `family`: `codelumi-ada:v3`. */
export function versionName(family: string, version: number): string {
  return `${family}:v${version}`;
}

/**
 * True when Ollama takes `a` and `b` for the same model: it matches names
 * case-insensitively (`strings.EqualFold`), so `Codelumi-Ada:V3` is
 * `codelumi-ada:v3`. A missing tag is `latest`, as Ollama reads it.
 */
export function sameModelName(a: string, b: string): boolean {
  const full = (n: string) => (n.includes(':') ? n : `${n}:latest`).toLowerCase();
  return full(a) === full(b);
}

/**
 * The next version of `family`: one more than any version Codelumi ever
 * recorded for it (failed and deleted ones too, so a number never names two
 * different models) and than any `family:vN` Ollama already has.
 */
export function nextVersion(
  family: string,
  recorded: readonly { family: string; version: number }[],
  installedNames: readonly string[] = [],
): number {
  // Ollama matches names case-insensitively: the user's own `Codelumi-Ada:V3` takes v3 too.
  const wanted = family.toLowerCase();
  let highest = 0;
  for (const row of recorded) if (row.family.toLowerCase() === wanted) highest = Math.max(highest, row.version);
  for (const name of installedNames) {
    const [base, tag] = name.toLowerCase().split(':');
    const n = base === wanted && tag ? /^v(\d{1,6})$/.exec(tag)?.[1] : undefined;
    if (n) highest = Math.max(highest, Number(n));
  }
  return highest + 1;
}

/** True when an Ollama model name is one of Codelumi's personal models. */
export function isPersonalModelName(name: string): boolean {
  return name.toLowerCase().startsWith(FAMILY_PREFIX);
}
