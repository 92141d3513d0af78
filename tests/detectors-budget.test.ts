/**
 * No text detector takes super-linear time (issue 11): every detector that
 * runs regular expressions over untrusted text (tests/support/detectors.ts) is
 * run over every adversarial input (tests/support/adversarial.ts), in a child
 * process that is stopped when one call never returns. The budget, one second
 * of the call's own CPU time on inputs of at most about 100 KB, is far above a
 * linear run and far below a blow-up (a quadratic pass over 100 KB takes many
 * seconds, an exponential one forever). CPU time, not the clock: on a busy
 * machine a call waits for a core, and that wait is not the detector's.
 * A detector that throws on such input fails too: bad input gets an answer,
 * not a crash.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADVERSARIAL } from './support/adversarial';
import { DETECTORS } from './support/detectors';

const BUDGET_MS = 1000;
/** Past this (on the clock, which a busy machine stretches) a call is taken as never returning and is stopped. */
const GIVE_UP_MS = 10 * BUDGET_MS;

interface Finding {
  input: string;
  problem: string;
}

/** What the detectors' process says (tests/support/budget-worker.mjs). */
type WorkerMessage =
  | { type: 'start'; detector: string; input: string; at: [number, number] }
  | { type: 'end'; detector: string; input: string; cpuMs: number; error?: string }
  | { type: 'done' };

const findings = new Map<string, Finding[]>(Object.keys(DETECTORS).map((name) => [name, []]));
const inputCount = Object.keys(ADVERSARIAL).length;

/** Runs the calls from `from` on in a new process; resolves with where to go on from after a stopped call, or undefined when all ran. */
function runFrom(from: [number, number]): Promise<[number, number] | undefined> {
  return new Promise((resolve, reject) => {
    const worker = fork(
      fileURLToPath(new URL('./support/budget-worker.mjs', import.meta.url)),
      [JSON.stringify(from)],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let ended = false;
    const end = (next: [number, number] | undefined) => {
      ended = true;
      worker.kill('SIGKILL');
      resolve(next);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: Extract<WorkerMessage, { type: 'start' }> | undefined;
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'start') {
        current = msg;
        timer = setTimeout(() => {
          const { detector, input, at } = current!;
          findings.get(detector)!.push({ input, problem: `still running after ${GIVE_UP_MS} ms (stopped)` });
          const [d, i] = at;
          end(i + 1 < inputCount ? [d, i + 1] : [d + 1, 0]);
        }, GIVE_UP_MS);
      } else if (msg.type === 'end') {
        clearTimeout(timer);
        if (msg.cpuMs > BUDGET_MS)
          findings.get(msg.detector)!.push({ input: msg.input, problem: `took ${Math.round(msg.cpuMs)} ms of CPU` });
        if (msg.error) findings.get(msg.detector)!.push({ input: msg.input, problem: `threw ${msg.error}` });
      } else if (msg.type === 'done') {
        end(undefined);
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!ended) reject(new Error(`the detectors' process ended early (exit code ${code})`));
    });
  });
}

beforeAll(async () => {
  let next: [number, number] | undefined = [0, 0];
  while (next && next[0] < Object.keys(DETECTORS).length) next = await runFrom(next);
}, 600_000);

describe('every text detector on adversarial input', () => {
  it.each(Object.keys(DETECTORS))('%s stays within the budget', (name) => {
    expect(findings.get(name)).toEqual([]);
  });
});
