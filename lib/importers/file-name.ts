/** A download's file name from a conversation title. */

/** Names Windows refuses for a file whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * `title` as a file name with `extension`: its words (letters of any script,
 * digits, underscores) joined by dashes, everything else dropped, at most 80
 * characters and whole words when it can; never empty, hidden (no leading dot)
 * or a reserved device name.
 */
export function fileNameFor(title: string, extension: 'md' | 'json'): string {
  const words = title
    .normalize('NFC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
  let stem = '';
  for (const word of words) {
    const next = stem ? `${stem}-${word}` : word;
    if (next.length > 80) {
      stem ||= word.slice(0, 80);
      break;
    }
    stem = next;
  }
  if (!stem) stem = 'conversation';
  if (RESERVED.test(stem)) stem = `${stem}-conversation`;
  return `${stem}.${extension}`;
}
