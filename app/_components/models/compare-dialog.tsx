'use client';
/**
 * The blind check, question by question, in a modal dialog: both answers
 * stream in, the user picks "A is better", "B is better" or "About the same",
 * the names are revealed, the next question comes; Stop (or Esc) ends it at
 * any moment and keeps the verdicts given; a summary at the end. The sitting
 * itself is lib/personal/compare/session.ts.
 */
import { useEffect, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Choice } from '@/lib/personal/compare/verdicts';
import { revealText } from '@/lib/personal/compare/summary';
import { answeredQuestions } from '@/lib/personal/compare/questions';
import { useCompareSession } from '../../_hooks/use-compare-session';
import { useServices } from '../services';
import { ErrorNotice } from '../chat/error-notice';
import { CloseIcon, StopIcon } from '../icons';
import { CompareRoundView } from './compare-round';
import { CompareSummary } from './compare-summary';
import { countCheckOpen } from './check-open';

const CHOICES: { choice: Choice; label: string }[] = [
  { choice: 'A', label: 'A is better' },
  { choice: 'B', label: 'B is better' },
  { choice: 'same', label: 'About the same' },
];

export interface CompareDialogProps {
  /** The model compared against (usually the base). */
  baseline: string;
  /** The model being checked (usually the personal model). */
  candidate: string;
  onClose: () => void;
}

/**
 * The check of `candidate` against `baseline`, mounted while open: the pair
 * given at mount is the sitting's (later props are ignored) and every name
 * shown comes from the session's state. Unmounting (Esc, Close) stops the
 * sitting and cancels the request in flight. Focus never rests on Stop: it
 * starts on the question and answers, moves to "A is better" when both
 * answers are in, and to "Next question" after a pick.
 */
export function CompareDialog({ baseline, candidate, onClose }: CompareDialogProps) {
  const { db } = useServices();
  const ref = useRef<HTMLDialogElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const { session, state } = useCompareSession({ baseline, candidate });
  const everAsked = useLiveQuery(() => answeredQuestions(db).then((q) => q.length > 0), [db]) ?? true;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // showModal focuses the first button (Stop), where an early Enter would end the sitting.
    content.current?.focus();
  }, []);
  // While open, the Models list behind must not show which model is in memory (it would tell who answered).
  useEffect(() => countCheckOpen(), []);

  const round = state.rounds[state.index];
  const finished = state.phase === 'finished';
  const last = state.index + 1 >= state.rounds.length;
  const canPick = state.phase === 'judging' && !!round && !round.pending;
  const revealed = state.phase === 'revealed';
  useEffect(() => {
    if (canPick) firstChoice.current?.focus();
    else if (revealed) nextButton.current?.focus();
  }, [canPick, revealed, state.index]);

  let footerText: string;
  if (revealed && round) {
    footerText = revealText(round, state) ?? '';
  } else if (round?.pending) {
    footerText = state.phase === 'failed' ? 'Your pick is not kept yet: try again.' : 'Keeping your pick…';
  } else if (state.phase === 'judging') {
    footerText = 'Which answer is better?';
  } else {
    footerText = 'Both answers first, then your pick.';
  }

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="compare-dialog-title"
      className="m-auto w-[72rem] max-w-[96vw] rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="flex max-h-[92vh] flex-col">
        <header className="flex items-center gap-3 border-b border-border px-4 py-3">
          <div className="flex min-w-0 flex-wrap items-baseline gap-x-3">
            <h2 id="compare-dialog-title" className="text-base font-semibold">
              Compare models
            </h2>
            {!finished && state.rounds.length > 0 && (
              <span className="text-sm text-muted" data-testid="compare-progress">
                Question {state.index + 1} of {state.rounds.length}
              </span>
            )}
          </div>
          <button
            type="button"
            onClick={finished ? () => ref.current?.close() : () => session?.stop()}
            className="ml-auto inline-flex shrink-0 items-center gap-1 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-subtle"
          >
            {finished ? <CloseIcon className="h-4 w-4" /> : <StopIcon className="h-4 w-4" />}
            {finished ? 'Close' : 'Stop'}
          </button>
        </header>

        <div
          ref={content}
          tabIndex={-1}
          data-testid="compare-content"
          className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4 focus:outline-none"
        >
          {state.phase === 'preparing' && !state.error && (
            <p role="status" className="text-sm text-muted">
              Choosing a few of your past questions and checking that both models are installed…
            </p>
          )}
          {state.phase === 'failed' && state.error && (
            <ErrorNotice
              error={state.error}
              onRetry={() => void session?.retry()}
              onChooseModel={() => ref.current?.close()}
            />
          )}
          {finished ? (
            <CompareSummary state={state} everAsked={everAsked} />
          ) : (
            round && <CompareRoundView round={round} pair={state} />
          )}
        </div>

        {!finished && round && (
          <footer className="flex flex-wrap items-center gap-2 border-t border-border px-4 py-3">
            <p
              className="w-full text-sm sm:w-auto sm:min-w-0 sm:flex-1"
              role="status"
              data-testid="compare-footer-status"
            >
              {footerText}
            </p>
            <div className="grid w-full grid-cols-3 gap-2 sm:flex sm:w-auto">
              {CHOICES.map(({ choice, label }, i) => (
                <button
                  key={choice}
                  ref={i === 0 ? firstChoice : undefined}
                  type="button"
                  disabled={!canPick}
                  aria-pressed={(round.choice ?? round.pending) === choice}
                  onClick={() => void session?.judge(choice)}
                  className="rounded-md border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle disabled:opacity-50 aria-pressed:border-accent aria-pressed:opacity-100"
                >
                  {label}
                </button>
              ))}
            </div>
            {revealed && (
              <button
                ref={nextButton}
                type="button"
                onClick={() => {
                  // The button goes away while the next answers come: focus waits on the answers, not on the page.
                  content.current?.focus();
                  void session?.next();
                }}
                className="w-full rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 sm:w-auto"
              >
                {last ? 'See the summary' : 'Next question'}
              </button>
            )}
          </footer>
        )}
      </div>
    </dialog>
  );
}
