'use client';
/** A live preview of an HTML page or a React component, in its own no-network sandbox. */
import { useEffect, useEffectEvent, useRef } from 'react';
import { mountPreview, type PreviewSource } from '@/lib/runner/preview';
import { loadPreviewRuntime } from '@/lib/runner/preview-runtime';
import type { BlockRef, RunBoard } from '@/lib/runner/board';

export function PreviewPane({
  board,
  refBlock,
  source,
  code,
  timeLimitMs,
  runKey,
}: {
  board: RunBoard;
  refBlock: BlockRef;
  source: PreviewSource;
  code: string;
  timeLimitMs: number;
  /** Changes each time the user presses Preview, to render again. */
  runKey: number;
}) {
  const container = useRef<HTMLDivElement>(null);

  // Reads the props of the press that started it; only a new press (runKey) renders again.
  const mount = useEffectEvent((el: HTMLDivElement) => {
    let disposed = false;
    let handle: { dispose(): void } | undefined;
    board.startPreview(refBlock);
    loadPreviewRuntime(`${window.location.origin}/runner/`, source.kind).then(
      (runtime) => {
        if (disposed) return;
        handle = mountPreview(
          el,
          source,
          runtime,
          {
            timeLimitMs,
            title: source.kind === 'react' ? 'Preview of the React component' : 'Preview of the HTML page',
          },
          {
            onOutput: (stream, text) => board.previewOutput(refBlock, stream, text),
            onDone: (o) => void board.finishPreview(refBlock, code, o),
          },
        );
      },
      (err) =>
        void board.finishPreview(refBlock, code, {
          status: 'error',
          durationMs: 0,
          stdout: '',
          stderr: String(err),
          error: { kind: 'unavailable', message: 'The preview runtime could not be loaded.' },
        }),
    );
    return () => {
      disposed = true;
      handle?.dispose();
    };
  });

  useEffect(() => {
    const el = container.current;
    return el ? mount(el) : undefined;
  }, [runKey]);

  return (
    <div
      ref={container}
      className="h-60 min-h-32 resize-y overflow-hidden border-t border-border bg-white"
      data-testid="preview-pane"
    />
  );
}
