/**
 * The Planner's preview check in this tab: the step's entry page (with the
 * workspace's linked stylesheets and scripts, preview-source.ts) rendered in
 * the chat's sandboxed preview frame, off screen, until it finished; ok when
 * it rendered without an uncaught error. An entry that cannot be previewed
 * here (not HTML, not a React component) is left to the user's review.
 */
import type { RunResult } from '../runner/host';
import { mountPreview, type PreviewResult } from '../runner/preview';
import { loadPreviewRuntime } from '../runner/preview-runtime';
import type { PreviewInput } from '../planner/step-check';
import { previewOf } from '../planner/preview-source';

/** Renders `input.entry` off screen and reports how it went; 'review' when nothing here can render it. */
export async function renderPreviewCheck(input: PreviewInput, timeLimitMs: number): Promise<RunResult | 'review'> {
  const planned = previewOf(input.entry, input.files);
  if (!planned) return 'review';
  const t0 = performance.now();
  const runtime = await loadPreviewRuntime(`${window.location.origin}/runner/`, planned.source.kind);
  const host = document.createElement('div');
  // Rendered at a desktop size where nobody sees it: the check is whether it renders, the user looks in the step.
  host.setAttribute('aria-hidden', 'true');
  // Nobody can tab or click into it, even when its page calls focus().
  host.inert = true;
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:1024px;height:768px;pointer-events:none;';
  document.body.append(host);
  try {
    const outcome = await new Promise<PreviewResult>((resolve) => {
      const handle = mountPreview(
        host,
        planned.source,
        runtime,
        { timeLimitMs, title: `Preview check of ${input.entry}` },
        {
          onDone: (o) => {
            handle.dispose();
            resolve(o);
          },
        },
      );
    });
    const missing = planned.missing.length
      ? `Not loaded in the preview (not in the workspace, or on another site, which the preview cannot reach): ${planned.missing.join(', ')}\n`
      : '';
    return {
      status: outcome.status,
      passed: 0,
      failed: 0,
      durationMs: outcome.durationMs,
      stdout: outcome.stdout,
      stderr: missing + outcome.stderr,
      truncated: false,
      error: outcome.error,
      wallMs: Math.round(performance.now() - t0),
    };
  } finally {
    host.remove();
  }
}
