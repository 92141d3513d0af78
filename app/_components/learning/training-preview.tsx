'use client';
/** What the training export would hold: counts per file, and the best few lines of each, as they would be written. */
import type { TrainingPreview } from '@/lib/training/export';
import { SIGNAL_SPECS } from '@/lib/signals/kinds';

const SOURCE_LABEL = { correction: 'Correction', regeneration: 'Kept regeneration', fix: 'Fixed code' } as const;

function Snippet({ label, text, tone }: { label: string; text: string; tone?: 'ok' | 'danger' }) {
  return (
    <div className="min-w-0">
      <div
        className={`text-xs font-medium ${tone === 'ok' ? 'text-ok' : tone === 'danger' ? 'text-danger' : 'text-muted'}`}
      >
        {label}
      </div>
      <p className="line-clamp-3 whitespace-pre-wrap break-words font-mono text-xs">{text}</p>
    </div>
  );
}

/** The rest of a line, collapsed: the system prompt and the earlier turns it carries, as they would be written. */
function Context({ system, history }: { system: string; history?: { role: string; content: string }[] }) {
  return (
    <>
      {system && (
        <details className="text-xs sm:col-span-2">
          <summary className="cursor-pointer text-muted">
            System prompt · {system.length.toLocaleString()} characters
          </summary>
          <p className="mt-1 max-h-48 overflow-y-auto whitespace-pre-wrap break-words font-mono">{system}</p>
        </details>
      )}
      {history && history.length > 0 && (
        <details className="text-xs sm:col-span-2">
          <summary className="cursor-pointer text-muted">
            Earlier turns · {history.length} {history.length === 1 ? 'turn' : 'turns'}
          </summary>
          <ol className="mt-1 max-h-48 space-y-1 overflow-y-auto">
            {history.map((t, i) => (
              <li key={i} className="whitespace-pre-wrap break-words font-mono">
                <span className="font-sans font-medium text-muted">{t.role === 'user' ? 'User' : 'Assistant'}: </span>
                {t.content}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}

/**
 * The preview's content: the counts line (announced politely when it
 * changes), the files with their line counts, and up to three lines of each
 * file as they would be written, each with its system prompt and earlier
 * turns collapsed. `stale` dims it while it is of other filters than the
 * dialog's current ones.
 */
export function TrainingPreviewView({
  preview,
  countsLine,
  stale,
}: {
  preview: TrainingPreview;
  countsLine: string;
  stale: boolean;
}) {
  return (
    <div className={`space-y-3 text-sm ${stale ? 'opacity-60' : ''}`}>
      <p className="font-medium" aria-live="polite" data-testid="training-counts">
        {countsLine}
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        {preview.files.map((f) => (
          <li key={f.name}>
            <span className="font-mono">{f.name}</span>
            {f.name.endsWith('.jsonl') && ` · ${f.lines} ${f.lines === 1 ? 'line' : 'lines'}`}
          </li>
        ))}
      </ul>
      {preview.samples.sft.length > 0 && (
        <section aria-label="SFT samples" className="space-y-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">SFT samples</h3>
          {preview.samples.sft.map((e) => (
            <div key={e.id} className="grid gap-2 rounded-md border border-border bg-bg p-2 sm:grid-cols-2">
              <Snippet label="Question" text={e.question} />
              <Snippet
                label={`Answer · ${Math.round(e.confidence * 100)}% sure (${e.evidence.map((k) => SIGNAL_SPECS[k].label.toLowerCase()).join(', ')})`}
                text={e.answer}
                tone="ok"
              />
              <Context system={e.system} history={e.history} />
            </div>
          ))}
        </section>
      )}
      {preview.samples.preferences.length > 0 && (
        <section aria-label="Preference samples" className="space-y-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Preference samples</h3>
          {preview.samples.preferences.map((pair) => (
            <div key={pair.id} className="space-y-2 rounded-md border border-border bg-bg p-2">
              <Snippet label={`${SOURCE_LABEL[pair.source]} · prompt`} text={pair.prompt} />
              <div className="grid gap-2 sm:grid-cols-2">
                <Snippet label="Chosen" text={pair.chosen} tone="ok" />
                <Snippet label="Rejected" text={pair.rejected} tone="danger" />
              </div>
              <Context system={pair.system} />
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
