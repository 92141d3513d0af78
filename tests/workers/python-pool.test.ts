import { describe, expect, it } from 'vitest';
import { createPythonPool, type Interpreter } from '@/workers/sandbox/python-pool';

/** Interpreters that load or fail as each test says; `later` tasks run when the test flushes them. */
function fakes(outcomes: ('ok' | 'fail' | 'held')[]) {
  const started: number[] = [];
  const tasks: (() => void)[] = [];
  const settlers = new Map<number, (outcome: 'ok' | 'fail') => void>();
  const start = async (): Promise<Interpreter<number>> => {
    const n = started.length;
    started.push(n);
    const outcome = outcomes[n] ?? 'ok';
    const ready = new Promise<void>((resolve, reject) => {
      const settle = (o: 'ok' | 'fail') => (o === 'ok' ? resolve() : reject(new Error(`start ${n} failed`)));
      if (outcome === 'held') settlers.set(n, settle);
      else settle(outcome);
    });
    ready.catch(() => undefined);
    return { w: n, ready };
  };
  const pool = createPythonPool(start, (f) => void tasks.push(f));
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    while (tasks.length) tasks.shift()!();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const settle = (n: number, o: 'ok' | 'fail') => settlers.get(n)!(o);
  return { pool, started, flush, settle };
}

describe('the Python interpreter pool', () => {
  it('gives the interpreter started by a warm-up to the first run only, and starts the next one once it has loaded', async () => {
    const { pool, started, flush } = fakes([]);
    pool.warm();
    pool.warm();
    expect(started).toEqual([0]);
    const first = { finished: false } as { w?: number; finished: boolean };
    await pool.loadFor(first);
    expect(first.w).toBe(0);
    await flush();
    expect(started).toEqual([0, 1]);
    const second = { finished: false } as { w?: number; finished: boolean };
    await pool.loadFor(second);
    expect(second.w).toBe(1);
  });

  it('when the interpreter started ahead fails, the run starts one more, with none loading beside it', async () => {
    const { pool, started, flush, settle } = fakes(['held', 'ok']);
    pool.warm();
    const run = { finished: false } as { w?: number; finished: boolean };
    const loading = pool.loadFor(run);
    await flush();
    // While the taken one loads, nothing else starts (a second start would share its download).
    expect(started).toEqual([0]);
    settle(0, 'fail');
    await loading;
    expect(run.w).toBe(1);
    expect(started).toEqual([0, 1]);
    await flush();
    // Once the run's is loaded, the next run's starts ahead, as after any take.
    expect(started).toEqual([0, 1, 2]);
  });

  it('after a failed warm-up nothing more starts ahead until a run asks, which tries again and gets its own error', async () => {
    const { pool, started, flush } = fakes(['fail', 'fail', 'fail']);
    pool.warm();
    await flush();
    pool.warm();
    pool.afterRun();
    await flush();
    expect(started).toEqual([0]);

    const run = { finished: false } as { w?: number; finished: boolean };
    await expect(pool.loadFor(run)).rejects.toThrow('start 1 failed');
    await flush();
    // The run's own attempt failed too: nothing starts ahead, by a warm-up or after the run.
    pool.warm();
    pool.afterRun();
    await flush();
    expect(started).toEqual([0, 1]);
  });

  it('a run without an interpreter started ahead fails with its own start, and is not retried', async () => {
    const { pool, started } = fakes(['fail']);
    const run = { finished: false } as { w?: number; finished: boolean };
    await expect(pool.loadFor(run)).rejects.toThrow('start 0 failed');
    expect(started).toEqual([0]);
  });
});
