import { describe, expect, it } from 'vitest';
import { previewDocument } from '@/lib/runner/preview';
import { PREVIEW_POLICY, htmlText } from '@/lib/runner/sandbox-document';

const runtime = { bridge: 'window.__bridge = 1;' };
const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${htmlText(PREVIEW_POLICY)}">`;

// Pages that once moved the policy behind the page's own code (it was put after the first `<head…>` match).
const HOSTILE = [
  '<!-- <head> --><header>Menu</header><script>fetch("http://127.0.0.1:9/leak")</script>',
  '<script>const s = "<head>"; fetch("http://127.0.0.1:9/leak")</script>',
  '<script>fetch("http://127.0.0.1:9/leak")</script><html><head><title>t</title></head><body>hi</body></html>',
  '<!doctype html><html lang="en"><head data-x="<head>"><meta charset="utf-8"></head><body><script>fetch("/x")</script></body></html>',
  '<HEAD><script>fetch("/x")</script></HEAD>',
];

describe('preview documents', () => {
  it.each(HOSTILE)('puts the CSP, DNS prefetching off and the bridge before any byte of the page: %s', (page) => {
    const doc = previewDocument({ kind: 'html', code: page }, runtime, 'preview-abc', 'http://app.test');
    expect(doc.startsWith(`<!doctype html>${CSP_META}<meta http-equiv="x-dns-prefetch-control" content="off">`)).toBe(
      true,
    );
    const bridgeAt = doc.indexOf(`<script>${runtime.bridge}</script>`);
    expect(bridgeAt).toBeGreaterThan(0);
    // The page follows our head unchanged: nothing of it comes before the bridge.
    expect(doc.indexOf(page)).toBeGreaterThan(bridgeAt);
    expect(doc.indexOf(page)).toBe(doc.length - page.length);
  });

  it("forbids the network, frames and forms, and allows only the page's inline code", () => {
    expect(PREVIEW_POLICY).toContain("default-src 'none'");
    expect(PREVIEW_POLICY).toContain("connect-src 'none'");
    expect(PREVIEW_POLICY).toContain("form-action 'none'");
    expect(PREVIEW_POLICY).toContain("frame-src 'none'");
    expect(PREVIEW_POLICY).not.toMatch(/https?:|\*|'self'/);
  });

  it('appends sibling CSS and JS after the page, escaping their closing tags, whatever the page contains', () => {
    const page = '<!-- </head> </body> --><p>x</p></body></html>';
    const doc = previewDocument(
      {
        kind: 'html',
        code: page,
        css: ['p{color:red}</style><script>x()</script>'],
        js: ['console.log("</script><b>")'],
      },
      runtime,
      'p',
      'http://app.test',
    );
    expect(
      doc.endsWith(
        `${page}<style>p{color:red}<\\/style><script>x()</script></style><script>console.log("<\\/script><b>")</script>`,
      ),
    ).toBe(true);
  });

  it('keeps the page id and the app origin in a JSON config the bridge reads', () => {
    const doc = previewDocument(
      { kind: 'react', code: 'export default () => null' },
      { ...runtime, react: '', transpiler: '' },
      'preview-123',
      'http://app.test',
    );
    expect(doc).toContain(
      '<script type="application/json" id="codelumi-preview-config">{"previewId":"preview-123","appOrigin":"http://app.test"}</script>',
    );
    expect(doc.startsWith(`<!doctype html>${CSP_META}`)).toBe(true);
  });
});
