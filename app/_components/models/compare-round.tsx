'use client';
/**
 * One question of the model check: the question, and "Answer A" and "Answer B"
 * side by side (stacked on a narrow screen), rendered by the chat's safe
 * markdown renderer. Which model wrote which is shown only once the user's
 * pick is saved (`round.choice`; not while it is `pending`), with the names
 * of the sitting (`pair`, from the session's state, never the page's props).
 */
import type { AnswerState, CompareRound } from '@/lib/personal/compare/session';
import { sideShownAs } from '@/lib/personal/compare/verdicts';
import { LazyMarkdown } from '../chat/lazy-markdown';

function progressText(answer: AnswerState, label: 'A' | 'B'): string | undefined {
  switch (answer.status) {
    case 'queued':
      return `Waits for Answer ${label === 'A' ? 'B' : 'A'}: one answer at a time`;
    case 'waiting':
      return 'Asked; the model is loading…';
    case 'streaming':
      return answer.phase === 'thinking' && !answer.content ? 'Thinking…' : 'Writing…';
    case 'failed':
      return 'Broke off';
    default:
      return undefined;
  }
}

function AnswerPane({
  label,
  round,
  pair,
}: {
  label: 'A' | 'B';
  round: CompareRound;
  pair: { baseline: string; candidate: string };
}) {
  const answer = round.answers[label];
  const side = sideShownAs(label, round.shownFirst);
  const progress = progressText(answer, label);
  const picked = (round.choice ?? round.pending) === label;
  return (
    <article
      aria-labelledby={`answer-${label}-title`}
      data-answer={label}
      aria-busy={answer.status === 'waiting' || answer.status === 'streaming'}
      className={`min-w-0 rounded-xl border bg-panel p-3 ${picked ? 'border-accent ring-1 ring-accent' : 'border-border'}`}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id={`answer-${label}-title`} className="text-sm font-semibold">
          Answer {label}
        </h3>
        {round.choice && (
          <span className="rounded-full bg-subtle px-2 py-0.5 font-mono text-xs" data-testid={`reveal-${label}`}>
            {side === 'candidate' ? pair.candidate : pair.baseline}
            <span className="font-sans text-muted"> · {side === 'candidate' ? 'checked' : 'compared with'}</span>
          </span>
        )}
        {progress && (
          <span role="status" className="ml-auto text-xs text-muted">
            {progress}
          </span>
        )}
      </header>
      <div className="text-sm">
        {answer.content ? (
          <LazyMarkdown text={answer.content} />
        ) : (
          answer.status === 'done' && <p className="text-muted">(The model answered nothing.)</p>
        )}
      </div>
    </article>
  );
}

/** The question and its two answers, blind until picked. */
export function CompareRoundView({
  round,
  pair,
}: {
  round: CompareRound;
  /** The sitting's two models (`CompareState`'s baseline and candidate). */
  pair: { baseline: string; candidate: string };
}) {
  return (
    <div className="space-y-3">
      <section aria-labelledby="compare-question-title">
        <h3 id="compare-question-title" className="text-xs font-medium text-muted">
          Your question
        </h3>
        <p
          className="mt-1 max-h-40 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-subtle p-3 text-sm"
          data-testid="compare-question"
        >
          {round.question.text}
        </p>
      </section>
      <div className="grid gap-3 md:grid-cols-2">
        <AnswerPane label="A" round={round} pair={pair} />
        <AnswerPane label="B" round={round} pair={pair} />
      </div>
    </div>
  );
}
