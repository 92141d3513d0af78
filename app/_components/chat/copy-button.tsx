'use client';
import { useState } from 'react';
import { CheckIcon, CopyIcon } from '../icons';

/** Copies `text` and calls `onCopied`; shows a check for a moment. */
export function CopyButton({ text, label, onCopied }: { text: string; label: string; onCopied?: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={copied ? 'Copied' : label}
      title={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          onCopied?.();
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className="rounded p-1.5 text-muted hover:bg-subtle hover:text-fg"
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
