/**
 * Bundled and injected into a page of the running app (the production build,
 * under its real CSP) by the eval CLI, the benchmarks and the browser tests:
 * `window.__codelumiRunner.run(input)` runs code through the same sandbox
 * host the chat uses and resolves with the outcome and the streamed output.
 */
import { SandboxHost, type RunInput, type RunResult } from '../../lib/runner/host';

let host: SandboxHost | undefined;
/** How many `loading` messages runs have heard: a test sees from it that a run reached the sandbox and waits for Python. */
let loadingHeard = 0;

export interface PageRunResult extends RunResult {
  /** Output chunks in the order they streamed, with the time each arrived. */
  chunks: { stream: 'stdout' | 'stderr'; text: string; at: number }[];
  loading: number;
  firstOutputMs?: number;
}

async function run(input: RunInput): Promise<PageRunResult> {
  host ??= new SandboxHost({ document, assetBase: `${location.origin}/runner/` });
  const t0 = performance.now();
  const chunks: PageRunResult['chunks'] = [];
  let loading = 0;
  const handle = host.run(input, {
    onLoading: () => {
      loading++;
      loadingHeard++;
    },
    onOutput: (stream, text) => chunks.push({ stream, text, at: performance.now() - t0 }),
  });
  const outcome = await handle.done;
  return { ...outcome, chunks, loading, firstOutputMs: chunks[0]?.at };
}

/** Starts Python loading ahead of a run, as the chat does while an answer with Python code that will auto-run streams. */
function warmUp(): void {
  host ??= new SandboxHost({ document, assetBase: `${location.origin}/runner/` });
  host.warmUp('python');
}

(window as unknown as { __codelumiRunner: unknown }).__codelumiRunner = {
  run,
  warmUp,
  loadingHeard: () => loadingHeard,
};
