// ESLint, flat config: typescript-eslint's recommended rules, React's rules
// of hooks, and no regular expression that can take super-linear time on the
// text it is applied to (model answers, pastes, project files and imports are
// all untrusted; one catastrophic pattern freezes the tab). The layers and
// cycles between folders are checked by dependency-cruiser
// (.dependency-cruiser.cjs, `npm run lint:layers`); formatting by Prettier.
import regexp from 'eslint-plugin-regexp';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The one egress gate. Codelumi's product code (app/, lib/, workers/) reaches no host but this app's own origin and
// the user's Ollama, except through lib/privacy/egress.ts (`hubFetch`, which asks the privacy tier first). So the
// browser's network primitives are off everywhere else, and the few modules that may use them are listed here, each
// with the one place it talks to. A new entry needs the same: a reason it goes nowhere else.
const EGRESS_GATE = 'lib/privacy/egress.ts';
const NETWORK_ALLOWED = [
  EGRESS_GATE,
  // The user's Ollama (the address in Settings): the client, connection checks, model lists, embeddings.
  'lib/ollama/**',
  'lib/learning/embeddings.ts',
  'workers/analysis.worker.ts',
  // This app's own files: the sandbox's frame script, runtime files (served to the frame by the page) and preview
  // runtimes, the build info, the service worker's network fallback for its own pages.
  'lib/runner/host.ts',
  'lib/runner/preview-runtime.ts',
  'workers/sandbox/files.worker.ts',
  // The code sandbox serves Pyodide's files from memory by wrapping fetch; its CSP lets it reach nothing.
  'workers/sandbox/python-program.ts',
  'workers/service-worker.ts',
  'app/_components/settings/about-section.tsx',
  'app/_components/settings/backup-section.tsx',
];
const NETWORK_NAMES = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport'];
const egressMessage = `Requests to other hosts go through ${EGRESS_GATE} (hubFetch); a module that only talks to Ollama or this origin is listed in eslint.config.mjs with why.`;

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
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.ts', 'workers/**/*.ts'],
    ignores: NETWORK_ALLOWED,
    rules: {
      'no-restricted-globals': ['error', ...NETWORK_NAMES.map((name) => ({ name, message: egressMessage }))],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'window', 'self'].flatMap((object) =>
          NETWORK_NAMES.map((property) => ({ object, property, message: egressMessage })),
        ),
        { object: 'navigator', property: 'sendBeacon', message: egressMessage },
      ],
      'no-restricted-imports': [
        'error',
        ...['ollama', 'ollama/browser'].map((name) => ({ name, message: 'Only lib/ollama/ makes the Ollama client.' })),
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
