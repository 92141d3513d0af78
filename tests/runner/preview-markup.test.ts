import { describe, expect, it } from 'vitest';
import { FRAME_LINE, containPage } from '@/lib/runner/preview-markup';

// A tiny stand-in for DOMParser (the node test environment has no DOM): flat tags with attributes.
// The browser behaviour itself is checked by e2e/preview-escape.spec.ts.
interface FakeElement {
  namespaceURI: string;
  localName: string;
  attrs: Map<string, string>;
  removed: boolean;
}
function fakeParse(text: string): Document {
  const elements: FakeElement[] = [...text.matchAll(/<(\w+)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*>/g)].map((m) => ({
    namespaceURI: 'http://www.w3.org/1999/xhtml',
    localName: m[1].toLowerCase(),
    attrs: new Map([...m[2].matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? ''])),
    removed: false,
  }));
  const view = (e: FakeElement) => ({
    namespaceURI: e.namespaceURI,
    localName: e.localName,
    hasAttribute: (n: string) => e.attrs.has(n),
    getAttribute: (n: string) => e.attrs.get(n) ?? null,
    removeAttribute: (n: string) => e.attrs.delete(n),
    remove: () => (e.removed = true),
    content: { querySelectorAll: () => [] },
  });
  const views = elements.map(view);
  const serialise = () =>
    elements
      .filter((e) => !e.removed)
      .map((e) => `<${e.localName}${[...e.attrs].map(([k, v]) => ` ${k}="${v}"`).join('')}>`)
      .join('');
  return {
    querySelectorAll: () => views,
    documentElement: {
      get outerHTML() {
        return serialise();
      },
    },
  } as unknown as Document;
}

describe('containPage', () => {
  it('cuts declarative shadow roots, frames, refresh, base and connect-ahead links, and says what it cut', () => {
    const page =
      '<div><template shadowrootmode="closed"><iframe srcdoc="x"><meta http-equiv="refresh" content="0"><base href="http://x.test/"><link rel="preconnect" href="http://x.test"><link rel="stylesheet" href="a.css"><noscript>';
    const r = containPage(page, fakeParse);
    expect(r.html).toBe('<!doctype html><div><template><link rel="stylesheet" href="a.css">');
    expect(r.blocked).toEqual([
      expect.stringMatching(/^Blocked: a declarative shadow root/),
      FRAME_LINE,
      expect.stringMatching(/^Blocked: a meta refresh/),
      expect.stringMatching(/^Blocked: a <base> element/),
      expect.stringMatching(/^Blocked: a preconnect link to http:\/\/x\.test/),
    ]);
  });

  it("names a frame's address, and says nothing for a page with nothing to cut", () => {
    expect(containPage('<iframe src="http://x.test/f">', fakeParse).blocked).toEqual([
      'Blocked: frame of http://x.test/f (previews cannot use the network)\n',
    ]);
    expect(containPage('<p class="a">', fakeParse)).toEqual({ html: '<!doctype html><p class="a">', blocked: [] });
  });

  it('refuses a page whose markup still has something to cut each time it is read again', () => {
    // A parse that always finds a new frame: the serialised page never settles.
    const unsettled = (text: string) => fakeParse(`${text}<iframe>`);
    const r = containPage('<p>', unsettled);
    expect(r.html).not.toContain('iframe');
    expect(r.blocked.at(-1)).toMatch(/^Blocked: this page \(its markup changes each time it is read/);
  });
});
