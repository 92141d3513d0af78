/**
 * Opening a long conversation (issue 3): time from clicking it in the
 * sidebar until its last message is on screen and the list scrolls, for
 * 1,000 messages with code, as a ratio to opening a one-exchange chat.
 */
import { CODE_ANSWER_SOURCE, median, type Harness } from './harness';

const RUNS = 7;

export interface OpenResult {
  longMs: number;
  shortMs: number;
  ratio: number;
}

export async function benchOpenConversation(h: Harness): Promise<OpenResult> {
  const page = await h.newPage();
  const long = await h.seed(page, (t, a) => t.seedLongConversation(a), {
    turns: 500,
    answerSource: CODE_ANSWER_SOURCE,
    title: 'Benchmark: 1000 messages',
  });
  const short = await h.seed(page, (t, a) => t.seedLongConversation(a), {
    turns: 1,
    answerSource: CODE_ANSWER_SOURCE,
    title: 'Benchmark: one exchange',
  });
  await page.goto(`${h.app.url}/`);
  await page.locator(`[data-conversation-id="${long.conversationId}"]`).waitFor();

  const open = async (conv: { conversationId: string; lastMessageId: string }, mustScroll: boolean) => {
    await page.locator('a[href="/models/"]').click(); // leave the chat so the next open mounts it afresh
    await page.getByRole('heading', { name: 'Models' }).waitFor();
    return page.evaluate(
      ([id, lastId, scroll]) =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          (document.querySelector(`[data-conversation-id="${id}"] a`) as HTMLAnchorElement).click();
          const check = () => {
            const last = document.querySelector(`[data-message-id="${lastId}"]`);
            const scroller = document.querySelector('[data-testid="message-scroller"]');
            const ready = last && scroller && (!scroll || scroller.scrollHeight > scroller.clientHeight + 100);
            if (ready) resolve(performance.now() - t0);
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      [conv.conversationId, conv.lastMessageId, mustScroll] as const,
    );
  };

  const longTimes: number[] = [];
  const shortTimes: number[] = [];
  await open(long, true); // warm-up: chunks and highlighter loaded once
  await open(short, false);
  for (let i = 0; i < RUNS; i++) {
    longTimes.push(await open(long, true));
    shortTimes.push(await open(short, false));
  }
  await page.context().close();
  const longMs = median(longTimes);
  const shortMs = median(shortTimes);
  return { longMs, shortMs, ratio: longMs / shortMs };
}
