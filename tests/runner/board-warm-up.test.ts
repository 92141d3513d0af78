import { describe, expect, it, vi } from 'vitest';
import { RunBoard, type RunnerSettings } from '@/lib/runner/board';
import type { CodelumiDB } from '@/lib/db/db';
import type { SandboxHost } from '@/lib/runner/host';

function board(autoRunPython: boolean) {
  const warmUp = vi.fn();
  const settings: RunnerSettings = {
    timeLimitMs: 10_000,
    autoRun: { python: autoRunPython, javascript: true, typescript: true },
    autoRunSideEffects: false,
    autoFixRetries: 0,
  };
  const b = new RunBoard({
    // Warming up touches neither the database nor a run.
    db: {} as CodelumiDB,
    host: () => ({ warmUp }) as unknown as SandboxHost,
    settings: () => settings,
  });
  return { b, warmUp };
}

/** The board warms up at the tab's next idle moment; in Node that is the next timer turn. */
const idle = () => new Promise((r) => setTimeout(r, 5));

describe('RunBoard.warmUp', () => {
  it('starts Python in the sandbox when an answer with Python code appears and Python runs by itself', async () => {
    const { b, warmUp } = board(true);
    b.warmUp('python', 'appeared');
    expect(warmUp).not.toHaveBeenCalled();
    await idle();
    expect(warmUp).toHaveBeenCalledExactlyOnceWith('python');
  });

  it('asks once for the calls made while one waits, and again after it went out', async () => {
    const { b, warmUp } = board(true);
    b.warmUp('python', 'appeared');
    b.warmUp('python', 'appeared');
    b.warmUp('python', 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledTimes(1);
    b.warmUp('python', 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledTimes(2);
  });

  it('loads nothing for an answer when Python does not run by itself, until the user is about to run it', async () => {
    const { b, warmUp } = board(false);
    b.warmUp('python', 'appeared');
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
    b.warmUp('python', 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledExactlyOnceWith('python');
  });

  it('warms nothing up for other languages', async () => {
    const { b, warmUp } = board(true);
    for (const lang of ['javascript', 'typescript', 'html', 'react'] as const) {
      b.warmUp(lang, 'appeared');
      b.warmUp(lang, 'intent');
    }
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
  });
});
