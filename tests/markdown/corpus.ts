/** Markdown where splitting at blank lines goes wrong unless the splitter knows better. */
export const CORPUS: Record<string, string> = {
  'fence opened and never closed': 'Here is the code:\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n',
  'tilde fence holding backtick fences and blank lines': '~~~md\n```js\n\nx\n```\n\n~~~\n\nafter',
  'loose and tight lists, ordered and not':
    '- a\n- b\n\n- c\n\nText.\n\n1. one\n\n   more one\n\n2) two\n\n10. ten\n\nEnd.',
  'nested list with code inside an item':
    '1. Install:\n\n   ```sh\n   npm i\n\n   npm test\n   ```\n\n   - nested\n\n     still nested\n\n2. Run it\n\nDone.',
  'four-space code inside a list item': '- item\n\n      indented code\n\n      more code\n\nafter',
  'table, then a paragraph': '| a | b |\n|---|:-:|\n| 1 | `|` |\n| 2 | **x** |\n\nafter the table\n\n| c |\n|---|',
  'setext heading whose underline comes on the next line': 'Intro.\n\nA title\nover two lines\n===\n\nSub\n---\n\nText',
  'setext underline after a blank line is a rule, not a heading': 'Title\n\n---\n\nText\n\n===',
  'reference-style links defined after use':
    'See [the docs][docs] and [this].\n\nMore text.\n\n[docs]: https://example.com/docs\n[this]: https://example.com "T"',
  'reference definitions inside a quote and a list':
    '[a] and [b]\n\npara\n\n> [a]: https://a.example\n\n- [b]: https://b.example',
  'footnote defined at the end': 'A claim.[^1]\n\nMore.\n\n[^1]: The source.',
  'indented code with blank lines inside': 'Para.\n\n    code line 1\n\n\n    code line 2\n\nafter',
  'HTML comment across blank lines': 'before\n\n<!--\n\nhidden? no: shown as text\n\n-->\n\nafter',
  'pre and script blocks across blank lines':
    '<pre>\n\nkept\n\n</pre>\n\n<script>\n\nalert(1)\n\n</script>\n\n<style>\n\nbody{}\n\n</style>\n\nend',
  'hostile HTML and links':
    '<img src=x onerror=alert(1)>\n\n<iframe src="javascript:alert(1)"></iframe>\n\n[click](javascript:alert(1)) ![img](https://evil.example/x.png)\n\n<div>\n\n**md inside**\n\n</div>',
  'blockquotes separated by a blank line': '> one\n>\n> still one\n\n> two\n\nlazy\n> three\ncontinued',
  'headings, rules and emphasis across blocks': '# H1\n\n***\n\n*start\n\nend*\n\n## H2 ##\n\n___',
  'CRLF line endings': 'one\r\n\r\n- a\r\n\r\n- b\r\n\r\n```\r\ncode\r\n\r\n```\r\n\r\nend',
  'list followed by a one-space-indented line': '- a\n\n b\n\n-   c\n\n    d',
  'HTML block that ends at a blank line':
    '<details>\n<summary>More</summary>\n\nInside *markdown*.\n\n</details>\n\nafter',
  // Found in review: where the splitter misjudged an HTML block it lost track of fences and cut code in two.
  'comment opened in a quote, its end marker inside a later fence':
    '> <!-- note\n\n```js\nconst s = "-->";\n```\n\ntext\n\n```\ncode1\n\ncode2\n```\n\n[x](https://evil.example/phish)',
  'comment start in indented code': 'para\n\n    <!--\n\n```html\n<!-- c -->\n```\n\n```\nx\n\ny\n```',
  'comments and instructions that close themselves': '<!-->\n\n```\na\n-->\n```\n\n```\nx\n\ny\n```\n\n<?>\n\npara',
  'div block holding a fence-like line': '<div>\n```\n</div>\n\n```\nx\n\ny\n```',
  'a no-break space line is not blank': 'Title\n\u00a0\n===\n\nnext',
  'lone carriage returns': '```js\rcode\n\nmore\n```\n\nafter',
  'definitions with an escaped bracket and over two lines':
    'See [a\\]b] and [long label].\n\nMore.\n\n[a\\]b]: https://a.example\n[long\nlabel]: https://l.example',
};
