/**
 * `@file` mentions: finding them in a message (`@src/app.ts`, or just
 * `@app.ts` when only one file ends that way), and the composer's
 * autocomplete: the mention being typed at the caret, the files that match
 * it, and the text once one is picked.
 */

/** Characters that end a mention (a path never contains them in practice). */
const MENTION = /(^|[\s([{"'`,;])@([^\s@"'`(){}[\],;<>]+)/g;

/** Resolves a typed token to one path: exact, else the unique path ending in "/<token>", else undefined. */
function resolve(token: string, paths: readonly string[], exact: Set<string>): string | undefined {
  const t = token.replace(/^\.\//, '');
  if (!t) return undefined;
  if (exact.has(t)) return t;
  const suffix = `/${t}`;
  let match: string | undefined;
  for (const p of paths) {
    if (p.endsWith(suffix)) {
      if (match !== undefined) return undefined; // ambiguous
      match = p;
    }
  }
  return match;
}

/**
 * The files a message mentions, in order of first mention, each once. A
 * token names a file by its exact path or by a unique suffix at a "/"
 * boundary; trailing punctuation ("see @app.ts.") is ignored; e-mail
 * addresses and unknown names are not mentions.
 */
export function parseMentions(message: string, paths: readonly string[]): string[] {
  if (!message.includes('@') || paths.length === 0) return [];
  const exact = new Set(paths);
  const found: string[] = [];
  for (const m of message.matchAll(MENTION)) {
    const token = m[2];
    const path = resolve(token, paths, exact) ?? resolve(token.replace(/(?<![.:!?])[.:!?]+$/, ''), paths, exact);
    if (path && !found.includes(path)) found.push(path);
  }
  return found;
}

export interface ActiveMention {
  /** Index of the "@". */
  start: number;
  /** Index just past the token (the caret may be inside it). */
  end: number;
  /** What is typed after the "@", up to the caret. */
  query: string;
}

/** The mention being typed at `caret`, or undefined when the caret is not in an "@token". */
export function activeMention(text: string, caret: number): ActiveMention | undefined {
  let start = caret;
  while (start > 0 && !/[\s@]/.test(text[start - 1])) start--;
  if (start === 0 || text[start - 1] !== '@') return undefined;
  const at = start - 1;
  if (at > 0 && !/[\s([{"'`,;]/.test(text[at - 1])) return undefined; // an e-mail address, not a mention
  let end = caret;
  while (end < text.length && !/[\s@]/.test(text[end])) end++;
  return { start: at, end, query: text.slice(start, caret) };
}

/** How well a path matches what is typed: lower is better, undefined is no match. */
function matchRank(path: string, query: string): number | undefined {
  if (!query) return 0;
  const p = path.toLowerCase();
  const q = query.toLowerCase();
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (name.startsWith(q)) return 0;
  if (p.startsWith(q)) return 1;
  if (p.includes(`/${q}`)) return 2;
  if (name.includes(q)) return 3;
  if (p.includes(q)) return 4;
  // Letters in order ("usdr" finds use-draft.ts).
  let i = 0;
  for (const c of p) if (c === q[i]) i++;
  return i === q.length ? 5 : undefined;
}

/** The paths that match a typed query, best first (file-name matches before folder matches, then shorter paths). */
export function suggestPaths(paths: readonly string[], query: string, limit = 8): string[] {
  const ranked: { path: string; rank: number }[] = [];
  for (const path of paths) {
    const rank = matchRank(path, query);
    if (rank !== undefined) ranked.push({ path, rank });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.path.split('/').length - b.path.split('/').length ||
      a.path.length - b.path.length ||
      (a.path < b.path ? -1 : 1),
  );
  return ranked.slice(0, limit).map((r) => r.path);
}

/** The text with the active mention replaced by `@<path> `, and where the caret goes. */
export function insertMention(text: string, mention: ActiveMention, path: string): { text: string; caret: number } {
  const after = text.slice(mention.end);
  const inserted = `@${path}${after.startsWith(' ') ? '' : ' '}`;
  const next = text.slice(0, mention.start) + inserted + after;
  return { text: next, caret: mention.start + inserted.length + (after.startsWith(' ') ? 1 : 0) };
}
