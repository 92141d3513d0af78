/**
 * The runner's runtime comes through the app page, so the service worker
 * serves it: Python is downloaded once, a later page takes it from the
 * worker's cache, and with the network off a fresh page still runs Python.
 */
import { test, expect } from './fixtures';
import { expectControlled } from './support/pwa';
import { refuse, served } from './support/app-server';
import { attachRunner } from '../scripts/eval/runner-browser';
import { pythonTestLaunch } from './support/runner';
import { RUNTIME_FILES } from '../lib/runner/runtime-server';

test.use({ serviceWorkers: 'allow' });
// Python starts in every test: its WebAssembly runs unoptimised here (see pythonTestLaunch).
test.use({ launchOptions: pythonTestLaunch() });

// The frame and the files worker, then every file the files worker may hand the frame.
const RUNTIME = ['frame.js', 'files.js', ...RUNTIME_FILES];
const WASM = '/runner/pyodide/pyodide.asm.wasm';

test('Python is downloaded once: a later page takes it from the service worker, and a fresh page runs Python offline', async ({
  page,
  context,
  fake,
  openApp,
  app,
}) => {
  test.setTimeout(420_000);
  const { hits, stop } = served(app.server, [WASM]);
  await openApp('/settings/');
  await expectControlled(page);

  // The first page downloads the runtime, through the page and so through the service worker.
  const first = await attachRunner(page);
  const r1 = await first.run({ language: 'python', code: "print('first page')", timeLimitMs: 120_000 });
  expect(r1.status, r1.error?.message).toBe('ok');
  expect(r1.stdout).toBe('first page\n');
  expect(hits).toEqual([WASM]);
  // The worker keeps each file once its whole body has arrived.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('codelumi-runner-'));
          if (!name) return [];
          const keys = await (await caches.open(name)).keys();
          return keys.map((k) => new URL(k.url).pathname.slice('/runner/'.length)).sort();
        }),
      { timeout: 60_000 },
    )
    .toEqual([...RUNTIME].sort());

  // A later page of the same browser: nothing of the runtime is downloaded again.
  const later = await context.newPage();
  await later.goto(`${app.url}/settings/`);
  const second = await attachRunner(later);
  const r2 = await second.run({ language: 'python', code: "print('later page')", timeLimitMs: 120_000 });
  expect(r2.status, r2.error?.message).toBe('ok');
  expect(r2.stdout).toBe('later page\n');
  expect(hits).toEqual([WASM]);
  stop();
  await later.close();

  // The network off: every request fails, at the browser and at the app's server, the app's own origin
  // included. Ollama on loopback stays reachable, as it does for a real machine that goes offline.
  const ollama = new URL(fake.url).origin;
  await context.route(
    (url) => url.origin !== ollama,
    (route) => route.abort('internetdisconnected'),
  );
  const server = refuse(app.server, () => true);
  try {
    const offline = await context.newPage();
    await offline.goto(`${app.url}/settings/`);
    const third = await attachRunner(offline);
    const r3 = await third.run({ language: 'python', code: "print('offline', 6 * 7)", timeLimitMs: 120_000 });
    expect(r3.status, r3.error?.message).toBe('ok');
    expect(r3.stdout).toBe('offline 42\n');
    // Nothing reached the app's server but the browser's own update check of the worker script (which never
    // goes through the worker): the page and the runtime came from the service worker.
    expect(server.refused.filter((p) => p !== '/sw.js')).toEqual([]);
  } finally {
    server.restore();
  }
});
