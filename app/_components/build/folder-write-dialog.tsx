'use client';
/**
 * Writing the workspace into the attached folder: each file against what the
 * folder holds (new, changed with its diff, unchanged), a checkbox per file
 * (new files the plan lists checked; overwrites and files the plan does not
 * list not until the user accepts them), then what
 * happened to each file.
 */
import { useEffect, useRef, useState } from 'react';
import { useModal } from '../../_hooks/use-modal';
import { DiffView } from './diff-view';
import type { FolderWritePreview, FolderWriteReport } from './planner-service';
import { Badge, PRIMARY, SECONDARY } from './ui';
import { defaultAccepted, type Tone } from './view-helpers';

const ACTION: Record<FolderWritePreview['files'][number]['action'], { label: string; tone: Tone }> = {
  create: { label: 'new', tone: 'ok' },
  change: { label: 'overwrites', tone: 'warn' },
  unchanged: { label: 'unchanged', tone: 'neutral' },
  blocked: { label: 'cannot be written', tone: 'danger' },
};

const OUTCOME: Record<FolderWriteReport['files'][number]['outcome'], { label: string; tone: Tone }> = {
  written: { label: 'written', tone: 'ok' },
  unchanged: { label: 'already the same', tone: 'neutral' },
  rejected: { label: 'not written (rejected)', tone: 'neutral' },
  conflict: { label: 'not written: changed meanwhile', tone: 'warn' },
  failed: { label: 'failed', tone: 'danger' },
};

export function FolderWriteDialog({
  preview,
  onWrite,
  onClose,
}: {
  preview: FolderWritePreview;
  /** Writes the accepted paths; resolves with the report (undefined: the call failed and the user was told). */
  onWrite: (accepted: string[]) => Promise<FolderWriteReport | undefined>;
  onClose: () => void;
}) {
  const ref = useModal(true);
  const [accepted, setAccepted] = useState(() => defaultAccepted(preview.files));
  const [writing, setWriting] = useState(false);
  const [report, setReport] = useState<FolderWriteReport>();
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const writable = preview.files.filter((f) => f.action !== 'unchanged' && f.action !== 'blocked');
  const count = writable.filter((f) => accepted.has(f.path)).length;

  useEffect(() => {
    if (report) reportHeading.current?.focus();
  }, [report]);

  const toggle = (path: string, on: boolean) => {
    const next = new Set(accepted);
    if (on) next.add(path);
    else next.delete(path);
    setAccepted(next);
  };

  const write = async () => {
    setWriting(true);
    const result = await onWrite(writable.filter((f) => accepted.has(f.path)).map((f) => f.path));
    setWriting(false);
    if (result) setReport(result);
  };

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="folder-write-title"
      className="m-auto max-h-[90vh] w-[44rem] max-w-[94vw] rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/40"
      data-testid="folder-write"
    >
      <div className="flex max-h-[90vh] flex-col">
        <div className="border-b border-border p-4">
          <h2 id="folder-write-title" className="text-base font-semibold">
            Write into {preview.projectName}
          </h2>
          <p className="mt-1 text-sm text-muted">
            {report
              ? 'Done. Files you did not accept were left as they are.'
              : 'Choose the files to write. Files the folder already has are only overwritten when you check them.'}
          </p>
        </div>

        <div className="min-h-0 flex-1 overflow-y-auto p-4">
          {report ? (
            <>
              <h3 ref={reportHeading} tabIndex={-1} className="mb-2 text-sm font-semibold">
                What happened
              </h3>
              <ul className="divide-y divide-border rounded-lg border border-border" data-testid="folder-report">
                {report.files.map((f) => (
                  <li key={f.path} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                    <code className="min-w-0 flex-1 basis-40 break-all font-mono text-[13px]">{f.path}</code>
                    <Badge tone={OUTCOME[f.outcome].tone}>{OUTCOME[f.outcome].label}</Badge>
                    {f.message && <p className="w-full text-xs text-muted">{f.message}</p>}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Files to write">
              {preview.files.map((f) => (
                <li key={f.path} className="px-3 py-2 text-sm" data-testid="folder-file">
                  <div className="flex flex-wrap items-center gap-2">
                    {f.action === 'unchanged' || f.action === 'blocked' ? (
                      <span className="h-4 w-4 shrink-0" aria-hidden="true" />
                    ) : (
                      <input
                        type="checkbox"
                        id={`write-${f.path}`}
                        checked={accepted.has(f.path)}
                        onChange={(e) => toggle(f.path, e.target.checked)}
                        className="h-4 w-4 shrink-0 accent-accent"
                      />
                    )}
                    <label
                      htmlFor={`write-${f.path}`}
                      className="min-w-0 flex-1 basis-40 break-all font-mono text-[13px]"
                    >
                      {f.path}
                    </label>
                    <Badge tone={ACTION[f.action].tone}>{ACTION[f.action].label}</Badge>
                    {f.undeclared && <Badge tone="warn">not in the plan</Badge>}
                    {f.action === 'change' && (f.added !== undefined || f.removed !== undefined) && (
                      <span className="text-xs text-muted">
                        +{f.added ?? 0} −{f.removed ?? 0}
                      </span>
                    )}
                  </div>
                  {f.reason && <p className="mt-1 pl-6 text-xs text-danger">{f.reason}</p>}
                  {f.patch && (
                    <details className="mt-1 pl-6">
                      <summary className="cursor-pointer text-xs text-accent-text">Show the difference</summary>
                      <div className="mt-1">
                        <DiffView patch={f.patch} label={`Difference for ${f.path}`} />
                      </div>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="flex justify-end gap-2 border-t border-border p-4">
          {report ? (
            <button type="button" className={PRIMARY} onClick={onClose}>
              Close
            </button>
          ) : (
            <>
              <button type="button" className={SECONDARY} onClick={onClose} disabled={writing}>
                Cancel
              </button>
              <button type="button" className={PRIMARY} onClick={() => void write()} disabled={writing || count === 0}>
                {writing ? 'Writing…' : `Write ${count} ${count === 1 ? 'file' : 'files'}`}
              </button>
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
