/** Plans the Planner's tests share: a small Python CLI planned tests-first, as a model would write it. */
import type { Plan } from '@/lib/planner/types';

/** A valid three-step plan (tests first, then code, then a README the user reviews). */
export function cliPlan(): Plan {
  return {
    goal: 'A command-line word counter in Python.',
    files: [
      { path: 'tests/test_words.py', purpose: 'Tests of the counting functions', language: 'python' },
      { path: 'words.py', purpose: 'The counting functions', language: 'python' },
      { path: 'README.md', purpose: 'How to use the tool', language: 'markdown' },
    ],
    steps: [
      {
        id: 's1',
        title: 'Write the tests',
        detail: 'Write pytest-style tests for count_words and top_words.',
        files: ['tests/test_words.py'],
        dependsOn: [],
        check: { kind: 'review', description: 'The tests describe the behaviour.' },
      },
      {
        id: 's2',
        title: 'Count words',
        detail: 'Implement count_words(text) and top_words(text, n) in words.py.',
        files: ['words.py'],
        dependsOn: ['s1'],
        check: { kind: 'test', description: 'The tests pass.', language: 'python', testFile: 'tests/test_words.py' },
      },
      {
        id: 's3',
        title: 'Document it',
        detail: 'Explain how to run the tool.',
        files: ['README.md'],
        dependsOn: ['s2'],
        check: { kind: 'review', description: 'The README explains usage.' },
      },
    ],
  };
}
