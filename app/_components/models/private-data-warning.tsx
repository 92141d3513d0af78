'use client';
/**
 * Shown in place of creating when the request holds secrets or personal data
 * (lib/personal/private-data.ts): what was found, where (system text, which
 * example), where it would be stored (the Ollama host when it is on another
 * machine), and the ways on: replace with placeholders and create, create
 * as it is, or go back. Mirrors the chat composer's SecretsWarning; the safe
 * choice has the focus.
 */
import { useEffect, useRef } from 'react';
import { describeKind, kindsOf, placeholderOf } from '@/lib/privacy/anonymize/secrets';
import { hostOf, isOnThisMachine } from '@/lib/privacy/local-host';
import { allFindings, type PrivateDataSpot } from '@/lib/personal/private-data';
import { plural } from '@/lib/personal/plural';
import { AlertIcon } from '../icons';

/** What the user chose: create with placeholders, create as it is, or neither. */
export type PrivateDataChoice = 'replace' | 'anyway' | 'cancel';

/** Where a spot is, in words: "the system text", "example answer 2". */
function placeOf(spot: PrivateDataSpot): string {
  if (spot.field === 'system') return 'the system text';
  const i = spot.index ?? 0;
  return `example ${i % 2 === 0 ? 'question' : 'answer'} ${Math.floor(i / 2) + 1}`;
}

/** The warning before a create whose request holds private data; `spots` is not empty. */
export function PrivateDataWarning({
  spots,
  host,
  onChoose,
}: {
  spots: readonly PrivateDataSpot[];
  host: string;
  onChoose: (how: PrivateDataChoice) => void;
}) {
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  const findings = allFindings(spots);
  const kinds = kindsOf(findings).map(describeKind);
  const remote = !isOnThisMachine(host);
  return (
    <div
      role="alertdialog"
      aria-labelledby="private-data-title"
      aria-describedby="private-data-text"
      data-testid="personal-private-data"
      className="rounded-xl border border-warn/40 bg-warn-soft p-3 text-sm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          e.preventDefault();
          onChoose('cancel');
        }
      }}
    >
      <p id="private-data-title" className="flex items-center gap-1.5 font-medium">
        <AlertIcon className="h-4 w-4 shrink-0 text-warn" />
        What goes in holds {plural(findings.length, 'private item')}: {kinds.join(', ')}
      </p>
      <p id="private-data-text" className="mt-1 text-muted">
        Found in {[...new Set(spots.map(placeOf))].join(', ')}. The model would keep{' '}
        {findings.length === 1 ? 'it' : 'them'} and show {findings.length === 1 ? 'it' : 'them'} to every tool that runs
        it
        {remote ? (
          <>
            , stored by the Ollama on another machine (<span className="font-mono">{hostOf(host)}</span>)
          </>
        ) : null}
        . Replace {findings.length === 1 ? 'it' : 'them'} with placeholders such as{' '}
        <code className="font-mono">{placeholderOf(findings[0].kind)}</code> to create the same model without{' '}
        {findings.length === 1 ? 'it' : 'them'}.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          ref={safe}
          type="button"
          onClick={() => onChoose('replace')}
          className="rounded-lg bg-accent px-3 py-1.5 font-medium text-accent-fg hover:opacity-90"
        >
          Replace and create
        </button>
        <button
          type="button"
          onClick={() => onChoose('anyway')}
          className="rounded-lg border border-border px-3 py-1.5 hover:bg-subtle"
        >
          Create anyway
        </button>
        <button
          type="button"
          onClick={() => onChoose('cancel')}
          className="rounded-lg px-3 py-1.5 text-muted hover:bg-subtle"
        >
          Back
        </button>
      </div>
    </div>
  );
}
