/**
 * Signals from what the user did rather than said: copying, running code,
 * leaving right after an answer, and staying on an answer that ended the
 * conversation. Pure functions over events and what the engine knows.
 */
import type { CopyEventData, RunEventData } from '../../core/records';
import { signalOf, type DetectedSignal } from '../../signals/kinds';

/** How soon after an answer hiding the tab or starting a new chat counts as leaving at once. */
export const LEAVE_WINDOW_MS = 10_000;
/** An answer that ended the conversation counts as "no follow-up needed" after this long… */
export const DWELL_SETTLE_MS = 120_000;
/** …when the user stayed on it at least this long. */
export const DWELL_MIN_MS = 30_000;

/** code_copied for a copy of an answer or one of its code blocks (a copy event's data). */
export function copySignal(data: CopyEventData | undefined): DetectedSignal {
  const what = data?.what;
  const evidence =
    what === 'code'
      ? `You copied code block ${Number(data?.blockIndex ?? 0) + 1}`
      : what === 'selection'
        ? `You copied ${Number(data?.chars ?? 0)} characters of the answer`
        : 'You copied the whole answer';
  return signalOf('code_copied', evidence);
}

/** The first line of a run's error message: the words a failed-run signal shows. */
function errorLine(data: RunEventData): string | undefined {
  return data.errorMessage
    ?.split('\n')
    .find((line) => line.trim())
    ?.trim();
}

/** Signals from a finished code run (the runner's 'run' event). */
export function runSignals(data: RunEventData): DetectedSignal[] {
  const block =
    data.blockIndex !== undefined
      ? ` (code block ${data.blockIndex + 1}${data.language ? `, ${data.language}` : ''})`
      : '';
  const out: DetectedSignal[] = [];
  if (data.edited && data.status === 'ok' && data.previousStatus && data.previousStatus !== 'ok') {
    out.push(
      signalOf('user_corrected', `You fixed the code yourself and it ran${block}`, { correction: data.diff ?? '' }),
    );
  }
  if (data.status === 'ok' && !data.edited) out.push(signalOf('code_ran_ok', `The code ran without errors${block}`));
  if (data.status === 'error' || data.status === 'timeout') {
    const error = errorLine(data);
    out.push(
      signalOf(
        'code_error',
        `${data.status === 'timeout' ? 'The code timed out' : `The code failed${error ? `: ${error}` : ''}`}${block}`,
      ),
    );
  }
  if ((data.passed ?? 0) > 0 && (data.failed ?? 0) === 0 && data.status === 'ok') {
    out.push(signalOf('tests_passed', `${data.passed} test${data.passed === 1 ? '' : 's'} passed${block}`));
  }
  if ((data.failed ?? 0) > 0 && data.status !== 'error') {
    out.push(
      signalOf('code_error', `${data.failed} of ${(data.passed ?? 0) + (data.failed ?? 0)} tests failed${block}`),
    );
  }
  return out;
}

/**
 * left_immediately when the user hid the tab or started a new chat within
 * LEAVE_WINDOW_MS of the answer finishing, without copying or running it.
 */
export function leftSignal(
  leaveAt: number,
  answerDoneAt: number,
  engagedSinceDone: boolean,
  how: 'hidden' | 'new_chat',
): DetectedSignal | undefined {
  const after = leaveAt - answerDoneAt;
  if (after < 0 || after > LEAVE_WINDOW_MS || engagedSinceDone) return undefined;
  const secs = Math.max(1, Math.round(after / 1000));
  return signalOf(
    'left_immediately',
    how === 'hidden'
      ? `You left the tab ${secs} s after the answer`
      : `You started a new chat ${secs} s after the answer`,
  );
}

/**
 * no_followup for an answer that ended its conversation: nothing was sent
 * after it, DWELL_SETTLE_MS have passed, and the user did not leave within
 * DWELL_MIN_MS.
 */
export function dwellSignal(
  now: number,
  answerDoneAt: number,
  firstLeaveAfterDone: number | undefined,
  laterMessage: boolean,
): DetectedSignal | undefined {
  if (laterMessage || now - answerDoneAt < DWELL_SETTLE_MS) return undefined;
  const stayed = (firstLeaveAfterDone ?? now) - answerDoneAt;
  if (stayed < DWELL_MIN_MS) return undefined;
  return signalOf(
    'no_followup',
    `You stayed on the answer for ${Math.round(stayed / 1000)} s and the conversation ended there`,
  );
}
