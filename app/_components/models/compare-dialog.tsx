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
import { sideShownAs } from '@/lib/personal/compare/verdicts';
import { answeredQuestions } from '@/lib/personal/compare/questions';
import { useCompareSession } from '../../_hooks/use-compare-session';
import { useServices } from '../services';
import { ErrorNotice } from '../chat/error-notice';
import { CloseIcon, StopIcon } from '../icons';
import { CompareRoundView } from './compare-round';
import { CompareSummary } from './compare-summary';

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

/** The check of `candidate` against `baseline`; mounted while open (unmounting stops the sitting). */
export function CompareDialog({ baseline, candidate, onClose }: CompareDialogProps) {
  const { db } = useServices();
  const ref = useRef<HTMLDialogElement>(null);
  const { session, state } = useCompareSession({ baseline, candidate });
  const everAsked = useLiveQuery(() => answeredQuestions(db).then((q) => q.length > 0), [db]) ?? true;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const round = state.rounds[state.index];
  const finished = state.phase === 'finished';
  const last = state.index + 1 >= state.rounds.length;
  const picked = round?.choice && round.choice !== 'same' ? sideShownAs(round.choice, round.shownFirst) : undefined;

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

        <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4">
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
            round && <CompareRoundView round={round} baseline={baseline} candidate={candidate} />
          )}
        </div>

        {!finished && round && (
          <footer className="flex flex-wrap items-center gap-2 border-t border-border px-4 py-3">
            {state.phase === 'revealed' ? (
              <>
                <p className="min-w-0 flex-1 text-sm" role="status">
                  {picked ? (
                    <>
                      You picked <span className="font-mono">{picked === 'candidate' ? candidate : baseline}</span>.
                    </>
                  ) : (
                    'About the same.'
                  )}
                  {!round.row && ' Not kept: the conversation was deleted or kept out of learning meanwhile.'}
                </p>
                <button
                  type="button"
                  autoFocus
                  onClick={() => void session?.next()}
                  className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90"
                >
                  {last ? 'See the summary' : 'Next question'}
                </button>
              </>
            ) : (
              <>
                <p className="w-full text-sm text-muted sm:w-auto sm:min-w-0 sm:flex-1">
                  {state.phase === 'judging' ? 'Which answer is better?' : 'Both answers first, then your pick.'}
                </p>
                <div className="grid w-full grid-cols-3 gap-2 sm:flex sm:w-auto">
                  {CHOICES.map(({ choice, label }) => (
                    <button
                      key={choice}
                      type="button"
                      disabled={state.phase !== 'judging'}
                      onClick={() => void session?.judge(choice)}
                      className="rounded-md border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle disabled:opacity-50"
                    >
                      {label}
                    </button>
                  ))}
                </div>
              </>
            )}
          </footer>
        )}
      </div>
    </dialog>
  );
}
