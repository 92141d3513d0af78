import { test, expect } from './fixtures';
import { ask, codeBlock, fenced, pythonTestLaunch } from './support/runner';

// These tests are about the runner, so answers' code runs as soon as an answer is complete, as in the product.
test.use({ autoRunCode: true });
// Python starts in every test: its WebAssembly runs unoptimised here (see pythonTestLaunch).
test.use({ launchOptions: pythonTestLaunch() });

const BROKEN = 'def mean(xs):\n    return sum(xs) / len(x)\n\nprint(mean([1, 2, 3]))';
const STILL_BROKEN = 'def mean(xs):\n    return sum(xs) / len(xs) + 1\n\nassert mean([1, 2, 3]) == 2';
const FIXED = 'def mean(xs):\n    return sum(xs) / len(xs)\n\nprint(mean([1, 2, 3]))';

function answers(page: import('@playwright/test').Page) {
  return page.locator('article[data-role="assistant"]');
}

// Python starts cold in each test's fresh browser context; on a loaded machine that takes a while.
const PYTHON_START = { timeout: 180_000 };

test.describe('Fix it and Write tests', () => {
  test.setTimeout(300_000);
  test('Fix it sends the code and the error to the model and runs the fixed version', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    fake.script([
      {
        match: { lastUser: /^Fix it/ },
        reply: { content: `The variable was misspelled:\n\n${fenced('python', FIXED)}\n\nNow it uses xs.` },
      },
      { match: { lastUser: 'mean' }, reply: { content: fenced('python', BROKEN) } },
    ]);
    await openApp('/');
    await ask(page, 'compute a mean');
    const first = codeBlock(page);
    await expect(first.status).toHaveText('Error', PYTHON_START);
    await expect(first.output).toContainText("NameError: name 'x' is not defined");
    await first.block.getByRole('button', { name: 'Fix it: ask the model to fix the Python code' }).click();

    await expect(answers(page)).toHaveCount(2);
    await expect(codeBlock(page).status).toBeVisible(PYTHON_START);
    const question = page.locator('article[data-role="user"]').last();
    await expect(question).toContainText('Fix it: this Python code failed when I ran it.');
    await expect(question).toContainText("NameError: name 'x' is not defined");
    const fixed = codeBlock(page);
    await expect(fixed.status).toHaveText('OK');
    await expect(fixed.stdout).toHaveText('2.0\n');
    await expect(fixed.output).toContainText('Fix attempt 1 of 1');

    const fixRequest = fake.chatRequests().find((r) => /^Fix it/.test(r.lastUser))!;
    expect(fixRequest.lastUser).toContain('return sum(xs) / len(x)');

    const events = ((await seed((t) => t.table('events'))) as { kind: string; data: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'run',
    );
    expect(events.map((e) => [e.data.trigger, e.data.status])).toEqual([
      ['auto', 'error'],
      ['fix', 'ok'],
    ]);
  });

  test('the automatic mode retries until a version passes and shows each attempt', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    await seed((t) => t.configure({ autoFixRetries: 3 }));
    fake.script([
      {
        match: { lastUser: /^Fix it/ },
        reply: { content: `Try this:\n\n${fenced('python', STILL_BROKEN)}` },
        times: 1,
      },
      { match: { lastUser: /^Fix it/ }, reply: { content: `This one works:\n\n${fenced('python', FIXED)}` } },
      { match: { lastUser: 'mean' }, reply: { content: fenced('python', BROKEN) } },
    ]);
    await openApp('/');
    await ask(page, 'compute a mean');
    await expect(answers(page)).toHaveCount(3, PYTHON_START);
    await expect(codeBlock(page).status).toHaveText('OK', PYTHON_START);
    const all = answers(page);
    await expect(all.nth(0).getByTestId('run-status')).toHaveText('Error');
    await expect(all.nth(1).getByTestId('run-output')).toContainText('Fix attempt 1 of 3');
    await expect(all.nth(1).getByTestId('run-tests')).toHaveText('Tests: 0 passed, 1 failed');
    await expect(all.nth(2).getByTestId('run-output')).toContainText('Fix attempt 2 of 3');
    expect(fake.chatRequests().filter((r) => /^Fix it/.test(r.lastUser))).toHaveLength(2);
  });

  test('Write tests asks the model for tests and runs them against the code', async ({ page, fake, openApp, seed }) => {
    await seed((t) => t.configure({ autoRun: { python: false, javascript: false, typescript: false } }));
    const tests =
      "test('reverses words', () => expect(reverseWords('a b c')).toBe('c b a'));\ntest('keeps one word', () => expect(reverseWords('solo')).toBe('solo'));\ntest('trims', () => expect(reverseWords(' a  b ')).toBe('b a'));";
    fake.script([
      { match: { lastUser: /^Write tests/ }, reply: { content: `Tests:\n\n${fenced('ts', tests)}` } },
      {
        match: { lastUser: 'reverse' },
        reply: {
          content: fenced(
            'ts',
            "export function reverseWords(s: string): string {\n  return s.split(' ').reverse().join(' ');\n}",
          ),
        },
      },
    ]);
    await openApp('/');
    await ask(page, 'reverse the words');
    await codeBlock(page).block.getByRole('button', { name: 'Write tests for the TypeScript code' }).click();
    await expect(answers(page)).toHaveCount(2);
    const t = codeBlock(page);
    await expect(t.tests).toHaveText('Tests: 2 passed, 1 failed');
    await expect(t.output).toContainText('Ran these tests against the code of the earlier answer.');
    await expect(t.stdout).toContainText('✗ trims');
    const rows = (await seed((s) => s.table('runs'))) as { trigger: string; tests?: string; code: string }[];
    expect(rows.at(-1)).toMatchObject({ trigger: 'tests' });
    expect(rows.at(-1)!.code).toContain('export function reverseWords');
    expect(rows.at(-1)!.tests).toContain("test('trims'");
  });

  test('Write tests against code that ends itself before them says the tests did not run', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    await seed((t) => t.configure({ autoRun: { python: false, javascript: false, typescript: false } }));
    const tests =
      "test('doubles', () => expect(double(2)).toBe(4));\ntest('doubles zero', () => expect(double(0)).toBe(1));";
    fake.script([
      { match: { lastUser: /^Write tests/ }, reply: { content: `Tests:\n\n${fenced('js', tests)}` } },
      {
        match: { lastUser: 'double' },
        reply: { content: fenced('js', 'function double(x) {\n  return x * 2;\n}\nprocess.exit(0);') },
      },
    ]);
    await openApp('/');
    await ask(page, 'double a number');
    await codeBlock(page).block.getByRole('button', { name: 'Write tests for the JavaScript code' }).click();
    await expect(answers(page)).toHaveCount(2);
    const t = codeBlock(page);
    await expect(t.status).toHaveText('Error');
    await expect(t.output).toContainText('Tests failed in');
    await expect(t.tests).toHaveText('Tests: 0 passed, 1 failed');
    await expect(t.output).toContainText('✗ process.exit(0) ended the program before its tests ran');
  });
});
