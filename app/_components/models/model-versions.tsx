'use client';
/**
 * The versions of the user's personal models: what each was built from,
 * the change from the version before, making one the default, deleting one,
 * and a notice when a version holds data the user has since deleted.
 */
import { useState } from 'react';
import type { PersonalModel } from '@/lib/core/records';
import { compareVersions, previousVersion } from '@/lib/personal/diff';
import { deleteVersion, makeDefault, shownStatus, type DeletedInputs } from '@/lib/personal/versions';
import { describeError } from '@/lib/core/errors-text';
import { isCodelumiError } from '@/lib/core/errors';
import { plural } from '@/lib/personal/plural';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { useDeletedInputs } from '../../_hooks/use-personal-models';
import { ConfirmDialog } from '../confirm-dialog';
import { CompareButton } from './compare-button';
import { WinRate } from './win-rate';
import { TrashIcon } from '../icons';
import { DefaultBadge } from './default-badge';

/** An error of Delete or Make default as the user reads it: the app's words for a CodelumiError, else its message. */
function errorWords(err: unknown): string {
  if (isCodelumiError(err)) {
    const { title, body } = describeError(err.toJSON());
    return `${title}. ${body}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** "Built from data you have since deleted (1 memory)…", and what was switched off since. */
function builtFromGone(d: DeletedInputs): string {
  const parts = [
    d.memories && plural(d.memories, 'memory'),
    d.examples && plural(d.examples, 'example'),
    d.conversations && plural(d.conversations, 'conversation'),
  ].filter(Boolean);
  const deleted = parts.length > 0 ? `Built from data you have since deleted (${parts.join(', ')})` : '';
  const off = d.memoriesOff ? `${plural(d.memoriesOff, 'memory')} you have since switched off` : '';
  if (deleted && off) return `${deleted} and from ${off}`;
  return deleted || `Built from ${off}`;
}

function whatWentIn(row: PersonalModel): string {
  if (row.kind === 'adapter' && row.inputs.adapter) return `adapter ${row.inputs.adapter.file}`;
  return `${plural(row.inputs.memoryIds.length, 'memory')} · ${plural(row.inputs.exampleIds.length, 'example')}`;
}

function VersionDiffView({ prev, row }: { prev: PersonalModel; row: PersonalModel }) {
  const diff = compareVersions(prev, row);
  if (diff.same) return <p className="mt-2 text-xs text-muted">Same as {prev.name}.</p>;
  const list = (title: string, lines: string[], sign: '+' | '−') =>
    lines.length > 0 && (
      <div>
        <p className="font-medium">{title}</p>
        <ul className="font-mono">
          {lines.map((l) => (
            <li key={l} className={sign === '+' ? 'text-ok' : 'text-danger'}>
              {sign} {l}
            </li>
          ))}
        </ul>
      </div>
    );
  const counts = [
    diff.memoriesAdded.length && `${plural(diff.memoriesAdded.length, 'memory')} added`,
    diff.memoriesRemoved.length && `${plural(diff.memoriesRemoved.length, 'memory')} left out`,
    diff.examplesAdded.length && `${plural(diff.examplesAdded.length, 'example')} added`,
    diff.examplesRemoved.length && `${plural(diff.examplesRemoved.length, 'example')} left out`,
  ]
    .filter(Boolean)
    .map(String);
  return (
    <div className="mt-2 space-y-2 rounded-lg border border-border bg-bg p-3 text-xs" data-testid="version-diff">
      <p className="text-muted">Compared with {prev.name}:</p>
      {counts.length > 0 && <p>{counts.join(' · ')}</p>}
      {diff.base && (
        <p>
          Base: {diff.base.from} → {diff.base.to}
        </p>
      )}
      {diff.parameters.map((p) => (
        <p key={p.name}>
          {p.name}: {p.from ?? 'not set'} → {p.to ?? 'not set'}
        </p>
      ))}
      {list('System text added', diff.systemAdded, '+')}
      {list('System text removed', diff.systemRemoved, '−')}
    </div>
  );
}

function VersionRow({ row, rows, onChanged }: { row: PersonalModel; rows: PersonalModel[]; onChanged: () => void }) {
  const { db } = useServices();
  const toasts = useToasts();
  const settings = useSettings();
  const deleted = useDeletedInputs(row);
  const [comparing, setComparing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const prev = previousVersion(rows, row);
  const isDefault = settings?.defaultModel === row.name;
  // Read against the clock at each render (a left-behind create shows as failed until the page settles it).
  const shown = shownStatus(row);
  const status = shown === 'creating' ? 'Creating…' : shown === 'created' ? undefined : 'Failed';

  const remove = async () => {
    setConfirming(false);
    try {
      await deleteVersion(db, row);
      toasts.show({ text: `Deleted ${row.name}` });
    } catch (err) {
      toasts.show({
        tone: 'error',
        text: `Could not delete ${row.name}: ${errorWords(err)}`,
      });
    }
    onChanged();
  };

  return (
    <li className="rounded-xl border border-border bg-panel p-4" data-version={row.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold">{row.name}</span>
        {isDefault && <DefaultBadge />}
        {status && (
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${status === 'Failed' ? 'bg-danger-soft text-danger' : 'bg-subtle'}`}
          >
            {status}
          </span>
        )}
        <div className="ml-auto flex flex-wrap gap-2">
          {prev && row.status === 'created' && (
            <button
              type="button"
              onClick={() => setComparing((c) => !c)}
              aria-expanded={comparing}
              className="rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle"
            >
              Compare with previous
            </button>
          )}
          {row.status === 'created' && !isDefault && (
            <button
              type="button"
              onClick={() =>
                void makeDefault(db, row).then(
                  () => toasts.show({ text: `${row.name} is now the default for new chats` }),
                  (err) =>
                    toasts.show({ tone: 'error', text: `Could not make ${row.name} the default: ${errorWords(err)}` }),
                )
              }
              className="rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle"
            >
              Make default
            </button>
          )}
          <button
            type="button"
            onClick={() => setConfirming(true)}
            disabled={shown === 'creating'}
            aria-label={`Delete ${row.name}`}
            className="inline-flex items-center gap-1 rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium text-danger hover:bg-danger-soft disabled:opacity-50"
          >
            <TrashIcon className="h-3.5 w-3.5" /> Delete
          </button>
        </div>
      </div>
      <p className="mt-2 text-xs text-muted">
        {new Date(row.createdAt).toLocaleString()} · from <span className="font-mono">{row.base}</span> ·{' '}
        {whatWentIn(row)}
      </p>
      {row.status === 'failed' && row.error && <p className="mt-1 text-xs text-danger">{row.error}</p>}
      {deleted && row.status === 'created' && (
        <p role="note" className="mt-2 rounded-md bg-danger-soft p-2 text-xs" data-testid="built-from-deleted">
          {builtFromGone(deleted)}: this model still carries it. Create a new version and delete this one.
        </p>
      )}
      {/* Side-by-side check ("Does it help?", lib/personal/compare): this version against its base, and its win rate. */}
      {row.status === 'created' && (
        <div data-slot="model-comparison" className="mt-2 flex flex-wrap items-center gap-2">
          <CompareButton baseline={row.base} candidate={row.name} label="Compare with its base" />
          <WinRate candidate={row.name} />
        </div>
      )}
      {comparing && prev && <VersionDiffView prev={prev} row={row} />}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${row.name}?`}
        body={`This removes ${row.name} from Ollama. Your memories and conversations are kept, and other versions stay.`}
        confirmLabel="Delete version"
        danger
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </li>
  );
}

/** The list of versions (newest first). */
export function ModelVersions({ rows, onChanged }: { rows: PersonalModel[]; onChanged: () => void }) {
  return (
    <ul className="space-y-3" aria-label="Versions of your models">
      {rows.map((row) => (
        <VersionRow key={row.id} row={row} rows={rows} onChanged={onChanged} />
      ))}
    </ul>
  );
}
