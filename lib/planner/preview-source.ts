/**
 * What a preview step renders: its entry file from the workspace, as the
 * chat's preview panes take it (lib/runner/preview.ts). An HTML page gets the
 * workspace's stylesheets and scripts it links to (`<link rel="stylesheet"
 * href>`, `<script src>`, relative to the page) joined in, because the
 * preview frame has no network to fetch them (in place, in order, with their
 * attributes; a deferred script after the page, where it would run); a
 * `.jsx`/`.tsx` entry is a React component. Anything else cannot be
 * previewed here: the user reviews it.
 * Pure; the app renders the result (lib/services/planner-preview.ts).
 */
import type { PreviewSource } from '../runner/preview-document';
import type { FileContent } from './workspace';
import { cleanPath, folderOf, joinPath } from './paths';
import { scriptText } from '../runner/sandbox-document';

/** A preview to render, with what it could not join in (links to files the workspace lacks, or other sites). */
export interface PlannedPreview {
  source: PreviewSource;
  /** Linked files that are not in the workspace (they do not load in the preview). */
  missing: string[];
}

const LINK = /<link\b[^>]*>/gi;
const SCRIPT = /<script\b([^>]*)>\s*<\/script\s*>/gi;
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const attr = (tag: string, name: string) =>
  new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** The workspace path `ref` names from the page at `entry`; undefined for another site, a data URL or an unsafe path. */
function resolveRef(entry: string, ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) return undefined;
  const clean = ref.split(/[?#]/)[0]!;
  const joined = joinPath(clean.startsWith('/') ? '' : folderOf(entry), clean);
  return joined === undefined ? undefined : cleanPath(joined);
}

/** A relative import or re-export in module code: the preview has no module loader to resolve it. */
const RELATIVE_IMPORT = /\bfrom\s*["'](?:\.{1,2}\/|\/)|\bimport\s*(?:\(\s*)?["'](?:\.{1,2}\/|\/)/;

/**
 * The preview of `entry` over `files`, or undefined when it cannot be
 * previewed here: not an HTML page or a React component, or a page whose
 * module scripts import each other (the preview frame has no module loader).
 * A page's linked stylesheets and scripts from the workspace are put in
 * place of their tags, in order and with their attributes (a module stays a
 * module), as the browser would load them; links to other sites are left and
 * named in `missing` (the preview has no network).
 */
export function previewOf(entry: string, files: readonly FileContent[]): PlannedPreview | undefined {
  const page = files.find((f) => f.path === entry);
  if (!page) return undefined;
  const ext = entry.slice(entry.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jsx' || ext === 'tsx') {
    return { source: { kind: 'react', code: page.content, typescript: ext === 'tsx' }, missing: [] };
  }
  if (ext !== 'html' && ext !== 'htm') return undefined;
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const missing: string[] = [];
  const deferred: string[] = [];
  /** The workspace file `ref` names, or undefined (noted in `missing` when it is not there or on another site). */
  const load = (ref: string | undefined): string | undefined => {
    if (!ref) return undefined;
    const path = resolveRef(entry, ref);
    const content = path === undefined ? undefined : byPath.get(path);
    if (content === undefined) missing.push(path ?? ref.slice(0, 200));
    return content;
  };
  const code = page.content
    .replace(LINK, (tag) => {
      if (!/\brel\s*=\s*["']?stylesheet/i.test(tag)) return tag;
      const css = load(attr(tag, 'href'));
      return css === undefined ? tag : `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
    })
    .replace(SCRIPT, (tag, attrs: string) => {
      const js = load(attr(attrs, 'src'));
      if (js === undefined) return tag;
      const kept = attrs.replace(/\ssrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i, '');
      const module = attr(kept, 'type')?.trim().toLowerCase() === 'module';
      const inline = `<script${kept}>${scriptText(js)}</script>`;
      // An inline script runs where it stands; a deferred (or async) one ran after the page was parsed.
      if (!module && /(?:^|\s)(?:defer|async)(?=[\s=]|$)/i.test(kept)) {
        deferred.push(inline);
        return '';
      }
      return inline;
    });
  // Modules that import files (theirs or written in the page): the frame has no loader, and a blocked import fails
  // silently (on the script element, not the window), so such a page would seem to render.
  for (const [, attrs, body] of code.matchAll(INLINE_SCRIPT))
    if (attr(attrs!, 'type')?.trim().toLowerCase() === 'module' && RELATIVE_IMPORT.test(body!)) return undefined;
  return { source: { kind: 'html', code: code + deferred.join('') }, missing };
}
