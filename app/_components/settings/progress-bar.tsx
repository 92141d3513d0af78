/** A labelled progress bar; `fraction` from 0 to 1, or undefined while the total is not known yet. */
export function ProgressBar({ label, fraction, detail }: { label: string; fraction?: number; detail?: string }) {
  const percent = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2 text-sm">
        <span>{label}</span>
        <span className="ml-auto text-xs tabular-nums text-muted">
          {detail ?? (percent === undefined ? '' : `${percent}%`)}
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-subtle"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={percent === undefined ? 'Starting' : `${percent}%`}
      >
        <div
          className="h-full rounded-full bg-accent transition-[width] duration-300"
          style={{ width: `${percent ?? 2}%` }}
        />
      </div>
    </div>
  );
}
