/**
 * Brain benchmark (issue 6): how long from Send until the answer's request
 * leaves for Ollama, with the Context Retriever working over 100,000
 * messages, 10,000 memories and a 5,000-file project, as a ratio to an empty
 * database; and whether the main thread stays free of long tasks meanwhile.
 *
 * Send is the Enter keydown in the composer; "leaves" is the page's fetch()
 * of /api/chat carrying the question (both timed in the page). The history
 * is measured as a user who has it opens the app: an earlier session saved
 * the indexes (the bench opens the chat once and waits for that save). The
 * first Send of each run meets an analysis worker still starting and loading
 * them, so it is reported on its own: at once after the chat opens, and
 * after TYPING_MS (the warm-up's head start while a user types); and once
 * more with no saved index at all (the first start after seeding: every
 * index is built). The percentiles are over the Sends after the first.
 */
import type { Page } from 'playwright-core';
import { percentile, type Harness } from './harness';
import { analysisWorker } from './learning';

const ROUNDS = 40;
export const TYPING_MS = 5_000;
const MARK = 'bq';

/** Runs in the page before the app: times Enter in the composer and each /api/chat fetch carrying a benchmark question. */
const PROBE = `(() => {
  self.__send = []; self.__req = []; self.__lt = [];
  addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Enter' && !e.shiftKey && t && t.getAttribute && t.getAttribute('aria-label') === 'Message') self.__send.push(performance.now());
  }, true);
  const f = self.fetch;
  self.fetch = function (input, init) {
    try {
      const url = typeof input === 'string' ? input : input.url;
      const body = init && typeof init.body === 'string' ? init.body : '';
      // The newest question is the highest-numbered one in the body (the history carries the earlier ones).
      const ns = url.endsWith('/api/chat') ? [...body.matchAll(/${MARK}(\\d+)-/g)].map((m) => Number(m[1])) : [];
      if (ns.length) self.__req.push([Math.max(...ns), performance.now()]);
    } catch {}
    return f.apply(this, arguments);
  };
  self.__ltAt = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) { self.__lt.push(e.duration); self.__ltAt.push(e.startTime); } }).observe({ type: 'longtask', buffered: true });
})();`;

const QUESTIONS = [
  'How do I handle react hooks case 12 in my project?',
  'What is the cleanest way to write sql joins for reports?',
  'Explain @FILE and how to test it',
  'How should I structure typescript generics for the billing schema?',
  'Why does my git rebase keep conflicting on the users module?',
  'Can you show css grid for the search results page?',
  'How do I handle docker volumes for the orders service?',
  'Refactor @FILE to avoid the reduce',
];

export interface BrainRun {
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  longTasks: number;
  longestTaskMs: number;
  /** p50 / p95 over the Sends after the second (the second comes right after the first answer, while the worker may still be finishing its indexes). */
  steadyP50Ms: number;
  steadyP95Ms: number;
  /** p50 of the analysis worker's retrieval stages (all, learned, project, past), after the first Send. */
  stagesP50Ms: Record<string, number>;
}

export interface BrainResult {
  empty: BrainRun;
  full: BrainRun;
  /** The first Send after opening the chat and typing for TYPING_MS (the worker loads its indexes meanwhile), full database. */
  firstAfterTypingMs: number;
  /** The first Send at once after the first opening with the history: no index saved yet, every one is built. */
  firstUnsavedMs: number;
  messages: number;
  memories: number;
  projectFiles: number;
}

async function measure(
  page: Page,
  url: string,
  mention: string | undefined,
  { rounds = ROUNDS, pauseMs = 0, firstMark = 0 } = {},
): Promise<BrainRun> {
  await page.goto(url);
  const box = page.getByLabel('Message', { exact: true });
  await box.waitFor();
  // The time a user takes to type the first question.
  if (pauseMs) await page.waitForTimeout(pauseMs);
  // Long tasks of the page load are not what this measures.
  await page.evaluate(() => {
    const w = self as unknown as { __lt: number[]; __ltAt: number[] };
    w.__lt.length = 0;
    w.__ltAt.length = 0;
  });
  // The app may reopen the last conversation, whose history carries earlier marks: a later measure numbers its
  // questions above them, so the newest question is still the highest-numbered one in the body.
  for (let n = 0; n < rounds; n++) {
    const i = firstMark + n;
    const t0 = Date.now();
    const q = QUESTIONS[n % QUESTIONS.length].replace('@FILE', mention ? `@${mention}` : 'this function');
    await box.fill(`${MARK}${i}- ${q}`);
    // The answer before shows complete a moment before the composer is free again (Enter in between does nothing).
    await page.locator('button[aria-label="Send message"]:not([disabled])').waitFor();
    await box.press('Enter');
    await page
      .waitForFunction(
        (n) => {
          const last = [...document.querySelectorAll('article[data-role="assistant"]')].pop();
          return (
            (self as unknown as { __req: [number, number][] }).__req.some(([k]) => k === n) &&
            last?.getAttribute('data-status') === 'complete'
          );
        },
        i,
        { timeout: n === 0 ? 300_000 : 60_000 },
      )
      .catch(async (err: unknown) => {
        await page.screenshot({ path: '/tmp/brain-bench-timeout.png' });
        const state = await page.evaluate(() =>
          JSON.stringify({ send: (self as any).__send, req: (self as any).__req, url: location.href }),
        );
        throw new Error(`round ${i} did not finish: ${state}\n${String(err)}`);
      });
    if (process.env.BENCH_DEBUG) process.stderr.write(`round ${i} done in ${Date.now() - t0} ms\n`);
  }
  const { send, req, lt, ltAt } = await page.evaluate(() => {
    const w = self as unknown as { __send: number[]; __req: [number, number][]; __lt: number[]; __ltAt: number[] };
    return { send: w.__send, req: w.__req, lt: w.__lt, ltAt: w.__ltAt };
  });
  if (process.env.BENCH_DEBUG) {
    const round = (at: number) => send.filter((s) => s <= at).length - 1;
    process.stderr.write(
      `long tasks (round: ms): ${lt.map((d, i) => `${round(ltAt[i])}: ${d.toFixed(0)}`).join(', ') || 'none'}\n`,
    );
  }
  if (process.env.BENCH_DEBUG) {
    // Where a Send's time goes in the page: before the retriever is asked, and the wait for it (capped by the client's timeout).
    const calls = await page.evaluate(() =>
      performance.getEntriesByName('codelumi:turn:retrieve').map((e) => [e.startTime, e.duration]),
    );
    const split = send.map((at, n) => {
      const call = calls.find(([s]) => s >= at && (n + 1 >= send.length || s < send[n + 1]));
      return call ? `${(call[0] - at).toFixed(0)}+${call[1].toFixed(0)}` : '-';
    });
    process.stderr.write(`page: Send → retrieve asked + retrieve wait (ms): ${split.join(', ')}\n`);
    // The steps before it: history (the conversation and its history, or the thread shown), checked (Ollama
    // reachable), read (a new chat created), written (the question), remembered (what it states).
    const steps = await page.evaluate(() =>
      ['history', 'checked', 'read', 'written', 'remembered'].map((n) =>
        performance.getEntriesByName(`codelumi:send:${n}`).map((e) => [e.startTime, e.duration]),
      ),
    );
    const perSend = send.map((at, n) =>
      steps
        .map((entries) => {
          const e = entries.find(([s]) => s >= at && (n + 1 >= send.length || s < send[n + 1]));
          return e ? `${(e[0] - at).toFixed(0)}→${(e[0] + e[1] - at).toFixed(0)}` : '-';
        })
        .join(' '),
    );
    process.stderr.write(
      `page: each Send, send() start→history, →checked, →read, →written, →remembered (ms from Enter): ${perSend.join(' | ')}\n`,
    );
  }
  const worker = await analysisWorker(page);
  const stagesP50Ms: Record<string, number> = {};
  for (const name of ['all', 'learned', 'project', 'past']) {
    const ds = await worker.evaluate(
      (n) => performance.getEntriesByName(`codelumi:retrieve:${n}`).map((e) => e.duration),
      name,
    );
    if (ds.length > 1) stagesP50Ms[name] = percentile(ds.slice(1), 50);
    if (process.env.BENCH_DEBUG)
      process.stderr.write(`stage ${name} per Send (ms): ${ds.map((d) => d.toFixed(0)).join(', ')}\n`);
  }
  if (process.env.BENCH_DEBUG) {
    const partial = await worker.evaluate(() =>
      performance
        .getEntriesByName('codelumi:retrieve:learned-partial')
        .map((e) => (e as PerformanceMark).detail?.rowsHeld as number),
    );
    process.stderr.write(
      `learned: questions that went with part of the memories (rows held): ${partial.join(', ') || 'none'}\n`,
    );
  }
  const latencies = send.map((at, n) => (req.find(([k]) => k === firstMark + n)?.[1] ?? NaN) - at);
  if (process.env.BENCH_DEBUG)
    process.stderr.write(`Send → request per Send (ms): ${latencies.map((d) => d.toFixed(0)).join(', ')}\n`);
  const rest = latencies.slice(1);
  return {
    firstMs: latencies[0],
    p50Ms: percentile(rest, 50),
    p95Ms: percentile(rest, 95),
    steadyP50Ms: percentile(latencies.slice(2), 50),
    steadyP95Ms: percentile(latencies.slice(2), 95),
    longTasks: lt.length,
    longestTaskMs: Math.max(0, ...lt),
    stagesP50Ms,
  };
}

/** Resolves once the saved indexes hold the past questions and the project's chunks. */
export async function indexesSaved(page: Page, projectId: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const keys = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open('codelumi');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        return await new Promise<IDBValidKey[]>((resolve, reject) => {
          const r = db.transaction('indexes').objectStore('indexes').getAllKeys();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      } finally {
        db.close();
      }
    });
    if (keys.includes('past-questions') && keys.includes(`project-chunks:${projectId}`)) return;
    if (Date.now() > until)
      throw new Error(`The indexes were not saved within ${timeoutMs} ms (saved: ${keys.join(', ')})`);
    await page.waitForTimeout(1000);
  }
}

/** The long history every brain figure is measured on: 100,000 messages, 10,000 memories, a 5,000-file project. */
export async function seedLongHistory(h: Harness, page: Page) {
  const bulk = await h.seed(page, (t, a) => t.seedBulk(a), { conversations: 500, turns: 100, signals: 10_000 });
  const memories = await h.seed(page, (t, a) => t.seedMemories(a), { count: 10_000 });
  const project = await h.seed(page, (t, a) => t.seedGeneratedProject(a), { name: 'big-app', files: 5_000 });
  return { bulk, memories, project };
}

/**
 * For the diagnostics: a fresh page over the long history, opened once and left until its indexes are saved (as a
 * user's earlier session left them), with short scripted answers. Returns the chat's address for the project.
 */
export async function reopenedHistory(h: Harness): Promise<{ page: Page; url: string; projectId: string }> {
  h.fake.script([{ reply: { content: 'Short answer.', tokensPerSecond: 5000 } }]);
  const page = await h.newPage();
  const { project } = await seedLongHistory(h, page);
  const url = `${h.app.url}/?project=${project.projectId}`;
  await page.goto(url);
  await page.getByLabel('Message', { exact: true }).waitFor();
  await indexesSaved(page, project.projectId);
  return { page, url, projectId: project.projectId };
}

export async function benchBrain(h: Harness): Promise<BrainResult> {
  h.fake.script([
    { reply: { content: 'Here is a short answer:\n\n```ts\nexport const ok = true;\n```', tokensPerSecond: 5000 } },
  ]);

  const emptyPage = await h.newPage();
  await emptyPage.context().addInitScript(PROBE);
  const empty = await measure(emptyPage, `${h.app.url}/`, undefined);
  await emptyPage.context().close();

  const page = await h.newPage();
  await page.context().addInitScript(PROBE);
  const { bulk, memories, project } = await seedLongHistory(h, page);
  const mention = project.paths.find((p) => p.endsWith('billing-8.ts'));
  const url = `${h.app.url}/?project=${project.projectId}`;
  const unsaved = await measure(page, url, mention, { rounds: 1 });
  // What a user with this history has: the indexes an earlier session saved.
  await indexesSaved(page, project.projectId);
  const full = await measure(page, url, mention, { firstMark: 1 });
  const typed = await measure(page, url, mention, { rounds: 1, pauseMs: TYPING_MS, firstMark: 1 + ROUNDS });
  await page.context().close();

  return {
    empty,
    full,
    firstAfterTypingMs: typed.firstMs,
    firstUnsavedMs: unsaved.firstMs,
    messages: bulk.answerIds.length * 2,
    memories,
    projectFiles: project.paths.length,
  };
}
