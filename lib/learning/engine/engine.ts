/**
 * The learning engine: reads the events the page reported (questions sent,
 * answers finished, copies, runs, leaving), turns them into signals on the
 * answers they are about, folds those into outcomes and patterns, and keeps
 * memories. Runs in the memory worker; one tab at a time (a Web Lock), from
 * a cursor in the database, so every event counts exactly once.
 */
import type { CodelumiDB } from '../../db/db';
import type { AppEvent, Message } from '../../db/records';
import { readSignals, type DetectOptions } from '../signals/detect';
import { loadAdaptation } from './corrections';
import { extractStatedMemories } from '../statements';
import { addSignals, ensureAnswerRecord, questionOf, recomputeOutcome } from './answers';
import { copySignal, dwellSignal, DWELL_SETTLE_MS, leftSignal, runSignals } from './event-signals';
import { readEvent } from '../../db/events';
import { inferStylePreference, rememberCorrection, rememberStated } from './memories';
import { MessageSnapshot } from './snapshot';

const CURSOR_KEY = 'learning.cursor';
/**
 * Events per transaction. Each commit is announced to every open tab, which
 * checks it against its live queries on its main thread: small batches keep
 * that check short, so a backlog never makes a tab stutter.
 */
const BATCH = 25;

export interface EngineOptions {
  now?: () => number;
  /** Runs `fn` while holding the engine's cross-tab lock (Web Locks in the browser). */
  withLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Embedding similarity of two texts, when an embedding model is available. */
  similarity?: (a: string, b: string) => Promise<number | undefined>;
  /** Milliseconds to rest between batches (longer while the user is waiting on an answer). Default 30. */
  pauseBetweenBatches?: () => number;
  /** Resolves when more urgent work (a question's retrieval) is done: awaited before each batch and each write transaction. */
  yieldTo?: () => Promise<void>;
  /** The detector's options for this user (the model, the adaptation learned from their corrections); read before each batch. */
  detectOptions?: () => Promise<DetectOptions>;
}

export interface ProcessReport {
  events: number;
  signals: number;
  memories: number;
  answers: string[];
}

export interface LearningEngine {
  /** Processes every event not processed yet. Safe to call often. */
  processPending(): Promise<ProcessReport>;
  /** Looks for answers that ended their conversation while the user stayed (no_followup). */
  checkDwell(): Promise<number>;
}

/**
 * The stored rows that read as events of a known kind and shape. A row that
 * does not (written by a newer version, or damaged) is skipped with the
 * reason logged: it is never guessed at, and it never stops the rest.
 */
function readable(rows: readonly unknown[]): AppEvent[] {
  const events: AppEvent[] = [];
  for (const row of rows) {
    const read = readEvent(row);
    if (read.ok) events.push(read.event);
    else console.warn(`Codelumi learning: skipped event ${read.seq ?? '?'} that does not read as an event (${read.reason})`);
  }
  return events;
}

/** Creates the engine over `db`. */
export function createLearningEngine(db: CodelumiDB, options: EngineOptions = {}): LearningEngine {
  const now = options.now ?? Date.now;
  const withLock = options.withLock ?? ((fn) => fn());
  const pause = options.pauseBetweenBatches ?? (() => 30);
  const yieldTo = options.yieldTo ?? (() => Promise.resolve());
  let detect: DetectOptions = {};

  async function cursor(): Promise<number> {
    const row = await db.meta.get(CURSOR_KEY);
    return typeof row?.value === 'number' ? row.value : 0;
  }

  /** Embedding similarity of each sent message to the question before it, fetched before the write transaction (no network inside it). */
  async function similarities(events: AppEvent[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!options.similarity) return out;
    for (const event of events) {
      if (event.kind !== 'message_sent' || !event.messageId) continue;
      const message = await db.messages.get(event.messageId);
      const answer = message?.parentId ? await db.messages.get(message.parentId) : undefined;
      const question = answer?.role === 'assistant' ? await questionOf(db, answer) : undefined;
      if (!message || !question) continue;
      const sim = await options.similarity(message.content, question.content).catch(() => undefined);
      if (sim !== undefined) out.set(message.id, sim);
    }
    return out;
  }

  /**
   * The tables a learning pass writes, in one transaction (one commit, one
   * change notice to the tabs). Messages and events are read before it, from
   * a snapshot, so a pass never blocks the saving of a streaming answer.
   */
  const tables = () => [db.signals, db.answers, db.patterns, db.memories, db.trainingPairs, db.meta];

  function answerAndQuestion(snap: MessageSnapshot, answerId: string | undefined): { answer?: Message; question?: Message } {
    const answer = snap.message(answerId);
    if (!answer || answer.role !== 'assistant') return {};
    return { answer, question: snap.questionOf(answer) };
  }

  async function onMessageSent(event: AppEvent, report: ProcessReport, sims: Map<string, number>, snap: MessageSnapshot): Promise<void> {
    const message = snap.message(event.messageId);
    if (!message || message.role !== 'user') return;
    const at = event.at;
    // Memories the user stated, whatever the message reacts to.
    const stated = extractStatedMemories(message.content);
    if (stated.length) report.memories += (await rememberStated(db, stated, message, at)).length;
    const { answer, question } = answerAndQuestion(snap, message.parentId ?? undefined);
    if (!answer || !answer.content.trim()) return;
    const similarity = sims.get(message.id);
    const started = performance.now();
    const signals = readSignals(
      { prevUser: question?.content, prevAssistant: answer.content, message: message.content, embeddingSimilarity: similarity },
      detect,
    ).signals;
    // The detector's own cost per message (`npm run bench -- learning` reads it).
    performance.measure('codelumi:detect-signals', { start: started, end: performance.now() });
    await ensureAnswerRecord(db, answer.id, at, snap);
    report.signals += await addSignals(db, answer, signals, { kind: 'text', id: message.id }, at);
    const correction = signals.find((s) => s.kind === 'user_corrected');
    if (correction?.correction && question) {
      await rememberCorrection(db, { question: question.content, rejected: answer.content, correction: correction.correction, answer, sourceMessageId: message.id }, at);
      report.memories++;
    }
    report.answers.push(answer.id);
  }

  async function onEvent(event: AppEvent, report: ProcessReport, sims: Map<string, number>, snap: MessageSnapshot): Promise<void> {
    switch (event.kind) {
      case 'message_sent':
        return onMessageSent(event, report, sims, snap);
      case 'answer_done': {
        if (event.messageId && (await ensureAnswerRecord(db, event.messageId, event.at, snap))) report.answers.push(event.messageId);
        return;
      }
      case 'copy': {
        const { answer } = answerAndQuestion(snap, event.messageId);
        if (!answer) return;
        await ensureAnswerRecord(db, answer.id, event.at, snap);
        report.signals += await addSignals(db, answer, [copySignal(event.data)], { kind: 'event', id: `event:${event.seq}` }, event.at);
        report.answers.push(answer.id);
        return;
      }
      case 'run': {
        const { answer, question } = answerAndQuestion(snap, event.messageId);
        if (!answer) return;
        const data = event.data;
        const signals = runSignals(data);
        await ensureAnswerRecord(db, answer.id, event.at, snap);
        report.signals += await addSignals(db, answer, signals, { kind: 'run', id: String(data.runId ?? `event:${event.seq}`) }, event.at);
        const fix = signals.find((s) => s.kind === 'user_corrected');
        if (fix && question) {
          await rememberCorrection(db, { question: question.content, rejected: answer.content, correction: `The working code was:\n${data.diff ?? ''}`.trim(), answer }, event.at);
          report.memories++;
        }
        report.answers.push(answer.id);
        return;
      }
      case 'hidden':
      case 'new_chat': {
        const last = snap.lastAnswerBefore(event.seq);
        if (!last) return;
        const signal = leftSignal(event.at, last.doneAt, last.engaged, event.kind);
        const { answer } = answerAndQuestion(snap, last.answerId);
        if (!signal || !answer) return;
        report.signals += await addSignals(db, answer, [signal], { kind: 'event', id: `event:${event.seq}` }, event.at);
        report.answers.push(answer.id);
        return;
      }
      default:
        return;
    }
  }

  async function settle(report: ProcessReport, snap: MessageSnapshot): Promise<void> {
    await db.transaction('rw', tables(), async () => {
      const topics = new Set<string>();
      for (const id of new Set(report.answers)) {
        const record = await recomputeOutcome(db, id, now(), snap);
        if (record) topics.add(record.topic);
      }
      for (const topic of topics) if (await inferStylePreference(db, topic, now())) report.memories++;
    });
  }

  return {
    processPending: () =>
      withLock(async () => {
        const report: ProcessReport = { events: 0, signals: 0, memories: 0, answers: [] };
        for (;;) {
          await yieldTo();
          const from = await cursor();
          const rows = await db.events.where('seq').above(from).limit(BATCH).toArray();
          if (rows.length === 0) break;
          const events = readable(rows);
          // Embedding calls to Ollama: they would compete with a question's own embedding.
          const sims = await similarities(events);
          // The user's corrections teach the detector (corrections.ts); read once per batch.
          detect = options.detectOptions ? await options.detectOptions() : { adaptation: await loadAdaptation(db) };
          const snap = await MessageSnapshot.load(db, events);
          await yieldTo();
          await db.transaction('rw', tables(), async () => {
            for (const event of events) {
              try {
                await onEvent(event, report, sims, snap);
              } catch (err) {
                // One bad event must not stop learning from the rest; it is skipped, not retried forever.
                console.warn('Codelumi learning: skipped an event', event.kind, err);
              }
            }
            report.events += rows.length;
            await db.meta.put({ key: CURSOR_KEY, value: rows[rows.length - 1].seq! });
          });
          // Give the tabs a moment to take in this commit before the next one (a backlog, not a burst).
          if (rows.length === BATCH) await new Promise((resolve) => setTimeout(resolve, pause()));
        }
        const snap = await MessageSnapshot.load(db, [], report.answers);
        await yieldTo();
        await settle(report, snap);
        return report;
      }),

    checkDwell: () =>
      withLock(async () => {
        const t = now();
        // Only the last week's settled answers: the index keeps this a small range, not a scan.
        const candidates = await db.answers
          .where('createdAt')
          .between(t - 7 * 86_400_000, t - DWELL_SETTLE_MS)
          .filter((a) => !a.dwellChecked)
          .toArray();
        let added = 0;
        const report: ProcessReport = { events: 0, signals: 0, memories: 0, answers: [] };
        if (candidates.length === 0) return 0;
        // Read first (messages and events are not in the write transaction).
        const snap = await MessageSnapshot.load(db, [], candidates.map((c) => c.messageId));
        const verdicts: { answer: Message; signal: ReturnType<typeof dwellSignal> }[] = [];
        for (const record of candidates) {
          const answer = snap.message(record.messageId);
          if (!answer) continue;
          const later = (await db.messages.where('parentId').equals(answer.id).count()) > 0;
          const done = await db.events.where('messageId').equals(answer.id).filter((e) => e.kind === 'answer_done').first();
          const doneAt = done?.at ?? record.createdAt;
          const leave = await db.events
            .where('conversationId')
            .equals(answer.conversationId)
            .filter((e) => (e.kind === 'hidden' || e.kind === 'new_chat') && e.at >= doneAt)
            .sortBy('at');
          verdicts.push({ answer, signal: dwellSignal(t, doneAt, leave[0]?.at, later) });
        }
        await yieldTo();
        await db.transaction('rw', tables(), async () => {
          for (const record of candidates) await db.answers.update(record.messageId, { dwellChecked: true });
          for (const { answer, signal } of verdicts) {
            if (!signal) continue;
            added += await addSignals(db, answer, [signal], { kind: 'dwell', id: `dwell:${answer.id}` }, t);
            report.answers.push(answer.id);
          }
        });
        await settle(report, snap);
        return added;
      }),
  };
}
