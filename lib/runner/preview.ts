/**
 * Preview panes: HTML pages and React components from an answer, rendered in
 * an opaque-origin srcdoc iframe whose CSP forbids any network use. The app
 * builds the document (bridge, runtime and code inline) and listens to the
 * pane's messages, believing only its own iframe and the protocol's shapes.
 */
import { PREVIEW_POLICY, htmlText, scriptText } from './sandbox-document';
import { parseMessage, previewToHostSchema, type CodeError } from './protocol';
import type { RunOutcomeStatus } from './protocol';

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

function head(previewId: string, appOrigin: string, bridge: string): string {
  return [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(PREVIEW_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<script type="application/json" id="codelumi-preview-config">${scriptText(JSON.stringify({ previewId, appOrigin }))}</script>`,
    `<script>${scriptText(bridge)}</script>`,
  ].join('');
}

/** Joins sibling CSS/JS blocks into an HTML page (scripts at the end of the body). */
function withSiblings(html: string, css: string[] = [], js: string[] = []): string {
  let page = html;
  if (css.length) {
    const style = `<style>${css.join('\n').replace(/<\/style/gi, '<\\/style')}</style>`;
    page = /<\/head>/i.test(page) ? page.replace(/<\/head>/i, `${style}</head>`) : style + page;
  }
  if (js.length) {
    const script = `<script>${scriptText(js.join('\n;\n'))}</script>`;
    page = /<\/body>/i.test(page) ? page.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${script}</body>`) : page + script;
  }
  return page;
}

/** The srcdoc of a preview: our CSP and bridge first, then the page or the component. */
export function previewDocument(source: PreviewSource, runtime: PreviewRuntime, previewId: string, appOrigin: string): string {
  const top = head(previewId, appOrigin, runtime.bridge);
  if (source.kind === 'react') {
    return [
      '<!doctype html><html><head>', top,
      '<style>body{font-family:system-ui,sans-serif;margin:12px}</style>',
      '</head><body><div id="root"></div>',
      `<script>${scriptText(runtime.react ?? '')}</script>`,
      `<script>${scriptText(runtime.transpiler ?? '')}</script>`,
      `<script>window.__codelumiPreview.renderReact(${scriptText(JSON.stringify(source.code))}, ${source.typescript ? 'true' : 'false'});</script>`,
      '</body></html>',
    ].join('');
  }
  const page = withSiblings(source.code, source.css, source.js);
  // Our head goes before anything of the page, so the CSP and the bridge apply from the first byte.
  if (/<head[^>]*>/i.test(page)) return page.replace(/<head[^>]*>/i, (m) => `${m}${top}`);
  if (/<html[^>]*>/i.test(page)) return page.replace(/<html[^>]*>/i, (m) => `${m}<head>${top}</head>`);
  return `<!doctype html><html><head>${top}</head><body>${page}</body></html>`;
}

export interface PreviewOutcome {
  status: RunOutcomeStatus;
  stdout: string;
  stderr: string;
  error?: CodeError;
  durationMs: number;
}

export interface PreviewCallbacks {
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  onDone?(outcome: PreviewOutcome): void;
}

let previews = 0;

/**
 * Renders a preview into `container` (replacing what was there). The outcome
 * is ok when the page rendered without an uncaught error, error when it
 * threw, and timeout when it did not render within `timeLimitMs` (the pane
 * is then removed: an endless loop in it never reaches the app).
 */
export function mountPreview(
  container: HTMLElement,
  source: PreviewSource,
  runtime: PreviewRuntime,
  options: { timeLimitMs: number; title: string },
  callbacks: PreviewCallbacks = {},
): { dispose(): void } {
  const doc = container.ownerDocument;
  const win = doc.defaultView!;
  const previewId = `preview-${Date.now().toString(36)}-${(previews++).toString(36)}`;
  const iframe = doc.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = options.title;
  iframe.className = 'h-full w-full border-0 bg-white';
  iframe.srcdoc = previewDocument(source, runtime, previewId, win.location.origin);
  const t0 = performance.now();
  let stdout = '';
  let stderr = '';
  let error: CodeError | undefined;
  let finished = false;
  const finish = (status: RunOutcomeStatus) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    callbacks.onDone?.({ status, stdout, stderr, error, durationMs: Math.round(performance.now() - t0) });
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow) return;
    const msg = parseMessage(previewToHostSchema, event.data);
    if (!msg || msg.previewId !== previewId) return;
    if (msg.type === 'preview-console') {
      if (msg.stream === 'stdout') stdout += msg.text;
      else stderr += msg.text;
      callbacks.onOutput?.(msg.stream, msg.text);
    } else if (msg.type === 'preview-error') {
      error ??= msg.error;
      const line = `${msg.error.message}${msg.error.line ? ` (line ${msg.error.line})` : ''}\n`;
      stderr += line;
      callbacks.onOutput?.('stderr', line);
      if (!finished) setTimeout(() => finish('error'), 0);
    } else if (msg.type === 'preview-rendered') {
      // Errors reported before rendering finished make it a failed preview.
      setTimeout(() => finish(error ? 'error' : 'ok'), 50);
    }
  };
  win.addEventListener('message', onMessage);
  const timer = setTimeout(() => {
    iframe.remove();
    error = { kind: 'timeout', message: `The preview did not finish rendering within ${options.timeLimitMs / 1000} s and was stopped.` };
    finish('timeout');
  }, options.timeLimitMs);
  container.replaceChildren(iframe);
  return {
    dispose() {
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      iframe.remove();
      finished = true;
    },
  };
}
