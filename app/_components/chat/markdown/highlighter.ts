'use client';
import { createHighlightClient } from '@/lib/markdown/highlight-client';

/** The tab's one highlight client (the worker starts with the first code block). */
export const highlighter = createHighlightClient(
  () =>
    new Worker(new URL('../../../../workers/highlight.worker.ts', import.meta.url), {
      type: 'module',
      name: 'codelumi-highlight',
    }),
);
