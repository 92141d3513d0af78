/** The preview runtime files (bridge, React, transpiler), fetched once per page from the app's /runner/ folder. */
import type { PreviewRuntime } from './preview-document';

const cache = new Map<string, Promise<string>>();

function text(url: string, fetchImpl: typeof fetch): Promise<string> {
  let p = cache.get(url);
  if (!p) {
    p = fetchImpl(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.text();
    });
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return p;
}

/** What a preview of `kind` needs; React previews also get React and the transpiler. */
export async function loadPreviewRuntime(
  assetBase: string,
  kind: 'html' | 'react',
  fetchImpl: typeof fetch = fetch.bind(globalThis),
): Promise<PreviewRuntime> {
  if (kind === 'html') return { bridge: await text(`${assetBase}preview.js`, fetchImpl) };
  const [bridge, react, transpiler] = await Promise.all(
    ['preview.js', 'react.js', 'transpiler.js'].map((f) => text(assetBase + f, fetchImpl)),
  );
  return { bridge, react, transpiler };
}
