/**
 * Streaming benchmark (issues 3 and 18): 2,000 tokens at 200 tokens/s into a
 * conversation that already holds 300 messages with code. Measures long
 * tasks on the main thread, frame gaps, the delay from the fake writing a
 * chunk to that text being painted, and tokens shown / tokens sent.
 *
 * When each piece of text reached the page (the Ollama client's stream
 * reader resolving with it) is recorded too, which splits the delay into the
 * way there (the fake's process, the network, the page's queue) and the
 * page's own part, and says whether the text was painted in the first frame
 * that began after it arrived: the soonest any page can paint it.
 *
 * "Painted" is read in two places of each frame. After layout (a
 * ResizeObserver on a probe resized every frame: it runs after every
 * animation-frame callback, the app's too, and right before the paint) is
 * the frame that paints the text. At the start of the next frame (the first
 * animation-frame callback, the figure of issue 3) counts text the app
 * rendered in its own animation-frame callback one frame late, because that
 * callback runs after the bench's.
 */
import type { Page } from 'playwright-core';
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
  /** Chunk read by the page → text in the DOM after layout of the frame that paints it. */
  arrivedToPaintP95Ms: number;
  /** Chunk written by the fake → read by the page (the network between them and the page's queue). */
  writtenToReadP95Ms: number;
  /** Share of the text painted in the first frame that began after it reached the page. */
  paintedInNextFrame: number;
  /** Chunk written → text seen at the start of a frame (issue 3's reading; one frame late for text rendered in an animation frame). */
  chunkToFrameStartP50Ms: number;
  chunkToFrameStartP95Ms: number;
  shownOverSent: number;
  tokensSent: number;
}

/** A diagnostic's hooks around the measured stream (scripts/bench/stream-trace.ts): from just before Enter to completion. */
export interface StreamObserver {
  started(page: Page): Promise<void>;
  ended(page: Page): Promise<void>;
}

export async function benchStreaming(h: Harness, observer?: StreamObserver): Promise<StreamResult> {
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
    const arrived = new Map<string, number>();
    const frameReports: string[] = [];
    w.__bench = { longTasks, frames, painted, atFrameStart, arrived, frameReports, running: true };
    // When each marker reaches the page: the Ollama client reads the answer's body with a stream reader.
    const read = ReadableStreamDefaultReader.prototype.read;
    const decoder = new TextDecoder();
    ReadableStreamDefaultReader.prototype.read = function (this: ReadableStreamDefaultReader) {
      return read.call(this).then((r) => {
        const at = performance.timeOrigin + performance.now();
        const text =
          typeof r.value === 'string' ? r.value : r.value instanceof Uint8Array ? decoder.decode(r.value) : '';
        for (const m of text.matchAll(/Q[a-z]{4}/g)) if (!arrived.has(m[0])) arrived.set(m[0], at);
        return r;
      });
    } as typeof read;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    // For BENCH_DEBUG: the long animation frames and what ran in them.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        startTime: number;
        duration: number;
        renderStart: number;
        styleAndLayoutStart: number;
        blockingDuration: number;
        scripts: { invoker: string; duration: number; sourceFunctionName: string; sourceURL: string }[];
      }[]) {
        const scripts = e.scripts
          .map((x) => `${x.invoker} ${x.sourceFunctionName}@${x.sourceURL.split('/').pop()} ${x.duration.toFixed(0)}`)
          .join('; ');
        frameReports.push(
          `at ${e.startTime.toFixed(0)} dur ${e.duration.toFixed(0)} blocking ${e.blockingDuration.toFixed(0)} render@${(e.renderStart - e.startTime).toFixed(0)} layout@${(e.styleAndLayoutStart - e.startTime).toFixed(0)} | ${scripts}`,
        );
      }
    }).observe({ type: 'long-animation-frame' });
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
      frames.push(performance.timeOrigin + t);
      look(atFrameStart);
      probe.style.width = probe.style.width === '1px' ? '2px' : '1px';
      if ((w.__bench as { running: boolean }).running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });

  const box = page.getByLabel('Message', { exact: true });
  await box.fill('stream benchmark: write a long answer');
  await observer?.started(page);
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
  await observer?.ended(page);

  const result = await page.evaluate(() => {
    const b = (
      window as unknown as {
        __bench: {
          longTasks: { start: number; duration: number }[];
          frames: number[];
          painted: Map<string, number>;
          atFrameStart: Map<string, number>;
          arrived: Map<string, number>;
          frameReports: string[];
          running: boolean;
        };
      }
    ).__bench;
    b.running = false;
    const firstRead = Math.min(...b.arrived.values()) - performance.timeOrigin;
    const debug = [
      `first text read at ${firstRead.toFixed(0)}, long tasks at ${b.longTasks.map((t) => t.start.toFixed(0)).join(', ')}`,
      ...b.frameReports,
    ].join('\n');
    const gaps = b.frames.slice(1).map((t, i) => t - b.frames[i]);
    const last = [...document.querySelectorAll('article[data-role="assistant"]')].pop();
    const shown = new Set((last?.textContent ?? '').match(/Q[a-z]{4}/g) ?? []);
    return {
      longTasks: b.longTasks.map((t) => t.duration),
      gaps,
      painted: [...b.painted.entries()],
      atFrameStart: [...b.atFrameStart.entries()],
      arrived: [...b.arrived.entries()],
      debug,
      frames: b.frames,
      shown: [...shown],
    };
  });
  await page.context().close();
  if (process.env.BENCH_DEBUG) process.stderr.write(`${result.debug}\n`);

  const delaysTo = (seen: Map<string, number>) => {
    const delays: number[] = [];
    for (const [m, at] of sent) {
      const p = seen.get(m);
      if (p !== undefined) delays.push(Math.max(0, p - at));
    }
    return delays;
  };
  const painted = new Map(result.painted);
  const delays = delaysTo(painted);
  const late = delaysTo(new Map(result.atFrameStart));
  const toRead = delaysTo(new Map(result.arrived));
  // From reaching the page to painted, and in which frame: the frames that began after the text arrived, up to and
  // including the one that painted it. 1 is the next frame, the soonest any page can paint what it receives.
  const fromArrival: number[] = [];
  let inNextFrame = 0;
  for (const [m, a] of result.arrived) {
    const p = painted.get(m);
    if (p === undefined || !sent.has(m)) continue;
    fromArrival.push(Math.max(0, p - a));
    if (result.frames.filter((f) => f > a && f <= p).length <= 1) inNextFrame++;
  }
  return {
    longTasks: result.longTasks.length,
    longestTaskMs: Math.max(0, ...result.longTasks),
    frameGapP95Ms: percentile(result.gaps, 95),
    frameGapP99Ms: percentile(result.gaps, 99),
    chunkToPaintP50Ms: percentile(delays, 50),
    chunkToPaintP95Ms: percentile(delays, 95),
    arrivedToPaintP95Ms: percentile(fromArrival, 95),
    writtenToReadP95Ms: percentile(toRead, 95),
    paintedInNextFrame: fromArrival.length ? inNextFrame / fromArrival.length : 0,
    chunkToFrameStartP50Ms: percentile(late, 50),
    chunkToFrameStartP95Ms: percentile(late, 95),
    shownOverSent: sent.size ? result.shown.filter((m) => sent.has(m)).length / sent.size : 0,
    tokensSent,
  };
}

/** The same figures for a bare page (see benchPaintFloor). */
export interface PaintFloor {
  chunkToPaintP50Ms: number;
  chunkToPaintP95Ms: number;
  writtenToReadP95Ms: number;
}

/**
 * The least any page can do on this machine, for comparison with the app's
 * figure: the same answer at the same rate from the same fake, read by a
 * bare page with fetch and a stream reader, each piece appended to one text
 * node the moment it is read (no framework, no markdown, nothing else on the
 * page), "painted" measured as for the app (after layout of the frame that
 * paints it). What is left is the way from the fake to the page and the wait
 * for the next frame: a piece read just after a frame's layout waits most of
 * a frame, so the p95 sits near one frame plus the way there whatever a page
 * does. The page is the fake's own root ("Ollama is running"), so the request
 * is same-origin: Chromium refuses a request to a loopback address from a
 * page that did not come from a loopback server (the harness's blank page).
 */
export async function benchPaintFloor(h: Harness): Promise<PaintFloor> {
  const page = await h.newPage({ installed: false });
  const sent = new Map<string, number>();
  h.fake.script([
    {
      match: { lastUser: 'paint floor' },
      reply: {
        content: markedAnswer(TOKENS),
        tokensPerSecond: RATE,
        onChunk: (c) => {
          for (const m of c.text.matchAll(/Q[a-z]{4}/g)) sent.set(m[0], c.at);
        },
      },
    },
  ]);
  await page.goto(h.fake.url);
  const result = await page.evaluate(async () => {
    document.body.innerHTML = '<div style="white-space:pre-wrap;font:14px sans-serif"></div>';
    const text = document.body.firstElementChild as HTMLElement;
    const painted = new Map<string, number>();
    const arrived = new Map<string, number>();
    const probe = document.createElement('div');
    probe.style.cssText = 'position:fixed;left:0;top:0;height:1px;width:1px;visibility:hidden;pointer-events:none';
    document.body.append(probe);
    new ResizeObserver(() => {
      const now = performance.timeOrigin + performance.now();
      for (const m of (text.textContent ?? '').slice(-400).matchAll(/Q[a-z]{4}/g))
        if (!painted.has(m[0])) painted.set(m[0], now);
    }).observe(probe);
    let running = true;
    const loop = () => {
      probe.style.width = probe.style.width === '1px' ? '2px' : '1px';
      if (running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    const res = await fetch('/api/chat', {
      method: 'POST',
      body: JSON.stringify({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'paint floor' }] }),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const at = performance.timeOrigin + performance.now();
      const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        const piece: string = JSON.parse(line).message?.content ?? '';
        for (const m of piece.matchAll(/Q[a-z]{4}/g)) if (!arrived.has(m[0])) arrived.set(m[0], at);
        text.append(piece);
      }
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    running = false;
    return { painted: [...painted], arrived: [...arrived] };
  });
  await page.context().close();
  const delays = (seen: [string, number][]) =>
    seen.flatMap(([m, at]) => {
      const written = sent.get(m);
      return written === undefined ? [] : [Math.max(0, at - written)];
    });
  const painted = delays(result.painted);
  return {
    chunkToPaintP50Ms: percentile(painted, 50),
    chunkToPaintP95Ms: percentile(painted, 95),
    writtenToReadP95Ms: percentile(delays(result.arrived), 95),
  };
}
