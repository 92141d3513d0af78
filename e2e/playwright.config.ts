/**
 * Browser tests: the production build (out/) in Chromium, against the fake
 * Ollama. Each worker serves out/ on a free port; each test gets its own
 * fake Ollama on a free port and a fresh browser context (fresh IndexedDB).
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { availableParallelism } from 'node:os';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunchForTests } = require('../scripts/lib/browser.cjs') as typeof import('../scripts/lib/browser.cjs');

const root = path.resolve(__dirname, '..');
// V8's optimising compilers off: why and the figures in scripts/lib/browser.cjs.
const launch = chromiumLaunchForTests();

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // One more than the cores (at most 8: each is a browser of its own). Tests spend part of their time waiting on
  // the fake's timed streams and the page's timers: with one worker per core the machine idled a sixth of the run
  // (2 cores: 471-498 s with 2 workers, 398-408 s with 3, 404 s with 4; all green).
  workers: Number(process.env.CODELUMI_E2E_WORKERS) || Math.min(availableParallelism() + 1, 8),
  retries: 0,
  forbidOnly: true,
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  outputDir: path.join(root, 'test-results', 'e2e'),
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? path.join(root, 'test-results', 'playwright.json') },
    ],
  ],
  use: {
    browserName: 'chromium',
    launchOptions: launch ?? {},
    viewport: { width: 1280, height: 800 },
    // Movement is presentation, and animating Lumi and spinners in every test cost a twentieth of the
    // suite's CPU; the specs about movement (persona-avatar) turn it back on.
    reducedMotion: 'reduce',
    // A page's load is waited for, not checked: on a starved machine only each test's own time limit bounds it.
    navigationTimeout: 0,
    // A failed test keeps its actions, console and network (what a failure on CI is read from) and a
    // screenshot. No screencast (with Lumi's animations it doubled the suite's time) and no DOM snapshot
    // per action (a fifth of the suite's time: 23 tests took 86-91 s without them, 116-118 s with).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false, sources: false },
    screenshot: 'only-on-failure',
    // Off except in the PWA specs (which turn it on): other tests need no offline cache filled for every context.
    serviceWorkers: 'block',
  },
});
