/**
 * Streaming benchmark (issues 3 and 18): 2,000 tokens at 200 tokens/s into a
 * conversation that already holds 300 messages with code. Measures long
 * tasks on the main thread, frame gaps, the delay from the fake writing a
 * chunk to that text being painted, and tokens shown / tokens sent.
 *
 * "Painted" is read in two places of each frame. After layout (a
 * ResizeObserver on a probe resized every frame: it runs after every
 * animation-frame callback, the app's too, and right before the paint) is
 * the frame that paints the text. At the start of the next frame (the first
 * animation-frame callback, the figure of issue 3) counts text the app
 * rendered in its own animation-frame callback one frame late, because that
 * callback runs after the bench's.
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
  /** Chunk written → text in the DOM after layout of the frame that paints it. */
  chunkToPaintP50Ms: number;
  chunkToPaintP95Ms: number;
  /** Chunk written → text seen at the start of a frame (issue 3's reading; one frame late for text rendered in an animation frame). */
  chunkToFrameStartP50Ms: number;
  chunkToFrameStartP95Ms: number;
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
    const atFrameStart = new Map<string, number>();
    w.__bench = { longTasks, frames, painted, atFrameStart, running: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    /** Markers visible now count as painted at this moment. */
    const look = (into: Map<string, number>) => {
      const el = document.querySelector('article[data-role="assistant"][data-status="streaming"] .prose-chat');
      const text = el?.lastElementChild?.textContent ?? '';
      const now = performance.timeOrigin + performance.now();
      for (const m of text.matchAll(/Q[a-z]{4}/g)) if (!into.has(m[0])) into.set(m[0], now);
    };
    // Resized in every frame, so its observer runs in every frame, after layout and before the paint.
    const probe = document.createElement('div');
    probe.style.cssText = 'position:fixed;left:0;top:0;height:1px;width:1px;visibility:hidden;pointer-events:none';
    document.body.append(probe);
    new ResizeObserver(() => look(painted)).observe(probe);
    const loop = (t: number) => {
      frames.push(t);
      look(atFrameStart);
      probe.style.width = probe.style.width === '1px' ? '2px' : '1px';
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
          atFrameStart: Map<string, number>;
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
      atFrameStart: [...b.atFrameStart.entries()],
      shown: [...shown],
    };
  });
  await page.context().close();

  const delaysTo = (seen: Map<string, number>) => {
    const delays: number[] = [];
    for (const [m, at] of sent) {
      const p = seen.get(m);
      if (p !== undefined) delays.push(Math.max(0, p - at));
    }
    return delays;
  };
  const delays = delaysTo(new Map(result.painted));
  const late = delaysTo(new Map(result.atFrameStart));
  return {
    longTasks: result.longTasks.length,
    longestTaskMs: Math.max(0, ...result.longTasks),
    frameGapP95Ms: percentile(result.gaps, 95),
    frameGapP99Ms: percentile(result.gaps, 99),
    chunkToPaintP50Ms: percentile(delays, 50),
    chunkToPaintP95Ms: percentile(delays, 95),
    chunkToFrameStartP50Ms: percentile(late, 50),
    chunkToFrameStartP95Ms: percentile(late, 95),
    shownOverSent: sent.size ? result.shown.filter((m) => sent.has(m)).length / sent.size : 0,
    tokensSent,
  };
}
