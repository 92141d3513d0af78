/**
 * Files cut into chunks of about 40 lines for retrieval, at natural seams: a
 * top-level declaration (function, class, def, func, fn …) or a blank line
 * before unindented code, never in the middle of an indented block when a
 * seam is near. Pure and deterministic, so chunk ids stay stable.
 */

export interface Chunk {
  path: string;
  /** 0-based position in the file; with the path, the chunk's stable id. */
  index: number;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
}

export interface ChunkOptions {
  /** Lines a chunk aims for. */
  target?: number;
  /** Hard limit: a chunk never has more lines. */
  max?: number;
  /** A last chunk shorter than this joins the one before when they fit together. */
  min?: number;
}

const DECLARATION =
  /^(export\s+)?(default\s+)?(async\s+)?(function\*?|class|interface|type|enum|const|let|var|def|func|fn|pub(\([^)]*\))?\s+(fn|struct|enum|trait|mod|impl)|struct|impl|trait|mod|module|namespace|public|private|protected|internal|static|abstract|final|@[\w.]+|describe|it|test)\b/;

/** True when a chunk may start at `lines[i]`: unindented code after a blank line, or a top-level declaration. */
function isSeam(lines: readonly string[], i: number): boolean {
  const line = lines[i];
  if (!line || /^\s/.test(line) || /^[)\]}]/.test(line)) return false;
  return lines[i - 1]?.trim() === '' || DECLARATION.test(line);
}

/** The file cut into chunks (an empty file has none). */
export function chunkFile(path: string, content: string, options: ChunkOptions = {}): Chunk[] {
  const target = options.target ?? 40;
  const max = Math.max(options.max ?? 60, target);
  const min = options.min ?? 8;
  const lines = content.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.every((l) => l.trim() === '')) return [];

  const cuts: [number, number][] = [];
  let start = 0;
  while (start < lines.length) {
    let end = Math.min(lines.length, start + max);
    if (end < lines.length) {
      // The first seam at or after the target; else the last one after `min`; else a hard cut at `max`.
      let seam = -1;
      for (let i = start + target; i < end; i++)
        if (isSeam(lines, i)) {
          seam = i;
          break;
        }
      if (seam === -1)
        for (let i = start + target - 1; i > start + min; i--)
          if (isSeam(lines, i)) {
            seam = i;
            break;
          }
      if (seam === -1)
        for (let i = end - 1; i > start + min; i--)
          if (lines[i - 1].trim() === '') {
            seam = i;
            break;
          }
      if (seam !== -1) end = seam;
    }
    cuts.push([start, end]);
    start = end;
  }
  // A short tail reads better with what comes before it.
  if (cuts.length > 1) {
    const [ls, le] = cuts[cuts.length - 1];
    const [ps] = cuts[cuts.length - 2];
    if (le - ls < min && le - ps <= max) cuts.splice(cuts.length - 2, 2, [ps, le]);
  }

  const chunks: Chunk[] = [];
  for (const [s, e] of cuts) {
    const text = lines.slice(s, e).join('\n');
    if (!text.trim()) continue;
    chunks.push({ path, index: chunks.length, startLine: s + 1, endLine: e, text });
  }
  return chunks;
}
