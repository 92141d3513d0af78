/**
 * A whole Planner session scripted as fake-Ollama rules (TEST DOUBLE, never
 * part of the product): the structured plan (the request that carries
 * `format`), each step's files (matched by the step prompt's first line,
 * `Write step <id>:`), and for a step that should fail first, the fix
 * (matched by `Fix step <id>:`). Rules come as RegExp rules for
 * `fake.script(...)` in-process, or as JSON for `POST /__fake/script`
 * (another process, the e2e), which reads regexes as `{"regex": …}`.
 *
 * The step prompt's wording is lib/planner/step-prompt.ts's
 * (`WRITE_STEP_LEAD`, `FIX_STEP_LEAD`); tests/planner/step-prompt.test.ts
 * fails if the two drift apart.
 */
import type { Plan } from '../../lib/core/plan-records';
import type { Rule } from './types';

/** One step's scripted answers: its files, and (for a step that fails first) the files of the fix that passes. */
export interface SessionStep {
  id: string;
  files: Record<string, string>;
  fix?: Record<string, string>;
  /** A sentence after the files, as a model writes one. */
  prose?: string;
}

export interface PlanSession {
  plan: Plan;
  steps: SessionStep[];
}

const FENCE_WORD: Record<string, string> = {
  js: 'js',
  mjs: 'js',
  ts: 'ts',
  tsx: 'tsx',
  py: 'python',
  md: 'markdown',
  json: 'json',
  html: 'html',
};

/** An answer as a model writes it: each file in a fence labelled with its language and path, then a sentence. */
export function stepAnswer(files: Record<string, string>, prose = 'Done.'): string {
  const blocks = Object.entries(files).map(([path, content]) => {
    const ext = path.slice(path.lastIndexOf('.') + 1);
    const ticks = content.includes('```') ? '````' : '```';
    return `${ticks}${FENCE_WORD[ext] ?? ''} ${path}\n${content.replace(/\n$/, '')}\n${ticks}`;
  });
  return [...blocks, prose].join('\n\n');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regex source matching a step prompt's (or fix prompt's) first line for `stepId`. */
export const writeStepPattern = (stepId: string) => `^Write step ${escape(stepId)}:`;
export const fixStepPattern = (stepId: string) => `^Fix step ${escape(stepId)}:`;

/** The session as rules for `fake.script(...)`: the plan first, then each step's write and fix. */
export function planSessionRules(session: PlanSession): Rule[] {
  return [
    { match: { endpoint: 'chat', format: true }, reply: { content: JSON.stringify(session.plan) } },
    ...session.steps.flatMap((s): Rule[] => [
      ...(s.fix
        ? [{ match: { lastUser: new RegExp(fixStepPattern(s.id)) }, reply: { content: stepAnswer(s.fix, 'Fixed.') } }]
        : []),
      { match: { lastUser: new RegExp(writeStepPattern(s.id)) }, reply: { content: stepAnswer(s.files, s.prose) } },
    ]),
  ];
}

/** The same rules as JSON, for `POST /__fake/script` (regexes as `{"regex": …}`). */
export function planSessionJson(session: PlanSession): unknown[] {
  return planSessionRules(session).map((rule) => ({
    ...rule,
    match: {
      ...rule.match,
      ...(rule.match?.lastUser instanceof RegExp ? { lastUser: { regex: rule.match.lastUser.source } } : {}),
    },
  }));
}

/**
 * The demo session: a word-count library in JavaScript (ES modules that
 * import each other), three steps. Step s2's first answer counts "The" and
 * "the" apart, so its test fails; its fix lower-cases the words and passes.
 * Step s3 (a README) is checked by the user's review.
 */
export const DEMO_PLAN_SESSION: PlanSession = {
  plan: {
    goal: 'A small JavaScript library that counts the words of a text, with tests',
    files: [
      { path: 'src/words.js', purpose: 'Splits a text into lower-case words' },
      { path: 'src/words.test.js', purpose: 'Tests of the splitting' },
      { path: 'src/count.js', purpose: 'Counts how often each word occurs' },
      { path: 'src/count.test.js', purpose: 'Tests of the counting' },
      { path: 'README.md', purpose: 'How to use the library' },
    ],
    steps: [
      {
        id: 's1',
        title: 'Split text into words',
        detail: 'Write words(text): the words of the text (letters and apostrophes), in order.',
        files: ['src/words.js', 'src/words.test.js'],
        dependsOn: [],
        check: {
          kind: 'test',
          description: 'The splitting tests pass.',
          language: 'javascript',
          testFile: 'src/words.test.js',
        },
      },
      {
        id: 's2',
        title: 'Count word frequencies',
        detail: 'Write countWords(text): an object from each word, case ignored, to how often it occurs.',
        files: ['src/count.js', 'src/count.test.js'],
        dependsOn: ['s1'],
        check: {
          kind: 'test',
          description: 'The counting tests pass.',
          language: 'javascript',
          testFile: 'src/count.test.js',
        },
      },
      {
        id: 's3',
        title: 'Write the README',
        detail: 'Explain what the library does and show countWords in an example.',
        files: ['README.md'],
        dependsOn: ['s2'],
        check: { kind: 'review', description: 'The user reads the README.' },
      },
    ],
  },
  steps: [
    {
      id: 's1',
      files: {
        'src/words.js': "export function words(text) {\n  return text.match(/[A-Za-z']+/g) ?? [];\n}\n",
        'src/words.test.js':
          "import { words } from './words.js';\n\ntest('splits on spaces and punctuation', () => {\n  expect(words('Hello, big world!')).toEqual(['Hello', 'big', 'world']);\n});\n\ntest('an empty text has no words', () => {\n  expect(words('')).toEqual([]);\n});\n",
      },
      prose: 'words() splits on anything that is not a letter or an apostrophe.',
    },
    {
      id: 's2',
      files: {
        'src/count.js':
          "import { words } from './words.js';\n\nexport function countWords(text) {\n  const counts = {};\n  for (const w of words(text)) counts[w] = (counts[w] ?? 0) + 1;\n  return counts;\n}\n",
        'src/count.test.js':
          "import { countWords } from './count.js';\n\ntest('counts each word, case ignored', () => {\n  expect(countWords('The cat and the hat')).toEqual({ the: 2, cat: 1, and: 1, hat: 1 });\n});\n",
      },
      fix: {
        'src/count.js':
          "import { words } from './words.js';\n\nexport function countWords(text) {\n  const counts = {};\n  for (const w of words(text)) {\n    const word = w.toLowerCase();\n    counts[word] = (counts[word] ?? 0) + 1;\n  }\n  return counts;\n}\n",
      },
      prose: 'countWords() counts each word of words().',
    },
    {
      id: 's3',
      files: {
        'README.md':
          "# Word count\n\n```js\nimport { countWords } from './src/count.js';\ncountWords('The cat and the hat'); // { the: 2, cat: 1, and: 1, hat: 1 }\n```\n",
      },
    },
  ],
};
