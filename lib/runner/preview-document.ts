/**
 * The srcdoc of a preview pane. Our head comes first, before any byte of the
 * page: the CSP `<meta>` (no network, no navigation, no forms), DNS
 * prefetching off, and the bridge script. The page's own HTML follows as the
 * caller's `contain` returns it (made inert where the guard cannot reach:
 * preview-markup.ts); the HTML parser merges its `<html>`/`<head>` attributes and elements
 * into the document we opened. No search of the user's HTML decides where
 * the policy goes, so no comment, string or `<header>` in it can move it.
 */
import { PREVIEW_POLICY, htmlText, scriptText } from './sandbox-document';

/** The runtime files a preview document needs, as text (fetched once from /runner/). */
export interface PreviewRuntime {
  bridge: string;
  react?: string;
  transpiler?: string;
}

export interface PreviewSource {
  kind: 'html' | 'react';
  code: string;
  /** React: allow TypeScript syntax. */
  typescript?: boolean;
  /** HTML: CSS and JS blocks of the same answer, joined into the page. */
  css?: string[];
  js?: string[];
}

/**
 * The first bytes of every preview document. A srcdoc document without a
 * doctype would still be in no-quirks mode; the page's own doctype, coming
 * later, is ignored by the parser.
 */
export function previewHead(previewId: string, appOrigin: string, bridge: string): string {
  return [
    '<!doctype html>',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(PREVIEW_POLICY)}">`,
    '<meta http-equiv="x-dns-prefetch-control" content="off">',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<script type="application/json" id="codelumi-preview-config">${scriptText(JSON.stringify({ previewId, appOrigin }))}</script>`,
    `<script>${scriptText(bridge)}</script>`,
  ].join('');
}

/**
 * Sibling CSS and JS blocks, appended after the page: the parser puts a
 * `<style>` or `<script>` that follows `</body></html>` into the body, where
 * the style applies to the whole page and the script runs after the page's
 * own markup, as a `<script src>` at the end of the body would.
 */
function siblings(css: string[] = [], js: string[] = []): string {
  let tail = '';
  if (css.length) tail += `<style>${css.join('\n').replace(/<\/style/gi, '<\\/style')}</style>`;
  if (js.length) tail += `<script>${scriptText(js.join('\n;\n'))}</script>`;
  return tail;
}

/**
 * The srcdoc of a preview: our head, then the page (with its sibling blocks)
 * or the component. `contain` gets the page's markup and returns what goes
 * after our head (preview.ts passes `containPageInBrowser`, preview-markup.ts).
 */
export function previewDocument(
  source: PreviewSource,
  runtime: PreviewRuntime,
  previewId: string,
  appOrigin: string,
  contain: (html: string) => string = (html) => html,
): string {
  const head = previewHead(previewId, appOrigin, runtime.bridge);
  if (source.kind === 'react') {
    return [
      head,
      '<style>body{font-family:system-ui,sans-serif;margin:12px}</style>',
      '</head><body><div id="root"></div>',
      `<script>${scriptText(runtime.react ?? '')}</script>`,
      `<script>${scriptText(runtime.transpiler ?? '')}</script>`,
      `<script>window.__codelumiPreview.renderReact(${scriptText(JSON.stringify(source.code))}, ${source.typescript ? 'true' : 'false'});</script>`,
      '</body></html>',
    ].join('');
  }
  return head + contain(source.code + siblings(source.css, source.js));
}
