import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Plugin } from 'vite';

/** Python sources (the sandbox's harness) load as text, as esbuild and Turbopack load them for the app. */
const pythonAsText: Plugin = {
  name: 'codelumi-python-as-text',
  enforce: 'pre',
  load(id) {
    const file = id.split('?')[0];
    if (!file.endsWith('.py')) return null;
    return `export default ${JSON.stringify(readFileSync(file, 'utf8'))};`;
  },
};

export default defineConfig({
  plugins: [pythonAsText],
  resolve: { alias: { '@': fileURLToPath(new URL('..', import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Vitest's default leaves one core free: on a 2-core machine that ran every file one after another. One more
    // than the cores: files wait on spawned CLIs, servers and databases (2 cores: 62-64 s with 2, 58-59 s with 3).
    maxWorkers: availableParallelism() + 1,
    // Each file gets fresh state from its own databases (tests/support/db), fake Ollama and fake timers it puts
    // back, so files share one module graph per worker: importing Dexie, zod and lib/ again for each of 185
    // files cost 156 s of the run's import time (52 s shared) and two fifths of its CPU.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
