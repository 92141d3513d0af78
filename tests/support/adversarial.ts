/**
 * Inputs built to make a backtracking regular expression blow up: long runs of
 * one character class (where two quantifiers can trade characters), nested
 * and unclosed constructs, and huge single lines next to very many short ones.
 * A linear detector goes through each in milliseconds; a super-linear one
 * takes seconds to forever. Deterministic (seeded), about 100 KB each at most.
 */
import { seededRandom } from './random';

const KB = 1024;

/** `unit` repeated to about `size` characters. */
function fill(unit: string, size = 100 * KB): string {
  return unit.repeat(Math.max(1, Math.floor(size / unit.length)));
}

/** A random text over `alphabet` (characters regular expressions care about). */
function noise(alphabet: string, size: number, seed: number): string {
  const random = seededRandom(seed);
  let out = '';
  while (out.length < size) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** Name → adversarial text. */
export const ADVERSARIAL: Record<string, string> = {
  // The reported freeze and its relatives: runs of word characters.
  'identifier call (48 letters)': 'calculateTotalPriceIncludingTaxesForCustomer();',
  'identifier, 30 letters, no suffix': 'a'.repeat(30),
  'identifier, 100k letters': fill('a'),
  'identifier, 100k letters + ();': `${fill('a')}();`,
  'identifier, 100k letters + {': `${fill('a')} {`,
  'words and spaces, one 100 KB line': fill('word '),
  'words and single spaces then !': `${fill('a ')}!`,
  'dashes and words': fill('a-'),
  'dotted names': `${fill('a.')}(`,
  'scoped names': fill('a::'),
  'selectors with combinators': `${fill('a > b ')}`,
  // Whitespace: long runs, alone and between things.
  'spaces, 100k': fill(' '),
  'spaces then x': `${fill(' ')}x`,
  'tabs then x': `${fill('\t')}x`,
  'spaces and tabs mixed then !': `a${fill(' \t')}!`,
  'colon then 100k spaces': `a:${fill(' ')}b`,
  'spaces then newline, many lines': fill(' \n'),
  'newlines, 100k': `a${fill('\n')}b`,
  'CRLF lines': fill('a\r\n'),
  'blank lines between keys': `a:${fill('\n   ')}`,
  // Many short lines.
  'short lines a': fill('a\n'),
  'short lines key:': fill('a:\n'),
  'short lines of "key: value"': fill('key: value\n'),
  'short lines indented': fill('    x\n'),
  'short lines of "- item"': fill('- item\n'),
  'short lines of numbers "1."': fill('1. \n'),
  'short lines of ">"': fill('> \n'),
  // Nesting and unclosed constructs.
  'open parens': fill('('),
  'nested parens': `${fill('(', 50 * KB)}${fill(')', 50 * KB)}`,
  'open brackets': fill('['),
  'nested brackets': `${fill('[', 50 * KB)}x${fill(']', 50 * KB)}`,
  'open braces': fill('{'),
  'nested braces with keys': fill('{"a":'),
  'angle brackets': fill('<'),
  'open tags': fill('<a '),
  'open think tags': fill('<think>'),
  'think tag then noise': `<think>${fill('</think')}`,
  // Repeated punctuation.
  'repeated a:': fill('a:'),
  'repeated ::': fill(':'),
  'repeated ;': fill(';'),
  backslashes: fill('\\'),
  'double quotes': fill('"'),
  'single quotes': fill("'"),
  backticks: fill('`'),
  tildes: fill('~'),
  asterisks: fill('*'),
  underscores: fill('_'),
  hashes: fill('#'),
  dots: fill('.'),
  'exclamation marks': fill('!'),
  hyphens: fill('-'),
  slashes: fill('/'),
  'at signs and paths': fill('@a/'),
  equals: fill('='),
  dollars: fill('$'),
  zeros: fill('0'),
  'digits and dots': fill('1.'),
  // Fences.
  'unclosed fence, 100 KB code': `\`\`\`\n${fill('x = 1\n')}`,
  'unclosed fence with a long info string': `\`\`\`${fill('a')}\n`,
  'many fence openers': fill('```\n'),
  'long fence run': `${fill('`')}\n`,
  'fence of tildes then text': `${fill('~')} x`,
  // Error and log shapes.
  'error prefix then spaces': `Error:${fill(' ')}`,
  'many "Error:" lines': fill('Error: x\n'),
  'stack frames': fill('    at a.b.c (file.js:1:1)\n'),
  'unclosed stack frame': `    at ${fill('a.')}`,
  'python traceback frames': fill('  File "a.py", line 1, in f\n'),
  'log timestamps': fill('2024-01-01 00:00:00 '),
  'url with a long host': `http://${fill('a')}`,
  'url-like repeats': fill('http://a/'),
  // Globs (a hostile .gitignore).
  'many stars': fill('*a', 2 * KB) + '*b',
  'many double stars': fill('**/a/', 2 * KB) + 'b',
  // Random text over the characters patterns care about.
  'noise: punctuation and spaces': noise(' \t\n:;,.()[]{}<>/\\"\'`*_#@-=+!?', 100 * KB, 1),
  'noise: words, spaces, colons and newlines': noise('aaab  ::\n\n', 100 * KB, 2),
  'noise: markdown': noise('`~*_#>-[]()!\n a1.', 100 * KB, 3),
};
