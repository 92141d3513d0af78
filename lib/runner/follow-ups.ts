/**
 * The follow-up messages the runner sends the model, in the conversation
 * like any question the user could have typed: "Fix it" (the code and the
 * error) and "Write tests" (the code); and how the runnable block is picked
 * from the model's reply.
 */
import { extractCodeBlocks, type CodeBlock } from '../markdown/code-blocks';
import { safeFence } from '../markdown/fences';
import { languageLabel, runnerLanguage, type RunnerLanguage } from './languages';
import type { RunResult } from './host';

const FENCE: Record<RunnerLanguage, string> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'typescript',
  html: 'html',
  react: 'jsx',
};

function fence(lang: RunnerLanguage, code: string): string {
  const ticks = safeFence(code);
  return `${ticks}${FENCE[lang]}\n${code}\n${ticks}`;
}

function lastLines(text: string, max = 30): string {
  const lines = text.trimEnd().split('\n');
  return (lines.length > max ? ['…', ...lines.slice(-max)] : lines).join('\n');
}

/** The "Fix it" message: the code (and tests) that failed, how it failed, and what to answer with. */
export function fixPrompt(input: {
  language: RunnerLanguage;
  code: string;
  tests?: string;
  outcome: Pick<RunResult, 'status' | 'error' | 'stderr' | 'stdout' | 'failed'>;
}): string {
  const o = input.outcome;
  const what =
    o.status === 'timeout'
      ? `It did not finish within the time limit (${o.error?.message ?? 'timeout'}); look for an endless loop or very slow code.`
      : o.failed > 0
        ? `${o.failed} test${o.failed === 1 ? '' : 's'} failed.`
        : `It failed with ${o.error?.message ?? 'an error'}${o.error?.line ? ` at line ${o.error.line}` : ''}.`;
  const parts = [
    `Fix it: this ${languageLabel(input.language)} code failed when I ran it. ${what}`,
    fence(input.language, input.code),
  ];
  if (input.tests) parts.push('It was run with these tests:', fence(input.language, input.tests));
  const output = lastLines(o.stderr || o.stdout);
  if (output) parts.push('Output:', `\`\`\`text\n${output}\n\`\`\``);
  parts.push(
    `Reply with the complete corrected code in one ${FENCE[input.language]} code block${input.tests ? ' (without the tests)' : ''}, then explain the fix in a sentence.`,
  );
  return parts.join('\n\n');
}

/** The "Write tests" message for a block of code. */
export function testsPrompt(input: { language: RunnerLanguage; code: string }): string {
  const how =
    input.language === 'python'
      ? 'Use plain `assert` statements or pytest-style `test_` functions (no imports of the code: it is already defined above the tests).'
      : "Use `test('name', () => { expect(value).toBe(expected) })` (Jest style; `test` and `expect` are available without imports, and the code is already defined above the tests).";
  return [
    `Write tests for this ${languageLabel(input.language)} code, covering normal cases and edge cases.`,
    fence(input.language, input.code),
    `${how} Reply with the tests only, in one ${FENCE[input.language]} code block.`,
  ].join('\n\n');
}

/** The block of `answer` to run as the new version of a `language` block: the first complete one of that language (JS and TS count as one family). */
export function pickRunnableBlock(
  answer: string,
  language: RunnerLanguage,
): (CodeBlock & { runner: RunnerLanguage }) | undefined {
  const family = (l: RunnerLanguage) => (l === 'typescript' ? 'javascript' : l);
  const blocks = extractCodeBlocks(answer)
    .filter((b) => b.closed)
    .map((b) => ({ ...b, runner: runnerLanguage(b.language, b.code) }))
    .filter((b): b is CodeBlock & { runner: RunnerLanguage } => !!b.runner);
  return blocks.find((b) => b.runner === language) ?? blocks.find((b) => family(b.runner) === family(language));
}
