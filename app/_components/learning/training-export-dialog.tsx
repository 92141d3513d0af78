'use client';
/**
 * "Export training data…": the filters, a live preview of what the zip would
 * hold (read in the analysis worker, nothing written), and Download. The
 * preview follows the filters once they stand still, is never served from an
 * earlier opening's cache, and Download waits until it shows the current
 * filters, so what is downloaded is what was shown.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDebounced } from '../use-debounced';
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

/** Filter changes the preview waits for before it reads the history again (a slider drag is many steps). */
const SETTLE_MS = 300;

/**
 * The modal export dialog, open while mounted. It closes itself (the native
 * dialog's close, so focus goes back to the button that opened it) and then
 * calls `onClose`, on which the caller unmounts it; a Download still being
 * written when the user closes it is not saved.
 */
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
  // Set once the dialog closed (Cancel, Escape, a finished Download): a download finishing later is dropped.
  const closed = useRef(false);
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
  const settled = useDebounced(options, SETTLE_MS);
  const preview = useQuery<TrainingPreview>({
    queryKey: queryKeys.trainingPreview.of(settled),
    queryFn: () => analysis.previewTrainingExport(settled),
    placeholderData: keepPreviousData,
    // A preview from an earlier opening may show a chat deleted since: read afresh each time.
    gcTime: 0,
    retry: false,
  });
  // The preview on screen is of other filters than the zip would be written with, or is being read again.
  const behind = preview.isFetching || preview.isPlaceholderData || settled !== options;
  const p = preview.data;
  const empty = p && emptyExplanation(p, minConfidence);

  const close = () => dialog.current?.close();
  const closedNow = () => {
    closed.current = true;
    onClose();
  };

  const download = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const out = await analysis.exportTrainingData(options);
      if (closed.current) return;
      saveFile({ fileName: out.fileName, type: 'application/zip', bytes: out.bytes });
      toasts.show({ text: `Saved ${out.fileName}` });
      close();
    } catch (err) {
      if (closed.current) return;
      setSaveError(
        `The export could not be written: ${messageOf(err)}. Try again; if it keeps failing, reload the page.`,
      );
    } finally {
      if (!closed.current) setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      onClose={closedNow}
      aria-labelledby="training-export-title"
      className="m-auto max-h-[92vh] w-[44rem] max-w-[94vw] overflow-y-auto rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id="training-export-title" className="text-base font-semibold">
        Export training data
      </h2>
      <p className="mt-1 text-sm text-muted">
        Conversations with “Don’t learn from this”, deleted chats and everything forgotten never appear, not even where
        another answer’s system prompt quoted them; nor do memories you switched off, deleted or edited. Memories you
        chose to keep when you switched a chat to “Don’t learn from this” stay, as they do in your chats’ prompts.
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
            aria-valuetext={`${Math.round(minConfidence * 100)}%`}
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
            <option value="used">The one used</option>
            <option value="neutral">A neutral one</option>
          </select>
          {systemPrompt === 'used' && (
            <span className="block text-xs text-muted">
              It holds what went into it: project files, memories and earlier chats, less what is left out.
            </span>
          )}
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

      <div className="mt-4 rounded-lg border border-border bg-panel p-3" data-testid="training-preview">
        {preview.isError ? (
          <p className="text-sm text-danger">
            The preview could not be read: {messageOf(preview.error)}. Close and open this dialog to try again.
          </p>
        ) : !p ? (
          <p className="text-sm text-muted">Reading your history…</p>
        ) : empty ? (
          <p className="text-sm" aria-live="polite" data-testid="training-empty">
            {empty}
          </p>
        ) : (
          <TrainingPreviewView preview={p} countsLine={countsLine(p.counts)} stale={behind} />
        )}
      </div>

      {saveError && <p className="mt-3 text-sm text-danger">{saveError}</p>}
      <div className="sticky -bottom-5 -mx-5 mt-5 flex justify-end gap-2 border-t border-border bg-bg px-5 py-3">
        <button type="button" onClick={close} className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle">
          Cancel
        </button>
        <button
          type="button"
          onClick={() => void download()}
          disabled={!p || !!empty || saving || behind}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
        >
          {saving ? 'Writing…' : 'Download'}
        </button>
      </div>
    </dialog>
  );
}
