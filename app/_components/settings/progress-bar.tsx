/**
 * The one progress bar of Settings (backup export and import, imports from
 * other assistants): a visible label with the percentage, the bar, an
 * optional line of detail, and Cancel while it runs. With `error` the bar
 * stops where it was, turns red and says what went wrong (as an alert).
 */
export function ProgressBar({
  label,
  value,
  detail,
  error,
  onCancel,
}: {
  label: string;
  /** How far along, 0 to 1; undefined while the total is not known yet. */
  value?: number;
  /** What is being done now, in words ("Writing: 12,000 of 100,000 rows"). */
  detail?: string;
  /** What went wrong; the bar then shows where it stopped. */
  error?: string;
  /** Shown as a Cancel button while there is no error. */
  onCancel?: () => void;
}) {
  const percent = value === undefined ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    // Contained: the text changing a few times a second lays out only this box, not the long Settings page.
    <div className="space-y-1.5 [contain:layout_paint]" data-progress>
      <div className="flex items-center gap-2 text-sm">
        <span className="min-w-0 flex-1 truncate font-medium">{label}</span>
        <span className="text-xs tabular-nums text-muted">{percent === undefined ? '' : `${percent}%`}</span>
        {onCancel && !error && (
          <button type="button" onClick={onCancel} className="rounded-md px-2 py-0.5 text-sm hover:bg-subtle">
            Cancel
          </button>
        )}
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-subtle"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={error ? `Stopped: ${error}` : (detail ?? (percent === undefined ? 'Starting' : `${percent}%`))}
      >
        {/* Scaled, not resized: a change is composited, with no layout or paint of the page behind it. Not animated:
            a transition between reports made every frame of a long import a frame of work for the main thread. */}
        <div
          className={`h-full origin-left rounded-full ${error ? 'bg-danger' : 'bg-accent'}`}
          style={{ transform: `scaleX(${(percent ?? 2) / 100})` }}
        />
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : (
        detail && <p className="text-xs tabular-nums text-muted">{detail}</p>
      )}
    </div>
  );
}
