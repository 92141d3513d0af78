'use client';
/**
 * "Delete all data": a typed confirmation, then every database and stored
 * key of the app goes (lib/services/delete-all.ts) and the page reloads empty.
 */
import { useId, useState } from 'react';
import { deleteAllData } from '@/lib/services/delete-all';
import { useServices } from '../services';
import { Section } from './section';
import { useModal } from '../../_hooks/use-modal';

/** What the user types to confirm. */
const CONFIRM_WORD = 'DELETE';

export function DeleteAllSection() {
  const services = useServices();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const dialog = useModal(open);
  const inputId = useId();
  const titleId = useId();

  const confirmed = typed.trim() === CONFIRM_WORD;
  const wipe = async () => {
    setState({ busy: true });
    try {
      await deleteAllData(services, { indexedDB, storages: [localStorage, sessionStorage] });
      services.platform.reload();
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <Section title="Delete all data" description="Start again with an empty Codelumi on this device.">
      <button
        type="button"
        onClick={() => {
          setTyped('');
          setState({ busy: false });
          setOpen(true);
        }}
        className="rounded-lg border border-danger px-3 py-1.5 text-sm font-medium text-danger hover:bg-danger-soft"
      >
        Delete all data…
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
        className="m-auto w-[30rem] max-w-[92vw] rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
      >
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (confirmed && !state.busy) void wipe();
          }}
        >
          <h2 id={titleId} className="text-base font-semibold">
            Delete all data?
          </h2>
          <div className="mt-2 space-y-2 text-sm text-muted">
            <p>
              This deletes, on this device and for good: every conversation and message, memories, learned patterns and
              signals, code runs, projects and their indexed files, drafts, settings and the model lists seen.
            </p>
            <p>
              Your Ollama models stay (they live in Ollama), and so does the app itself, so it still opens offline.
              There is no undo.
            </p>
          </div>
          <label htmlFor={inputId} className="mt-4 block text-sm font-medium">
            Type {CONFIRM_WORD} to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoFocus
            className="mt-1 w-full rounded-md border border-border bg-bg px-2 py-1.5 text-sm"
          />
          {state.error && (
            <p role="alert" className="mt-2 text-sm text-danger">
              Not everything could be deleted: {state.error} Close other Codelumi tabs and try again.
            </p>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={!confirmed || state.busy}
              className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50"
            >
              {state.busy ? 'Deleting…' : 'Delete everything'}
            </button>
          </div>
        </form>
      </dialog>
    </Section>
  );
}
