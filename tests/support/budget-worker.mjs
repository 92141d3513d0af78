// Runs detectors over adversarial inputs in a worker thread, so that the test
// can stop one that never returns (a synchronous regex cannot be interrupted
// from its own thread). Posts `start` before and `end` (with the time taken)
// after every call, starting from workerData.from (a [detector, input] index).
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { DETECTORS } = await tsImport('./detectors.ts', import.meta.url);
const { ADVERSARIAL } = await tsImport('./adversarial.ts', import.meta.url);
const detectors = Object.entries(DETECTORS);
const inputs = Object.entries(ADVERSARIAL);
const [fromDetector, fromInput] = workerData.from;

for (let d = fromDetector; d < detectors.length; d++) {
  const [name, detect] = detectors[d];
  for (let i = d === fromDetector ? fromInput : 0; i < inputs.length; i++) {
    const [input, text] = inputs[i];
    parentPort.postMessage({ type: 'start', detector: name, input, at: [d, i] });
    const started = performance.now();
    let error;
    try {
      detect(text);
    } catch (err) {
      error = String(err instanceof Error ? `${err.name}: ${err.message}` : err).slice(0, 200);
    }
    parentPort.postMessage({ type: 'end', detector: name, input, ms: performance.now() - started, error });
  }
}
parentPort.postMessage({ type: 'done' });
