/**
 * Planner benchmark (issue 17): the main thread's long tasks (> 50 ms, a
 * PerformanceObserver as in the streaming benchmark) during a whole
 * execution of the demo session (tests/fake-ollama/plan-session.ts: three
 * steps, the second failing its tests and fixed, the third the user's
 * review, accepted as soon as it asks), and the execution's wall time from
 * the Execute click to "Done". Planning and the dry run are not measured.
 */
import { DEMO_PLAN_SESSION, planSessionRules } from '../../tests/fake-ollama/plan-session';
import type { Page } from 'playwright-core';
import type { Harness } from './harness';

export interface PlannerResult {
  longTasks: number;
  /** Where each long task ran, by the Long Tasks API's attribution (`self`, or the frame: the sandbox's iframe). */
  sources: Record<string, number>;
  longestTaskMs: number;
  wallMs: number;
}

/** Plans the demo session in a fresh page and runs its dry run: the page waits at "Execute", settled. */
export async function openDemoPlan(h: Harness, options?: { init?: string }): Promise<Page> {
  h.fake.script(planSessionRules(DEMO_PLAN_SESSION));
  const page = await h.newPage();
  if (options?.init) await page.addInitScript(options.init);
  await page.goto(`${h.app.url}/build/`);
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Build me a word counter in JavaScript');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('button', { name: 'Execute' }).waitFor();
  await page.waitForTimeout(1000); // let the page settle before measuring
  return page;
}

/** Executes the open demo plan, accepting the review step as soon as it asks; resolves with the wall time to "Done". */
export async function executeDemo(page: Page): Promise<number> {
  const started = Date.now();
  await page.locator('button', { hasText: /^\s*Execute\s*$/ }).click();
  // While it runs, the bench looks for its buttons with plain CSS and text: a role query works out the accessible
  // name of every element on each poll, and that work (in the page's main thread) showed up as the page's own long
  // tasks (a 360 ms task of Playwright's getAriaRole in a trace).
  await page.locator('[data-testid="run-step"]:nth-child(3) button', { hasText: 'Accept' }).click({ timeout: 120_000 });
  await page.locator('[data-testid="plan-status"]', { hasText: 'Done' }).waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

export async function benchPlanner(h: Harness): Promise<PlannerResult> {
  const page = await openDemoPlan(h);

  await page.evaluate(() => {
    const longTasks: { duration: number; source: string }[] = [];
    (window as unknown as { __bench: unknown }).__bench = longTasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const a = (e as PerformanceEntry & { attribution?: { containerType?: string; containerSrc?: string }[] })
          .attribution?.[0];
        const source = a?.containerType ? `${a.containerType} ${a.containerSrc ?? ''}`.trim() : e.name;
        longTasks.push({ duration: e.duration, source });
      }
    }).observe({ type: 'longtask' });
  });
  const wallMs = await executeDemo(page);
  const tasks = await page.evaluate(
    () => (window as unknown as { __bench: { duration: number; source: string }[] }).__bench,
  );
  await page.context().close();
  const sources: Record<string, number> = {};
  for (const t of tasks) sources[t.source] = (sources[t.source] ?? 0) + 1;
  return { longTasks: tasks.length, sources, longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)), wallMs };
}
