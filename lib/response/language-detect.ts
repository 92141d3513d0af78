/**
 * Telling the language of a code block that came without a fence tag, from
 * what its lines look like. Answers '' when unsure: a wrong tag is worse than
 * none (it would colour and run the code as something it is not).
 *
 * The text is the model's (untrusted) and this runs on the main thread for
 * every render of the markdown view, in auto-run and in the worker, so every
 * rule is linear: line rules are anchored at a line start and use `[ \t]`
 * (never `\s`, which crosses lines) for indentation, and no two quantifiers in
 * a rule can hand the same characters back and forth. `npm run lint` enforces
 * this (regexp/no-super-linear-backtracking, regexp/no-super-linear-move).
 */

/**
 * How much of a block the rules read. A language shows in its first lines;
 * the rules are linear, and this cap also makes the work per block a constant,
 * so a block of megabytes costs what a page costs on every re-render.
 */
export const DETECT_MAX_CHARS = 8 * 1024;

const RULES: [string, RegExp, number][] = [
  [
    'python',
    /^[ \t]*(?:def \w+\(.*\)[ \t]*(?:->[\w\[\], .]+)?:|class \w+(?:\(.*\))?:|import \w+(?:\.\w+)*$|from [\w.]+ import |if __name__ == ['"]__main__['"]:|elif |print\(|self\.)/m,
    3,
  ],
  ['python', /:[ \t]*\n(?:[ \t]*\n)*[ \t]{4}\S/, 1],
  [
    'typescript',
    /\b(?:interface \w+[ \t]*\{|type \w+[ \t]*=|:[ \t]*(?:string|number|boolean|void|unknown|any|never)\b|as const\b|<\w+(?:, \w+)*>\(|export type |implements \w+|enum \w+ \{|readonly \w+:)/,
    3,
  ],
  [
    'javascript',
    /\b(?:const|let|var) \w+[ \t]*=|=>|\bfunction\w*(?:[ \t]+\w+)?[ \t]*\(|console\.log\(|require\(['"]|module\.exports|export (?:default|const|function)|document\.|addEventListener\(/,
    2,
  ],
  [
    'bash',
    /^[ \t]*(?:\$ |#!\/bin\/(?:ba|z)?sh|sudo |apt(?:-get)? |brew |npm (?:i|install|run)\b|pnpm |yarn |pip3? install|cd |ls |mkdir |export \w+=|git (?:clone|commit|push|checkout|rebase|reset|add)\b|docker (?:run|build|compose|exec)\b|curl |chmod |echo )/m,
    3,
  ],
  [
    'sql',
    /^[ \t]*(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW)|ALTER TABLE|WITH \w+ AS)\b/im,
    4,
  ],
  [
    'html',
    /^[ \t]*<(?:!doctype html|html|head|body|div|span|section|main|template|script|style|p|ul|button|form)\b/im,
    3,
  ],
  // A selector line (`nav > ul li.active a {`): compound selectors joined by a
  // combinator or by spaces. Each repetition starts with a character the one
  // before cannot end with, so the match is unambiguous.
  [
    'css',
    /^[ \t]*(?:[.#]?[\w-]+(?:[ \t]*[>+~][ \t]*[.#]?[\w-]+|[ \t]+[.#]?[\w-]+|[.#][\w-]+)*[ \t]*\{[ \t]*$|@media |@import |:root[ \t]*\{)|^[ \t]*[\w-]+[ \t]*:[^;\n]+;[ \t]*$/m,
    2,
  ],
  ['go', /^[ \t]*(?:package \w+|func (?:\(\w+ \*?\w+\) )?\w+\(|import \(|:= )/m, 3],
  ['rust', /^[ \t]*(?:fn \w+|let mut |impl(?:<.*>)? \w+|use std::|pub fn |#\[derive|match \w+ \{)/m, 3],
  [
    'java',
    /^[ \t]*(?:public (?:static )?(?:class|void|final)|private \w+ \w+;|System\.out\.println|@Override|package [\w.]+;)/m,
    3,
  ],
  ['csharp', /^[ \t]*(?:using System|namespace \w+|public (?:async )?Task|Console\.WriteLine|var \w+ = new )/m, 3],
  ['cpp', /^[ \t]*(?:#include <\w+(?:\.h)?>|std::|int main\(|template[ \t]*<)/m, 3],
  ['php', /^[ \t]*(?:<\?php|\$\w+[ \t]*=|echo \$|function \w+\(\$)/m, 3],
  ['ruby', /^[ \t]*(?:def \w+(?:\(.*\))?$|end$|require ['"]|puts |class \w+ < \w+)/m, 2],
  ['yaml', /^[ \t]*[\w.-]+:[ \t]*(?:\S.*)?\n(?:[ \t]*\n)*[ \t]*[\w.-]+:/m, 1],
  ['dockerfile', /^[ \t]*(?:FROM \S+|RUN |COPY |WORKDIR |ENTRYPOINT |CMD \[)/m, 4],
  ['diff', /^(?:@@ -\d+|diff --git|--- a\/|\+\+\+ b\/)/m, 4],
];

/**
 * The fence language for `code`, or '' when no language is clearly indicated.
 * Takes time linear in at most DETECT_MAX_CHARS characters of rules (plus one
 * native JSON.parse of the whole block), whatever the text.
 */
export function detectLanguage(code: string): string {
  const text = code.trim();
  if (!text) return '';
  if (/^[{[]/.test(text)) {
    try {
      // Linear and native: safe on the whole block, and a long JSON document
      // is still recognized as one.
      JSON.parse(text);
      return 'json';
    } catch {
      // Not JSON after all: look at the other rules.
    }
  }
  // One line-ending convention, so the line rules need no `\r` in them.
  const head = text.slice(0, DETECT_MAX_CHARS).replace(/\r\n?/g, '\n');
  const scores = new Map<string, number>();
  for (const [lang, pattern, weight] of RULES) {
    if (pattern.test(head)) scores.set(lang, (scores.get(lang) ?? 0) + weight);
  }
  // TypeScript is JavaScript with types: let its own marks decide between them.
  if ((scores.get('typescript') ?? 0) >= 3) scores.set('javascript', 0);
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return '';
  const [best, second] = ranked;
  if (best[1] < 2 || (second && second[1] === best[1])) return '';
  return best[0];
}
