/**
 * The bridge script at the top of every preview document (an opaque-origin
 * srcdoc iframe whose no-network CSP is the first thing in the document). It
 * runs before any of the page's own script and:
 * - opens a private MessagePort to the app (the page's script never sees it)
 *   and reports console output, uncaught errors, "rendered", a heartbeat and
 *   answers to the app's pings over it; the one secret, the previewId, leaves
 *   the DOM before the page runs;
 * - shuts WebRTC, windows, navigation and forms (preview-guard.ts);
 * - renders React components from an answer with the bundled React runtime.
 * Everything it calls later (timers, the port) is bound now, so a page that
 * replaces prototypes or globals cannot forge or silence its messages.
 */
import type { CodeError, PreviewPing, PreviewToHost } from '../../lib/runner/protocol';
import { guardPreview } from './preview-guard';

interface PreviewConfig {
  previewId: string;
  appOrigin: string;
}

interface Transpiler {
  transpileProgram(
    code: string,
    o: { typescript: boolean; jsx: boolean },
  ): { ok: true; code: string } | { ok: false; error: CodeError };
}

type PreviewWindow = typeof globalThis & {
  CodelumiReact?: {
    React: unknown;
    ReactDOM: unknown;
    ReactDOMClient: { createRoot(el: Element, o?: object): { render(node: unknown): void } };
    jsxRuntime: unknown;
  };
  CodelumiTranspiler?: Transpiler;
  __codelumiModule?: (
    require: (n: string) => unknown,
    module: { exports: Record<string, unknown> },
    exports: Record<string, unknown>,
  ) => Record<string, unknown>;
  __codelumiPreview?: { renderReact(code: string, typescript: boolean): void };
};

/** How often the bridge says it is alive (the app closes a preview whose heartbeat stops). */
const HEARTBEAT_MS = 500;
/**
 * How long after the page loaded (or the component rendered) "rendered" is
 * sent, on the page's own clock: an error thrown in that time is reported
 * before it, so it makes a failed preview however late the app hears of it.
 */
const SETTLE_MS = 50;

const w = globalThis as PreviewWindow;
const configElement = document.getElementById('codelumi-preview-config')!;
const config = JSON.parse(configElement.textContent!) as PreviewConfig;
configElement.remove();
document.currentScript?.remove();

const channel = new MessageChannel();
const sendOnPort = channel.port1.postMessage.bind(channel.port1) as (m: PreviewToHost) => void;
parent.postMessage({ type: 'preview-hello', previewId: config.previewId }, config.appOrigin, [channel.port2]);
const later = setTimeout.bind(globalThis);
const animationFrame = requestAnimationFrame.bind(globalThis);
/**
 * After the next frame, or after a quarter second when no frame comes: a frame
 * out of view (the Planner's preview check renders off screen) or in a tab in
 * the background gets no animation frames, and React commits without them.
 */
const nextFrame = (run: () => void) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  animationFrame(once);
  later(once, 250);
};
const previewId = config.previewId;

type Unsent = PreviewToHost extends infer T ? (T extends PreviewToHost ? Omit<T, 'previewId'> : never) : never;
const post = (m: Unsent) => sendOnPort({ ...m, previewId } as PreviewToHost);
let sent = 0;
// Only the app holds the other end; it pings when it suspects the page left (lib/runner/preview.ts).
channel.port1.onmessage = (e: MessageEvent<PreviewPing | null>) => {
  if (e.data?.type === 'preview-ping' && Number.isSafeInteger(e.data.n)) post({ type: 'preview-pong', n: e.data.n });
};
const rendered = () => later(() => post({ type: 'preview-rendered' }), SETTLE_MS);

const checkFrames = guardPreview((line) => post({ type: 'preview-console', stream: 'stderr', text: line }));
setInterval.bind(globalThis)(() => {
  checkFrames();
  post({ type: 'preview-alive' });
}, HEARTBEAT_MS);

function text(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return `${a.name}: ${a.message}`;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

for (const [name, stream] of [
  ['log', 'stdout'],
  ['info', 'stdout'],
  ['debug', 'stdout'],
  ['warn', 'stderr'],
  ['error', 'stderr'],
] as const) {
  (console as unknown as Record<string, (...a: unknown[]) => void>)[name] = (...args: unknown[]) => {
    if (sent > 500) return; // a preview that logs in a loop stops being reported (the app caps what it shows, too)
    sent++;
    post({ type: 'preview-console', stream, text: `${text(args).slice(0, 10_000)}\n` });
  };
}

function report(error: unknown, line?: number, column?: number): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  post({ type: 'preview-error', error: { kind: 'runtime', message: message.slice(0, 5000), line, column } });
}

// Only events the browser raised count: a page dispatching its own 'error' or 'load' forges nothing.
// Captured so the page cannot stop it first; an element's load error (a blocked <img>) is not the page's error.
window.addEventListener(
  'error',
  (e) => {
    if (e.isTrusted && e.target === window) report(e.error ?? e.message, e.lineno || undefined, e.colno || undefined);
  },
  true,
);
window.addEventListener(
  'unhandledrejection',
  (e) => {
    if (e.isTrusted) report(e.reason);
  },
  true,
);

let rendering = false;
window.addEventListener('load', (e) => {
  if (e.isTrusted && !rendering) rendered();
});

const COMPONENT =
  /(?:^|\n)[ \t]*(?:export[ \t]+(?:default[ \t]+)?)?(?:function|class|const|let|var)\s+([A-Z][A-Za-z0-9_]*)/g;

w.__codelumiPreview = {
  renderReact(code: string, typescript: boolean) {
    // Called once, by the document's own script before the component's code runs.
    if (rendering) return;
    rendering = true;
    delete w.__codelumiPreview;
    const runtime = w.CodelumiReact!;
    const t = w.CodelumiTranspiler!.transpileProgram(code, { typescript, jsx: true });
    if (!t.ok) {
      post({ type: 'preview-error', error: t.error });
      return;
    }
    const names = [...new Set([...code.matchAll(COMPONENT)].map((m) => m[1]))];
    const found = names.map((n) => `${JSON.stringify(n)}: typeof ${n} !== 'undefined' ? ${n} : undefined`).join(', ');
    const modules: Record<string, unknown> = {
      react: runtime.React,
      'react-dom': runtime.ReactDOM,
      'react-dom/client': runtime.ReactDOMClient,
      'react/jsx-runtime': runtime.jsxRuntime,
      'react/jsx-dev-runtime': runtime.jsxRuntime,
    };
    const require = (name: string) => {
      if (name in modules) return modules[name];
      if (/\.(css|scss|sass|less|svg|png|jpe?g|gif)$/i.test(name)) return {};
      throw new Error(
        `Cannot find module '${name}': previews have React and nothing else (no npm packages, no network).`,
      );
    };
    // Inline scripts are what the preview's CSP allows (no eval): the program goes in as one.
    const script = document.createElement('script');
    script.textContent = `window.__codelumiModule = function (require, module, exports) {${t.code}\n;return { ${found} };};`;
    document.head.appendChild(script);
    const define = w.__codelumiModule;
    if (!define) return; // a syntax error was reported by the error listener
    const module = { exports: {} as Record<string, unknown> };
    let locals: Record<string, unknown>;
    try {
      locals = define(require, module, module.exports);
    } catch (e) {
      report(e);
      return;
    }
    const root = document.getElementById('root')!;
    nextFrame(() => {
      if (root.childNodes.length > 0 || /createRoot\(|ReactDOM\.render\(/.test(code)) {
        rendered();
        return;
      }
      const exported = module.exports.default ?? Object.values(module.exports).find((v) => typeof v === 'function');
      const component =
        exported ??
        (typeof locals.App === 'function'
          ? locals.App
          : [...names]
              .reverse()
              .map((n) => locals[n])
              .find((v) => typeof v === 'function'));
      if (typeof component !== 'function') {
        post({
          type: 'preview-error',
          error: {
            kind: 'runtime',
            message: 'No React component found: export one (e.g. `export default function App()`).',
          },
        });
        return;
      }
      const React = runtime.React as { createElement(c: unknown): unknown };
      runtime.ReactDOMClient.createRoot(root, {
        onUncaughtError: (e: unknown) => report(e),
        onCaughtError: (e: unknown) => report(e),
      }).render(React.createElement(component));
      nextFrame(() => nextFrame(rendered));
    });
  },
};
