'use client';
/**
 * The project's stack as detected, for the user to correct: confirm what is
 * right, rename or remove what is wrong, add what the files do not show.
 * Every change is kept through re-scans.
 */
import { useState } from 'react';
import type { ProfileCategory, ProfileEntry, Project, ProjectProfile } from '@/lib/core/records';
import { updateProjectProfile } from '@/lib/db/projects';
import {
  addProfileEntry,
  CATEGORY_LABEL,
  CATEGORY_ORDER,
  confirmProfileEntry,
  editProfileEntry,
  entryLabel,
  removeProfileEntry,
  restoreProfileEntry,
} from '@/lib/projects/profile';
import { newId } from '@/lib/core/ids';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { CheckIcon, EditIcon, PlusIcon, TrashIcon } from '../icons';

const INPUT = 'min-w-0 rounded-md border border-border bg-bg px-2 py-1 text-sm';

function useProfileChange(project: Project) {
  const { db } = useServices();
  const toasts = useToasts();
  return (change: (p: ProjectProfile) => ProjectProfile) =>
    void updateProjectProfile(db, project.id, change).catch(() =>
      toasts.show({ tone: 'error', text: 'Could not save the change. Storage may be full.' }),
    );
}

function Status({ entry }: { entry: ProfileEntry }) {
  const text =
    entry.origin === 'user'
      ? 'added by you'
      : entry.stale
        ? 'not found by the last scan'
        : entry.edited
          ? 'edited by you'
          : entry.confirmed
            ? 'confirmed'
            : 'detected';
  return (
    <span className={`text-xs ${entry.confirmed || entry.origin === 'user' ? 'text-ok' : 'text-muted'}`}>{text}</span>
  );
}

function EntryRow({
  entry,
  change,
}: {
  entry: ProfileEntry;
  change: (c: (p: ProjectProfile) => ProjectProfile) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [fields, setFields] = useState({ name: entry.name, version: entry.version ?? '', detail: entry.detail ?? '' });
  const label = entryLabel(entry);

  if (editing) {
    return (
      <li className="rounded-lg border border-accent bg-bg p-2">
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            change((p) => editProfileEntry(p, entry.id, fields));
          }}
        >
          <input
            value={fields.name}
            onChange={(e) => setFields({ ...fields, name: e.target.value })}
            aria-label="Name"
            className={`${INPUT} w-36 flex-1`}
            autoFocus
          />
          <input
            value={fields.version}
            onChange={(e) => setFields({ ...fields, version: e.target.value })}
            aria-label="Version"
            placeholder="version"
            className={`${INPUT} w-20`}
          />
          <input
            value={fields.detail}
            onChange={(e) => setFields({ ...fields, detail: e.target.value })}
            aria-label="Detail"
            placeholder="detail"
            className={`${INPUT} w-40 flex-1`}
          />
          <button
            type="submit"
            disabled={!fields.name.trim()}
            className="rounded-md bg-accent px-2.5 py-1 text-sm font-medium text-accent-fg disabled:opacity-50"
          >
            Save
          </button>
          <button
            type="button"
            onClick={() => setEditing(false)}
            className="rounded-md px-2.5 py-1 text-sm hover:bg-subtle"
          >
            Cancel
          </button>
        </form>
      </li>
    );
  }

  return (
    <li className="flex items-start gap-2 rounded-lg px-2 py-1 hover:bg-subtle" data-entry-id={entry.id}>
      <div className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-2 gap-y-0.5 pt-0.5">
        <span className="text-sm font-medium">{entry.version ? `${entry.name} ${entry.version}` : entry.name}</span>
        {entry.detail && <span className="text-xs text-muted">{entry.detail}</span>}
        <Status entry={entry} />
        {entry.evidence.length > 0 && (
          <details className="text-xs text-muted open:w-full">
            <summary className="cursor-pointer">why</summary>
            <ul className="mt-0.5 font-mono">
              {entry.evidence.map((e) => (
                <li key={e} className="break-all">
                  {e}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <span className="flex shrink-0 items-center gap-0.5">
        {entry.origin === 'detected' && !entry.confirmed && (
          <button
            type="button"
            onClick={() => change((p) => confirmProfileEntry(p, entry.id))}
            className="rounded p-1 text-muted hover:bg-bg hover:text-ok"
            aria-label={`Confirm ${label}`}
            title="Confirm: keep it even if a scan misses it"
          >
            <CheckIcon className="h-4 w-4" />
          </button>
        )}
        <button
          type="button"
          onClick={() => setEditing(true)}
          className="rounded p-1 text-muted hover:bg-bg hover:text-fg"
          aria-label={`Edit ${label}`}
          title="Rename or change the version"
        >
          <EditIcon className="h-4 w-4" />
        </button>
        <button
          type="button"
          onClick={() => change((p) => removeProfileEntry(p, entry.id))}
          className="rounded p-1 text-muted hover:bg-bg hover:text-danger"
          aria-label={`Remove ${label}`}
          title="Remove: wrong or not worth saying"
        >
          <TrashIcon className="h-4 w-4" />
        </button>
      </span>
    </li>
  );
}

function AddEntry({
  change,
  onDone,
}: {
  change: (c: (p: ProjectProfile) => ProjectProfile) => void;
  onDone: () => void;
}) {
  const [category, setCategory] = useState<ProfileCategory>('library');
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [detail, setDetail] = useState('');
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2 rounded-lg border border-accent p-2"
      onSubmit={(e) => {
        e.preventDefault();
        const id = newId();
        change((p) => addProfileEntry(p, { category, name, version, detail }, id));
        onDone();
      }}
    >
      <select
        value={category}
        onChange={(e) => setCategory(e.target.value as ProfileCategory)}
        aria-label="Kind"
        className={INPUT}
      >
        {CATEGORY_ORDER.map((c) => (
          <option key={c} value={c}>
            {CATEGORY_LABEL[c]}
          </option>
        ))}
      </select>
      <input
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-label="Name"
        placeholder="e.g. htmx"
        className={`${INPUT} w-32 flex-1`}
        autoFocus
      />
      <input
        value={version}
        onChange={(e) => setVersion(e.target.value)}
        aria-label="Version"
        placeholder="version"
        className={`${INPUT} w-20`}
      />
      <input
        value={detail}
        onChange={(e) => setDetail(e.target.value)}
        aria-label="Detail"
        placeholder="detail (optional)"
        className={`${INPUT} w-40 flex-1`}
      />
      <button
        type="submit"
        disabled={!name.trim()}
        className="rounded-md bg-accent px-2.5 py-1 text-sm font-medium text-accent-fg disabled:opacity-50"
      >
        Add
      </button>
      <button type="button" onClick={onDone} className="rounded-md px-2.5 py-1 text-sm hover:bg-subtle">
        Cancel
      </button>
    </form>
  );
}

/** The editable stack of one project. */
export function ProfileEditor({ project }: { project: Project }) {
  const change = useProfileChange(project);
  const [adding, setAdding] = useState(false);
  const entries = project.profile?.entries ?? [];
  const removed = entries.filter((e) => e.removed);
  const headingId = `stack-${project.id}`;

  return (
    <section aria-labelledby={headingId} className="mt-3">
      <div className="flex items-center gap-2">
        <h3 id={headingId} className="text-sm font-semibold">
          Stack
        </h3>
        <p className="hidden text-xs text-muted sm:block">
          Goes into answers in this project. Your corrections survive re-scans.
        </p>
        <button
          type="button"
          onClick={() => setAdding(true)}
          className="ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs hover:bg-subtle"
          aria-label={`Add to the stack of ${project.name}`}
        >
          <PlusIcon className="h-3.5 w-3.5" /> Add
        </button>
      </div>
      {adding && <AddEntry change={change} onDone={() => setAdding(false)} />}
      {entries.length === removed.length && !adding && (
        <p className="mt-1 text-sm text-muted">Nothing detected yet. Add what the project uses.</p>
      )}
      <div className="mt-1 space-y-2">
        {CATEGORY_ORDER.map((category) => {
          const list = entries.filter((e) => e.category === category && !e.removed);
          if (list.length === 0) return null;
          return (
            <div key={category} className="sm:flex sm:gap-3">
              <h4 className="w-36 shrink-0 pt-1 text-xs font-medium uppercase tracking-wide text-muted">
                {CATEGORY_LABEL[category]}
              </h4>
              <ul className="min-w-0 flex-1" aria-label={CATEGORY_LABEL[category]}>
                {list.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} change={change} />
                ))}
              </ul>
            </div>
          );
        })}
      </div>
      {removed.length > 0 && (
        <p className="mt-2 flex flex-wrap items-center gap-1 text-xs text-muted">
          Removed by you:
          {removed.map((e) => (
            <button
              key={e.id}
              type="button"
              onClick={() => change((p) => restoreProfileEntry(p, e.id))}
              className="rounded border border-border px-1.5 py-0.5 hover:bg-subtle"
              aria-label={`Restore ${entryLabel(e)}`}
              title="Restore"
            >
              {e.name} ↺
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
