/**
 * Bundled and injected into a page of the running app (the production build,
 * under its real CSP) by the preview escape tests: `window.__codelumiPreviews`
 * mounts a preview with the same code the chat's preview pane uses, and
 * reports its outcome, its output and whether its iframe is still there.
 */
import { mountPreview, type PreviewResult, type PreviewSource } from '../../lib/runner/preview';
import { loadPreviewRuntime } from '../../lib/runner/preview-runtime';
import { SandboxHost } from '../../lib/runner/host';

export interface PreviewRecord {
  outcome?: PreviewResult;
  output: { stream: 'stdout' | 'stderr'; text: string; afterDone: boolean }[];
  frameGone: boolean;
  /** The iframe's sandbox attribute while it is there. */
  sandbox?: string | null;
}

const records = new Map<string, { record: PreviewRecord; container: HTMLElement; done: Promise<void> }>();
let host: SandboxHost | undefined;

/** Mounts a preview under `name`; resolves once it finished (rendered, failed or timed out). */
async function mount(name: string, source: PreviewSource, timeLimitMs = 5000): Promise<PreviewRecord> {
  const container = document.createElement('div');
  // On screen, as a preview pane the user opened is.
  container.style.cssText = 'position:fixed;top:0;left:0;width:300px;height:200px;z-index:1000';
  document.body.appendChild(container);
  const runtime = await loadPreviewRuntime(`${location.origin}/runner/`, source.kind);
  const record: PreviewRecord = { output: [], frameGone: false };
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  mountPreview(
    container,
    source,
    runtime,
    { timeLimitMs, title: name },
    {
      onOutput: (stream, text) => record.output.push({ stream, text, afterDone: !!record.outcome }),
      onDone: (o) => {
        record.outcome = o;
        resolve();
      },
    },
  );
  records.set(name, { record, container, done });
  await done;
  return state(name);
}

/** What a mounted preview has done so far. */
function state(name: string): PreviewRecord {
  const r = records.get(name)!;
  const iframe = r.container.querySelector('iframe');
  return { ...r.record, output: [...r.record.output], frameGone: !iframe, sandbox: iframe?.getAttribute('sandbox') };
}

/** Starts the runner sandbox (so its frame is on the page, where a preview could try to reach it). */
async function startRunner(): Promise<string> {
  host ??= new SandboxHost({ document, assetBase: `${location.origin}/runner/` });
  const o = await host.run({ language: 'javascript', code: "console.log('runner alive')" }).done;
  return o.stdout;
}

// Messages from any frame about a run the app never asked for (a preview posting run requests to the runner).
const forgedRuns: unknown[] = [];
window.addEventListener('message', (e) => {
  const d = e.data as { runId?: unknown } | null;
  if (d && typeof d === 'object' && typeof d.runId === 'string' && d.runId.startsWith('forged')) forgedRuns.push(d);
});

(window as unknown as { __codelumiPreviews: unknown }).__codelumiPreviews = {
  mount,
  state,
  startRunner,
  forgedRuns: () => forgedRuns,
};
