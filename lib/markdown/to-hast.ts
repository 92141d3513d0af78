/**
 * An answer's markdown as an HTML tree (hast), exactly as react-markdown with
 * remark-gfm makes it, with one unified processor for the whole page instead
 * of one per render: building and freezing a processor (remark-parse,
 * remark-gfm's micromark extensions, remark-rehype) costs several times the
 * parse of a short block, and a streaming answer renders its last block every
 * frame. The React side (`toJsxRuntime`) is app/_components/chat/markdown/.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import { visit } from 'unist-util-visit';
import { urlAttributes } from 'html-url-attributes';
import { VFile } from 'vfile';
import { safeUrl } from './safe-url';

function buildProcessor() {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      // As react-markdown: raw HTML reaches the tree as `raw` nodes, turned into text below.
      .use(remarkRehype, { allowDangerousHtml: true })
      .freeze()
  );
}

type AnswerProcessor = ReturnType<typeof buildProcessor>;
/** An HTML tree (hast root), as `toJsxRuntime` takes it. */
export type AnswerTree = ReturnType<AnswerProcessor['runSync']>;

let processor: AnswerProcessor | undefined;

/**
 * The options react-markdown 10 passes to `toJsxRuntime` besides the JSX
 * functions and components: with them the tree renders as it did there.
 */
export const JSX_RUNTIME_OPTIONS = { ignoreInvalidStyle: true, passKeys: true, passNode: true } as const;

/** The page's one markdown → hast processor (GFM; raw HTML kept as `raw` nodes), built and frozen on first use. */
function answerProcessor(): AnswerProcessor {
  processor ??= buildProcessor();
  return processor;
}

/**
 * The hast of `text` with react-markdown's post-processing and the chat's
 * options: raw HTML becomes plain text (never markup), and every URL
 * attribute goes through `safeUrl` (http(s), mailto and `#…` only).
 * A fresh tree per call, safe to hand to `toJsxRuntime`.
 */
export function markdownToHast(text: string): AnswerTree {
  const p = answerProcessor();
  const file = new VFile();
  file.value = text;
  const tree = p.runSync(p.parse(file), file);
  visit(tree, (node, index, parent) => {
    if (node.type === 'raw' && parent && typeof index === 'number') {
      parent.children[index] = { type: 'text', value: node.value };
      return index;
    }
    if (node.type !== 'element') return;
    for (const key in urlAttributes) {
      if (!Object.hasOwn(urlAttributes, key) || !Object.hasOwn(node.properties, key)) continue;
      const test = urlAttributes[key];
      if (test === null || test.includes(node.tagName))
        node.properties[key] = safeUrl(String(node.properties[key] || ''));
    }
  });
  return tree;
}
