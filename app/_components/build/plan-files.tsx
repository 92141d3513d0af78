'use client';
/** The plan's files (path and purpose), each renamed inline; the service checks the new path and says what is wrong. */
import { useState } from 'react';
import type { PlanFile } from '@/lib/planner/types';
import { EditIcon } from '../icons';
import type { EditProblem } from './planner-service';
import { ICON_BUTTON, INPUT } from './ui';

export function PlanFiles({
  files,
  problems,
  locked,
  onRename,
}: {
  files: readonly PlanFile[];
  /** The last edit's problems about a file (by `path`, the old or the new one). */
  problems: EditProblem[];
  locked: boolean;
  onRename: (from: string, to: string) => void;
}) {
  const [editing, setEditing] = useState<string>();
  const [value, setValue] = useState('');

  const commit = (from: string) => {
    const to = value.trim();
    setEditing(undefined);
    if (to && to !== from) onRename(from, to);
  };

  if (files.length === 0) return <p className="text-sm text-muted">The plan names no files yet.</p>;
  return (
    <ul className="divide-y divide-border rounded-lg border border-border bg-bg" aria-label="Files in the plan">
      {files.map((f) => {
        const mine = problems.filter((p) => p.path === f.path);
        return (
          <li key={f.path} className="px-3 py-2 text-sm">
            {editing === f.path ? (
              <div>
                <label className="sr-only" htmlFor={`rename-${f.path}`}>
                  New path for {f.path}
                </label>
                <input
                  id={`rename-${f.path}`}
                  className={`${INPUT} font-mono`}
                  value={value}
                  autoFocus
                  spellCheck={false}
                  onChange={(e) => setValue(e.target.value)}
                  onBlur={() => commit(f.path)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') commit(f.path);
                    if (e.key === 'Escape') {
                      e.stopPropagation();
                      setEditing(undefined);
                    }
                  }}
                />
                <p className="mt-1 text-xs text-muted">
                  Relative to the project, with forward slashes. Enter to rename, Esc to cancel.
                </p>
              </div>
            ) : (
              <div className="flex items-start gap-2">
                <div className="min-w-0 flex-1">
                  <code className="break-all font-mono text-[13px]">{f.path}</code>
                  {f.purpose && <p className="text-xs text-muted">{f.purpose}</p>}
                </div>
                <button
                  type="button"
                  className={ICON_BUTTON}
                  aria-label={`Rename ${f.path}`}
                  disabled={locked}
                  onClick={() => {
                    setValue(f.path);
                    setEditing(f.path);
                  }}
                >
                  <EditIcon />
                </button>
              </div>
            )}
            {mine.map((p, i) => (
              <p key={i} className="mt-1 text-xs text-danger">
                {p.message}
              </p>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
