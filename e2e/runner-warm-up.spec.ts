import type { IncomingMessage, ServerResponse } from 'node:http';
import { test, expect } from './fixtures';
import { ask, codeBlock, fenced } from './support/runner';
import { attachRunner } from '../scripts/eval/runner-browser';

// Python warms up where it runs by itself (auto-run on, the product's default).
test.use({ autoRunCode: true });

const WASM = '/runner/pyodide/pyodide.asm.wasm';
const STDLIB = '/runner/pyodide/python_stdlib.zip';

/**
 * The paths the app's server is asked for from now on (until the returned stop). Counted at the server:
 * the sandbox is an out-of-process frame, whose requests the browser's own events may report late.
 */
function served(server: import('node:http').Server, paths: string[]): { hits: string[]; stop: () => void } {
  const hits: string[] = [];
  const listen = (req: IncomingMessage) => {
    const p = (req.url ?? '').split('?')[0];
    if (paths.includes(p)) hits.push(p);
  };
  server.on('request', listen);
  return { hits, stop: () => server.off('request', listen) };
}

/**
 * Makes the app's server answer `path` with 503 while `refuse(n)` (n: the how-manieth request for it) says
 * so, until the returned restore; refused requests are counted. Done at the server, not by routing in the
 * browser: the sandbox is an out-of-process frame, whose requests routing was seen to miss.
 */
function refuse(
  server: import('node:http').Server,
  path: string,
  refuseNth: (n: number) => boolean,
): { refused: () => number; restore: () => void } {
  const original = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  let n = 0;
  let refused = 0;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? '').split('?')[0] === path && refuseNth(n++)) {
      refused++;
      res.writeHead(503, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
      res.end('unavailable');
      return;
    }
    for (const l of original) l.call(server, req, res);
  });
  return {
    refused: () => refused,
    restore: () => {
      server.removeAllListeners('request');
      for (const l of original) server.on('request', l);
    },
  };
}

test.describe('Python starts loading before its first run', () => {
  test('an answer with Python code starts loading Python before Run is pressed; the run downloads nothing more', async ({
    page,
    fake,
    openApp,
    app,
  }) => {
    test.setTimeout(300_000);
    // input( makes the block one that never runs by itself: only the warm-up can ask for Python here.
    const code = "print('warm hello')\nif False:\n    input()";
    fake.script([{ match: { lastUser: 'greet' }, reply: { content: `Sure:\n\n${fenced('python', code)}\n` } }]);
    const { hits: wasm, stop } = served(app.server, [WASM]);
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

  test('a warm-up that cannot load Python leaves the run to start Python itself', async ({ page, openApp, app }) => {
    test.setTimeout(300_000);
    // Only the warm-up's download fails; the run's own attempt gets the file.
    const server = refuse(app.server, STDLIB, (n) => n === 0);
    try {
      await openApp('/settings/');
      const runner = await attachRunner(page);
      await runner.warmUp();
      await expect.poll(server.refused, { timeout: 60_000 }).toBe(1);
      const r = await runner.run({ language: 'python', code: "print('cold after all')", timeLimitMs: 120_000 });
      expect(r.status, r.error?.message).toBe('ok');
      expect(r.stdout).toBe('cold after all\n');
    } finally {
      server.restore();
    }
  });

  test('when Python cannot load at all, the run says so as without a warm-up', async ({ page, openApp, app }) => {
    test.setTimeout(120_000);
    const server = refuse(app.server, STDLIB, () => true);
    try {
      await openApp('/settings/');
      const runner = await attachRunner(page);
      await runner.warmUp();
      await expect.poll(server.refused, { timeout: 60_000 }).toBe(1);
      const r = await runner.run({ language: 'python', code: "print('never')" });
      expect(r.status).toBe('error');
      expect(r.error).toMatchObject({
        kind: 'unavailable',
        message: 'The Python runtime could not be loaded: pyodide/python_stdlib.zip: HTTP 503',
      });
    } finally {
      server.restore();
    }
  });
});

test.describe('Python where it does not run by itself', () => {
  test.use({ autoRunCode: false });

  test('an answer with Python code loads nothing until the pointer is on Run', async ({ page, fake, openApp, app }) => {
    test.setTimeout(120_000);
    fake.script([
      { match: { lastUser: 'greet' }, reply: { content: `Sure:\n\n${fenced('python', "print('hi')")}\n` } },
    ]);
    const { hits: sandbox, stop } = served(app.server, ['/runner/frame.js', WASM]);
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
    stop();
  });
});
