/**
 * How reply text is cut into stream chunks, and small deterministic hashes over tokens.
 */

// GPT-2-style pre-tokenisation: an optional leading space plus a run of letters,
// up to three digits, or punctuation; whitespace runs on their own. Every character
// falls into exactly one alternative, so the pieces always concatenate back to the text.
// eslint-disable-next-line regexp/no-super-linear-move -- no start is ever retried: the last alternative matches any whitespace, so every position matches at once; and the text is this test server's own replies.
const PIECE = / ?\p{L}+| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Longest chunk for a run of letters; longer words are split like sub-word tokens. */
const MAX_WORD = 8;

/**
 * Splits text into stream chunks. Guarantees `tokenize(t).join('') === t`, the same
 * chunks for the same text, and no empty chunks ('' gives []).
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    if (piece.length <= MAX_WORD || !/^ ?\p{L}+$/u.test(piece)) {
      out.push(piece);
      continue;
    }
    for (let i = 0; i < piece.length; i += MAX_WORD) out.push(piece.slice(i, i + MAX_WORD));
  }
  // The regex covers every character; this guard keeps the guarantee even if it is edited badly.
  return out.join('') === text ? out : text ? [text] : [];
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Fake token ids for generate's `context`: one per chunk, stable for the same text. */
export function tokenIds(text: string): number[] {
  return tokenize(text).map((t) => fnv1a(t) % 151_936);
}

/** A rough prompt token count for metrics (chunks of all given texts plus a per-message overhead). */
export function countPromptTokens(texts: string[]): number {
  return texts.reduce((n, t) => n + tokenize(t).length + 4, 0);
}
