'use client';
/** One attached project: its name, what its scans found, its stack, and re-scan, chat and delete. */
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { Project } from '@/lib/core/records';
import { renameProject } from '@/lib/db/projects';
import { forgetProject } from '@/lib/retrieval/forget-project';
import { keptFolder } from '@/lib/projects/attach';
import { forgetChunkIndex } from '@/lib/projects/ranking';
import type { FileSource } from '@/lib/projects/source';
import { uploadSource } from '@/lib/projects/sources/upload';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { ConfirmDialog } from '../confirm-dialog';
import { ChatIcon, EditIcon, FolderIcon, RefreshIcon, TrashIcon, UploadIcon } from '../icons';
import { useProjectScan } from '../../_hooks/use-projects';
import { FolderInput } from './folder-input';
import { ScanProgressView, ScanSummary } from './scan-status';
import { ProfileEditor } from './profile-editor';
import { useScanFailure } from './use-scan-failure';

const ACTION = 'inline-flex items-center gap-1.5 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-subtle';

export function ProjectCard({ project }: { project: Project }) {
  const { db, scans, analysis } = useServices();
  const toasts = useToasts();
  const failed = useScanFailure();
  const scan = useProjectScan(project.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);
  // A new saved name replaces the draft, during render rather than in an effect.
  const [nameShown, setNameShown] = useState(project.name);
  if (project.name !== nameShown) {
    setNameShown(project.name);
    setName(project.name);
  }
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (renaming) input.current?.select();
  }, [renaming]);

  const scanFrom = async (source: FileSource) => {
    try {
      const stats = await scans.start(db, project.id, source).done;
      const { added, updated, removed } = stats.changes;
      toasts.show({
        tone: 'success',
        text: `Re-scanned ${project.name}: ${added} new, ${updated} changed, ${removed} removed`,
      });
    } catch (err) {
      failed(err, project.name);
    }
  };

  const rescanFolder = async () => {
    try {
      const source = await keptFolder(db, project.id);
      if (source) await scanFrom(source);
      else toasts.show({ tone: 'error', text: 'The folder is no longer known to this browser. Upload it again.' });
    } catch (err) {
      failed(err, project.name);
    }
  };

  const commitRename = () => {
    setRenaming(false);
    if (name.trim() && name !== project.name) void renameProject(db, project.id, name);
    else setName(project.name);
  };

  const headingId = `project-${project.id}`;
  return (
    <li>
      <article
        aria-labelledby={headingId}
        className="rounded-xl border border-border bg-panel p-4"
        data-project-id={project.id}
      >
        <div className="flex flex-wrap items-center gap-2">
          <FolderIcon className="h-5 w-5 shrink-0 text-muted" />
          {renaming ? (
            <input
              ref={input}
              value={name}
              aria-label="Project name"
              onChange={(e) => setName(e.target.value)}
              onBlur={commitRename}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commitRename();
                if (e.key === 'Escape') {
                  setName(project.name);
                  setRenaming(false);
                }
              }}
              className="min-w-0 flex-1 rounded-md border border-accent bg-bg px-2 py-0.5 text-base font-semibold"
            />
          ) : (
            <h2 id={headingId} className="min-w-0 truncate text-base font-semibold">
              {project.name}
            </h2>
          )}
          {!renaming && (
            <button
              type="button"
              onClick={() => setRenaming(true)}
              className="rounded p-1 text-muted hover:bg-subtle hover:text-fg"
              aria-label={`Rename ${project.name}`}
            >
              <EditIcon className="h-3.5 w-3.5" />
            </button>
          )}
          <span className="rounded-full bg-subtle px-2 py-0.5 text-xs text-muted">
            {project.source === 'folder' ? 'linked folder' : 'uploaded copy'}
          </span>
        </div>

        <div className="mt-2">
          {scan ? (
            <ScanProgressView progress={scan.progress} onCancel={scan.cancel} />
          ) : project.stats ? (
            <ScanSummary stats={project.stats} />
          ) : (
            <p className="text-sm text-muted">Not scanned yet.</p>
          )}
        </div>

        <ProfileEditor project={project} />

        <div className="mt-4 flex flex-wrap gap-2">
          <Link
            href={`/?project=${project.id}`}
            className={`${ACTION} border-accent bg-accent text-accent-fg hover:bg-accent hover:opacity-90`}
          >
            <ChatIcon className="h-4 w-4" /> New chat
          </Link>
          {project.source === 'folder' ? (
            <button
              type="button"
              onClick={() => void rescanFolder()}
              disabled={!!scan}
              className={`${ACTION} disabled:opacity-50`}
              title="Read the folder again: changed files are updated, new ones added, deleted ones removed"
            >
              <RefreshIcon className="h-4 w-4" /> Re-scan
            </button>
          ) : (
            <FolderInput
              label={`Re-scan ${project.name}: choose its folder again`}
              disabled={!!scan}
              className={ACTION}
              onFiles={(files) => {
                const source = uploadSource(files);
                if (source) void scanFrom(source);
              }}
            >
              <UploadIcon className="h-4 w-4" /> Re-scan
            </FolderInput>
          )}
          <button
            type="button"
            onClick={() => setConfirmDelete(true)}
            className={`${ACTION} text-danger hover:bg-danger-soft sm:ml-auto`}
          >
            <TrashIcon className="h-4 w-4" /> Delete
          </button>
        </div>
      </article>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${project.name}?`}
        body={
          <>
            Its {project.stats?.files ?? 0} indexed files and its stack are removed from Codelumi. Your folder is not
            touched, and conversations in this project are kept (they just no longer use its files).
          </>
        }
        confirmLabel="Delete project"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          scan?.cancel();
          void forgetProject(db, project.id)
            .then(() => {
              // The chunk index lives in memory wherever it was built: this page and the analysis worker.
              forgetChunkIndex(project.id);
              void analysis.forgetProject(project.id).catch((err: unknown) => console.warn('Codelumi worker:', err));
              toasts.show({ text: `Deleted ${project.name}` });
            })
            .catch((err) => failed(err, project.name));
        }}
      />
    </li>
  );
}
