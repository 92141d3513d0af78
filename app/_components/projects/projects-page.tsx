'use client';
/**
 * The Projects page: attach a folder (picked, so it can be re-scanned in
 * place, or uploaded where the browser cannot pick folders), watch it being
 * indexed, and correct the stack Codelumi detected.
 */
import { useSyncExternalStore } from 'react';
import { attachProject } from '@/lib/projects/attach';
import type { FileSource } from '@/lib/projects/source';
import { canPickFolders, handleSource, pickFolder, type DirectoryHandleLike } from '@/lib/projects/sources/handle';
import { uploadSource } from '@/lib/projects/sources/upload';
import { PageHeader } from '../page-header';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { FolderIcon, UploadIcon } from '../icons';
import { useProjects } from '../../_hooks/use-projects';
import { FolderInput } from './folder-input';
import { ProjectCard } from './project-card';
import { useScanFailure } from './use-scan-failure';

const PRIMARY =
  'inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90';
const SECONDARY =
  'inline-flex items-center gap-1.5 rounded-md border border-border bg-bg px-3 py-1.5 text-sm hover:bg-subtle';

/** Whether the browser can pick folders does not change while the page is open. */
const neverChanges = () => () => {};

export default function ProjectsPage() {
  const { db, scans } = useServices();
  const toasts = useToasts();
  const failed = useScanFailure();
  const projects = useProjects();
  // Known only in the browser: the prerendered page and hydration assume the fallback.
  const canPick = useSyncExternalStore(
    neverChanges,
    () => canPickFolders(window),
    () => false,
  );

  const attach = async (source: FileSource, handle?: DirectoryHandleLike) => {
    try {
      const project = await attachProject(db, source, handle);
      const stats = await scans.start(db, project.id, source).done;
      toasts.show({ tone: 'success', text: `Indexed ${stats.files.toLocaleString('en')} files of ${project.name}` });
    } catch (err) {
      failed(err, source.name);
    }
  };

  const pick = async () => {
    try {
      const handle = await pickFolder(window);
      if (handle) await attach(handleSource(handle), handle);
    } catch (err) {
      failed(err, 'the folder');
    }
  };

  const upload = (label: string, className: string) => (
    <FolderInput
      label={label}
      className={className}
      onFiles={(files) => {
        const source = uploadSource(files);
        if (source) void attach(source);
      }}
    >
      <UploadIcon className="h-4 w-4" /> {canPick ? 'Upload a copy' : 'Attach a folder'}
    </FolderInput>
  );

  return (
    <>
      <PageHeader title="Projects">
        {canPick ? (
          <button type="button" onClick={() => void pick()} className={PRIMARY}>
            <FolderIcon className="h-4 w-4" /> Attach a folder
          </button>
        ) : (
          upload('Attach a folder (upload)', PRIMARY)
        )}
      </PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-4 px-4 py-6">
          <p className="text-sm text-muted">
            Attach a code folder and Codelumi indexes its text files on this device, so answers in the project use your
            stack and can quote your files (type{' '}
            <kbd className="rounded border border-border px-1 font-mono text-xs">@</kbd> in a chat to mention one). What{' '}
            <code className="font-mono">.gitignore</code> ignores, dependencies, build output, binaries, secret files
            and files over 512 KB are skipped; keys and passwords inside other files are replaced by placeholders.
          </p>
          {canPick && (
            <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
              A picked folder stays linked, so a re-scan reads it again.{' '}
              {upload('Upload a copy of a folder instead', SECONDARY)}
            </p>
          )}
          {projects && projects.length === 0 && (
            <div className="rounded-xl border border-dashed border-border p-6 text-center text-sm text-muted">
              <p className="font-medium text-fg">No projects yet.</p>
              <p className="mt-1">Attach the folder of a project you work on. Nothing leaves your machine.</p>
            </div>
          )}
          <ul className="space-y-4" aria-label="Projects">
            {projects?.map((p) => (
              <ProjectCard key={p.id} project={p} />
            ))}
          </ul>
        </div>
      </main>
    </>
  );
}
