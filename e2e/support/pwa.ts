/**
 * Helpers for the PWA specs: copies of the production build served on their
 * own port (so a test can swap in "build 2" on the same origin), the service
 * worker's state, and shared items posted the way the operating system does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../../scripts/lib/serve.mjs';
import type { ServiceWorkerSummary } from '../../scripts/build/service-worker.mjs';

export const OUT = path.resolve(__dirname, '..', '..', 'out');

/** A private copy of out/ for one test; removed by `removeBuild`. */
export function copyBuild(prefix = 'codelumi-build-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(OUT, dir, { recursive: true });
  return dir;
}

export function removeBuild(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Makes `dir` a new build: changes a precached file (the chat page's HTML,
 * marked with `marker`) and regenerates the service worker over it, as the
 * real build does. Resolves with the new build's identity.
 */
export async function makeNextBuild(dir: string, marker: string): Promise<ServiceWorkerSummary> {
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(
    index,
    fs.readFileSync(index, 'utf8').replace('</head>', `<meta name="codelumi-test-build" content="${marker}"/></head>`),
  );
  // Imported when needed: the build script is an ES module that reads import.meta.
  const { generateServiceWorker } = await import('../../scripts/build/service-worker.mjs');
  return generateServiceWorker({ outDir: dir, quiet: true });
}

/** The build identity written into `dir` (version.json). */
export function buildOf(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'version.json'), 'utf8')).build;
}

/** Serves `dir` on `port` (0 = a free one). */
export function serveBuild(dir: string, port = 0): Promise<StaticServer> {
  return startStaticServer({ dir, port, host: '127.0.0.1' });
}

/**
 * Waits until a service worker controls the page (after the first load it
 * claims the page itself, once it has stored the ~100 files of the app).
 */
export async function expectControlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
}

/** Asks the browser to look for a new service worker now, and waits until one is installed and waiting. */
export async function installWaitingWorker(page: Page): Promise<void> {
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await expect
    .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting), {
      timeout: 60_000,
    })
    .toBe(true);
}

export interface SharedFileSpec {
  name: string;
  type: string;
  content: string;
}

/**
 * Posts a share to the share target the way the OS does: a top-level
 * multipart POST navigation to the manifest's action (made here by submitting
 * a form from a page of the app's origin).
 */
export async function postShare(
  page: Page,
  fields: { title?: string; text?: string; url?: string },
  files: SharedFileSpec[] = [],
): Promise<void> {
  const manifest = await page.evaluate(() => fetch('/manifest.webmanifest').then((r) => r.json()));
  const target = manifest.share_target as {
    action: string;
    params: Record<string, unknown> & { files?: { name: string }[] };
  };
  await page.evaluate(
    ({ action, params, fields, files }) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.enctype = 'multipart/form-data';
      form.action = action;
      for (const key of ['title', 'text', 'url'] as const) {
        const value = fields[key];
        if (value === undefined) continue;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = params[key] as string;
        input.value = value;
        form.append(input);
      }
      if (files.length) {
        const input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.name = params.files![0].name;
        const transfer = new DataTransfer();
        for (const f of files) transfer.items.add(new File([f.content], f.name, { type: f.type }));
        input.files = transfer.files;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { action: target.action, params: target.params, fields, files },
  );
}

/** A screenshot attached to the report and kept in the test's output folder (test-results/e2e/…) to look at. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
