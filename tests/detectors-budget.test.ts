/**
 * No text detector takes super-linear time (issue 11): every detector that
 * runs regular expressions over untrusted text (tests/support/detectors.ts) is
 * run over every adversarial input (tests/support/adversarial.ts), in a worker
 * thread that is stopped when one call overruns. The budget, one second per
 * call on inputs of at most about 100 KB, is far above a linear run (a few
 * milliseconds) and far below a blow-up (a quadratic pass over 100 KB takes
 * many seconds, an exponential one forever). A detector that throws on such
 * input fails too: bad input gets an answer, not a crash.
 */
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADVERSARIAL } from './support/adversarial';
import { DETECTORS } from './support/detectors';

const BUDGET_MS = 1000;
/** Past this a call is taken as never returning and its worker is stopped. */
const GIVE_UP_MS = 3 * BUDGET_MS;

interface Finding {
  input: string;
  problem: string;
}

const findings = new Map<string, Finding[]>(Object.keys(DETECTORS).map((name) => [name, []]));
const inputCount = Object.keys(ADVERSARIAL).length;

/** Runs the calls from `from` on in a new worker; resolves with where to go on from after a stopped call, or undefined when all ran. */
function runFrom(from: [number, number]): Promise<[number, number] | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./support/budget-worker.mjs', import.meta.url), { workerData: { from } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: { detector: string; input: string; at: [number, number] } | undefined;
    worker.on('message', (msg) => {
      if (msg.type === 'start') {
        current = msg;
        timer = setTimeout(() => {
          const { detector, input, at } = current!;
          findings.get(detector)!.push({ input, problem: `still running after ${GIVE_UP_MS} ms (stopped)` });
          void worker.terminate();
          const [d, i] = at;
          resolve(i + 1 < inputCount ? [d, i + 1] : [d + 1, 0]);
        }, GIVE_UP_MS);
      } else if (msg.type === 'end') {
        clearTimeout(timer);
        if (msg.ms > BUDGET_MS)
          findings.get(msg.detector)!.push({ input: msg.input, problem: `took ${Math.round(msg.ms)} ms` });
        if (msg.error) findings.get(msg.detector)!.push({ input: msg.input, problem: `threw ${msg.error}` });
      } else if (msg.type === 'done') {
        void worker.terminate();
        resolve(undefined);
      }
    });
    worker.on('error', reject);
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
