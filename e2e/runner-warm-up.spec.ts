import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ask, codeBlock, fenced, pythonTestLaunch } from './support/runner';
import { refuse, served } from './support/app-server';
import { attachRunner } from '../scripts/eval/runner-browser';

// Python warms up where it runs by itself (auto-run on, the product's default).
test.use({ autoRunCode: true });
// Python starts in every test: its WebAssembly runs unoptimised here (see pythonTestLaunch).
test.use({ launchOptions: pythonTestLaunch() });

const WASM = '/runner/pyodide/pyodide.asm.wasm';
const STDLIB = '/runner/pyodide/python_stdlib.zip';
const SNAPSHOT = '/runner/pyodide/harness.snapshot';

/** Prose after an answer's code, streamed slowly: the answer is still arriving for tens of seconds after its code. */
/** Nothing of Python is fetched while the page idles; pointing at Run (the sign a run is coming) loads it once. */
async function loadsOnlyOnHover(page: Page, sandbox: string[]): Promise<void> {
  const run = codeBlock(page).block.getByRole('button', { name: 'Run the Python code' });
  await expect(run).toBeVisible();
  await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 1000 })));
  expect(sandbox).toEqual([]);
  await run.hover();
  await expect.poll(() => sandbox.filter((p) => p === WASM).length, { timeout: 60_000 }).toBe(1);
}

const TAIL = 'Here is how it works, step by step, with the reasons for each step. '.repeat(40);

test.describe('Python starts loading before its first run', () => {
  test('while an answer streams, its Python that will run by itself starts loading; its auto-run downloads nothing more', async ({
    page,
    fake,
    openApp,
    app,
  }) => {
    test.setTimeout(300_000);
    const code = "print('warm hello')";
    // Slow (the server's pace, which a running stream follows) until the warm-up is seen mid-answer.
    fake.setTokensPerSecond(12);
    fake.script([
      { match: { lastUser: 'greet' }, reply: { content: `Sure:\n\n${fenced('python', code)}\n\n${TAIL}` } },
    ]);
    const { hits: wasm, stop } = served(app.server, [WASM]);
    await openApp('/');
    expect(wasm).toHaveLength(0);
    await ask(page, 'greet in python');
    const answer = page.locator('article[data-role="assistant"]').last();
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    // The runtime is on its way while the answer is still arriving.
    await expect.poll(() => wasm.length, { timeout: 60_000 }).toBe(1);
    expect(await answer.getAttribute('data-status')).toBe('streaming');
    // The rest of the tail (tens of seconds at 12 per second) proves nothing more: it comes at the fake's usual pace.
    fake.setTokensPerSecond(400);

    // The answer ends; its auto-run uses what the warm-up fetched.
    const b = codeBlock(page);
    await expect(b.stdout).toHaveText('warm hello', { timeout: 180_000 });
    await expect(b.status).toHaveText('OK');
    expect(wasm).toHaveLength(1);
    stop();
  });

  test('an interpreter loaded ahead serves one run only: the next run does not see what it did', async ({
    page,
    openApp,
    app,
  }) => {
    test.setTimeout(300_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const { hits, stop } = served(app.server, [WASM]);
    await runner.warmUp();
    await expect.poll(() => hits.length, { timeout: 60_000 }).toBe(1);
    stop();
    const first = await runner.run({
      language: 'python',
      code: "import builtins, sys\nbuiltins.left_behind = 1\nsys.modules['json'] = None\nprint('first')",
      timeLimitMs: 120_000,
    });
    expect(first.status, first.error?.message).toBe('ok');
    expect(first.stdout).toBe('first\n');
    const second = await runner.run({
      language: 'python',
      code: "import builtins, json\nprint(hasattr(builtins, 'left_behind'), json.dumps([1]))",
      timeLimitMs: 120_000,
    });
    expect(second.status, second.error?.message).toBe('ok');
    expect(second.stdout).toBe('False [1]\n');
  });

  test('every interpreter draws its own random numbers, also those started from the snapshot', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(300_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const draws: string[] = [];
    // The first interpreter makes the snapshot; the next two both start from it.
    for (let i = 0; i < 3; i++) {
      const r = await runner.run({
        language: 'python',
        code: 'import random, os\nprint(random.random(), random.getrandbits(64), os.urandom(8).hex())',
        timeLimitMs: 120_000,
      });
      expect(r.status, r.error?.message).toBe('ok');
      draws.push(r.stdout);
    }
    expect(new Set(draws).size, draws.join('')).toBe(3);
    const randoms = draws.map((d) => d.split(' ')[0]);
    expect(new Set(randoms).size, draws.join('')).toBe(3);
  });

  test('Python starts from the snapshot the build ships; a damaged or missing one only means the slow start', async ({
    page,
    context,
    openApp,
  }) => {
    test.setTimeout(300_000);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.text().includes('Python snapshot') && warnings.push(m.text())));
    // What the app's file server answered for the snapshot (its worker fetches the runtime for the sandbox).
    const answered: number[] = [];
    context.on('response', (r) => void (new URL(r.url()).pathname === SNAPSHOT && answered.push(r.status())));
    await openApp('/settings/');
    /** Two runs in a new page (a new sandbox): the first interpreter's start, and the next one's. */
    const twoRuns = async (what: string) => {
      await page.reload();
      const runner = await attachRunner(page);
      for (const n of [1, 2]) {
        const r = await runner.run({ language: 'python', code: `print('${what} ${n}')`, timeLimitMs: 120_000 });
        expect(r.status, r.error?.message).toBe('ok');
        expect(r.stdout).toBe(`${what} ${n}\n`);
      }
    };
    await twoRuns('shipped');
    // Fetched once, and both interpreters started from it without a word: it holds this harness.
    expect([answered, warnings]).toEqual([[200], []]);

    // Bytes that are no snapshot: the first interpreter starts the slow way and makes one, which the next starts from.
    await context.route(`**${SNAPSHOT}`, (route) => route.fulfill({ status: 200, body: Buffer.alloc(1 << 20, 7) }));
    await twoRuns('damaged');
    expect(warnings).toEqual([expect.stringContaining('the Python snapshot could not be restored')]);
    await context.unroute(`**${SNAPSHOT}`);

    // A build without one (the snapshot could not be made): the same, without a word.
    await context.route(`**${SNAPSHOT}`, (route) => route.fulfill({ status: 404, body: 'not here' }));
    await twoRuns('missing');
    expect(warnings).toHaveLength(1);
  });

  test('a warm-up whose load fails while the run waits for it leaves the run to start Python itself', async ({
    page,
    context,
    openApp,
  }) => {
    test.setTimeout(300_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    // The app's file-server worker fetches the runtime for the sandbox: the warm-up's download of the standard
    // library is held until the run has reached the sandbox and waits for that interpreter, then refused; the
    // run's own attempt gets the file.
    let stdlibRequests = 0;
    await context.route(`**${STDLIB}`, async (route) => {
      if (stdlibRequests++ > 0) return route.continue();
      await expect.poll(() => runner.loadingHeard(), { timeout: 120_000 }).toBeGreaterThan(0);
      await route.fulfill({ status: 503, body: 'unavailable' });
    });
    await runner.warmUp();
    const r = await runner.run({ language: 'python', code: "print('cold after all')", timeLimitMs: 120_000 });
    expect(r.status, r.error?.message).toBe('ok');
    expect(r.stdout).toBe('cold after all\n');
    expect(stdlibRequests).toBe(2);
  });

  test('when Python cannot load at all, the run says so as without a warm-up', async ({ page, openApp, app }) => {
    test.setTimeout(120_000);
    const server = refuse(app.server, (path) => path === STDLIB);
    try {
      await openApp('/settings/');
      const runner = await attachRunner(page);
      await runner.warmUp();
      await expect.poll(() => server.refused.length, { timeout: 60_000 }).toBe(1);
      const r = await runner.run({ language: 'python', code: "print('never')" });
      expect(r.status).toBe('error');
      expect(r.error).toMatchObject({
        kind: 'unavailable',
        message: 'The Python runtime could not be loaded: pyodide/python_stdlib.zip: HTTP 503',
      });
      // One attempt for the warm-up, one for the run: nothing is retried behind the user's back.
      expect(server.refused).toEqual([STDLIB, STDLIB]);
    } finally {
      server.restore();
    }
  });
});

test.describe('Python where it would not run by itself', () => {
  test('an answer from history, and a streaming answer whose Python reads input, load nothing until the pointer is on Run', async ({
    page,
    fake,
    seed,
    openApp,
    app,
  }) => {
    test.setTimeout(180_000);
    const { conversationId } = await seed((t, spec) => t.seedConversation(spec), {
      title: 'Greeting',
      turns: [{ question: 'greet', answer: `Sure:\n\n${fenced('python', "print('hi')")}\n` }],
    });
    // input() makes the block one the auto-run leaves to the Run button.
    fake.script([
      {
        match: { lastUser: 'ask my name' },
        reply: {
          content: `Sure:\n\n${fenced('python', "name = input('name? ')\nprint(name)")}\n\n${TAIL.slice(0, 700)}`,
          tokensPerSecond: 40,
        },
      },
    ]);
    const { hits: sandbox, stop } = served(app.server, ['/runner/frame.js', WASM]);
    await openApp(`/?c=${conversationId}`);
    await expect(codeBlock(page).block.getByRole('button', { name: 'Run the Python code' })).toBeVisible();
    await ask(page, 'ask my name');
    const answer = page.locator('article[data-role="assistant"]').last();
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    // The answer streams for seconds after its code: a warm-up asked for then (it waits at most 1 s for an
    // idle moment) would have gone out by the time the answer ends.
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
    await loadsOnlyOnHover(page, sandbox);
    stop();
  });

  test.describe('with auto-run off', () => {
    test.use({ autoRunCode: false });
    test('an answer with Python code loads nothing until the pointer is on Run', async ({
      page,
      fake,
      openApp,
      app,
    }) => {
      test.setTimeout(120_000);
      fake.script([
        {
          match: { lastUser: 'greet' },
          reply: {
            content: `Sure:\n\n${fenced('python', "print('hi')")}\n\n${TAIL.slice(0, 700)}`,
            tokensPerSecond: 40,
          },
        },
      ]);
      const { hits: sandbox, stop } = served(app.server, ['/runner/frame.js', WASM]);
      await openApp('/');
      await ask(page, 'greet in python');
      const answer = page.locator('article[data-role="assistant"]').last();
      await expect(answer).toHaveAttribute('data-status', 'streaming');
      // The answer streams for seconds after its code: a warm-up asked for then would have gone out by its end.
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
      await loadsOnlyOnHover(page, sandbox);
      stop();
    });
  });
});
