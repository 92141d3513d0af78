import { describe, expect, it, vi } from 'vitest';
import { RunBoard, type RunnerSettings } from '@/lib/runner/board';
import type { CodelumiDB } from '@/lib/db/db';
import type { SandboxHost } from '@/lib/runner/host';

function board(autoRunPython: boolean, autoRunSideEffects = false) {
  const warmUp = vi.fn();
  const settings: RunnerSettings = {
    timeLimitMs: 10_000,
    autoRun: { python: autoRunPython, javascript: true, typescript: true },
    autoRunSideEffects,
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

const PLAIN = { runner: 'python' as const, code: "print('hi')" };
/** Reads input: a block the auto-run leaves to the Run button. */
const INPUT = { runner: 'python' as const, code: "name = input('name? ')\nprint(name)" };

/** The board warms up at the tab's next idle moment; in Node that is the next timer turn. */
const idle = () => new Promise((r) => setTimeout(r, 5));

describe('RunBoard.warmUp', () => {
  it('starts Python in the sandbox for a complete block of the streaming answer that will run by itself', async () => {
    const { b, warmUp } = board(true);
    b.warmUp(PLAIN, 'streaming');
    expect(warmUp).not.toHaveBeenCalled();
    await idle();
    expect(warmUp).toHaveBeenCalledExactlyOnceWith('python');
  });

  it('asks once for the calls made while one waits, and again after it went out', async () => {
    const { b, warmUp } = board(true);
    b.warmUp(PLAIN, 'streaming');
    b.warmUp(PLAIN, 'streaming');
    b.warmUp(PLAIN, 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledTimes(1);
    b.warmUp(PLAIN, 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledTimes(2);
  });

  it('loads nothing for a streaming answer when Python does not run by itself, until the user is about to run it', async () => {
    const { b, warmUp } = board(false);
    b.warmUp(PLAIN, 'streaming');
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
    b.warmUp(PLAIN, 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledExactlyOnceWith('python');
  });

  it('loads nothing for a block with side effects (the auto-run skips it), unless they may auto-run; Run still warms', async () => {
    const { b, warmUp } = board(true);
    b.warmUp(INPUT, 'streaming');
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
    b.warmUp(INPUT, 'intent');
    await idle();
    expect(warmUp).toHaveBeenCalledOnce();

    const allowed = board(true, true);
    allowed.b.warmUp(INPUT, 'streaming');
    await idle();
    expect(allowed.warmUp).toHaveBeenCalledOnce();
  });

  it('warms nothing up for other languages', async () => {
    const { b, warmUp } = board(true);
    for (const runner of ['javascript', 'typescript', 'html', 'react'] as const) {
      b.warmUp({ runner, code: 'console.log(1)' }, 'streaming');
      b.warmUp({ runner, code: 'console.log(1)' }, 'intent');
    }
    b.warmUp({ code: 'plain text' }, 'intent');
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
  });

  it('drops a waiting warm-up when the board is disposed, and starts none after', async () => {
    const { b, warmUp } = board(true);
    b.warmUp(PLAIN, 'streaming');
    b.dispose();
    await idle();
    b.warmUp(PLAIN, 'intent');
    await idle();
    expect(warmUp).not.toHaveBeenCalled();
  });
});
