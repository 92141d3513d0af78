'use client';
/** A live preview of an HTML page or a React component, in its own no-network sandbox. */
import { useEffect, useRef } from 'react';
import { mountPreview, type PreviewSource } from '@/lib/runner/preview';
import { loadPreviewRuntime } from '@/lib/runner/preview-runtime';
import type { BlockRef, RunBoard } from '@/lib/runner/board';

export function PreviewPane({ board, refBlock, source, code, timeLimitMs, runKey }: {
  board: RunBoard;
  refBlock: BlockRef;
  source: PreviewSource;
  code: string;
  timeLimitMs: number;
  /** Changes each time the user presses Preview, to render again. */
  runKey: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef({ board, refBlock, source, code, timeLimitMs });
  latest.current = { board, refBlock, source, code, timeLimitMs };

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let handle: { dispose(): void } | undefined;
    const { board: b, refBlock: ref, source: src, code: c, timeLimitMs: limit } = latest.current;
    b.startPreview(ref);
    loadPreviewRuntime(`${window.location.origin}/runner/`, src.kind).then(
      (runtime) => {
        if (disposed) return;
        handle = mountPreview(el, src, runtime, { timeLimitMs: limit, title: src.kind === 'react' ? 'Preview of the React component' : 'Preview of the HTML page' }, {
          onOutput: (stream, text) => b.previewOutput(ref, stream, text),
          onDone: (o) => void b.finishPreview(ref, c, o),
        });
      },
      (err) =>
        void b.finishPreview(ref, c, { status: 'error', durationMs: 0, stdout: '', stderr: String(err), error: { kind: 'unavailable', message: 'The preview runtime could not be loaded.' } }),
    );
    return () => {
      disposed = true;
      handle?.dispose();
    };
  }, [runKey]);

  return <div ref={container} className="h-60 min-h-32 resize-y overflow-hidden border-t border-border bg-white" data-testid="preview-pane" />;
}
