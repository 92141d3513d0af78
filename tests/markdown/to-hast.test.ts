/**
 * The chat renders markdown with one shared unified processor
 * (lib/markdown/to-hast.ts) instead of react-markdown's processor per render.
 * These tests check that the HTML is the same as react-markdown's with the
 * chat's options, for hard markdown at every prefix, and that the processor
 * is built once.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { JSX_RUNTIME_OPTIONS, markdownToHast } from '@/lib/markdown/to-hast';
import { safeUrl } from '@/lib/markdown/safe-url';
import { CORPUS } from './corpus';

/** Images and links with their targets visible, so a difference in URL handling shows in the HTML. */
const COMPONENTS: Components = {
  img: ({ src, alt }) => createElement('span', { 'data-src': typeof src === 'string' ? src : '' }, alt),
};

function viaReactMarkdown(text: string): string {
  return renderToStaticMarkup(
    createElement(Markdown, { remarkPlugins: [remarkGfm], urlTransform: safeUrl, components: COMPONENTS }, text),
  );
}

function viaSharedProcessor(text: string): string {
  return renderToStaticMarkup(
    toJsxRuntime(markdownToHast(text), {
      ...JSX_RUNTIME_OPTIONS,
      Fragment,
      components: COMPONENTS,
      jsx,
      jsxs,
    }),
  );
}

const MORE: Record<string, string> = {
  'GFM extras': '~~gone~~ www.example.com https://a.example/x?y=1 <mailto:a@b.example>\n\n- [x] done\n- [ ] todo',
  'unsafe targets': '[a](data:text/html,x) [b](vbscript:x) [c](#top) [d](mailto:x@y.example) ![i](javascript:x)',
  'inline HTML in a paragraph': 'a <b onclick="x()">bold?</b> <a href="javascript:x">link?</a> c',
};

describe('markdown through the shared processor', () => {
  for (const [name, text] of Object.entries({ ...CORPUS, ...MORE })) {
    it(`renders ${name} as react-markdown does, at every prefix`, () => {
      for (let cut = 1; cut <= text.length; cut++) {
        const prefix = text.slice(0, cut);
        const ours = viaSharedProcessor(prefix);
        if (ours !== viaReactMarkdown(prefix))
          expect({ prefix, html: ours }).toEqual({ prefix, html: viaReactMarkdown(prefix) });
      }
    });
  }

  it('keeps raw HTML as text and unsafe link targets out', () => {
    const html = viaSharedProcessor(CORPUS['hostile HTML and links'] + '\n\n' + MORE['unsafe targets']);
    expect(html).not.toMatch(/<(img|iframe|script)\b/);
    expect(html).not.toMatch(/(href|src)="(javascript|data|vbscript):/i);
    expect(html).toContain('&lt;iframe');
  });
});
