/**
 * Backup benchmark (issue 14): a profile of 100,000 messages (500
 * conversations of 100 turns) exported from Settings → Backup and imported
 * (replace) into a new empty profile, in the production build. Measures each
 * side's time and rows per second, the archive's size, and the main thread's
 * long tasks and frame gaps while the analysis worker does the work.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { percentile, type Harness } from './harness';

const CONVERSATIONS = 500;
const TURNS = 100;
const IDLE_MS = 10_000;

export interface ArchiveBenchSide {
  seconds: number;
  rowsPerSecond: number;
  longTasks: number;
  longestTaskMs: number;
  frameGapP95Ms: number;
  frameGapMaxMs: number;
}

export interface ArchiveBenchResult {
  /** The same page left idle for 10 s before the export: what the machine's load alone costs the main thread. */
  idle: Omit<ArchiveBenchSide, 'seconds' | 'rowsPerSecond'>;
  messages: number;
  rows: number;
  archiveBytes: number;
  exported: ArchiveBenchSide;
  imported: ArchiveBenchSide;
}

/** Starts recording the page's long tasks and animation-frame times. */
function watchMainThread(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const longTasks: number[] = [];
    const frames: number[] = [];
    const state = { longTasks, frames, running: true };
    w.__archiveBench = state;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    const loop = (t: number) => {
      frames.push(t);
      if (state.running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

/** Stops recording; the long tasks and the gaps between frames. */
async function mainThreadFigures(page: Page) {
  const { longTasks, gaps } = await page.evaluate(() => {
    const b = (window as unknown as { __archiveBench: { longTasks: number[]; frames: number[]; running: boolean } })
      .__archiveBench;
    b.running = false;
    return { longTasks: b.longTasks, gaps: b.frames.slice(1).map((t, i) => t - b.frames[i]) };
  });
  return {
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    frameGapP95Ms: percentile(gaps, 95),
    frameGapMaxMs: Math.max(0, ...gaps),
  };
}

const backup = (page: Page) => page.getByRole('region', { name: 'Backup' });

/**
 * Waits for the Backup section's outcome line starting with `text`. Checked with a plain selector twice a second:
 * a role locator's polling computes the role and name of every element of the page on the main thread being
 * measured, which showed in the profile as a good part of its work while the worker imported.
 */
function outcome(page: Page, text: string): Promise<unknown> {
  return page.waitForFunction(
    (t) => [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.startsWith(t)),
    text,
    { polling: 500, timeout: 600_000 },
  );
}

export async function benchArchive(h: Harness): Promise<ArchiveBenchResult> {
  const page = await h.newPage();
  await h.seed(page, (t, a) => t.seedBulk(a), { conversations: CONVERSATIONS, turns: TURNS, signals: 0 });
  await page.goto(`${h.app.url}/settings`);
  await backup(page).waitFor();

  await watchMainThread(page);
  await page.waitForTimeout(IDLE_MS);
  const idle = await mainThreadFigures(page);
  await watchMainThread(page);
  let start = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }),
    backup(page).getByRole('button', { name: 'Export all data' }).click(),
  ]);
  await download.path();
  const exportSeconds = (performance.now() - start) / 1000;
  // The download goes with its browser context: keep a copy for the other profile.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-bench-')), download.suggestedFilename());
  await download.saveAs(file);
  const exportThread = await mainThreadFigures(page);
  const bytes = fs.readFileSync(file);
  const text = zlib.gunzipSync(bytes).toString('utf8');
  const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { tables: Record<string, number> };
  const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
  await page.context().close();

  const fresh = await h.newPage();
  await fresh.goto(`${h.app.url}/settings`);
  await backup(fresh).waitFor();
  await backup(fresh).getByLabel('Import an archive').setInputFiles(file);
  await backup(fresh)
    .getByRole('radio', { name: /Replace everything/ })
    .check();
  await watchMainThread(fresh);
  start = performance.now();
  await backup(fresh).getByRole('button', { name: 'Import', exact: true }).click();
  await fresh.getByRole('dialog').getByRole('button', { name: 'Replace everything' }).click();
  await outcome(fresh, 'Restored');
  const importSeconds = (performance.now() - start) / 1000;
  const importThread = await mainThreadFigures(fresh);
  const messages = await h.seed(fresh, (t) => t.table('messages').then((r) => r.length));
  await fresh.context().close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });

  return {
    idle,
    messages,
    rows,
    archiveBytes: bytes.length,
    exported: { seconds: exportSeconds, rowsPerSecond: rows / exportSeconds, ...exportThread },
    imported: { seconds: importSeconds, rowsPerSecond: rows / importSeconds, ...importThread },
  };
}
