/**
 * The documents of Codelumi's sandboxes, given to `<iframe sandbox="allow-scripts">`
 * by `srcdoc` (so they load offline, without a request the service worker
 * would have to answer). Each carries its own Content-Security-Policy on top
 * of the one it inherits from the app page:
 * - the runner frame may run its own inline script (by nonce), Blob workers
 *   and WebAssembly, and may fetch nothing (the app page hands it the
 *   runtime files over a private port);
 * - a preview may run the page's inline scripts and styles and show
 *   data:/blob: images, and may fetch, frame or submit nothing at all.
 */

/** Escapes text for a `<script>` element's body (so `</script>` in it cannot close the element). */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Escapes text for an HTML attribute or text node. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The runner frame's CSP: its nonce'd script, Blob workers, WebAssembly; no network at all. */
export function runnerPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' blob: 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/** A preview's CSP: inline scripts and styles of the page itself, no network. */
export const PREVIEW_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'media-src data: blob:',
  "connect-src 'none'",
  "worker-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // No `webrtc 'block'`: Chromium 156 reports it as an unrecognized directive (measured), so the
  // bridge removes RTC* and child frames instead (workers/sandbox/preview-guard.ts).
].join('; ');

/** The runner frame's document; `frameScript` is the bundled frame script. */
export function runnerDocument(options: { frameScript: string; appOrigin: string; nonce: string }): string {
  const config = JSON.stringify({ appOrigin: options.appOrigin });
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(runnerPolicy(options.nonce))}">`,
    '<title>Codelumi sandbox</title></head><body>',
    `<script type="application/json" id="codelumi-sandbox-config">${scriptText(config)}</script>`,
    `<script nonce="${options.nonce}">${scriptText(options.frameScript)}</script>`,
    '</body></html>',
  ].join('');
}

/** A random nonce for a document's CSP. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
