/**
 * The shapes of the training-data export (lib/training): what the user
 * filters by, the examples it selects, and what it writes. The personal model
 * (lib/personal) reads the same examples for its few-shot history.
 */
import type { SignalKind } from '../core/records';

/** What the user chose before anything is written. */
export interface ExportFilters {
  /** Lowest calibrated confidence that an answer was good (SFT) or a pair is right (preferences), 0..1. */
  minConfidence: number;
  /** Inclusive range of the answers' times (ms since 1970); open when absent. */
  from?: number;
  to?: number;
  /** Only answers from conversations of this project. */
  projectId?: string;
  /** Only answers whose main code language is this (a lib/languages id), or prose-only answers with 'none'. */
  language?: string;
  /** Replace secrets, paths and personal data through lib/privacy/anonymize. */
  anonymize: boolean;
  /** The system prompt each example carries: the one actually used for that answer, or a neutral one. */
  systemPrompt: 'used' | 'neutral';
}

/** One answer that went well, with the question it answered. */
export interface SftExample {
  /** The answer's message id. */
  id: string;
  conversationId: string;
  projectId?: string;
  /** The system prompt that was used for it (from its prompt trace), or '' when none was recorded. */
  system: string;
  /** The earlier turns of its thread that were sent with it (oldest first), without the question. */
  history: { role: 'user' | 'assistant'; content: string }[];
  question: string;
  answer: string;
  /** The model that wrote the answer. */
  model?: string;
  /** Calibrated probability that the answer was good (lib/signals/answer-outcome), 0..1. */
  confidence: number;
  /** The positive signals it rests on. */
  evidence: SignalKind[];
  /** The main code language of the answer ('none' for prose). */
  language: string;
  createdAt: number;
}

/** Where a preference pair came from. */
export type PairSource = 'correction' | 'regeneration' | 'fix';

/** One (prompt, chosen, rejected) triple for DPO/ORPO. */
export interface PreferencePair {
  /** Stable id: the source and the messages it pairs. */
  id: string;
  source: PairSource;
  conversationId: string;
  projectId?: string;
  system: string;
  prompt: string;
  chosen: string;
  rejected: string;
  /** The chosen answer's model, when known. */
  model?: string;
  confidence: number;
  language: string;
  createdAt: number;
}
