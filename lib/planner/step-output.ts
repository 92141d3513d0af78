/**
 * A step's answer read as files. Only fenced code blocks become files, and a
 * block's path comes from outside its body: its info string (```ts src/a.ts,
 * ```ts title="src/a.ts", ```ts:src/a.ts, ```src/a.ts), a `file:` marker on
 * its first line (`// file: src/a.ts`, `# file: a.py`, the one line of the
 * body read, and left out of the file), or the line right above the fence (a
 * heading, bold or backticked path, `File: src/a.ts`). Nothing else in a
 * body is ever read as a path. A path that is not a safe workspace-relative
 * one drops its block; an unclosed block (an answer cut off) is not a file.
 */
import { extractCodeBlocks } from '../markdown/code-blocks';
import { openingFence } from '../markdown/fences';
import { cleanPath } from './paths';

/** One file of the answer. */
export interface ParsedFile {
  path: string;
  content: string;
  /** False for a file the step did not declare: kept, but shown as unexpected. */
  declared: boolean;
}

/** Something about the answer the user (and the fix prompt) should know. */
export type OutputWarning =
  /** A file the step did not declare (kept). */
  | { kind: 'undeclared'; path: string }
  /** A file the step declared that the answer does not have. */
  | { kind: 'missing'; path: string }
  /** A block labelled with a path that is not allowed (absolute, `..`, odd characters): dropped. */
  | { kind: 'unsafe-path'; label: string }
  /** A block that never closed (the answer was cut off): dropped. */
  | { kind: 'unclosed'; path?: string }
  /** Two blocks for one path: the later one is kept. */
  | { kind: 'duplicate'; path: string }
  /** A code block with no path: not a file. */
  | { kind: 'unlabelled'; index: number }
  /** The one unlabelled block, taken as the one declared file the answer lacked. */
  | { kind: 'assumed'; path: string };

/** The files of an answer, and what to warn about. */
export interface StepOutput {
  files: ParsedFile[];
  warnings: OutputWarning[];
}

/** A label is a path candidate when it is one token with a slash or an extension. */
const looksLikePath = (s: string) => /^[^\s=`]+$/.test(s) && (s.includes('/') || /\.[A-Za-z0-9]+$/.test(s));

/** Fence languages that are commands or prose, never a file's content. */
const NOT_A_FILE = new Set([
  'bash',
  'sh',
  'shell',
  'console',
  'zsh',
  'powershell',
  'ps',
  'cmd',
  'text',
  'txt',
  'output',
  'diff',
]);

/** The path an info string names, when it names one. */
function pathFromInfo(info: string): string | undefined {
  const attr = /(?:^|\s)(?:title|file|filename|path)=["']?([^"'\s]+)["']?/i.exec(info);
  if (attr) return attr[1];
  const [first = '', second] = info.split(/\s+/);
  const colon = first.indexOf(':');
  if (colon > 0 && looksLikePath(first.slice(colon + 1))) return first.slice(colon + 1);
  if (second !== undefined && looksLikePath(second)) return second;
  return looksLikePath(first) ? first : undefined;
}

const MARKER = /^(?:\/\/|#|--|;|<!--|\/\*)\s*(?:file(?:name)?|path)\s*:\s*(\S+)$/i;

/** The path of a block's first-line marker, and the body without that line. */
function pathFromMarker(code: string): { path: string; rest: string } | undefined {
  const nl = code.indexOf('\n');
  const first = nl === -1 ? code : code.slice(0, nl);
  // A comment's closing (`-->`, `*/`) is cut first, so the path is the line's last word.
  const line = first.trim();
  const m = MARKER.exec(
    (line.endsWith('-->') ? line.slice(0, -3) : line.endsWith('*/') ? line.slice(0, -2) : line).trimEnd(),
  );
  return m ? { path: m[1]!, rest: nl === -1 ? '' : code.slice(nl + 1) } : undefined;
}

/** The path a line of prose right above a fence names: the whole line, or its one backticked path. */
function pathFromLine(line: string): string | undefined {
  let s = line
    .trim()
    .replace(/^#{1,6}\s+/, '')
    .replace(/^(?:[-*+]|\d+[.)])\s+/, '')
    .trim();
  s = s.replace(/^(\*\*|__|\*|_)(.*)\1$/, '$2').trim();
  s = s.replace(/:$/, '').trim();
  s = s.replace(/^(\*\*|__)(.*)\1$/, '$2').trim();
  s = s.replace(/^(?:file(?:name)?|path)\s*:\s*/i, '');
  const bare = s.replace(/^`([^`]+)`$/, '$1').replace(/^(\*\*|__)(.*)\1$/, '$2');
  if (looksLikePath(bare)) return bare;
  const afterLabel = /^[^:`]{1,40}:\s*`?([^\s`]+)`?$/.exec(s);
  if (afterLabel && looksLikePath(afterLabel[1]!)) return afterLabel[1];
  const ticked = [...line.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).filter(looksLikePath);
  return ticked.length === 1 ? ticked[0] : undefined;
}

/** The last line of prose before offset `start` (at most one blank line between), when it is prose. */
function lineAbove(text: string, start: number, floor: number): string | undefined {
  const lines = text.slice(floor, start).split('\n');
  lines.pop(); // the fence line's own start (empty)
  let blank = 0;
  while (lines.length && lines[lines.length - 1]!.trim() === '') {
    lines.pop();
    if (++blank > 1) return undefined;
  }
  const line = lines.at(-1);
  return line === undefined || openingFence(line) || /^\s*(`{3,}|~{3,})\s*$/.test(line) ? undefined : line;
}

/**
 * The files `answer` holds (see the module's comment), each marked declared
 * or not against `declared` (the step's file paths), and the warnings: files
 * not declared, declared files missing, blocks dropped or unlabelled.
 */
export function parseStepOutput(answer: string, declared: readonly string[]): StepOutput {
  const expected = declared.map((p) => cleanPath(p) ?? p);
  const warnings: OutputWarning[] = [];
  const files = new Map<string, string>();
  const unlabelled: { index: number; content: string; language: string }[] = [];
  let floor = 0;
  for (const block of extractCodeBlocks(answer)) {
    const lineEnd = answer.indexOf('\n', block.start);
    const info = openingFence(answer.slice(block.start, lineEnd === -1 ? undefined : lineEnd))?.info ?? '';
    const marker = pathFromMarker(block.code);
    const label = pathFromInfo(info) ?? marker?.path ?? pathFromLine(lineAbove(answer, block.start, floor) ?? '');
    floor = block.start + 1;
    const path = label === undefined ? undefined : cleanPath(label);
    if (!block.closed) {
      warnings.push(path ? { kind: 'unclosed', path } : { kind: 'unclosed' });
      continue;
    }
    if (label !== undefined && !path) {
      warnings.push({ kind: 'unsafe-path', label: label.slice(0, 120) });
      continue;
    }
    const content = marker && marker.path === label ? marker.rest : block.code;
    if (!path) {
      unlabelled.push({ index: block.index, content, language: block.language });
      continue;
    }
    if (files.has(path)) warnings.push({ kind: 'duplicate', path });
    files.set(path, content);
  }
  const missing = expected.filter((p) => !files.has(p));
  const candidates = unlabelled.filter((b) => !NOT_A_FILE.has(b.language));
  if (missing.length === 1 && candidates.length === 1 && unlabelled.length === 1) {
    // A one-file step answered with one unnamed block: that block is the file (said so in the warnings).
    files.set(missing[0]!, candidates[0]!.content);
    warnings.push({ kind: 'assumed', path: missing.pop()! });
  } else for (const b of unlabelled) warnings.push({ kind: 'unlabelled', index: b.index });
  for (const p of missing) warnings.push({ kind: 'missing', path: p });
  const out = [...files].map(([path, content]) => ({ path, content, declared: expected.includes(path) }));
  for (const f of out) if (!f.declared) warnings.push({ kind: 'undeclared', path: f.path });
  return { files: out, warnings };
}

/** A warning in a sentence, for the step's view and the fix prompt. */
export function describeWarning(w: OutputWarning): string {
  switch (w.kind) {
    case 'undeclared':
      return `${w.path} was not one of the step's files (kept).`;
    case 'missing':
      return `${w.path} is missing from the answer.`;
    case 'unsafe-path':
      return `A block labelled “${w.label}” was dropped: that is not a path inside the workspace.`;
    case 'unclosed':
      return `${w.path ?? 'A code block'} was cut off (its fence never closed) and was not written.`;
    case 'duplicate':
      return `${w.path} appeared twice; the later block was kept.`;
    case 'unlabelled':
      return `Code block ${w.index + 1} had no file path and was not written.`;
    case 'assumed':
      return `The answer's only code block had no path; it was written as ${w.path}.`;
  }
}
