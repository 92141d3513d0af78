/**
 * The streaming view renders an answer block by block (splitMarkdownBlocks,
 * each block parsed alone, the settled ones memoized). These tests render
 * with react-markdown and remark-gfm, as the chat does, and check that the
 * blocks rendered one by one give exactly the HTML of the whole text parsed
 * at once: for a corpus of markdown that is hard to split, at every prefix
 * (what the screen shows while the answer streams) and for the finished text.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { splitMarkdownBlocks } from '@/lib/markdown/blocks';
import { safeUrl } from '@/lib/markdown/safe-url';
import { createPartsProcessor, processParts } from '@/lib/response/response';
import { CORPUS } from './corpus';

const PLUGINS = [remarkGfm];
/** Images as their source, as the chat shows them (an <img> would also make React add a preload link). */
const COMPONENTS: Components = {
  img: ({ src, alt }) => createElement('span', { 'data-src': typeof src === 'string' ? src : '' }, alt),
};

/**
 * Leaves out the line breaks between top-level blocks (whitespace-only text
 * at the root, which the page does not show): a block rendered alone has
 * none before or after it.
 */
const dropBlockSeparators = () => (tree: { children: { type: string; value?: string }[] }) => {
  tree.children = tree.children.filter((c) => !(c.type === 'text' && !c.value?.trim()));
};
const REHYPE = [dropBlockSeparators];

/** The HTML the chat's renderer makes of `text`. */
function render(text: string): string {
  return renderToStaticMarkup(
    createElement(
      Markdown,
      { remarkPlugins: PLUGINS, rehypePlugins: REHYPE, urlTransform: safeUrl, components: COMPONENTS },
      text,
    ),
  );
}

function renderInBlocks(text: string): string {
  return splitMarkdownBlocks(text)
    .map((b) => render(b.text))
    .join('');
}

describe('rendering in blocks gives the HTML of the whole text', () => {
  for (const [name, text] of Object.entries(CORPUS)) {
    it(`${name}: finished`, () => {
      expect(renderInBlocks(text)).toBe(render(text));
    });
    it(`${name}: at every prefix, as while streaming`, () => {
      for (let cut = 1; cut <= text.length; cut++) {
        const prefix = text.slice(0, cut);
        const inBlocks = renderInBlocks(prefix);
        if (inBlocks !== render(prefix)) expect({ prefix, html: inBlocks }).toEqual({ prefix, html: render(prefix) });
      }
    });
  }

  it('never lets raw HTML through as markup, however it is split', () => {
    const html = renderInBlocks(
      CORPUS['hostile HTML and links'] + '\n\n' + CORPUS['pre and script blocks across blank lines'],
    );
    expect(html).not.toMatch(/<(img|iframe|script|style|pre)\b/);
    expect(html).not.toMatch(/(href|src)="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('the parts of a streamed answer are those of the finished one', () => {
  it('growing token by token, the processor ends with the parts processParts gives the whole text', () => {
    for (const text of Object.values(CORPUS)) {
      const process = createPartsProcessor();
      let last = process('');
      // Tokens of a few characters, as a model streams them.
      for (let cut = 3; cut < text.length; cut += 3) last = process(text.slice(0, cut));
      last = process(text);
      expect(last).toEqual(processParts(text));
    }
  });
});
