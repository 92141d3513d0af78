/**
 * Markdown reduced to the words a reader sees, for places that show text
 * without rendering it (search snippets): no fence lines, emphasis stars,
 * backticks, heading or quote marks, table rules; links keep their text.
 */

/** The visible words of `markdown`. Code keeps its characters; only markup around it goes. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^ {0,3}(?:`{3,}(?!`)|~{3,}(?!~)).*$/gm, ' ')
    .replace(/^[ \t]*(?:\|[ \t]*)?:?-{3,}:?(?:[ \t]*\|[ \t]*:?-{3,}:?)+[ \t]*(?:\|[ \t]*)?$/gm, ' ')
    .replace(/!?\[([^[\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g, '$1$2')
    .replace(/`+/g, '')
    .replace(/^ {0,3}(#{1,6}[ \t]+|>[ \t]?)+/gm, '')
    .replace(/^[ \t]*\|[ \t]*|(?<![ \t])[ \t]*\|[ \t]*$/gm, '');
}
