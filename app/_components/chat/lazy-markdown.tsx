'use client';
import dynamic from 'next/dynamic';
import type { MarkdownProps } from './markdown/markdown';

/** The markdown renderer arrives in its own chunk; until then the text shows as plain, wrapped text. */
export const LazyMarkdown = dynamic<MarkdownProps>(() => import('./markdown/markdown'), {
  ssr: false,
  loading: () => null,
});

/** Plain text in the answer's place while the renderer loads (rarely seen; keeps layout steady). */
export function PlainAnswer({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap break-words">{text}</div>;
}
