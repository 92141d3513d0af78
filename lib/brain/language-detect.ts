/**
 * Telling the language of a code block that came without a fence tag, from
 * what its lines look like. Answers '' when unsure: a wrong tag is worse than
 * none (it would colour and run the code as something it is not).
 */

const RULES: [string, RegExp, number][] = [
  ['python', /^\s*(?:def \w+\(.*\)\s*(?:->\s*[\w\[\], .]+)?:|class \w+(?:\(.*\))?:|import \w+(?:\.\w+)*$|from [\w.]+ import |if __name__ == ['"]__main__['"]:|elif |print\(|self\.)/m, 3],
  ['python', /:\s*$\n\s{4}\S/m, 1],
  ['typescript', /\b(?:interface \w+\s*\{|type \w+\s*=|:\s*(?:string|number|boolean|void|unknown|any|never)\b|as const\b|<\w+(?:, \w+)*>\(|export type |implements \w+|enum \w+ \{|readonly \w+:)/, 3],
  ['javascript', /\b(?:const|let|var) \w+\s*=|=>\s*[{(]?|function\s*\w*\s*\(|console\.log\(|require\(['"]|module\.exports|export (?:default|const|function)|document\.|addEventListener\(/, 2],
  ['bash', /^\s*(?:\$ |#!\/bin\/(?:ba|z)?sh|sudo |apt(?:-get)? |brew |npm (?:i|install|run)\b|pnpm |yarn |pip3? install|cd |ls |mkdir |export \w+=|git (?:clone|commit|push|checkout|rebase|reset|add)\b|docker (?:run|build|compose|exec)\b|curl |chmod |echo )/m, 3],
  ['sql', /^\s*(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW)|ALTER TABLE|WITH \w+ AS)\b/im, 4],
  ['json', /^\s*[{[][\s\S]*[}\]]\s*$/, 0],
  ['html', /^\s*<(?:!doctype html|html|head|body|div|span|section|main|template|script|style|p|ul|button|form)\b/im, 3],
  ['css', /^\s*(?:[.#]?[\w-]+(?:\s*[>+~]?\s*[.#]?[\w-]+)*\s*\{\s*$|@media |@import |:root\s*\{)|^\s*[\w-]+\s*:\s*[^;]+;\s*$/m, 2],
  ['go', /^\s*(?:package \w+|func (?:\(\w+ \*?\w+\) )?\w+\(|import \(|:= )/m, 3],
  ['rust', /^\s*(?:fn \w+|let mut |impl(?:<.*>)? \w+|use std::|pub fn |#\[derive|match \w+ \{)/m, 3],
  ['java', /^\s*(?:public (?:static )?(?:class|void|final)|private \w+ \w+;|System\.out\.println|@Override|package [\w.]+;)/m, 3],
  ['csharp', /^\s*(?:using System|namespace \w+|public (?:async )?Task|Console\.WriteLine|var \w+ = new )/m, 3],
  ['cpp', /^\s*(?:#include <\w+(?:\.h)?>|std::|int main\(|template\s*<)/m, 3],
  ['php', /^\s*(?:<\?php|\$\w+\s*=|echo \$|function \w+\(\$)/m, 3],
  ['ruby', /^\s*(?:def \w+(?:\(.*\))?$|end$|require ['"]|puts |class \w+ < \w+)/m, 2],
  ['yaml', /^\s*[\w.-]+:\s*(?:\S.*)?$\n\s*[\w.-]+:/m, 1],
  ['dockerfile', /^\s*(?:FROM \S+|RUN |COPY |WORKDIR |ENTRYPOINT |CMD \[)/m, 4],
  ['diff', /^(?:@@ -\d+|diff --git|--- a\/|\+\+\+ b\/)/m, 4],
];

/** The fence language for `code`, or '' when no language is clearly indicated. */
export function detectLanguage(code: string): string {
  const text = code.trim();
  if (!text) return '';
  if (/^[{[]/.test(text)) {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      // Not JSON after all: look at the other rules.
    }
  }
  const scores = new Map<string, number>();
  for (const [lang, pattern, weight] of RULES) {
    if (weight > 0 && pattern.test(text)) scores.set(lang, (scores.get(lang) ?? 0) + weight);
  }
  // TypeScript is JavaScript with types: let its own marks decide between them.
  if ((scores.get('typescript') ?? 0) >= 3) scores.set('javascript', 0);
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return '';
  const [best, second] = ranked;
  if (best[1] < 2 || (second && second[1] === best[1])) return '';
  return best[0];
}
