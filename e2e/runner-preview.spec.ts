import { test, expect } from './fixtures';
import { ask, codeBlock, fenced } from './support/runner';

// These tests are about the runner, so answers' code runs as soon as an answer is complete, as in the product.
test.use({ autoRunCode: true });

test.describe('previews', () => {
  test('renders an HTML page with its CSS and script, and a React component, with the network off', async ({
    page,
    fake,
    openApp,
    context,
    seed,
  }) => {
    const html =
      '<!doctype html>\n<html><head><link rel="stylesheet" href="style.css"></head>\n<body><h1 id="t">Counter</h1><button id="b">0</button>\n<script src="app.js"></script></body></html>';
    const css = 'h1 { color: rgb(200, 0, 0); }';
    const js =
      "const b = document.getElementById('b');\nb.addEventListener('click', () => { b.textContent = String(Number(b.textContent) + 1); });\nconsole.log('page ready');";
    const jsx =
      "import { useState } from 'react';\n\nexport default function Counter() {\n  const [n, setN] = useState(0);\n  return <button onClick={() => setN(n + 1)}>Clicked {n} times</button>;\n}";
    // The time limit is not under test here: on a starved machine loading React into the pane took longer than the
    // default 10 s, which counts from the pane's mount, loading the runtime included.
    await seed((t) => t.configure({ runTimeLimitSec: 120 }));
    fake.script([
      {
        match: { lastUser: 'preview' },
        reply: {
          content: `Page:\n\n${fenced('html', html)}\n\n${fenced('css', css)}\n\n${fenced('js', js)}\n\nComponent:\n\n${fenced('jsx', jsx)}`,
        },
      },
    ]);
    await openApp('/');
    await ask(page, 'preview something');
    await expect(page.locator('article[data-role="assistant"]').last()).toContainText('Component:');

    // Once the preview blocks are on screen (their runtime in memory), every request fails, the app's own
    // origin included: rendering a preview needs no network. Ollama on loopback stays reachable, as it does
    // for a real machine that goes offline (the browser's offline mode would cut it too, and the app would
    // then rightly show its "not running" panel, which is not what this test is about).
    await expect(page.locator('[data-runnable="html"]')).toHaveAttribute('data-runtime-ready', 'true');
    await expect(page.locator('[data-runnable="react"]')).toHaveAttribute('data-runtime-ready', 'true');
    const ollama = new URL(fake.url).origin;
    await context.route(
      (url) => url.origin !== ollama,
      (route) => route.abort('internetdisconnected'),
    );

    const pageBlock = codeBlock(page, 0);
    await pageBlock.block.getByRole('button', { name: 'Preview the HTML code' }).click();
    const htmlFrame = pageBlock.block.frameLocator('iframe[title="Preview of the HTML page"]');
    await expect(htmlFrame.locator('#t')).toHaveText('Counter');
    await expect(htmlFrame.locator('#t')).toHaveCSS('color', 'rgb(200, 0, 0)');
    await htmlFrame.locator('#b').click();
    await expect(htmlFrame.locator('#b')).toHaveText('1');
    await expect(pageBlock.status).toHaveText('OK');
    await expect(pageBlock.stdout).toContainText('page ready');

    const reactBlock = codeBlock(page, 3);
    await reactBlock.block.getByRole('button', { name: 'Preview the React code' }).click();
    const reactFrame = reactBlock.block.frameLocator('iframe[title="Preview of the React component"]');
    await reactFrame.getByRole('button', { name: 'Clicked 0 times' }).click();
    await expect(reactFrame.getByRole('button', { name: 'Clicked 1 times' })).toBeVisible();
    await expect(reactBlock.status).toHaveText('OK');

    const runs = ((await seed((t) => t.table('events'))) as { kind: string; data: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'run',
    );
    expect(runs.map((e) => [e.data.language, e.data.status])).toEqual([
      ['html', 'ok'],
      ['react', 'ok'],
    ]);
  });

  test('a preview that throws shows its error, and a preview cannot reach the app', async ({ page, fake, openApp }) => {
    const html =
      "<p id='p'>x</p><script>\nlet leaked = 'none';\ntry { leaked = parent.document.title; } catch (e) { leaked = 'blocked'; }\ntry { localStorage.setItem('x', '1'); leaked += ' storage-open'; } catch (e) { leaked += ' storage-blocked'; }\ndocument.getElementById('p').textContent = leaked;\nparent.postMessage({ type: 'result', runId: 'forged', status: 'ok', passed: 99, failed: 0, durationMs: 1, truncated: false }, '*');\nnull.boom;\n</script>";
    fake.script([{ match: { lastUser: 'bad page' }, reply: { content: fenced('html', html) } }]);
    await openApp('/');
    await ask(page, 'bad page');
    const b = codeBlock(page);
    await b.block.getByRole('button', { name: 'Preview the HTML code' }).click();
    await expect(b.block.frameLocator('iframe').locator('#p')).toHaveText('blocked storage-blocked');
    await expect(b.status).toHaveText('Error');
    await expect(b.output).toContainText("TypeError: Cannot read properties of null (reading 'boom')");
    await expect(page.getByTestId('run-tests')).toHaveCount(0);
  });
});
