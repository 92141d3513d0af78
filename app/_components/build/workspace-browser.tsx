'use client';
/**
 * The plan's workspace: its files as a folder tree, the chosen file read-only
 * and highlighted (the chat's code block), and "Edit" to change it by hand;
 * saving is the user's own attempt at the step that wrote it, checked again.
 */
import { memo, useMemo, useState } from 'react';
import type { WorkspaceFile } from '@/lib/planner/types';
import { CodeBlock } from '../chat/markdown/code-block';
import { EditIcon, FileIcon, FolderIcon } from '../icons';
import { PRIMARY, SECONDARY } from './ui';
import { buildTree, languageOfPath, type TreeFolder } from './view-helpers';

function Folder({
  folder,
  selected,
  onSelect,
}: {
  folder: TreeFolder;
  selected?: string;
  onSelect: (path: string) => void;
}) {
  return (
    <ul className="space-y-0.5">
      {folder.folders.map((f) => (
        <li key={f.path}>
          <details open>
            <summary className="flex cursor-pointer items-center gap-1.5 rounded px-1.5 py-1 text-xs hover:bg-subtle">
              <FolderIcon className="h-3.5 w-3.5 shrink-0 text-muted" />
              <span className="truncate">{f.name}</span>
            </summary>
            <div className="ml-3 border-l border-border pl-1">
              <Folder folder={f} selected={selected} onSelect={onSelect} />
            </div>
          </details>
        </li>
      ))}
      {folder.files.map((f) => (
        <li key={f.path}>
          <button
            type="button"
            onClick={() => onSelect(f.path)}
            aria-current={selected === f.path ? 'true' : undefined}
            className={`flex w-full items-center gap-1.5 rounded px-1.5 py-1 text-left font-mono text-xs ${
              selected === f.path ? 'bg-accent-soft text-accent-text' : 'hover:bg-subtle'
            }`}
          >
            <FileIcon className="h-3.5 w-3.5 shrink-0" />
            <span className="truncate">{f.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Memoised: while a step streams, the workspace's files do not change (they keep their objects, see
 * shareUnchanged), so the tree and the highlighted file are not drawn again on each save of the step's run.
 */
export const WorkspaceBrowser = memo(function WorkspaceBrowser({
  files,
  canEdit,
  stepNumber,
  onSave,
}: {
  /** The current version of each workspace file. */
  files: readonly WorkspaceFile[];
  /** False while a step runs: a hand edit then would race the model's. */
  canEdit: boolean;
  /** The 1-based number of the step that wrote a file (for "re-checks step N"). */
  stepNumber: (stepId: string) => number;
  /** Saves the user's content; resolves once stored (false: it was not). */
  onSave: (file: WorkspaceFile, content: string) => Promise<boolean>;
}) {
  const [selected, setSelected] = useState<string>();
  // An edit belongs to its file and the version it started from, whatever the list shows meanwhile.
  const [draft, setDraft] = useState<{ path: string; baseVersion: number; text: string }>();
  const [saving, setSaving] = useState(false);
  const [confirmedVersion, setConfirmedVersion] = useState<number>();
  const [holdNote, setHoldNote] = useState(false);
  const file = files.find((f) => f.path === (draft?.path ?? selected)) ?? (draft ? undefined : files[0]);
  const tree = useMemo(() => buildTree(files.map((f) => f.path)), [files]);

  if (files.length === 0 && !draft)
    return <p className="text-sm text-muted">No files yet: the first step writes them.</p>;

  const select = (path: string) => {
    // An edit with changes is never dropped by a click in the tree: the user saves or cancels it.
    if (draft && draft.path !== path && draft.text !== files.find((f) => f.path === draft.path)?.content)
      return setHoldNote(true);
    setHoldNote(false);
    setSelected(path);
    setDraft(undefined);
  };

  const startEdit = (f: WorkspaceFile) => {
    setSelected(f.path);
    setHoldNote(false);
    setConfirmedVersion(undefined);
    setDraft({ path: f.path, baseVersion: f.version, text: f.content });
  };

  // The file changed under the edit (a step ran, another tab): saving would replace that newer version.
  const stale = !!draft && !!file && file.version !== draft.baseVersion;

  const save = async () => {
    if (!draft || !file) return;
    // A confirmation holds for the version the user saw: a newer one asks again.
    if (stale && confirmedVersion !== file.version) return setConfirmedVersion(file.version);
    setSaving(true);
    const saved = await onSave(file, draft.text);
    setSaving(false);
    if (saved) {
      setDraft(undefined);
      setConfirmedVersion(undefined);
    }
  };

  return (
    <div className="grid gap-3 md:grid-cols-[14rem_minmax(0,1fr)]">
      <nav aria-label="Workspace files" className="max-h-96 overflow-auto rounded-lg border border-border bg-bg p-1.5">
        <Folder folder={tree} selected={file?.path} onSelect={select} />
      </nav>
      {draft && !file && (
        <div className="min-w-0 text-sm" role="alert">
          <p>
            {draft.path} is no longer in the workspace (its step was retried or removed), so your edit cannot be saved
            there.
          </p>
          <button type="button" className={`${SECONDARY} mt-2`} onClick={() => setDraft(undefined)}>
            Discard the edit
          </button>
        </div>
      )}
      {file && (
        <div className="min-w-0" data-testid="workspace-file">
          <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-muted">
            <span className="min-w-0 flex-1 break-all">
              Version {file.version}, {file.source === 'user' ? 'your edit' : 'written by the model'} in step{' '}
              {stepNumber(file.stepId)}
            </span>
            {!draft && (
              <button
                type="button"
                className={SECONDARY}
                disabled={!canEdit}
                title={canEdit ? undefined : 'Pause the plan to edit a file'}
                onClick={() => startEdit(file)}
              >
                <EditIcon className="h-3.5 w-3.5" /> Edit
              </button>
            )}
          </div>
          {!draft ? (
            <CodeBlock code={file.content} language={languageOfPath(file.path)} filename={file.path} complete />
          ) : (
            <div>
              <label htmlFor="workspace-editor" className="mb-1 block font-mono text-xs">
                Editing {draft.path}
              </label>
              <textarea
                id="workspace-editor"
                // Code keeps its lines: long ones scroll sideways rather than wrap.
                wrap="off"
                value={draft.text}
                onChange={(e) => setDraft({ ...draft, text: e.target.value })}
                spellCheck={false}
                autoFocus
                rows={Math.min(24, Math.max(8, draft.text.split('\n').length + 1))}
                className="w-full resize-y rounded-lg border border-border bg-code-bg p-3 font-mono text-[13px] leading-relaxed"
              />
              {holdNote && (
                <p className="mt-2 text-xs text-muted" role="status">
                  Save or cancel your edit of {draft.path} before opening another file.
                </p>
              )}
              {stale && (
                <p className="mt-2 text-xs text-warn" role="status" data-testid="edit-stale">
                  Step {stepNumber(file.stepId)} wrote version {file.version} of this file since you started editing
                  version {draft.baseVersion}.{' '}
                  {confirmedVersion === file.version
                    ? 'Save again to replace it with your text.'
                    : 'Saving replaces that version.'}
                </p>
              )}
              <div className="mt-2 flex flex-wrap items-center justify-end gap-2">
                <span className="mr-auto text-xs text-muted">
                  {canEdit ? `Saving checks step ${stepNumber(file.stepId)} again.` : 'Pause the plan to save.'}
                </span>
                <button type="button" className={SECONDARY} onClick={() => setDraft(undefined)} disabled={saving}>
                  Cancel
                </button>
                <button
                  type="button"
                  className={PRIMARY}
                  onClick={() => void save()}
                  disabled={saving || !canEdit || (draft.text === file.content && !stale)}
                >
                  {saving ? 'Saving…' : confirmedVersion === file.version ? 'Replace and check' : 'Save and check'}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
});
