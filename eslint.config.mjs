// ESLint, flat config. For now it guards one promise: no regular expression in
// the project can take super-linear time on the text it is applied to (model
// answers, pastes, project files and imports are all untrusted, and one
// catastrophic pattern freezes the tab). A few correctness rules of
// eslint-plugin-regexp ride along because they catch real bugs and cost
// nothing. Wider style linting is a separate decision; keep this list small.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default [
  {
    // Generated or third-party output: never ours to fix.
    ignores: ['node_modules/**', 'out/**', 'out-*/**', '.next/**', 'public/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    // typescript-eslint's plugin is registered (no rules of it on yet) so the
    // code's existing disable comments for its rules name known rules.
    plugins: { regexp, '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // The point of this config: exponential or polynomial backtracking, both
      // inside one match attempt and across the attempts of a scan (a
      // quadratic "move" on a long line).
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential' }],
      // Correctness: patterns that cannot mean what they say (those the code
      // already passes; no-dupe-disjunctions is a candidate for the wider pass).
      'regexp/no-invalid-regexp': 'error',
      'regexp/no-empty-character-class': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-useless-backreference': 'error',
      'regexp/no-misleading-unicode-character': 'error',
      'regexp/no-lazy-ends': 'error',
    },
  },
];
