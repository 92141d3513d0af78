/**
 * Preview panes: HTML pages and React components from an answer, rendered in
 * an opaque-origin srcdoc iframe (sandbox="allow-scripts" only) whose CSP,
 * first in the document, forbids any network use (preview-document.ts).
 *
 * The app believes a pane only through the private port its bridge opens
 * before the page's own script runs (protocol.ts, `preview-hello`): a page
 * cannot post as the bridge, and nothing it sends after the preview finished
 * changes the recorded outcome. Output is capped like a run's (output.ts).
 * Until it finished, the time limit guards a pane; after that its heartbeat
 * does: a pane whose heartbeat stops (a loop, or memory that keeps growing)
 * is removed, and the user is told why.
 */
import { previewDocument, type PreviewRuntime, type PreviewSource } from './preview-document';
import {
  parseMessage,
  previewHelloSchema,
  previewToHostSchema,
  type CodeError,
  type PreviewPing,
  type RunResultStatus,
} from './protocol';
import { DEFAULT_OUTPUT_LIMIT, OutputLimiter } from './output';
import { watchHeartbeat, type HeartbeatWatch } from './heartbeat';
import { newNonce } from './sandbox-document';
import { announceSandboxLost } from './sandbox-lost';
import { navigationLine } from './blocked';
import { containPageInBrowser } from './preview-markup';

export { previewDocument, type PreviewRuntime, type PreviewSource };

export interface PreviewResult {
  status: RunResultStatus;
  stdout: string;
  stderr: string;
  error?: CodeError;
  durationMs: number;
}

export interface PreviewCallbacks {
  /** Output as it comes, also after the preview finished (capped at the output limit). */
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  onDone?(outcome: PreviewResult): void;
}

/** Said when a pane's heartbeat stopped and the pane was closed. */
export const PREVIEW_STOPPED_MESSAGE =
  'The preview stopped responding (a script that never ends, or memory that keeps growing) and was closed.';

/**
 * Renders a preview into `container` (replacing what was there). The outcome
 * is ok when the page rendered without an uncaught error, error when it
 * threw, and timeout when it did not render within `timeLimitMs` or stopped
 * responding first (the pane is then removed: an endless loop in it never
 * reaches the app).
 */
export function mountPreview(
  container: HTMLElement,
  source: PreviewSource,
  runtime: PreviewRuntime,
  options: { timeLimitMs: number; title: string; outputLimit?: number },
  callbacks: PreviewCallbacks = {},
): { dispose(): void } {
  const doc = container.ownerDocument;
  const win = doc.defaultView!;
  // The page's only proof to the app; it never sees it (the bridge takes it out of the DOM first).
  const previewId = `preview-${newNonce()}`;
  const iframe = doc.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = options.title;
  iframe.className = 'h-full w-full border-0 bg-white';
  // The page's markup is made inert where the guard cannot reach it; what was cut is shown first.
  const cut: string[] = [];
  iframe.srcdoc = previewDocument(source, runtime, previewId, win.location.origin, (html) => {
    const contained = containPageInBrowser(html);
    cut.push(...contained.blocked);
    return contained.html;
  });
  const t0 = performance.now();
  const limiter = new OutputLimiter(options.outputLimit ?? DEFAULT_OUTPUT_LIMIT);
  let stdout = '';
  let stderr = '';
  let error: CodeError | undefined;
  let finished = false;
  let port: MessagePort | undefined;
  let heartbeat: HeartbeatWatch | undefined;
  /** The address of the last navigation the app's frame-src refused (any pane's: the violation names no frame). */
  let refused: string | undefined;

  const finish = (status: RunResultStatus) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    callbacks.onDone?.({ status, stdout, stderr, error, durationMs: Math.round(performance.now() - t0) });
    // Until now the time limit guarded the page; from now on its heartbeat does.
    if (status !== 'timeout' && iframe.isConnected) heartbeat ??= watch();
  };
  const show = (stream: 'stdout' | 'stderr', text: string) => {
    const admitted = limiter.admit(text);
    const shown = admitted.text + (admitted.notice ?? '');
    if (!shown) return;
    // Until the preview finished, output is part of its outcome; after that it is only shown.
    if (!finished) {
      if (stream === 'stdout' && admitted.text) stdout += admitted.text;
      else stderr += admitted.text;
      if (admitted.notice) stderr += admitted.notice;
    }
    callbacks.onOutput?.(stream, shown);
  };
  const close = () => {
    heartbeat?.stop();
    cleared();
    doc.removeEventListener('securitypolicyviolation', onViolation);
    iframe.removeEventListener('load', onLoad);
    win.removeEventListener('message', onHello);
    if (port) port.onmessage = null;
    port?.close();
    iframe.remove();
  };

  const onPortMessage = (event: MessageEvent) => {
    const msg = parseMessage(previewToHostSchema, event.data);
    if (!msg || msg.previewId !== previewId) return;
    if (msg.type === 'preview-alive') heartbeat?.beat();
    else if (msg.type === 'preview-pong') {
      if (msg.n === pinged) cleared();
    } else if (msg.type === 'preview-console') show(msg.stream, msg.text);
    else if (msg.type === 'preview-error') {
      show('stderr', `${msg.error.message}${msg.error.line ? ` (line ${msg.error.line})` : ''}\n`);
      if (finished) return;
      error ??= msg.error;
      setTimeout(() => finish('error'), 0);
    } else if (msg.type === 'preview-rendered') {
      // The bridge sends it a moment after the page loaded, on the page's clock: errors of that moment came first.
      finish(error ? 'error' : 'ok');
    }
  };
  const onHello = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow || port) return;
    const hello = parseMessage(previewHelloSchema, event.data);
    if (!hello || hello.previewId !== previewId || event.ports.length !== 1) return;
    port = event.ports[0];
    port.onmessage = onPortMessage;
    win.removeEventListener('message', onHello);
    // A ping made before the port was known (a load that came first) goes now.
    if (suspicion) ping();
  };
  win.addEventListener('message', onHello);

  // A page that leaves (`location = …`, a data: or blob: URL, a reload) is refused by the app's
  // frame-src, whose violation is raised on the app's document and names no frame; the frame is
  // left with an error page, which fires its iframe's `load`. Beats cannot tell that page from the
  // one we rendered: some the old page sent arrive after the load. So the app asks: it pings over the
  // port when a document loaded that may not be ours (any load but the first, or a first load after a
  // refused navigation) and when a navigation is refused after a load. Only the bridge that opened
  // the port can answer; no answer within two checks means the page is gone.
  let loads = 0;
  let pinged = 0;
  /** Waits for the answer to the latest ping; undefined when the pane is not suspected. */
  let suspicion: HeartbeatWatch | undefined;
  const cleared = () => {
    suspicion?.stop();
    suspicion = undefined;
  };
  const leave = () => {
    const line = navigationLine(refused ?? 'another page');
    show('stderr', line);
    close();
    if (!finished) {
      error = { kind: 'runtime', message: line.trim() };
      finish('error');
    }
  };
  const ping = () => port?.postMessage({ type: 'preview-ping', n: pinged } satisfies PreviewPing);
  const verify = () => {
    pinged++;
    ping();
    suspicion?.stop();
    suspicion = watchHeartbeat({ visible: () => doc.visibilityState !== 'hidden', misses: 2, onSilent: leave });
  };
  const onLoad = () => {
    loads++;
    if (loads > 1 || refused !== undefined) verify();
  };
  iframe.addEventListener('load', onLoad);
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    if (event.effectiveDirective !== 'frame-src' || !iframe.isConnected) return;
    refused = event.blockedURI || 'another page';
    if (loads > 0) verify();
  };
  doc.addEventListener('securitypolicyviolation', onViolation);

  const stop = (message: string) => {
    close();
    announceSandboxLost(win);
    if (!finished) {
      error = { kind: 'timeout', message };
      finish('timeout');
    } else {
      callbacks.onOutput?.('stderr', `${message}\n`);
    }
  };
  const onSilent = () => {
    if (!suspicion) return stop(PREVIEW_STOPPED_MESSAGE);
    // Silent and unanswered: most likely gone, though it may hang instead (so its process is let go too).
    announceSandboxLost(win);
    leave();
  };
  const watch = (misses?: number) =>
    watchHeartbeat({ visible: () => doc.visibilityState !== 'hidden', onSilent, misses });
  const timer = setTimeout(() => {
    // Loaded and silent since, with a navigation refused: it left its page rather than running long.
    if (suspicion && refused !== undefined) leave();
    else stop(`The preview did not finish rendering within ${options.timeLimitMs / 1000} s and was stopped.`);
  }, options.timeLimitMs);
  for (const line of cut) show('stderr', line);
  container.replaceChildren(iframe);
  return {
    dispose() {
      clearTimeout(timer);
      finished = true;
      close();
    },
  };
}
