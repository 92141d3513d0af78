'use client';
/**
 * "Import from another assistant": a ChatGPT, Open WebUI or LobeChat export
 * is read in the analysis worker and shown (format, counts, what is left out)
 * before anything is written; on confirmation it is written in one go, and,
 * when the user ticks the box, learned from with a progress bar. The work is
 * lib/importers; this view only walks the steps.
 */
import Link from 'next/link';
import { useId, useRef, useState } from 'react';
import type { ImportPreview } from '@/lib/importers/importer';
import type { ImportResult } from '@/lib/importers/write';
import { describeImport, describeLeftOutParts, describeSkippedConversations } from '@/lib/importers/summary';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../services';
import { UploadIcon } from '../icons';
import { ProgressBar } from './progress-bar';
import { Section } from './section';

type Step =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string; fraction: number }
  | { kind: 'ready'; fileName: string; preview: ImportPreview }
  | { kind: 'writing'; written: number; total: number }
  | { kind: 'learning'; result: ImportResult; fraction: number }
  | { kind: 'done'; result: ImportResult; learned?: Learned; learningFailed?: string }
  | { kind: 'failed'; message: string };

type Learned = { signals: number; memories: number };

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The message of an error from the worker (Comlink keeps the message, not the type); its first line only, as
 * IndexedDB's errors (through Dexie) add the inner error's name and message again on the lines below.
 */
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();

/** `text` ending as a sentence, so another can follow it. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function ImportSection() {
  const { analysis, queryClient } = useServices();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [learn, setLearn] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const learnId = useId();

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setLearn(false);
    setStep({ kind: 'reading', fileName: file.name, fraction: 0 });
    try {
      const preview = await analysis.previewImport(file, (fraction) =>
        setStep((s) => (s.kind === 'reading' ? { ...s, fraction } : s)),
      );
      setStep({ kind: 'ready', fileName: file.name, preview });
    } catch (err) {
      setStep({ kind: 'failed', message: messageOf(err) });
    } finally {
      // The same file can be chosen again after a failure or a cancel.
      if (input.current) input.current.value = '';
    }
  };

  const run = async (preview: ImportPreview) => {
    setStep({ kind: 'writing', written: 0, total: preview.messages });
    let result: ImportResult;
    try {
      result = await analysis.runImport(preview.token, { learn }, (written, total) =>
        setStep({ kind: 'writing', written, total }),
      );
    } catch (err) {
      return setStep({ kind: 'failed', message: messageOf(err) });
    }
    // The conversations are in: what Settings counts changed, whether or not learning goes well.
    void queryClient.invalidateQueries({ queryKey: queryKeys.storage.all });
    if (result.events) await learnFrom(result);
    else setStep({ kind: 'done', result });
  };

  /** Learns from an import that was written; a failure keeps the import and says so, with a way to try again. */
  const learnFrom = async (result: ImportResult) => {
    if (!result.events) return;
    setStep({ kind: 'learning', result, fraction: 0 });
    try {
      const learned = await analysis.learnFromImport(result.events, (fraction) =>
        setStep((s) => (s.kind === 'learning' ? { ...s, fraction } : s)),
      );
      setStep({ kind: 'done', result, learned });
    } catch (err) {
      setStep({ kind: 'done', result, learningFailed: messageOf(err) });
    } finally {
      void queryClient.invalidateQueries({ queryKey: queryKeys.storage.all });
    }
  };

  const busy = step.kind === 'reading' || step.kind === 'writing' || step.kind === 'learning';

  return (
    <Section
      title="Import from another assistant"
      description="Bring your conversations from ChatGPT (conversations.json from its data export), Open WebUI (Settings → Chats → Export) or LobeChat (Settings → Data → Export). They become ordinary conversations here: searchable, and you can carry them on with a local model. Nothing leaves this device."
    >
      <div>
        {/* The input inside its label, as the project folder picker: the label is what shows and takes the focus ring. */}
        <label
          className={`inline-flex cursor-pointer items-center gap-2 rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-subtle focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent ${
            busy ? 'pointer-events-none opacity-50' : ''
          }`}
        >
          <UploadIcon /> Choose an export file…
          <input
            ref={input}
            type="file"
            accept=".json,application/json"
            className="sr-only"
            disabled={busy}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
      </div>

      {step.kind === 'reading' && <ProgressBar label={`Reading ${step.fileName}`} value={step.fraction} />}

      {step.kind === 'ready' && (
        <div className="space-y-3 rounded-lg border border-border bg-bg p-4 text-sm" data-import-preview>
          <p>
            <span className="font-medium">{step.preview.appName} export</span> ({step.fileName}):{' '}
            {n(step.preview.conversations)} conversation{step.preview.conversations === 1 ? '' : 's'},{' '}
            {n(step.preview.messages)} message{step.preview.messages === 1 ? '' : 's'}.
          </p>
          {step.preview.alreadyImported > 0 && (
            <p className="text-muted">
              {n(step.preview.alreadyImported)} of them were imported before: only messages they did not have yet are
              added, nothing is duplicated.
            </p>
          )}
          {describeSkippedConversations(step.preview.skipped) && (
            <p className="text-muted">{describeSkippedConversations(step.preview.skipped)}.</p>
          )}
          {describeLeftOutParts(step.preview.skipped) && (
            <p className="text-muted">Left out of them: {describeLeftOutParts(step.preview.skipped)}.</p>
          )}
          <div className="flex items-start gap-2">
            <input
              id={learnId}
              type="checkbox"
              checked={learn}
              onChange={(e) => setLearn(e.target.checked)}
              className="mt-0.5"
            />
            <label htmlFor={learnId}>
              Learn from this history
              <span className="block text-xs text-muted">
                Your thanks, corrections and pasted errors in it become signals, memories and patterns, as in your chats
                here. Off: the conversations are only kept.
              </span>
            </label>
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => void run(step.preview)}
              disabled={step.preview.conversations === 0}
              className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50"
            >
              Import
            </button>
            <button
              type="button"
              onClick={() => setStep({ kind: 'idle' })}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle"
            >
              Cancel
            </button>
          </div>
        </div>
      )}

      {step.kind === 'writing' && (
        <ProgressBar
          label="Importing messages"
          value={step.total ? step.written / step.total : undefined}
          detail={`${n(step.written)} of ${n(step.total)} messages`}
        />
      )}
      {step.kind === 'learning' && <ProgressBar label="Learning from the history" value={step.fraction} />}

      {step.kind === 'done' && (
        <div role="status" className="space-y-2 text-sm">
          <p>{describeImport(step.result)}</p>
          {step.learned && (
            <p className="text-muted">
              Learned from it: {n(step.learned.signals)} signal{step.learned.signals === 1 ? '' : 's'} and{' '}
              {n(step.learned.memories)} memor{step.learned.memories === 1 ? 'y' : 'ies'} (see Learning and Memory).
            </p>
          )}
          {step.result.conversationIds[0] && (
            <Link href={`/?c=${step.result.conversationIds[0]}`} className="font-medium text-accent hover:underline">
              Open the latest imported conversation
            </Link>
          )}
        </div>
      )}

      {step.kind === 'done' && step.learningFailed !== undefined && (
        <div role="alert" className="space-y-2 rounded-lg border border-danger/40 bg-danger-soft p-3 text-sm">
          <p>
            Learning from them failed: {sentence(step.learningFailed)} The imported conversations stay; Codelumi tries
            again on its own later, or you can now.
          </p>
          <button
            type="button"
            onClick={() => void learnFrom(step.result)}
            className="rounded-md border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle"
          >
            Try learning again
          </button>
        </div>
      )}
      {step.kind === 'failed' && (
        <p role="alert" className="text-sm text-danger">
          Nothing was imported. {step.message}
        </p>
      )}
    </Section>
  );
}
