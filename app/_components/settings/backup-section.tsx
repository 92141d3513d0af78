'use client';
/**
 * Backup: "Export all data" writes one archive file of everything Codelumi
 * keeps; "Import" merges one into this profile or replaces it (after a
 * confirmation). The work runs in the analysis worker (lib/archive), so the
 * page stays responsive; this shows its progress and lets the user stop it.
 */
import { useId, useRef, useState } from 'react';
import type { ArchiveProgress } from '@/lib/archive/format';
import type { ImportMode } from '@/lib/archive/restore';
import { archiveFileName, importSummary, progressShare, progressText } from '@/lib/archive/summary';
import { BUILD_INFO_PATH } from '@/lib/pwa/app-routes';
import { formatBytes } from '@/lib/ollama/models';
import { ConfirmDialog } from '../confirm-dialog';
import { useServices } from '../services';
import { ProgressBar } from './progress-bar';
import { Section } from './section';

type Job = { kind: 'export' | 'import'; progress?: ArchiveProgress };
type Outcome = { ok: boolean; text: string };

/** The words of an error that crossed from the worker (a CodelumiError arrives as a plain object). */
function errorText(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

const isCancel = (err: unknown) => (err as { code?: unknown } | null)?.code === 'aborted:user';

async function appVersion(): Promise<string> {
  const res = await fetch(BUILD_INFO_PATH).catch(() => undefined);
  const info = res?.ok ? ((await res.json().catch(() => undefined)) as { version?: unknown } | undefined) : undefined;
  return typeof info?.version === 'string' ? info.version : 'unknown';
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has its own copy once started; the URL only has to outlive this task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function BackupSection() {
  const services = useServices();
  const [withFiles, setWithFiles] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('merge');
  const [confirming, setConfirming] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const filesId = useId();
  const fileId = useId();

  /** The job running now: progress comes over its own channel and may arrive after the result, so a late report of a finished job is dropped. */
  const running = useRef<symbol | null>(null);
  const begin = (kind: Job['kind']) => {
    const token = Symbol(kind);
    running.current = token;
    setJob({ kind });
    return (progress: ArchiveProgress) => {
      if (running.current === token) setJob({ kind, progress });
    };
  };
  const end = () => {
    running.current = null;
    setJob(null);
  };

  const runExport = async () => {
    setOutcome(null);
    const onProgress = begin('export');
    try {
      const app = await appVersion();
      const blob = await services.analysis.exportArchive({ app, projectFiles: withFiles }, onProgress);
      const name = archiveFileName(new Date());
      download(blob, name);
      setOutcome({
        ok: true,
        text: `Saved ${name} (${formatBytes(blob.size)}). Keep it somewhere safe: it holds your conversations.`,
      });
    } catch (err) {
      setOutcome({ ok: false, text: isCancel(err) ? 'Export stopped.' : `The export failed: ${errorText(err)}` });
    } finally {
      end();
    }
  };

  const runImport = async () => {
    if (!file) return;
    setOutcome(null);
    const onProgress = begin('import');
    try {
      const report = await services.analysis.importArchive(file, mode, onProgress);
      // The worker's search index and caches were built from the old rows: the next call starts a fresh worker.
      services.analysis.terminate();
      await services.queryClient.invalidateQueries();
      setOutcome({ ok: true, text: importSummary(report) });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (err) {
      setOutcome({
        ok: false,
        text: isCancel(err) ? 'Import stopped. Nothing was changed.' : `${errorText(err)} Nothing was changed.`,
      });
    } finally {
      end();
    }
  };

  const busy = job !== null;
  return (
    <Section
      title="Backup"
      description="Everything Codelumi knows in one file: conversations with every branch, memories, learned patterns and signals, code runs, projects and their stack profiles, drafts and settings. Restore it on another device or browser."
    >
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <button
            type="button"
            disabled={busy}
            onClick={() => void runExport()}
            className="rounded-lg border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle disabled:opacity-50"
          >
            Export all data
          </button>
          <label htmlFor={filesId} className="flex items-center gap-2 text-sm">
            <input
              id={filesId}
              type="checkbox"
              checked={withFiles}
              disabled={busy}
              onChange={(e) => setWithFiles(e.target.checked)}
            />
            Include project file contents
          </label>
        </div>
        <p className="text-sm text-muted">
          Embeddings are left out (Codelumi computes them again in the background), and so is the browser’s permission
          to read project folders (attach a folder again to re-scan it).
        </p>
      </div>

      <div className="space-y-2 border-t border-border pt-4">
        <label htmlFor={fileId} className="block text-sm font-medium">
          Import an archive
        </label>
        <input
          id={fileId}
          ref={fileInput}
          type="file"
          accept=".gz,.jsonl,application/gzip"
          disabled={busy}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome(null);
          }}
          className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-bg file:px-3 file:py-1.5 file:text-sm file:text-fg"
        />
        <fieldset className="space-y-1 text-sm" disabled={busy}>
          <legend className="sr-only">How to import</legend>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="archive-mode"
              checked={mode === 'merge'}
              onChange={() => setMode('merge')}
              className="mt-1"
            />
            <span>
              Merge into what is here{' '}
              <span className="text-muted">(nothing is removed; importing the same file again adds nothing)</span>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="archive-mode"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
              className="mt-1"
            />
            <span>
              Replace everything on this device <span className="text-muted">(for a new or empty profile)</span>
            </span>
          </label>
        </fieldset>
        <button
          type="button"
          disabled={!file || busy}
          onClick={() => (mode === 'replace' ? setConfirming(true) : void runImport())}
          className="rounded-lg border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle disabled:opacity-50"
        >
          Import
        </button>
      </div>

      {job && (
        <ProgressBar
          label={job.kind === 'export' ? 'Exporting all data' : 'Importing the archive'}
          value={job.progress && progressShare(job.progress)}
          detail={job.progress ? progressText(job.progress) : 'Starting…'}
          onCancel={() => void services.analysis.cancelArchive()}
        />
      )}
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={`text-sm ${outcome.ok ? '' : 'text-danger'}`}>
          {outcome.text}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Replace everything?"
        body={
          <p>
            Every conversation, memory, pattern, project and setting on this device is replaced by the archive’s. What
            is here now and not in the archive is gone. Export first if you may want it back.
          </p>
        }
        confirmLabel="Replace everything"
        danger
        onConfirm={() => {
          setConfirming(false);
          void runImport();
        }}
        onCancel={() => setConfirming(false)}
      />
    </Section>
  );
}
