/**
 * The highlight client's time limit per block: a block the worker takes too
 * long on is shown plain, the stuck worker is stopped, and a fresh one
 * highlights the blocks after it. The worker here is the real highlighter
 * (Shiki) behind Comlink on a MessageChannel; one marked block never
 * finishes, as a grammar that backtracks without end would.
 *
 * The limits' clock is Vitest's: time passes only when a test lets it, once
 * the worker has the block that never finishes. A real block is then never
 * "too long" however busy the machine (a loaded run once took over 2 s for
 * `const a = 1;`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expose } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createHighlightClient, type HighlightWorker } from '@/lib/markdown/highlight-client';
import { highlightCode, prepareLanguage } from '@/lib/markdown/highlight';

const RUNAWAY = 'calculateTotalPriceIncludingTaxesForCustomer();';
const LIMIT_MS = 2000;
const ports: MessagePort[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  ports.splice(0).forEach((p) => p.close());
});

/** Resolves once `count()` reaches `n`, checked as messages arrive (not on a timer: timers are fake here). */
async function until(count: () => number, n: number): Promise<void> {
  while (count() < n) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Lets `ms` pass on the limits' clock. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** Worker-like endpoints over the real highlighter; counts starts and stops. */
function workers() {
  const made: { terminated: boolean }[] = [];
  let runaways = 0;
  const create = (): HighlightWorker => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    expose(
      {
        prepare: (language: string) => prepareLanguage(language),
        highlight: (code: string, language: string) =>
          code.includes(RUNAWAY) ? (runaways++, new Promise<never>(() => undefined)) : highlightCode(code, language),
      },
      port2 as never,
    );
    const state = { terminated: false };
    made.push(state);
    return Object.assign(port1 as unknown as HighlightWorker, {
      terminate: () => {
        state.terminated = true;
        port1.close();
        port2.close();
      },
    });
  };
  /** Resolves when the `n`th runaway block has reached a worker. */
  const runaway = (n = 1) => until(() => runaways, n);
  return { create, made, runaway };
}

describe('highlight client', () => {
  it('shows a block that takes too long plain, stops that worker, and highlights later blocks in a fresh one', async () => {
    const w = workers();
    const client = createHighlightClient(w.create, { blockMs: LIMIT_MS });
    expect(await client.highlight('const a = 1;', 'ts')).toContain('class="shiki');

    const slow = client.highlight(RUNAWAY, 'ts');
    await w.runaway();
    await pass(LIMIT_MS);
    expect(await slow).toBeUndefined();
    expect(w.made.map((m) => m.terminated)).toEqual([true]);

    expect(await client.highlight('const b = 2;', 'ts')).toContain('class="shiki');
    expect(w.made.map((m) => m.terminated)).toEqual([true, false]);
  });

  it('remembers that a block ran over its limit, so showing it again does not stop the worker again', async () => {
    const w = workers();
    const client = createHighlightClient(w.create, { blockMs: LIMIT_MS });
    const slow = client.highlight(RUNAWAY, 'ts');
    await w.runaway();
    await pass(LIMIT_MS);
    expect(await slow).toBeUndefined();
    expect(await client.highlight(RUNAWAY, 'ts')).toBeUndefined();
    expect(client.cached(RUNAWAY, 'ts')).toBeUndefined();
    expect(w.made).toHaveLength(1);
  });

  it('blocks waiting behind a slow one are not blamed for its time: each gets its own limit', async () => {
    const w = workers();
    const client = createHighlightClient(w.create, { blockMs: LIMIT_MS });
    const both = Promise.all([client.highlight(RUNAWAY, 'ts'), client.highlight('let c = 3;', 'ts')]);
    await w.runaway();
    await pass(LIMIT_MS);
    const [slow, after] = await both;
    expect(slow).toBeUndefined();
    expect(after).toContain('class="shiki');
  });

  it('tries a grammar again when it did not load in time (a busy moment), instead of keeping the block plain', async () => {
    await prepareLanguage('ts'); // loaded in this process already, so only the first worker's load is slow
    const w = workers();
    let first = true;
    let loads = 0;
    const client = createHighlightClient(
      () => {
        if (!first) return w.create();
        first = false;
        const { port1, port2 } = new MessageChannel();
        ports.push(port1, port2);
        const prepare = () => (loads++, new Promise<never>(() => undefined));
        expose({ prepare, highlight: () => undefined }, port2 as never);
        return Object.assign(port1 as unknown as HighlightWorker, { terminate: () => (port1.close(), port2.close()) });
      },
      { blockMs: LIMIT_MS, loadMs: 500 },
    );
    const stuck = client.highlight('const a = 1;', 'ts');
    await until(() => loads, 1);
    await pass(500);
    expect(await stuck).toBeUndefined();
    expect(await client.highlight('const a = 1;', 'ts')).toContain('class="shiki');
  });
});
