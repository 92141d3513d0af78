/**
 * Learning engine benchmark (issue 5): with 100,000 messages and 10,000
 * signals stored, how long the analysis worker takes to process one answer's
 * events (p50/p95), what reporting an event costs the main thread, and
 * whether streaming stays free of long tasks while the worker chews through
 * a backlog of events.
 */
import type { Page, Worker } from 'playwright-core';
import { percentile, type Harness } from './harness';
import { markedAnswer } from './stream';
import model from '../../lib/signals/learned/model.json';

/** The cross-validated figures the shipped signal model was trained with (printed by `npm run train:signals`). */
export function signalModelFigures(): {
  folds: number;
  macroF1: number;
  newQuestionNegative: number;
  argmax: { macroF1: number; newQuestionNegative: number };
} {
  const cv = model.cv as ReturnType<typeof signalModelFigures>;
  return { folds: cv.folds, macroF1: cv.macroF1, newQuestionNegative: cv.newQuestionNegative, argmax: cv.argmax };
}

const ROUNDS = 20;
const BACKLOG = 3000;

/** The analysis worker (it starts with the first question; its name is set by the app). */
export async function analysisWorker(page: Page): Promise<Worker> {
  for (let i = 0; i < 100; i++) {
    for (const w of page.workers()) {
      const name = await w.evaluate(() => (self as unknown as { name?: string }).name).catch(() => '');
      if (name === 'codelumi-analysis') return w;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('The analysis worker did not start.');
}

type Measure = { duration: number; events?: number };

async function measures(target: Page | Worker, name: string): Promise<Measure[]> {
  const read = (n: string) =>
    performance
      .getEntriesByName(n)
      .map((e) => ({ duration: e.duration, events: (e as PerformanceMeasure).detail?.events as number | undefined }));
  return 'workers' in target ? target.evaluate(read, name) : (target as Worker).evaluate(read, name);
}

export interface LearningResult {
  messages: number;
  signals: number;
  learnP50Ms: number;
  learnP95Ms: number;
  reportP50Ms: number;
  reportP95Ms: number;
  storedP95Ms: number;
  backlogEvents: number;
  backlogMs: number;
  longTasksWhileBusy: number;
  longestTaskMs: number;
  /** The signal detector's own time per message in the worker (the learned model and its rule features). */
  detectP50Ms: number;
  detectP95Ms: number;
  detectMessages: number;
}

export async function benchLearning(h: Harness): Promise<LearningResult> {
  const page = await h.newPage();
  const seeded = await h.seed(page, (t, a) => t.seedBulk(a), { conversations: 500, turns: 100, signals: 10_000 });
  h.fake.script([
    { match: { lastUser: 'stream while learning' }, reply: { content: markedAnswer(2000), tokensPerSecond: 200 } },
    {
      reply: {
        content: 'Use a map:\n\n```ts\nconst byId = new Map(items.map((i) => [i.id, i]));\n```',
        tokensPerSecond: 5000,
      },
    },
  ]);
  await page.goto(`${h.app.url}/`);
  const box = page.getByLabel('Message', { exact: true });
  const answers = page.locator('article[data-role="assistant"]');

  // Rounds: a question, its answer, a copy of the code, and a "thanks" that the worker turns into signals.
  // (Older messages leave the rendered window as the chat grows, so answers are found by id, not position.)
  const lastAnswerId = () => answers.last().getAttribute('data-message-id');
  const settledAfter = async (previous: string | null) => {
    await page.waitForFunction(
      (prev) => {
        const last = [...document.querySelectorAll('article[data-role="assistant"]')].pop();
        return (
          !!last && last.getAttribute('data-message-id') !== prev && last.getAttribute('data-status') === 'complete'
        );
      },
      previous,
      { timeout: 30_000 },
    );
    return lastAnswerId();
  };
  let previous: string | null = null;
  for (let i = 0; i < ROUNDS; i++) {
    await box.fill(`How do I index items by id, variant ${i}?`);
    await box.press('Enter');
    const answerId = await settledAfter(previous);
    const answer = page.locator(`article[data-message-id="${answerId}"]`);
    await answer.getByRole('button', { name: 'Copy code' }).click();
    await box.fill('thanks, that worked!');
    await box.press('Enter');
    previous = await settledAfter(answerId);
    await answer.locator('[data-signal="thanks"]').waitFor({ timeout: 30_000 });
  }
  const worker = await analysisWorker(page);
  const learned = (await measures(worker, 'codelumi:learn')).filter((m) => (m.events ?? 0) < 50);
  const detections = await measures(worker, 'codelumi:detect-signals');
  const reports = await measures(page, 'codelumi:report');
  const stored = await measures(page, 'codelumi:report-stored');

  // A backlog of events arrives while an answer streams: the page must not stutter.
  await h.seed(page, (t, a) => t.seedEventBacklog(a), { answerIds: seeded.answerIds, count: BACKLOG });
  await page.evaluate(() => {
    const w = window as unknown as { __lt: number[] };
    w.__lt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__lt.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await box.fill('stream while learning');
  await box.press('Enter');
  await settledAfter(previous);
  const longTasks = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
  let backlog: Measure[] = [];
  for (let i = 0; i < 120 && backlog.length === 0; i++) {
    backlog = (await measures(worker, 'codelumi:learn')).filter((m) => (m.events ?? 0) >= BACKLOG);
    if (!backlog.length) await page.waitForTimeout(500);
  }
  await page.context().close();

  const d = (xs: { duration: number }[]) => xs.map((x) => x.duration);
  return {
    messages: seeded.answerIds.length * 2,
    signals: 10_000,
    learnP50Ms: percentile(d(learned), 50),
    learnP95Ms: percentile(d(learned), 95),
    reportP50Ms: percentile(d(reports), 50),
    reportP95Ms: percentile(d(reports), 95),
    storedP95Ms: percentile(d(stored), 95),
    backlogEvents: backlog[0]?.events ?? 0,
    backlogMs: backlog[0]?.duration ?? NaN,
    longTasksWhileBusy: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    detectP50Ms: percentile(d(detections), 50),
    detectP95Ms: percentile(d(detections), 95),
    detectMessages: detections.length,
  };
}
