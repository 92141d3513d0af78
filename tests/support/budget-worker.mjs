// Runs detectors over adversarial inputs in a child process, so that the test
// can stop one that never returns (a synchronous regex cannot be interrupted
// from its own thread). Sends `start` before and `end` (with the CPU time the
// call took) after every call, starting from argv[2] (a [detector, input] index).
import { tsImport } from 'tsx/esm/api';

const { DETECTORS } = await tsImport('./detectors.ts', import.meta.url);
const { ADVERSARIAL } = await tsImport('./adversarial.ts', import.meta.url);
const detectors = Object.entries(DETECTORS);
const inputs = Object.entries(ADVERSARIAL);
const [fromDetector, fromInput] = JSON.parse(process.argv[2]);
const send = (message) => process.send(message);

for (let d = fromDetector; d < detectors.length; d++) {
  const [name, detect] = detectors[d];
  for (let i = d === fromDetector ? fromInput : 0; i < inputs.length; i++) {
    const [input, text] = inputs[i];
    send({ type: 'start', detector: name, input, at: [d, i] });
    const started = process.cpuUsage();
    let error;
    try {
      detect(text);
    } catch (err) {
      error = String(err instanceof Error ? `${err.name}: ${err.message}` : err).slice(0, 200);
    }
    const cpu = process.cpuUsage(started);
    send({ type: 'end', detector: name, input, cpuMs: (cpu.user + cpu.system) / 1000, error });
  }
}
send({ type: 'done' });
