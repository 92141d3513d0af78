import type { Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { ask, codeBlock, fenced } from './support/runner';
import { attachRunner } from '../scripts/eval/runner-browser';

// Python warms up where it runs by itself (auto-run on, the product's default).
test.use({ autoRunCode: true });

const WASM = '/runner/pyodide/pyodide.asm.wasm';
const STDLIB = '/runner/pyodide/python_stdlib.zip';

test.describe('Python starts loading before its first run', () => {
  test('an answer with Python code starts loading Python before Run is pressed; the run downloads nothing more', async ({
    page,
    fake,
    openApp,
  }) => {
    test.setTimeout(300_000);
    // input( makes the block one that never runs by itself: only the warm-up can ask for Python here.
    const code = "print('warm hello')\nif False:\n    input()";
    fake.script([{ match: { lastUser: 'greet' }, reply: { content: `Sure:\n\n${fenced('python', code)}\n` } }]);
    const wasm: Request[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === WASM) wasm.push(r);
    });
    await openApp('/');
    expect(wasm).toHaveLength(0);
    await ask(page, 'greet in python');
    const b = codeBlock(page);
    await expect(b.block.getByRole('button', { name: 'Run the Python code' })).toBeVisible();
    // The runtime is on its way although nothing ran.
    await expect.poll(() => wasm.length, { timeout: 60_000 }).toBe(1);
    await expect(b.output).toHaveCount(0);

    await b.block.getByRole('button', { name: 'Run the Python code' }).click();
    await expect(b.stdout).toHaveText('warm hello', { timeout: 180_000 });
    await expect(b.status).toHaveText('OK');
    // The run used what the warm-up fetched.
    expect(wasm).toHaveLength(1);
  });

  test('an interpreter loaded ahead serves one run only: the next run does not see what it did', async ({
    page,
    openApp,
  }) => {
    test.setTimeout(300_000);
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const fetched = page.waitForRequest((r) => new URL(r.url()).pathname === WASM);
    await runner.warmUp();
    await fetched;
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

  test('a warm-up that cannot load Python leaves the run to start Python itself', async ({ page, openApp }) => {
    test.setTimeout(300_000);
    let refused = 0;
    let warmUpRefused!: () => void;
    const refusal = new Promise<void>((resolve) => (warmUpRefused = resolve));
    await page.route(`**${STDLIB}`, async (route) => {
      // Only the warm-up's download fails; the run's own attempt gets the file.
      if (refused++ > 0) return route.continue();
      await route.fulfill({ status: 503, body: 'unavailable' });
      warmUpRefused();
    });
    await openApp('/settings/');
    const runner = await attachRunner(page);
    await runner.warmUp();
    await refusal;
    const r = await runner.run({ language: 'python', code: "print('cold after all')", timeLimitMs: 120_000 });
    expect(r.status, r.error?.message).toBe('ok');
    expect(r.stdout).toBe('cold after all\n');
    expect(refused).toBeGreaterThanOrEqual(2);
  });

  test('when Python cannot load at all, the run says so as without a warm-up', async ({ page, openApp }) => {
    test.setTimeout(120_000);
    await page.route(`**${STDLIB}`, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await openApp('/settings/');
    const runner = await attachRunner(page);
    const failed = page.waitForResponse((r) => new URL(r.url()).pathname === STDLIB && r.status() === 503);
    await runner.warmUp();
    await failed;
    const r = await runner.run({ language: 'python', code: "print('never')" });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({
      kind: 'unavailable',
      message: 'The Python runtime could not be loaded: pyodide/python_stdlib.zip: HTTP 503',
    });
  });
});

test.describe('Python where it does not run by itself', () => {
  test.use({ autoRunCode: false });

  test('an answer with Python code loads nothing until the pointer is on Run', async ({ page, fake, openApp }) => {
    test.setTimeout(120_000);
    fake.script([
      { match: { lastUser: 'greet' }, reply: { content: `Sure:\n\n${fenced('python', "print('hi')")}\n` } },
    ]);
    const sandbox: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/runner/frame.js' || path === WASM) sandbox.push(path);
    });
    await openApp('/');
    await ask(page, 'greet in python');
    const run = codeBlock(page).block.getByRole('button', { name: 'Run the Python code' });
    await expect(run).toBeVisible();
    // A warm-up waits for the tab's next idle moment: one asked for now comes after it.
    await page.evaluate(() => new Promise((r) => requestIdleCallback(r)));
    expect(sandbox).toEqual([]);
    // Pointing at Run is the sign a run is coming: Python starts loading then.
    await run.hover();
    await expect.poll(() => sandbox.filter((p) => p === WASM).length, { timeout: 60_000 }).toBe(1);
  });
});
