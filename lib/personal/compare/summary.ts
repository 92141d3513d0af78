/**
 * The words of a sitting's end and of each verdict, from the sitting's state
 * alone (the dialog only renders them): the result against the other model,
 * how many were judged before a stop, which verdicts were not kept and why.
 */
import type { CompareRound, CompareState } from './session';
import { sideShownAs } from './verdicts';
import { describeWinRate, winRate } from './win-rate';
import { allJudgedText, NEEDS_QUESTIONS } from './readiness';

export interface SittingSummary {
  /** Set when the sitting had no question to ask: why, and what to do. Nothing else is set then. */
  empty?: string;
  /** The checked model's result in this sitting ("Won 1, lost 0, 1 tie against qwen2.5-coder:7b."), when a verdict was kept. */
  result?: { model: string; text: string };
  /** "No verdict was given (or kept) in this sitting." when none was kept. */
  noResult?: string;
  /** Set after a Stop before the last question. */
  stopped?: string;
  /** Verdicts given but not kept (the conversation left learning, or another tab had judged the question). */
  notKept: string[];
  /** Each judged question with what the user picked, in the order asked. */
  verdicts: { questionId: string; question: string; picked: string }[];
}

/** Which model the user picked in `round` ("qwen3:8b better"), or "About the same"; undefined before a verdict. */
export function pickedText(round: CompareRound, pair: { baseline: string; candidate: string }): string | undefined {
  if (!round.choice) return undefined;
  if (round.choice === 'same') return 'About the same';
  return `${sideShownAs(round.choice, round.shownFirst) === 'candidate' ? pair.candidate : pair.baseline} better`;
}

/** Why the verdict of `round` was not kept, in a sentence; undefined when it was (or none was given). */
export function notKeptText(round: CompareRound): string | undefined {
  if (round.notKept === 'left-learning')
    return 'Not kept: the conversation was deleted or kept out of learning meanwhile.';
  if (round.notKept === 'already-judged')
    return 'Not kept: this question was already judged for these two models (in another tab); that verdict stands.';
  return undefined;
}

/** The line under a revealed round: "You picked qwen3:8b." or "About the same.", and why it was not kept, if so. */
export function revealText(round: CompareRound, pair: { baseline: string; candidate: string }): string | undefined {
  if (!round.choice) return undefined;
  const picked =
    round.choice === 'same'
      ? 'About the same.'
      : `You picked ${sideShownAs(round.choice, round.shownFirst) === 'candidate' ? pair.candidate : pair.baseline}.`;
  return [picked, notKeptText(round)].filter(Boolean).join(' ');
}

const count = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

/**
 * What the end of a sitting says. `everAsked` is whether the user has any
 * past question the check could ask (tells an empty sitting's two reasons
 * apart). The result counts only the rows this sitting kept.
 */
export function sittingSummary(state: CompareState, everAsked: boolean): SittingSummary {
  const { baseline, candidate, rounds } = state;
  if (rounds.length === 0) {
    return { empty: everAsked ? allJudgedText(candidate, baseline) : NEEDS_QUESTIONS, notKept: [], verdicts: [] };
  }
  const judged = rounds.filter((r) => r.choice);
  const rows = rounds.flatMap((r) => (r.row ? [r.row] : []));
  const summary: SittingSummary = { notKept: [], verdicts: [] };
  if (rows.length > 0) {
    summary.result = { model: candidate, text: `${describeWinRate(winRate(rows, candidate, baseline), baseline)}.` };
  } else {
    summary.noResult = `No verdict was ${judged.length > 0 ? 'kept' : 'given'} in this sitting.`;
  }
  if (state.stopped) {
    summary.stopped = `Stopped after ${judged.length} of ${rounds.length} questions.${judged.length > 0 ? ' The verdicts you gave are kept.' : ''}`;
  }
  const left = judged.filter((r) => r.notKept === 'left-learning').length;
  const twice = judged.filter((r) => r.notKept === 'already-judged').length;
  if (left > 0)
    summary.notKept.push(
      `${count(left, 'One verdict was', 'verdicts were')} not kept: the conversation was deleted or kept out of learning meanwhile.`,
    );
  if (twice > 0)
    summary.notKept.push(
      `${count(twice, 'One question was', 'questions were')} already judged for these two models (in another tab): that verdict stands.`,
    );
  summary.verdicts = judged.map((r) => ({
    questionId: r.question.id,
    question: r.question.text,
    picked: pickedText(r, state)!,
  }));
  return summary;
}
