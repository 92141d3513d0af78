/**
 * The engine's event handlers as pure functions: each takes one event and
 * what the engine read before the pass (the message snapshot, the embedding
 * similarity, the detector's options) and returns the writes to make, as
 * plain data. They touch no database; apply.ts performs what they return.
 */
import type { AppEvent, Message, Signal } from '../../core/records';
import type { DetectedSignal } from '../../signals/kinds';
import { readSignals, type DetectOptions } from '../../signals/learned/detect';
import { extractStatedMemories, type StatedMemory } from '../../memory/statements';
import { copySignal, leftSignal, runSignals } from './event-signals';
import type { MessageSnapshot } from './snapshot';

/** A correction to keep as a correction memory and a training pair (memories.ts rememberCorrection). */
export interface CorrectionToRemember {
  question: string;
  rejected: string;
  correction: string;
  answer: Message;
  sourceMessageId?: string;
}

/** Signals found on one answer from one source (a message, an event, a run, the dwell check). */
export interface SignalsToAdd {
  answer: Pick<Message, 'id' | 'conversationId'>;
  signals: DetectedSignal[];
  source: { kind: NonNullable<Signal['source']>; id: string };
}

/** A follow-up the detector read without conviction: the judge may give a second opinion (lib/learning/judge). */
export interface UnclearReading {
  answerId: string;
  messageId: string;
  conversationId: string;
  /** What the detector settled on. */
  decided: string;
}

/**
 * What one event (or the dwell check) asks the learning tables to take in,
 * in the order apply.ts performs it: stated memories, answer records,
 * signals, corrections. `touched` are the answers whose outcome is settled
 * at the end of the pass.
 */
export interface LearningWrites {
  stated: { memories: StatedMemory[]; message: Message }[];
  /** Answers whose record (question kind, answer style) must exist. */
  answerRecords: string[];
  signals: SignalsToAdd[];
  corrections: CorrectionToRemember[];
  /** Answers the dwell check has looked at (each is checked once). */
  dwellChecked: string[];
  touched: string[];
  /** Follow-ups read without conviction, for the judge's queue. */
  unclear: UnclearReading[];
}

/** What a handler knows besides its event: read before the pass, never changed by it. */
export interface HandlerInput {
  snap: MessageSnapshot;
  /** Embedding similarity of each sent message to the question before it, by message id. */
  similarities: ReadonlyMap<string, number>;
  detect: DetectOptions;
}

/** No writes at all. */
export function noWrites(): LearningWrites {
  return { stated: [], answerRecords: [], signals: [], corrections: [], dwellChecked: [], touched: [], unclear: [] };
}

function answerAndQuestion(
  snap: MessageSnapshot,
  answerId: string | undefined,
): { answer?: Message; question?: Message } {
  const answer = snap.message(answerId);
  if (!answer || answer.role !== 'assistant') return {};
  return { answer, question: snap.questionOf(answer) };
}

/** The user sent a message: what it states, and the signals it gives the answer it reacts to. */
export function onMessageSent(event: Extract<AppEvent, { kind: 'message_sent' }>, input: HandlerInput): LearningWrites {
  const writes = noWrites();
  const message = input.snap.message(event.messageId);
  if (!message || message.role !== 'user') return writes;
  // Memories the user stated, whatever the message reacts to.
  const stated = extractStatedMemories(message.content);
  if (stated.length) writes.stated.push({ memories: stated, message });
  const { answer, question } = answerAndQuestion(input.snap, message.parentId ?? undefined);
  if (!answer || !answer.content.trim()) return writes;
  const started = performance.now();
  const reading = readSignals(
    {
      prevUser: question?.content,
      prevAssistant: answer.content,
      message: message.content,
      embeddingSimilarity: input.similarities.get(message.id),
    },
    input.detect,
  );
  const signals = reading.signals;
  // The detector's own cost per message (`npm run bench -- learning` reads it).
  performance.measure('codelumi:detect-signals', { start: started, end: performance.now() });
  writes.answerRecords.push(answer.id);
  writes.signals.push({ answer, signals, source: { kind: 'text', id: message.id } });
  if (reading.unclear)
    writes.unclear.push({
      answerId: answer.id,
      messageId: message.id,
      conversationId: message.conversationId,
      decided: reading.decided,
    });
  const correction = signals.find((s) => s.kind === 'user_corrected');
  if (correction?.correction && question) {
    writes.corrections.push({
      question: question.content,
      rejected: answer.content,
      correction: correction.correction,
      answer,
      sourceMessageId: message.id,
    });
  }
  writes.touched.push(answer.id);
  return writes;
}

/** An answer finished: it gets its record. */
export function onAnswerDone(event: Extract<AppEvent, { kind: 'answer_done' }>, input: HandlerInput): LearningWrites {
  const writes = noWrites();
  const { answer } = answerAndQuestion(input.snap, event.messageId);
  if (!answer) return writes;
  writes.answerRecords.push(answer.id);
  writes.touched.push(answer.id);
  return writes;
}

/** The user copied an answer or part of it: code_copied. */
export function onCopy(event: Extract<AppEvent, { kind: 'copy' }>, input: HandlerInput): LearningWrites {
  const writes = noWrites();
  const { answer } = answerAndQuestion(input.snap, event.messageId);
  if (!answer) return writes;
  writes.answerRecords.push(answer.id);
  writes.signals.push({
    answer,
    signals: [copySignal(event.data)],
    source: { kind: 'event', id: `event:${event.seq}` },
  });
  writes.touched.push(answer.id);
  return writes;
}

/** Code of an answer ran: the run's signals, and the user's fix as a correction. */
export function onRun(event: Extract<AppEvent, { kind: 'run' }>, input: HandlerInput): LearningWrites {
  const writes = noWrites();
  const { answer, question } = answerAndQuestion(input.snap, event.messageId);
  if (!answer) return writes;
  const signals = runSignals(event.data);
  writes.answerRecords.push(answer.id);
  writes.signals.push({ answer, signals, source: { kind: 'run', id: event.data.runId } });
  if (signals.some((s) => s.kind === 'user_corrected') && question) {
    const correction = `The working code was:\n${event.data.diff ?? ''}`.trim();
    writes.corrections.push({ question: question.content, rejected: answer.content, correction, answer });
  }
  writes.touched.push(answer.id);
  return writes;
}

/** The user hid the tab or started a new chat: left_immediately on the answer just finished, if they left at once. */
export function onLeave(
  event: Extract<AppEvent, { kind: 'hidden' | 'new_chat' }>,
  input: HandlerInput,
): LearningWrites {
  const writes = noWrites();
  const last = input.snap.lastAnswerBefore(event.seq);
  if (!last) return writes;
  const signal = leftSignal(event.at, last.doneAt, last.engaged, event.kind);
  const { answer } = answerAndQuestion(input.snap, last.answerId);
  if (!signal || !answer) return writes;
  writes.signals.push({ answer, signals: [signal], source: { kind: 'event', id: `event:${event.seq}` } });
  writes.touched.push(answer.id);
  return writes;
}

/** The writes one event asks for, by its kind. */
export function writesFor(event: AppEvent, input: HandlerInput): LearningWrites {
  switch (event.kind) {
    case 'message_sent':
      return onMessageSent(event, input);
    case 'answer_done':
      return onAnswerDone(event, input);
    case 'copy':
      return onCopy(event, input);
    case 'run':
      return onRun(event, input);
    case 'hidden':
    case 'new_chat':
      return onLeave(event, input);
  }
}

/**
 * The dwell check's writes: every candidate is marked checked, and each
 * verdict that found a signal adds it (no_followup) to its answer.
 */
export function dwellWrites(
  checked: readonly string[],
  verdicts: readonly { answer: Message; signal: DetectedSignal | undefined }[],
): LearningWrites {
  const writes = noWrites();
  writes.dwellChecked.push(...checked);
  for (const { answer, signal } of verdicts) {
    if (!signal) continue;
    writes.signals.push({ answer, signals: [signal], source: { kind: 'dwell', id: `dwell:${answer.id}` } });
    writes.touched.push(answer.id);
  }
  return writes;
}
