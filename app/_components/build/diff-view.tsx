'use client';
/** A unified diff, one line each, added lines green and removed lines red (marked for screen readers too). */
import { diffLinesOf } from './view-helpers';

const LINE_CLASS = {
  add: 'bg-ok-soft text-ok',
  del: 'bg-danger-soft text-danger',
  hunk: 'text-muted',
  same: '',
} as const;

export function DiffView({ patch, label }: { patch: string; label: string }) {
  const lines = diffLinesOf(patch);
  return (
    <pre
      className="max-h-80 overflow-auto rounded-md border border-border bg-code-bg py-2 font-mono text-xs leading-relaxed"
      aria-label={label}
      tabIndex={0}
    >
      {lines.map((l, i) => (
        <div key={i} className={`px-3 ${LINE_CLASS[l.kind]}`}>
          {l.kind === 'add' && <span className="sr-only">added: </span>}
          {l.kind === 'del' && <span className="sr-only">removed: </span>}
          {l.text || ' '}
        </div>
      ))}
    </pre>
  );
}
