import { test, expect } from './fixtures';
import { ask, codeBlock, fenced, pythonTestLaunch } from './support/runner';

// These tests are about the runner, so answers' code runs as soon as an answer is complete, as in the product.
test.use({ autoRunCode: true });
// Python starts in every test: its WebAssembly runs unoptimised here (see pythonTestLaunch).
test.use({ launchOptions: pythonTestLaunch() });

test.describe('running code blocks in the sandbox', () => {
  test('runs a Python block with its output streaming in before the run ends, then counts its asserts', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    test.setTimeout(300_000);
    const code =
      "import time\nprint('first line', flush=True)\ntime.sleep(3)\nprint('second line')\nassert sum([1, 2, 3]) == 6\nassert 'abc'.upper() == 'ABC'";
    fake.script([
      {
        match: { lastUser: 'python sum' },
        reply: { content: `Here you go:\n\n${fenced('python', code)}\n\nThat's it.` },
      },
    ]);
    await openApp('/');
    await ask(page, 'python sum please');
    const b = codeBlock(page);
    // Auto-run is on for Python: the first run loads Python, with visible progress.
    await expect(b.output).toBeVisible();
    await expect(b.block.getByTestId('run-progress')).toContainText(/Loading Python|Starting Python/);
    // Python starts cold in each test's fresh browser context; on a loaded machine that takes a while.
    await expect(b.stdout).toContainText('first line', { timeout: 180_000 });
    await expect(b.output).toHaveAttribute('data-status', 'running');
    await expect(b.stdout).toContainText('second line', { timeout: 20_000 });
    await expect(b.status).toHaveText('OK');
    await expect(b.tests).toHaveText('Tests: 2 passed, 0 failed');

    const events = (await seed((t) => t.table('events'))) as { kind: string; data?: Record<string, unknown> }[];
    const runs = events.filter((e) => e.kind === 'run');
    expect(runs).toHaveLength(1);
    expect(runs[0].data).toMatchObject({
      blockIndex: 0,
      language: 'python',
      status: 'ok',
      passed: 2,
      failed: 0,
      edited: false,
      trigger: 'auto',
    });
    const rows = (await seed((t) => t.table('runs'))) as { code: string; stdout: string }[];
    expect(rows[0].code).toBe(code);
    expect(rows[0].stdout).toBe('first line\nsecond line\n');
  });

  test('runs JavaScript and TypeScript blocks on Run, with test() results and a syntax error located by line', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    await seed((t) => t.configure({ autoRun: { python: false, javascript: false, typescript: false } }));
    const js =
      "function add(a, b) { return a + b; }\nconsole.log('start');\nawait new Promise((r) => setTimeout(r, 2500));\nconsole.log('sum', add(2, 3));\ntest('adds', () => expect(add(2, 3)).toBe(5));\ntest('adds negatives', () => expect(add(-2, -3)).toBe(-4));";
    const ts =
      'interface Point { x: number; y: number }\nexport function norm(p: Point): number {\n  return Math.hypot(p.x, p.y);\n}\nconsole.log(norm({ x: 3, y: 4 }));';
    const broken = 'const total: number = ;\nconsole.log(total);';
    fake.script([
      {
        match: { lastUser: 'three blocks' },
        reply: {
          content: `JS:\n\n${fenced('js', js)}\n\nTS:\n\n${fenced('ts', ts)}\n\nBroken:\n\n${fenced('typescript', broken)}`,
        },
      },
    ]);
    await openApp('/');
    await ask(page, 'three blocks');

    const first = codeBlock(page, 0);
    await first.block.getByRole('button', { name: 'Run the JavaScript code' }).click();
    await expect(first.stdout).toContainText('start');
    await expect(first.output).toHaveAttribute('data-status', 'running');
    await expect(first.status).toHaveText('Error');
    await expect(first.stdout).toContainText('sum 5');
    await expect(first.tests).toHaveText('Tests: 1 passed, 1 failed');
    await expect(first.stdout).toContainText('✗ adds negatives');

    const second = codeBlock(page, 1);
    await second.block.getByRole('button', { name: 'Run the TypeScript code' }).click();
    await expect(second.status).toHaveText('OK');
    await expect(second.stdout).toHaveText('5\n');

    const third = codeBlock(page, 2);
    await third.block.getByRole('button', { name: 'Run the TypeScript code' }).click();
    await expect(third.status).toHaveText('Error');
    await expect(third.output).toContainText('Syntax error (line 1, column');
    await expect(
      third.block.getByRole('button', { name: 'Fix it: ask the model to fix the TypeScript code' }),
    ).toBeVisible();

    // The run controls and results pass axe's checks (names, roles, contrast).
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
          };
        }
      ).axe;
      // Highlighted code (Shiki's theme colours) is not the runner's and is left out.
      const r = await axe.run(
        { include: [['article[data-role="assistant"]']], exclude: [['.shiki']] },
        { resultTypes: ['violations'] },
      );
      return r.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${(v.nodes as { target: string[] }[]).map((n) => n.target.join(' ')).join(', ')}`,
      );
    });
    expect(violations).toEqual([]);

    const events = ((await seed((t) => t.table('events'))) as { kind: string; data: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'run',
    );
    expect(events.map((e) => [e.data.blockIndex, e.data.status, e.data.passed, e.data.failed])).toEqual([
      [0, 'error', 1, 1],
      [1, 'ok', 0, 0],
      [2, 'error', 0, 0],
    ]);
  });

  test('stops an endless loop at the time limit while the app stays usable', async ({ page, fake, openApp, seed }) => {
    await seed((t) =>
      t.configure({ runTimeLimitSec: 2, autoRun: { python: false, javascript: false, typescript: false } }),
    );
    fake.script([
      { match: { lastUser: 'loop' }, reply: { content: fenced('javascript', 'let i = 0;\nwhile (true) { i++; }') } },
    ]);
    await openApp('/');
    await ask(page, 'an endless loop');
    const b = codeBlock(page);
    await b.block.getByRole('button', { name: 'Run the JavaScript code' }).click();
    // The page answers while the loop spins in the sandbox's worker.
    await page.getByLabel('Message', { exact: true }).fill('still typing');
    await expect(page.getByLabel('Message', { exact: true })).toHaveValue('still typing');
    await expect(b.status).toHaveText('Timeout');
    await expect(b.output).toContainText('Timed out after 2.0 s (the time limit)');
  });

  test('records an edited block that passes after the original failed, with the diff', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    await seed((t) => t.configure({ autoRun: { python: false, javascript: false, typescript: false } }));
    fake.script([
      {
        match: { lastUser: 'off by one' },
        reply: {
          content: fenced(
            'javascript',
            'const xs = [1, 2, 3];\nconst last = xs[xs.length];\nassert.strictEqual(last, 3);',
          ),
        },
      },
    ]);
    await openApp('/');
    await ask(page, 'off by one');
    const b = codeBlock(page);
    await b.block.getByRole('button', { name: 'Run the JavaScript code' }).click();
    await expect(b.status).toHaveText('Error');
    await b.block.getByRole('button', { name: 'Edit the JavaScript code' }).click();
    const editor = b.block.getByLabel('Edit the JavaScript code');
    await editor.fill('const xs = [1, 2, 3];\nconst last = xs[xs.length - 1];\nassert.strictEqual(last, 3);');
    await editor.press('Control+Enter');
    await expect(b.status).toHaveText('OK');
    await expect(b.block).toContainText('edited');

    const events = ((await seed((t) => t.table('events'))) as { kind: string; data: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'run',
    );
    expect(events).toHaveLength(2);
    expect(events[1].data).toMatchObject({ edited: true, status: 'ok', previousStatus: 'error', passed: 1 });
    expect(events[1].data.diff).toContain('+const last = xs[xs.length - 1];');
  });
});
