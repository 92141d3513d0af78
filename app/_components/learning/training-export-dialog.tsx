'use client';
/**
 * "Export training data…": the filters, a live preview of what the zip would
 * hold (read in the analysis worker, nothing written), and Download.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import type { TrainingExportOptions, TrainingPreview } from '@/lib/training/export';
import { DEFAULT_FILTERS } from '@/lib/training/export';
import type { SftFormat } from '@/lib/training/formats';
import { countsLine, dayBound, emptyExplanation, languageName } from '@/lib/training/describe';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { saveFile } from '../save-file';
import { TrainingPreviewView } from './training-preview';

/** An error's first line, for a sentence. */
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();

const field = 'w-full rounded-md border border-border bg-bg px-2 py-1 text-sm';

export function TrainingExportDialog({ onClose }: { onClose: () => void }) {
  const { db, analysis } = useServices();
  const toasts = useToasts();
  const dialog = useRef<HTMLDialogElement>(null);
  const [minConfidence, setMinConfidence] = useState(DEFAULT_FILTERS.minConfidence);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [projectId, setProjectId] = useState('');
  const [language, setLanguage] = useState('');
  const [anonymize, setAnonymize] = useState(DEFAULT_FILTERS.anonymize);
  const [systemPrompt, setSystemPrompt] = useState(DEFAULT_FILTERS.systemPrompt);
  const [format, setFormat] = useState<SftFormat>('openai');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const projects = useLiveQuery(() => db.projects.orderBy('name').toArray(), [db]);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const options = useMemo<TrainingExportOptions>(
    () => ({
      filters: {
        minConfidence,
        from: dayBound(from, 'start'),
        to: dayBound(to, 'end'),
        projectId: projectId || undefined,
        language: language || undefined,
        anonymize,
        systemPrompt,
      },
      format,
    }),
    [minConfidence, from, to, projectId, language, anonymize, systemPrompt, format],
  );
  const preview = useQuery<TrainingPreview>({
    queryKey: queryKeys.trainingPreview.of(options),
    queryFn: () => analysis.previewTrainingExport(options),
    placeholderData: keepPreviousData,
  });
  const p = preview.data;
  const empty = p && emptyExplanation(p, minConfidence);

  const download = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const out = await analysis.exportTrainingData(options);
      saveFile({ fileName: out.fileName, type: 'application/zip', bytes: out.bytes });
      toasts.show({ text: `Saved ${out.fileName}` });
      onClose();
    } catch (err) {
      setSaveError(
        `The export could not be written: ${messageOf(err)}. Try again; if it keeps failing, reload the page.`,
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="training-export-title"
      className="m-auto max-h-[92vh] w-[44rem] max-w-[94vw] overflow-y-auto rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id="training-export-title" className="text-base font-semibold">
        Export training data
      </h2>
      <p className="mt-1 text-sm text-muted">
        Conversations with “Don’t learn from this”, deleted chats and everything forgotten never appear.
      </p>
      <div className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
        <label className="space-y-1 sm:col-span-2">
          <span className="flex justify-between">
            <span>Minimum confidence that an answer went well</span>
            <span className="text-muted">{Math.round(minConfidence * 100)}%</span>
          </span>
          <input
            type="range"
            min={0.5}
            max={0.95}
            step={0.05}
            value={minConfidence}
            onChange={(e) => setMinConfidence(Number(e.target.value))}
            className="w-full accent-[var(--accent)]"
          />
        </label>
        <label className="space-y-1">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className={field} />
        </label>
        <label className="space-y-1">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className={field} />
        </label>
        <label className="space-y-1">
          <span>Project</span>
          <select value={projectId} onChange={(e) => setProjectId(e.target.value)} className={field}>
            <option value="">All conversations</option>
            {projects?.map((pr) => (
              <option key={pr.id} value={pr.id}>
                {pr.name}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span>Language</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} className={field}>
            <option value="">All languages</option>
            {[...new Set([...(p?.languages ?? []), ...(language ? [language] : [])])].map((id) => (
              <option key={id} value={id}>
                {languageName(id)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span>System prompt</span>
          <select
            value={systemPrompt}
            onChange={(e) => setSystemPrompt(e.target.value as 'used' | 'neutral')}
            className={field}
          >
            <option value="used">The one actually used</option>
            <option value="neutral">A neutral one</option>
          </select>
        </label>
        <label className="space-y-1">
          <span>SFT format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as SftFormat)} className={field}>
            <option value="openai">OpenAI chat messages (sft.jsonl)</option>
            <option value="sharegpt">ShareGPT (sharegpt.jsonl)</option>
          </select>
        </label>
        <label className="flex items-start gap-2 sm:col-span-2">
          <input
            type="checkbox"
            checked={anonymize}
            onChange={(e) => setAnonymize(e.target.checked)}
            className="mt-0.5"
          />
          <span>
            Anonymize: replace secrets, home-directory paths and personal data (e-mail, phone, names) with placeholders
            {!anonymize && <span className="block text-danger">The files will hold your text exactly as written.</span>}
          </span>
        </label>
      </div>

      <div
        className="mt-4 rounded-lg border border-border bg-panel p-3"
        aria-live="polite"
        data-testid="training-preview"
      >
        {preview.isError ? (
          <p className="text-sm text-danger">
            The preview could not be read: {messageOf(preview.error)}. Close and open this dialog to try again.
          </p>
        ) : !p ? (
          <p className="text-sm text-muted">Reading your history…</p>
        ) : empty ? (
          <p className="text-sm" data-testid="training-empty">
            {empty}
          </p>
        ) : (
          <TrainingPreviewView preview={p} countsLine={countsLine(p.counts)} stale={preview.isPlaceholderData} />
        )}
      </div>

      {saveError && <p className="mt-3 text-sm text-danger">{saveError}</p>}
      <div className="sticky -bottom-5 -mx-5 mt-5 flex justify-end gap-2 border-t border-border bg-bg px-5 py-3">
        <button type="button" onClick={onClose} className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle">
          Cancel
        </button>
        <button
          type="button"
          onClick={() => void download()}
          disabled={!p || !!empty || saving || preview.isPlaceholderData}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
        >
          {saving ? 'Writing…' : 'Download'}
        </button>
      </div>
    </dialog>
  );
}
