'use client';
/**
 * Shown in place of sending when a message holds secrets and Ollama runs on
 * another machine: what was found, where it would go, and the three ways on
 * (replace them with placeholders and send, send as it is, or go back and
 * edit). The safe choice has the focus.
 */
import { useEffect, useRef } from 'react';
import type { Finding } from '@/lib/privacy/anonymize';
import { describeKind, kindsOf, placeholderOf } from '@/lib/privacy/anonymize/secrets';
import { hostOf } from '@/lib/privacy/local-host';
import { AlertIcon } from '../icons';
import type { SecretsChoice } from './use-secrets-check';

export interface SecretsWarningProps {
  /** The message held back: where it would go and what was found in it (useSecretsCheck's `pending`). */
  pending: { host: string; findings: readonly Finding[] };
  /** The user's way on. */
  onChoose: (how: SecretsChoice) => void;
}

export function SecretsWarning({ pending: { host, findings }, onChoose }: SecretsWarningProps) {
  const onReplace = () => onChoose('replace');
  const onSendAnyway = () => onChoose('anyway');
  const onCancel = () => onChoose('cancel');
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  const kinds = kindsOf(findings).map(describeKind);
  const count = findings.length;
  const where = hostOf(host);
  return (
    <div
      role="alertdialog"
      aria-labelledby="secrets-warning-title"
      aria-describedby="secrets-warning-text"
      data-testid="secrets-warning"
      className="mb-2 rounded-xl border border-warn/40 bg-warn-soft p-3 text-sm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id="secrets-warning-title" className="flex items-center gap-1.5 font-medium">
        <AlertIcon className="h-4 w-4 shrink-0 text-warn" />
        This message holds {count === 1 ? 'a secret' : `${count} secrets`}: {kinds.join(', ')}
      </p>
      <p id="secrets-warning-text" className="mt-1 text-muted">
        Ollama runs on another machine (<span className="font-mono">{where}</span>): sending would copy{' '}
        {count === 1 ? 'it' : 'them'} there. Replace {count === 1 ? 'it' : 'them'} with placeholders such as{' '}
        <code className="font-mono">{placeholderOf(findings[0].kind)}</code> to ask the same question without{' '}
        {count === 1 ? 'it' : 'them'}.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          ref={safe}
          type="button"
          onClick={onReplace}
          className="rounded-lg bg-accent px-3 py-1.5 font-medium text-accent-fg hover:opacity-90"
        >
          Replace and send
        </button>
        <button
          type="button"
          onClick={onSendAnyway}
          className="rounded-lg border border-border px-3 py-1.5 hover:bg-subtle"
        >
          Send anyway
        </button>
        <button type="button" onClick={onCancel} className="rounded-lg px-3 py-1.5 text-muted hover:bg-subtle">
          Cancel
        </button>
      </div>
    </div>
  );
}
