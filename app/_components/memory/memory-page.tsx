'use client';
/**
 * The Memory page: everything Codelumi remembers about the user, where each
 * memory came from and why it is held. The user can add, edit, switch off
 * and delete any of it; switched-off memories never reach a prompt.
 */
import { useMemo, useState } from 'react';
import Link from 'next/link';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Memory, MemoryKind } from '@/lib/core/records';
import { addUserMemory, deleteMemory, editMemory, restoreMemory, setMemoryEnabled } from '@/lib/memory/memories';
import { PageHeader } from '../page-header';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { DownloadIcon, EditIcon, PlusIcon, TrashIcon } from '../icons';

const KIND_LABEL: Record<MemoryKind, string> = {
  preference: 'Preference',
  fact: 'Fact',
  correction: 'Correction',
  project_note: 'Project note',
  plan_lesson: 'Planning lesson',
};

const SOURCE_LABEL: Record<Memory['source'], string> = {
  explicit: 'You said it',
  inferred: 'Learned from your reactions',
  user: 'Added or edited by you',
};

type Filter = 'all' | MemoryKind;

function MemoryRow({ memory }: { memory: Memory }) {
  const { db } = useServices();
  const toasts = useToasts();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(memory.text);
  const fail = () => toasts.show({ tone: 'error', text: 'Could not save the change. Storage may be full.' });
  // The switch answers at once; the database catches up (and puts it back if the write fails).
  const [on, setOn] = useState(memory.enabled === 1);
  const [enabledShown, setEnabledShown] = useState(memory.enabled);
  if (memory.enabled !== enabledShown) {
    setEnabledShown(memory.enabled);
    setOn(memory.enabled === 1);
  }
  const enabled = memory.enabled === 1 && memory.confidence > 0;
  const withdrawn = memory.source === 'inferred' && memory.confidence <= 0;

  return (
    <li
      className={`rounded-xl border border-border bg-panel p-4 ${enabled ? '' : 'opacity-75'}`}
      data-memory-id={memory.id}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="rounded-full bg-accent-soft px-2 py-0.5 font-medium text-accent-text">
          {KIND_LABEL[memory.kind]}
        </span>
        <span className="text-muted">{SOURCE_LABEL[memory.source]}</span>
        {memory.source !== 'user' && <span className="text-muted">· {Math.round(memory.confidence * 100)}% sure</span>}
        {(memory.hits ?? 1) > 1 && <span className="text-muted">· confirmed {memory.hits} times</span>}
        {withdrawn && <span className="text-muted">· no longer supported by recent answers</span>}
        <label className="ml-auto inline-flex cursor-pointer items-center gap-2">
          <input
            type="checkbox"
            role="switch"
            checked={on}
            onChange={(e) => {
              const next = e.target.checked;
              setOn(next);
              void setMemoryEnabled(db, memory.id, next).catch(() => {
                setOn(!next);
                fail();
              });
            }}
            className="h-4 w-4"
            aria-label={`Use this memory: ${memory.text}`}
          />
          <span>{on ? 'In use' : 'Off'}</span>
        </label>
      </div>
      {editing ? (
        <form
          className="mt-2 flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            if (text.trim() && text !== memory.text) void editMemory(db, memory.id, text).catch(fail);
          }}
        >
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            aria-label="Memory text"
            className="w-full rounded-lg border border-accent bg-bg p-2 text-sm"
            autoFocus
          />
          <div className="flex gap-2">
            <button type="submit" className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-fg">
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setText(memory.text);
                setEditing(false);
              }}
              className="rounded-md px-3 py-1 text-sm hover:bg-subtle"
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="mt-2 text-sm">{memory.text}</p>
      )}
      {memory.evidence && (
        <details className="mt-2 text-xs text-muted">
          <summary className="cursor-pointer">Why Codelumi remembers this</summary>
          <p className="mt-1 whitespace-pre-wrap">{memory.evidence}</p>
        </details>
      )}
      {!editing && (
        <div className="mt-2 flex gap-1 text-xs">
          <button
            type="button"
            onClick={() => setEditing(true)}
            className="inline-flex items-center gap-1 rounded px-2 py-1 hover:bg-subtle"
            aria-label={`Edit: ${memory.text}`}
          >
            <EditIcon className="h-3.5 w-3.5" /> Edit
          </button>
          <button
            type="button"
            className="inline-flex items-center gap-1 rounded px-2 py-1 text-danger hover:bg-danger-soft"
            aria-label={`Delete: ${memory.text}`}
            onClick={async () => {
              try {
                const removed = await deleteMemory(db, memory.id);
                if (removed)
                  toasts.show({
                    text: removed.pairs.length
                      ? `Memory deleted with its training pair${removed.pairs.length === 1 ? '' : 's'}`
                      : 'Memory deleted',
                    action: {
                      label: 'Undo',
                      run: () =>
                        void restoreMemory(db, removed)
                          .then((back) => {
                            if (!back)
                              toasts.show({
                                tone: 'error',
                                text: 'That memory cannot come back: the conversation it was learned from has been deleted since.',
                              });
                          })
                          .catch(fail),
                    },
                    durationMs: 8000,
                  });
              } catch {
                fail();
              }
            }}
          >
            <TrashIcon className="h-3.5 w-3.5" /> Delete
          </button>
        </div>
      )}
    </li>
  );
}

export default function MemoryPage() {
  const { db } = useServices();
  const toasts = useToasts();
  const memories = useLiveQuery(() => db.memories.orderBy('updatedAt').reverse().toArray(), [db]);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [newKind, setNewKind] = useState<MemoryKind>('preference');
  const [newText, setNewText] = useState('');

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (memories ?? []).filter(
      (m) => (filter === 'all' || m.kind === filter) && (!q || m.text.toLowerCase().includes(q)),
    );
  }, [memories, filter, query]);

  return (
    <>
      <PageHeader title="Memory">
        <Link
          href="/learning/#training-data"
          aria-label="Export training data"
          className="inline-flex items-center gap-1.5 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-subtle"
          title="Your corrections go out as preference pairs, anonymized, with the answers that went well"
        >
          <DownloadIcon className="h-4 w-4" /> <span className="sm:hidden">Export</span>
          <span className="hidden sm:inline">Export training data</span>
        </Link>
        <button
          type="button"
          onClick={() => setAdding(true)}
          className="inline-flex items-center gap-1.5 rounded-md bg-accent px-2.5 py-1 text-sm font-medium text-accent-fg"
        >
          <PlusIcon className="h-4 w-4" /> Add memory
        </button>
      </PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-4 px-4 py-6">
          <p className="text-sm text-muted">
            What Codelumi remembers about you and your work. Memories that are in use go into the prompt of every chat
            (corrections only into related questions). Everything stays on this device.
          </p>
          {adding && (
            <form
              className="space-y-2 rounded-xl border border-accent bg-panel p-4"
              onSubmit={async (e) => {
                e.preventDefault();
                try {
                  await addUserMemory(db, newKind, newText);
                  setNewText('');
                  setAdding(false);
                  toasts.show({ text: 'Memory added' });
                } catch (err) {
                  toasts.show({
                    tone: 'error',
                    text: err instanceof Error ? err.message : 'Could not add the memory.',
                  });
                }
              }}
            >
              <div className="flex flex-wrap gap-2">
                <label className="text-sm">
                  <span className="sr-only">Kind</span>
                  <select
                    value={newKind}
                    onChange={(e) => setNewKind(e.target.value as MemoryKind)}
                    className="rounded-md border border-border bg-bg px-2 py-1.5 text-sm"
                  >
                    {(['preference', 'fact', 'project_note', 'correction'] as const).map((k) => (
                      <option key={k} value={k}>
                        {KIND_LABEL[k]}
                      </option>
                    ))}
                  </select>
                </label>
                <input
                  value={newText}
                  onChange={(e) => setNewText(e.target.value)}
                  placeholder="e.g. Prefer TypeScript examples with strict types"
                  aria-label="New memory"
                  className="min-w-0 flex-1 rounded-md border border-border bg-bg px-3 py-1.5 text-sm"
                  autoFocus
                />
              </div>
              <div className="flex gap-2">
                <button
                  type="submit"
                  disabled={!newText.trim()}
                  className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-fg disabled:opacity-50"
                >
                  Add
                </button>
                <button
                  type="button"
                  onClick={() => setAdding(false)}
                  className="rounded-md px-3 py-1 text-sm hover:bg-subtle"
                >
                  Cancel
                </button>
              </div>
            </form>
          )}
          <div className="flex flex-wrap items-center gap-2">
            <div role="group" aria-label="Show" className="flex flex-wrap gap-1">
              {(['all', 'preference', 'fact', 'project_note', 'correction', 'plan_lesson'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-pressed={filter === f}
                  onClick={() => setFilter(f)}
                  className={`rounded-full border px-3 py-1 text-xs ${filter === f ? 'border-accent bg-accent-soft font-medium text-accent-text' : 'border-border hover:bg-subtle'}`}
                >
                  {f === 'all' ? 'All' : `${KIND_LABEL[f]}s`}
                  {memories && ` (${f === 'all' ? memories.length : memories.filter((m) => m.kind === f).length})`}
                </button>
              ))}
            </div>
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Filter"
              aria-label="Filter memories"
              className="ml-auto w-40 rounded-md border border-border bg-bg px-2 py-1 text-sm"
            />
          </div>
          {memories && memories.length === 0 && (
            <div className="rounded-xl border border-dashed border-border p-6 text-center text-sm text-muted">
              <p className="font-medium text-fg">Nothing remembered yet.</p>
              <p className="mt-1">
                Tell Codelumi things like “I prefer short answers” or “we use pnpm and Vitest”, correct it when it is
                wrong, or add a memory here.
              </p>
            </div>
          )}
          <ul className="space-y-3">
            {shown.map((m) => (
              <MemoryRow key={m.id} memory={m} />
            ))}
          </ul>
        </div>
      </main>
    </>
  );
}
