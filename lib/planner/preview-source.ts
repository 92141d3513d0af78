/**
 * What a preview step renders: its entry file from the workspace, as the
 * chat's preview panes take it (lib/runner/preview.ts). An HTML page gets the
 * workspace's stylesheets and scripts it links to (`<link rel="stylesheet"
 * href>`, `<script src>`, relative to the page) joined in, because the
 * preview frame has no network to fetch them; a `.jsx`/`.tsx` entry is a React
 * component. Anything else cannot be previewed here: the user reviews it.
 * Pure; the app renders the result (lib/services/planner-preview.ts).
 */
import type { PreviewSource } from '../runner/preview-document';
import type { FileContent } from './workspace';
import { cleanPath } from './paths';

/** A preview to render, with what it could not join in (links to files the workspace lacks, or other sites). */
export interface PlannedPreview {
  source: PreviewSource;
  /** Linked files that are not in the workspace (they do not load in the preview). */
  missing: string[];
}

const LINK = /<link\b[^>]*>/gi;
const SCRIPT = /<script\b([^>]*)>\s*<\/script\s*>/gi;
const attr = (tag: string, name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** The workspace path `ref` names from the page at `entry`; undefined for another site, a data URL or an unsafe path. */
function resolveRef(entry: string, ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) return undefined;
  const clean = ref.split(/[?#]/)[0]!;
  const base = clean.startsWith('/') ? [] : entry.split('/').slice(0, -1);
  const parts = [...base];
  for (const segment of clean.replace(/^\/+/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(segment);
  }
  return cleanPath(parts.join('/'));
}

/** The preview of `entry` over `files`, or undefined when its kind cannot be previewed here. */
export function previewOf(entry: string, files: readonly FileContent[]): PlannedPreview | undefined {
  const page = files.find((f) => f.path === entry);
  if (!page) return undefined;
  const ext = entry.slice(entry.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jsx' || ext === 'tsx') {
    return { source: { kind: 'react', code: page.content, typescript: ext === 'tsx' }, missing: [] };
  }
  if (ext !== 'html' && ext !== 'htm') return undefined;
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const css: string[] = [];
  const js: string[] = [];
  const missing: string[] = [];
  const take = (ref: string | undefined, into: string[]): boolean => {
    if (!ref) return false;
    const path = resolveRef(entry, ref);
    const content = path === undefined ? undefined : byPath.get(path);
    if (content === undefined) {
      if (path !== undefined) missing.push(path);
      return false;
    }
    into.push(content);
    return true;
  };
  const code = page.content
    .replace(LINK, (tag) => (/\brel\s*=\s*["']?stylesheet/i.test(tag) && take(attr(tag, 'href'), css) ? '' : tag))
    .replace(SCRIPT, (tag, attrs: string) => (take(attr(attrs, 'src'), js) ? '' : tag));
  return { source: { kind: 'html', code, css, js }, missing };
}
