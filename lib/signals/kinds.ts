/**
 * The quality signals Codelumi learns from, with the product plan's
 * polarity and confidence. Everything else refers to kinds by these names
 * (they are also the eval CLI's output vocabulary).
 */

import type { SignalKind } from '../core/records';

/** The kinds of signal (declared with the stored records, lib/core/records.ts). */
export type { SignalKind };

export interface SignalSpec {
  kind: SignalKind;
  polarity: 1 | -1;
  confidence: number;
  /** Short words for the UI ("You copied the code"). */
  label: string;
}

export const SIGNAL_SPECS: Record<SignalKind, SignalSpec> = {
  code_ran_ok: { kind: 'code_ran_ok', polarity: 1, confidence: 0.85, label: 'Code ran without errors' },
  code_copied: { kind: 'code_copied', polarity: 1, confidence: 0.8, label: 'You copied it' },
  thanks: { kind: 'thanks', polarity: 1, confidence: 0.7, label: 'You said thanks' },
  no_followup: { kind: 'no_followup', polarity: 1, confidence: 0.6, label: 'No follow-up needed' },
  tests_passed: { kind: 'tests_passed', polarity: 1, confidence: 0.9, label: 'Tests passed' },
  repeated_question: { kind: 'repeated_question', polarity: -1, confidence: 0.9, label: 'You asked again' },
  said_wrong: { kind: 'said_wrong', polarity: -1, confidence: 0.95, label: 'You said it was wrong' },
  code_error: { kind: 'code_error', polarity: -1, confidence: 0.85, label: 'The code failed' },
  user_corrected: { kind: 'user_corrected', polarity: -1, confidence: 0.95, label: 'You corrected it' },
  left_immediately: { kind: 'left_immediately', polarity: -1, confidence: 0.4, label: 'You left right away' },
};

export const SIGNAL_KINDS = Object.keys(SIGNAL_SPECS) as SignalKind[];

/** The kinds a signal read from the user's message can be corrected to (the others come from events, not words). */
export const TEXT_TARGETS: SignalKind[] = ['thanks', 'said_wrong', 'user_corrected', 'repeated_question', 'code_error'];

/** What a signal can be corrected to: another kind, or nothing at all. */
export type CorrectionTarget = SignalKind | 'none';

/** A signal found in an event or message, before it is stored. */
export interface DetectedSignal {
  kind: SignalKind;
  polarity: 1 | -1;
  confidence: number;
  /** What gave it away: the words, the error line, the event. */
  evidence: string;
  /** For user_corrected: the correction itself, as the user wrote it. */
  correction?: string;
}

/** A DetectedSignal of `kind` with the plan's polarity and confidence. */
export function signalOf(kind: SignalKind, evidence: string, extra: Partial<DetectedSignal> = {}): DetectedSignal {
  const spec = SIGNAL_SPECS[kind];
  return { kind, polarity: spec.polarity, confidence: spec.confidence, evidence: evidence.slice(0, 300), ...extra };
}

/** The words a signal read from `message` shows as its evidence: the message on one line, cut to 200 characters. */
export function evidenceOf(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, 200);
}
