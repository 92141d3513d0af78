'use client';
/** The Build page's small shared pieces: button styles, status badges, a titled section. */
import { TONE_CLASS, type Tone } from './view-helpers';

export const PRIMARY =
  'inline-flex items-center justify-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-50';
export const SECONDARY =
  'inline-flex items-center justify-center gap-1.5 rounded-md border border-border bg-bg px-3 py-1.5 text-sm hover:bg-subtle disabled:cursor-not-allowed disabled:opacity-50';
export const DANGER =
  'inline-flex items-center justify-center gap-1.5 rounded-md border border-danger/40 bg-bg px-3 py-1.5 text-sm text-danger hover:bg-danger-soft disabled:cursor-not-allowed disabled:opacity-50';
/** A compact icon button (its name comes from aria-label). */
export const ICON_BUTTON =
  'inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent';
export const INPUT = 'w-full rounded-md border border-border bg-bg px-2 py-1.5 text-sm';

/** A small rounded label in a status tone. */
export function Badge({ tone, children, testId }: { tone: Tone; children: React.ReactNode; testId?: string }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${TONE_CLASS[tone]}`}
      data-testid={testId}
    >
      {children}
    </span>
  );
}

/** A card with a heading, as the other pages group their content. */
export function Section({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-border bg-panel p-4 sm:p-5">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={id} className="text-sm font-semibold">
          {title}
        </h2>
        {actions && <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** A spinning ring for work in progress (still under reduced motion: the text says what happens). */
export function Spinner() {
  return (
    <span
      className="inline-block h-3 w-3 shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent"
      aria-hidden="true"
    />
  );
}
