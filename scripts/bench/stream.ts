/**
 * Streaming benchmark (issue 3): 2,000 tokens at 200 tokens/s into a
 * conversation that already holds 300 messages with code. Measures long
 * tasks on the main thread, frame gaps, the delay from the fake writing a
 * chunk to that text being painted, and tokens shown / tokens sent.
 */
import { tokenize } from '../../tests/fake-ollama';
import { CODE_ANSWER_SOURCE, percentile, type Harness } from './harness';

const TOKENS = 2000;
const RATE = 200;

/** A marker word per number: "Q" + four letters, one token for the fake's tokenizer. */
function marker(n: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return `Q${s}`;
}

/** Markdown of exactly `count` fake tokens: paragraphs, lists and code, every word a numbered marker. */
export function markedAnswer(count: number): string {
  let text = '';
  let n = 0;
  const words = (k: number) => Array.from({ length: k }, () => marker(n++)).join(' ');
  for (let section = 0; tokenize(text).length < count + 50; section++) {
    text += `${words(35)}.\n\n`;
    if (section % 3 === 1) text += `- ${words(6)}\n- ${words(6)}\n\n`;
    if (section % 4 === 2)
      text += `\`\`\`ts\nconst ${words(1)} = [${words(8)
        .split(' ')
        .map((w) => `'${w}'`)
        .join(', ')}];\n\`\`\`\n\n`;
  }
  return tokenize(text).slice(0, count).join('');
}

export interface StreamResult {
  longTasks: number;
  longestTaskMs: number;
  frameGapP95Ms: number;
  frameGapP99Ms: number;
  chunkToPaintP50Ms: number;
  chunkToPaintP95Ms: number;
  shownOverSent: number;
  tokensSent: number;
}

export async function benchStreaming(h: Harness): Promise<StreamResult> {
  const page = await h.newPage();
  const { conversationId } = await h.seed(page, (t, a) => t.seedLongConversation(a), {
    turns: 150,
    answerSource: CODE_ANSWER_SOURCE,
    title: 'Benchmark: 300 messages',
  });
  const answer = markedAnswer(TOKENS);
  const sent = new Map<string, number>();
  let tokensSent = 0;
  h.fake.script([
    {
      match: { lastUser: 'stream benchmark' },
      reply: {
        content: answer,
        tokensPerSecond: RATE,
        onChunk: (c) => {
          tokensSent++;
          for (const m of c.text.matchAll(/Q[a-z]{4}/g)) sent.set(m[0], c.at);
        },
      },
    },
  ]);

  await page.goto(`${h.app.url}/?c=${conversationId}`);
  await page.locator('article[data-role="assistant"]').last().waitFor();
  await page.waitForTimeout(1500); // let the highlighter and first paint settle before measuring

  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const longTasks: { start: number; duration: number }[] = [];
    const frames: number[] = [];
    const painted = new Map<string, number>();
    w.__bench = { longTasks, frames, painted, running: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    const loop = (t: number) => {
      frames.push(t);
      // Markers visible now count as painted in this frame.
      const el = document.querySelector('article[data-role="assistant"][data-status="streaming"] .prose-chat');
      const text = el?.lastElementChild?.textContent ?? '';
      const now = performance.timeOrigin + performance.now();
      for (const m of text.matchAll(/Q[a-z]{4}/g)) if (!painted.has(m[0])) painted.set(m[0], now);
      if ((w.__bench as { running: boolean }).running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });

  const box = page.getByLabel('Message', { exact: true });
  await box.fill('stream benchmark: write a long answer');
  await box.press('Enter');
  await page
    .locator('article[data-role="assistant"][data-status="streaming"]')
    .waitFor({ timeout: 15_000 })
    .catch(async (err) => {
      await page.screenshot({ path: 'test-results/bench-stream-failure.png' });
      throw err;
    });
  await page.waitForFunction(
    () => {
      const last = [...document.querySelectorAll('article[data-role="assistant"]')].pop();
      return last?.getAttribute('data-status') === 'complete';
    },
    undefined,
    { timeout: 60_000, polling: 200 },
  );

  const result = await page.evaluate(() => {
    const b = (
      window as unknown as {
        __bench: {
          longTasks: { duration: number }[];
          frames: number[];
          painted: Map<string, number>;
          running: boolean;
        };
      }
    ).__bench;
    b.running = false;
    const gaps = b.frames.slice(1).map((t, i) => t - b.frames[i]);
    const last = [...document.querySelectorAll('article[data-role="assistant"]')].pop();
    const shown = new Set((last?.textContent ?? '').match(/Q[a-z]{4}/g) ?? []);
    return {
      longTasks: b.longTasks.map((t) => t.duration),
      gaps,
      painted: [...b.painted.entries()],
      shown: [...shown],
    };
  });
  await page.context().close();

  const painted = new Map(result.painted);
  const delays: number[] = [];
  for (const [m, at] of sent) {
    const p = painted.get(m);
    if (p !== undefined) delays.push(Math.max(0, p - at));
  }
  return {
    longTasks: result.longTasks.length,
    longestTaskMs: Math.max(0, ...result.longTasks),
    frameGapP95Ms: percentile(result.gaps, 95),
    frameGapP99Ms: percentile(result.gaps, 99),
    chunkToPaintP50Ms: percentile(delays, 50),
    chunkToPaintP95Ms: percentile(delays, 95),
    shownOverSent: sent.size ? result.shown.filter((m) => sent.has(m)).length / sent.size : 0,
    tokensSent,
  };
}
