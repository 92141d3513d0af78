'use client';
import { useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** A command or value shown in monospace with a copy button. */
export function CopyText({ text, label }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2">
      {label && <div className="mb-1 text-xs text-muted">{label}</div>}
      <div className="flex items-center gap-2 rounded-md border border-border bg-code-bg px-3 py-2">
        <code className="min-w-0 flex-1 overflow-x-auto whitespace-pre font-mono text-[13px]">{text}</code>
        <button
          type="button"
          aria-label={copied ? 'Copied' : `Copy ${label ?? 'command'}`}
          className="shrink-0 rounded p-1 text-muted hover:bg-subtle hover:text-fg"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
        </button>
      </div>
    </div>
  );
}
