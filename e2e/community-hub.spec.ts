/**
 * The whole community loop through the real Codelumi Hub (`hub/cli.ts`, the
 * process `npm run hub` starts, on an embedded PostgreSQL), in the production
 * build: two browser profiles at tier 3 look at their batch and send it; the
 * operator's `npm run hub -- aggregate` publishes a pack only because two
 * installs (k = 2 here) back the same pattern; a third profile at tier 1
 * receives that pack, and its next prompt for that kind of question asks for
 * the community's answer style, which it did not before.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect, openBlank, runSeed } from './fixtures';
import type { FakeOllama } from '../tests/fake-ollama';
import { answered, lastSystemPrompt, scriptAnswers, answer } from './support/chat';
import { ask } from './support/ui';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const KIND = 'react/debug';
const SHORT = 'short|code-first|no-steps|no-tests';
const SHORT_INSTRUCTION = 'Keep the answer short (about 150 words of prose at most); lead with the code';
const QUESTION = 'Why does my React component re-render forever?';

interface Hub {
  url: string;
  output: () => string;
  process: ChildProcess;
}

/** Starts `hub/cli.ts` (what `npm run hub` runs) on a free port over `dataDir`; resolves once it listens. */
function startHubProcess(env: Record<string, string>): Promise<Hub> {
  const child = spawn(TSX, ['hub/cli.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
      if (url) resolve({ url, output: () => output, process: child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The hub exited (${code}) before listening:\n${output}`)));
  });
}

/** Runs `npm run hub -- aggregate` against the same data folder (it asks the running hub to aggregate). */
function aggregate(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['hub/cli.ts', 'aggregate'], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`aggregate failed (${code}):\n${out}`)),
    );
  });
}

/** A fresh browser profile (its own IndexedDB) with the app pointed at the fake Ollama and the hub, at `tier`. */
async function openProfile(
  browser: Browser,
  appUrl: string,
  fake: FakeOllama,
  hubUrl: string,
  privacyTier: 1 | 3,
  prepare?: (page: Page) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await openBlank(page, appUrl);
  await runSeed(
    page,
    (t, a) =>
      t.configure({
        ollamaHost: a.host,
        autoRun: { python: false, javascript: false, typescript: false },
        autoTitle: false,
        privacyTierOffered: true,
        privacyTier: a.tier,
        hubUrl: a.hub,
      }),
    { host: fake.url, hub: hubUrl, tier: privacyTier },
  );
  await prepare?.(page);
  await page.goto(`${appUrl}/`, { timeout: 0 });
  await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeVisible({ timeout: 0 });
  return page;
}

/** On the Contributions page: the batch the user looks at, then Send now; resolves to the exact bytes sent. */
async function lookThenSend(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Learning' }).click();
  await page.getByRole('link', { name: 'Contributions' }).click();
  const preview = page.getByTestId('batch-preview');
  const prepare = page.getByRole('button', { name: 'Prepare a batch now' });
  await expect(preview.or(prepare)).toBeVisible();
  if (await prepare.isVisible()) await prepare.click();
  await expect(preview).toBeVisible();
  const shown = (await page.getByTestId('preview-json').textContent()) ?? '';
  expect(JSON.parse(shown).patterns).toEqual([expect.objectContaining({ questionKind: KIND, answerStyle: SHORT })]);
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByTestId('sent-log')).toContainText(JSON.parse(shown).batchId);
  return shown;
}

test('two installs at tier 3 contribute through the real hub, and a third at tier 1 receives a pack that changes its prompt', async ({
  browser,
  app,
  fake,
}) => {
  test.setTimeout(180_000);
  // A copy of one migrated embedded database (creating one costs seconds of CPU), made by the hub's own code.
  const dataDir = execFileSync(TSX, ['tests/hub/make-pglite-dir.ts'], { cwd: ROOT, encoding: 'utf8' }).trim();
  // k = 2 so two profiles can publish; a large epsilon keeps the noise below rounding, so the figures can be checked.
  const env = { HUB_PORT: '0', HUB_DATA_DIR: dataDir, HUB_K: '2', HUB_EPSILON: '10000', HUB_AGGREGATE_EVERY: '0' };
  const hub = await startHubProcess(env);
  try {
    scriptAnswers(fake, [answer(/re-render/, { content: 'Wrap the callback in `useCallback`.' })]);

    // Two installs that learned, each on its own, that short code-first answers work for React debugging.
    const sent: string[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await openProfile(browser, app.url, fake, hub.url, 3, (p) =>
        runSeed(p, (t, spec) => t.seedConfidentPattern(spec), { kind: KIND, style: SHORT, count: 8 }).then(() => {}),
      );
      sent.push(await lookThenSend(page));
      await page.context().close();
    }
    const [first, second] = sent.map((s) => JSON.parse(s) as { installKey: string });
    expect(first.installKey).not.toBe(second.installKey);
    // Not published before the operator aggregates.
    expect((await fetch(`${hub.url}/v1/pack`)).status).toBe(404);

    // The third install, a receiver: before any pack, its prompt for this kind of question has no community style.
    const receiver = await openProfile(browser, app.url, fake, hub.url, 1);
    await ask(receiver, QUESTION);
    await answered(receiver, 1);
    expect(lastSystemPrompt(fake)).not.toContain(SHORT_INSTRUCTION);

    // The operator aggregates: two distinct installs back the pattern, so it is published.
    await aggregate(env);
    await expect.poll(() => hub.output()).toMatch(/published pack v1 with 1 question kinds, 1 styles/);
    const pack = (await (await fetch(`${hub.url}/v1/pack`)).json()) as {
      version: number;
      k: number;
      kinds: { questionKind: string; styles: { answerStyle: string; installs: number; successes: number }[] }[];
    };
    expect(pack).toMatchObject({ version: 1, k: 2 });
    expect(pack.kinds).toEqual([
      {
        questionKind: KIND,
        styles: [expect.objectContaining({ answerStyle: SHORT, installs: 2, successes: 12, failures: 0 })],
      },
    ]);

    // The receiver checks for it (Settings → Privacy → Check now) and its next prompt asks for that style.
    await receiver.goto(`${app.url}/settings/`);
    const privacy = receiver.getByRole('region', { name: 'Privacy' });
    await privacy.getByRole('button', { name: 'Check now' }).click();
    await expect(privacy.getByTestId('pack-status')).toContainText('Version 1');
    await receiver.goto(`${app.url}/`);
    await ask(receiver, QUESTION);
    await answered(receiver, 1);
    expect(lastSystemPrompt(fake)).toContain(SHORT_INSTRUCTION);
    await receiver.goto(`${app.url}/learning/`);
    await expect(receiver.getByTestId('community-card')).toContainText('Community pack version 1');
    await receiver.context().close();
  } finally {
    if (hub.process.exitCode === null) {
      const exited = new Promise((resolve) => hub.process.once('exit', resolve));
      hub.process.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
