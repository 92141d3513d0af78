/**
 * The avatar's mood for one answer, from what is known about it: the live
 * stream phase (when this tab streams it), the stored status, and the
 * signals the learning engine found. Pure, so the chat, the announcer and
 * the tests all agree on what Codelumi "feels" about an answer.
 */
import type { StreamPhase } from '../chat/active-streams';
import type { MessageStatus, StopReason } from '../core/records';

export type Mood = 'idle' | 'thinking' | 'streaming' | 'pleased' | 'concerned';

/** The answer as the mood sees it. */
export interface MoodAnswer {
  /** The phase of this tab's stream of the answer, when there is one. */
  phase?: StreamPhase;
  status: MessageStatus;
  stopReason?: StopReason;
  /** Whether any answer text (not reasoning) exists yet. */
  hasContent: boolean;
}

/** The parts of a stored Signal the mood reads. */
export interface MoodSignal {
  polarity: 1 | -1;
  confidence: number;
  createdAt: number;
}

/**
 * Signals weaker than this do not change the mood: "you left right away"
 * (0.4) is too often just a user who got what they needed to look worried about.
 */
export const MOOD_MIN_CONFIDENCE = 0.5;

/**
 * The mood for an answer. An answer in progress is thinking until its first
 * words, then streaming; a failed answer is concerned; otherwise the newest
 * confident signal decides (positive: pleased, negative: concerned; on a tie
 * the negative one), and without one the mood is idle.
 */
export function moodOf(answer: MoodAnswer, signals: readonly MoodSignal[] = []): Mood {
  if (answer.phase) return answer.phase === 'answering' ? 'streaming' : 'thinking';
  // Streaming without a phase: another tab streams it, or this tab's stream just ended and the final save is on its way.
  if (answer.status === 'streaming') return answer.hasContent ? 'streaming' : 'thinking';
  if (
    answer.status === 'error' ||
    (answer.status === 'interrupted' && (answer.stopReason === 'error' || answer.stopReason === 'silent'))
  )
    return 'concerned';
  let newest: MoodSignal | undefined;
  for (const s of signals) {
    if (s.confidence < MOOD_MIN_CONFIDENCE) continue;
    if (!newest || s.createdAt > newest.createdAt || (s.createdAt === newest.createdAt && s.polarity < newest.polarity))
      newest = s;
  }
  if (newest) return newest.polarity > 0 ? 'pleased' : 'concerned';
  return 'idle';
}

const LABELS: Record<Mood, string> = {
  idle: 'Codelumi is idle',
  thinking: 'Codelumi is thinking',
  streaming: 'Codelumi is answering',
  pleased: 'Codelumi is pleased',
  concerned: 'Codelumi is concerned',
};

/** The accessible name of the avatar in `mood`, e.g. "Codelumi is thinking". */
export function moodLabel(mood: Mood): string {
  return LABELS[mood];
}

const isBusy = (mood: Mood | undefined) => mood === 'thinking' || mood === 'streaming';

/**
 * What to tell a screen reader when an answer's mood goes from `previous` to
 * `next` (undefined: nothing). Only the milestones of an answer are spoken:
 * it started thinking, the answer began, it is done (or ran into a problem).
 * Tokens, a brief step back from streaming to thinking, and signals arriving
 * later are never announced. `previous` is undefined for an answer not seen before.
 */
export function moodAnnouncement(previous: Mood | undefined, next: Mood): string | undefined {
  if (next === 'thinking') return isBusy(previous) ? undefined : LABELS.thinking;
  if (next === 'streaming') return previous === 'streaming' ? undefined : LABELS.streaming;
  if (!isBusy(previous)) return undefined;
  return next === 'concerned' ? 'Codelumi ran into a problem' : 'Codelumi is done';
}

/**
 * Whether going from the mood an avatar first showed (`shown`) to `now` is a
 * reaction worth a one-off gesture (a hop when pleased, a droop when
 * concerned). An answer that was already pleased when the page opened does
 * not hop again.
 */
export function isReaction(shown: Mood, now: Mood): boolean {
  return shown !== now && (now === 'pleased' || now === 'concerned');
}
