// ESLint, flat config: typescript-eslint's recommended rules, React's rules
// of hooks, and no regular expression that can take super-linear time on the
// text it is applied to (model answers, pastes, project files and imports are
// all untrusted; one catastrophic pattern freezes the tab). The layers and
// cycles between folders are checked by dependency-cruiser
// (.dependency-cruiser.cjs, `npm run lint:layers`); formatting by Prettier.
import regexp from 'eslint-plugin-regexp';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated or third-party output: never ours to fix.
    ignores: [
      'node_modules/**',
      'out/**',
      'out-*/**',
      '.next/**',
      'public/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential' }],
      'regexp/no-invalid-regexp': 'error',
      'regexp/no-empty-character-class': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-useless-backreference': 'error',
      'regexp/no-misleading-unicode-character': 'error',
      'regexp/no-lazy-ends': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests, test doubles and tools take arbitrary JSON at their edges (a seeded row, a request body the fake
    // Ollama parses): `any` is allowed there, never in the product (app/, lib/, workers/).
    files: ['tests/**', 'e2e/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS files (loaded by Playwright's config and the scripts) use require by definition.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs['recommended-latest'].rules },
  },
);
