'use client';
import { memo, useEffect, useState } from 'react';
import { highlighter } from './highlighter';
import { CheckIcon, CopyIcon } from '../../icons';
import type { RunnerLanguage } from '@/lib/runner/languages';
import { useAnswer } from '../runner/answer-context';
import { RunnableCode } from '../runner/runnable-code';
import { useWarmUp } from '../../../_hooks/use-warm-up';

export interface CodeBlockProps {
  code: string;
  language: string;
  filename?: string;
  /** False while the closing fence has not arrived; highlighting waits for it. */
  complete: boolean;
  onCopy?: () => void;
  /** Position among the answer's code blocks; runnable blocks need it. */
  blockIndex?: number;
  /** How the block runs, from the Response Processor (undefined: it does not run). */
  runner?: RunnerLanguage;
}

/** A code block with its language, a copy button, and highlighting once the block is complete. */
export const CodeBlock = memo(function CodeBlock({
  code,
  language,
  filename,
  complete,
  onCopy,
  blockIndex,
  runner: runs,
}: CodeBlockProps) {
  const answer = useAnswer();
  // Code runs only in a finished answer; its runtime may start loading while the answer streams.
  const runner = answer && blockIndex !== undefined ? runs : undefined;
  useWarmUp(complete && blockIndex !== undefined ? runs : undefined, code);
  const [html, setHtml] = useState<string | undefined>(() =>
    complete ? highlighter.cached(code, language) : undefined,
  );
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!complete) return;
    let cancelled = false;
    // Unhighlighted code is still correct code: a failure just leaves it plain.
    void highlighter.highlight(code, language).then((out) => !cancelled && setHtml(out));
    return () => {
      cancelled = true;
    };
  }, [code, language, complete]);

  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => {
      setCopied(true);
      onCopy?.();
      setTimeout(() => setCopied(false), 1500);
    });
  };

  const view = html ? (
    <div
      className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed [&_pre]:!bg-transparent"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <pre className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed">
      <code>{code}</code>
    </pre>
  );

  return (
    <div
      className="code-block group/code overflow-hidden rounded-lg border border-border bg-code-bg"
      data-language={language || undefined}
    >
      <div className="flex items-center gap-2 border-b border-border px-3 py-1.5 text-xs text-muted">
        <span className="font-mono">{filename ?? (language || 'text')}</span>
        <button
          type="button"
          onClick={copy}
          className="ml-auto inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-subtle hover:text-fg"
          aria-label={copied ? 'Code copied' : 'Copy code'}
        >
          {copied ? <CheckIcon className="h-3.5 w-3.5" /> : <CopyIcon className="h-3.5 w-3.5" />}
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {runner && answer && blockIndex !== undefined ? (
        <RunnableCode
          message={answer.message}
          blocks={answer.blocks}
          blockIndex={blockIndex}
          language={runner}
          fence={language}
          code={code}
        >
          {view}
        </RunnableCode>
      ) : (
        view
      )}
    </div>
  );
});
