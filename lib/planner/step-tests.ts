/**
 * How many tests a tests file declares, read from its text (no parsing, no
 * run), so a `test` check can tell a run that ran every test from one that
 * ran fewer: skipped, deleted, or never reached. The count is a floor, not
 * an exact figure: a test made in a loop or by parametrize runs more often
 * than it is declared, which never fails a check; a test written in an
 * unusual way (a helper that calls `test`) is not counted, which only makes
 * the floor lower.
 */
import type { CheckLanguage } from './types';

/** Lines that declare a test: `def test…(` in Python; `test(`, `it(`, `test.skip(` … at a line's start in JS/TS. */
const DECLARATION: Record<'python' | 'js', RegExp> = {
  python: /^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/gm,
  js: /^[ \t]*(?:test|it)(?:\.\w+)*[ \t]*\(/gm,
};

/** Lines that skip a test (or a whole file) where it is declared. */
const SKIP: Record<'python' | 'js', RegExp> = {
  python: /^[ \t]*@(?:pytest\.mark\.skip(?:if)?|unittest\.skip\w*)\b|\bpytest\.skip\s*\(|\bself\.skipTest\s*\(/m,
  js: /^[ \t]*(?:test|it|describe)\.(?:skip|todo)\b|^[ \t]*(?:xit|xtest|xdescribe)[ \t]*\(/m,
};

const family = (language: CheckLanguage): 'python' | 'js' => (language === 'python' ? 'python' : 'js');

/** The number of tests `content` declares (see the module's comment). */
export function declaredTests(language: CheckLanguage, content: string): number {
  return content.match(DECLARATION[family(language)])?.length ?? 0;
}

/** True when `content` skips a test where it declares it (`test.skip`, `@pytest.mark.skip` …). */
export function skipsTests(language: CheckLanguage, content: string): boolean {
  return SKIP[family(language)].test(content);
}
