'use client';
/**
 * Renders a model's markdown. The text is untrusted: raw HTML is shown as
 * text (never executed), link targets are limited to
 * http(s) and mailto, and images are not loaded (an image URL in an answer
 * could carry data off the machine); they show as links instead.
 * A streaming answer is split into blocks so only the last one re-renders,
 * parsed by the page's one processor (lib/markdown/to-hast.ts).
 */
import { createContext, memo, use, useMemo, useState, type ComponentProps } from 'react';
import type { Components, ExtraProps } from 'react-markdown';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { JSX_RUNTIME_OPTIONS, markdownToHast } from '@/lib/markdown/to-hast';
import { safeUrl } from '@/lib/markdown/safe-url';
import { createPartsProcessor, type ProcessedBlock } from '@/lib/response/response';
import { CodeBlock } from './code-block';

export interface MarkdownProps {
  text: string;
  /** Called when a code block's copy button copies it. */
  onCopyCode?: (blockIndex: number) => void;
}

interface BlockProps {
  text: string;
  /** This part's code blocks from the Response Processor (index in the whole answer, start in `text`). */
  codeBlocks: ProcessedBlock[];
  onCopyCode?: (blockIndex: number) => void;
}

/** The code blocks of the part being rendered, for the `pre` renderer below. */
const BlockCodeContext = createContext<Pick<BlockProps, 'codeBlocks' | 'onCopyCode'>>({ codeBlocks: [] });

function SafeLink({ href, children }: ComponentProps<'a'>) {
  const url = safeUrl(href ?? '');
  return url ? (
    <a href={url} target={url.startsWith('#') ? undefined : '_blank'} rel="noopener noreferrer nofollow">
      {children}
    </a>
  ) : (
    <span className="underline decoration-dotted" title="Link removed: not a web address">
      {children}
    </span>
  );
}

function ImageAsLink({ src, alt }: ComponentProps<'img'>) {
  const url = typeof src === 'string' ? safeUrl(src) : '';
  return (
    <span
      className="rounded border border-dashed border-border px-1 text-muted"
      title="Images in answers are not loaded, to keep your data on this machine"
    >
      [image{alt ? `: ${alt}` : ''}]{url ? ' ' : ''}
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow">
          {url}
        </a>
      )}
    </span>
  );
}

function FencedCode({ node }: ComponentProps<'pre'> & ExtraProps) {
  const { codeBlocks, onCopyCode } = use(BlockCodeContext);
  const start = node?.position?.start.offset ?? -1;
  const info = codeBlocks.find((b) => b.start === start) ?? codeBlocks.find((b) => Math.abs(b.start - start) <= 3);
  if (!info) {
    // Indented code (no fence): render its text plainly.
    const code = node?.children?.[0] as { children?: { value?: string }[] } | undefined;
    const textContent = code?.children?.map((c) => c.value ?? '').join('') ?? '';
    return <CodeBlock code={textContent.replace(/\n$/, '')} language="" complete />;
  }
  const index = info.index;
  return (
    <CodeBlock
      code={info.code}
      // A fence without a language tag gets the detected one once complete (Response Processor).
      language={info.effectiveLanguage}
      filename={info.filename}
      complete={info.closed}
      runner={info.runner}
      blockIndex={index}
      onCopy={onCopyCode ? () => onCopyCode(index) : undefined}
    />
  );
}

// Module-level renderers keep their identity: a new function per render would
// make React remount every code block (and re-insert its highlighted HTML)
// whenever the text grows. What changes reaches them through the context.
const COMPONENTS: Components = { a: SafeLink, img: ImageAsLink, pre: FencedCode };

const MarkdownBlock = memo(function MarkdownBlock({ text, codeBlocks, onCopyCode }: BlockProps) {
  const code = useMemo(() => ({ codeBlocks, onCopyCode }), [codeBlocks, onCopyCode]);
  return (
    <BlockCodeContext value={code}>
      {
        // What react-markdown renders (GFM, links through safeUrl, raw HTML as text), with the page's one processor.
        toJsxRuntime(markdownToHast(text), {
          ...JSX_RUNTIME_OPTIONS,
          Fragment,
          components: COMPONENTS,
          jsx,
          jsxs,
        })
      }
    </BlockCodeContext>
  );
});

/** A model's answer as safe, highlighted markdown. */
export default function Markdown({ text, onCopyCode }: MarkdownProps) {
  // Unchanged parts are reused, so a streaming answer is processed only at its end.
  const [process] = useState(createPartsProcessor);
  const parts = useMemo(() => process(text), [process, text]);
  return (
    <div className="prose-chat">
      {parts.map((b) => (
        <MarkdownBlock key={b.start} text={b.text} codeBlocks={b.blocks} onCopyCode={onCopyCode} />
      ))}
    </div>
  );
}
