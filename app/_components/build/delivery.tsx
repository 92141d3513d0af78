'use client';
/**
 * Taking the workspace out: a zip to download, or a reviewed write into a
 * folder (the attached project's, or one the user picks where the browser
 * can pick folders).
 */
import { useState, useSyncExternalStore } from 'react';
import { DownloadIcon, FolderIcon } from '../icons';
import { FolderWriteDialog } from './folder-write-dialog';
import type { FolderWritePreview, FolderWriteReport } from './planner-service';
import { PRIMARY, SECONDARY, Section } from './ui';

export function Delivery({
  fileCount,
  projectName,
  onDownloadZip,
  onPrepareFolderWrite,
  onWriteFolder,
}: {
  fileCount: number;
  /** The attached project's name; without one the user picks a folder (where the browser can). */
  projectName?: string;
  onDownloadZip: () => Promise<void>;
  /** Asks for read-write access (from the click) and compares; undefined when that failed and the user was told. */
  onPrepareFolderWrite: () => Promise<FolderWritePreview | undefined>;
  onWriteFolder: (accepted: string[]) => Promise<FolderWriteReport | undefined>;
}) {
  const [preview, setPreview] = useState<FolderWritePreview>();
  const canPick = useCanPickFolder();
  const [busy, setBusy] = useState<'zip' | 'folder'>();

  const run = async (what: 'zip' | 'folder', work: () => Promise<void>) => {
    setBusy(what);
    await work();
    setBusy(undefined);
  };

  return (
    <Section id="plan-delivery" title="Take the files">
      <p className="text-sm text-muted">
        {fileCount} {fileCount === 1 ? 'file' : 'files'} in this plan’s workspace.
        {projectName
          ? ` Writing into ${projectName} shows each file against the folder first.`
          : canPick
            ? ' Writing into a folder you pick shows each file against it first.'
            : ''}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          className={PRIMARY}
          disabled={fileCount === 0 || !!busy}
          onClick={() => void run('zip', onDownloadZip)}
        >
          <DownloadIcon /> {busy === 'zip' ? 'Preparing zip…' : 'Download zip'}
        </button>
        {(projectName || canPick) && (
          <button
            type="button"
            className={SECONDARY}
            disabled={fileCount === 0 || !!busy}
            onClick={() => void run('folder', async () => setPreview(await onPrepareFolderWrite()))}
          >
            <FolderIcon />{' '}
            {busy === 'folder' ? 'Comparing…' : projectName ? 'Write into project folder…' : 'Write into a folder…'}
          </button>
        )}
      </div>
      {preview && <FolderWriteDialog preview={preview} onWrite={onWriteFolder} onClose={() => setPreview(undefined)} />}
    </Section>
  );
}

const never = () => () => undefined;

/** True where the browser can pick a folder to write into (the File System Access API); false while rendering statically. */
function useCanPickFolder(): boolean {
  return useSyncExternalStore(
    never,
    () => typeof (window as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function',
    () => false,
  );
}
