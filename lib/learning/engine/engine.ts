/**
 * The learning engine: reads the events the page reported (questions sent,
 * answers finished, copies, runs, leaving), turns them into signals on the
 * answers they are about, folds those into outcomes and patterns, and keeps
 * memories. Runs in the analysis worker; one tab at a time (a Web Lock), from
 * a cursor in the database, so every event counts exactly once.
 */
import type { CodelumiDB } from '../../db/db';
import type { AppEvent, Message } from '../../core/records';
import { shippedModel, type DetectOptions } from '../../signals/learned/detect';
import { loadAdaptation } from './corrections';
import { questionOf, recomputeOutcome } from './answers';
import { dwellSignal, DWELL_SETTLE_MS } from './event-signals';
import { readEvent } from '../../db/events';
import { learnableNow, notLearnedFrom } from '../../db/conversations';
import { inferStylePreference } from '../../memory/learned';
import { MessageSnapshot } from './snapshot';
import { dwellWrites, writesFor } from './handlers';
import { applyWrites, learningTables, type Applied } from './apply';

import { CURSOR_KEY } from './cursor';

export { CURSOR_KEY };
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
  /** Processes every event not processed yet. Safe to call often. `onBatch` hears the last event's seq after each committed batch (progress). */
  processPending(onBatch?: (seq: number) => void): Promise<ProcessReport>;
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
    else
      console.warn(
        `Codelumi learning: skipped event ${read.seq ?? '?'} that does not read as an event (${read.reason})`,
      );
  }
  return events;
}

/** `events` without those of conversations the user keeps out of learning ("Don't learn from this"). */
async function learnable(db: CodelumiDB, events: AppEvent[]): Promise<AppEvent[]> {
  const excluded = await notLearnedFrom(
    db,
    events.flatMap((e) => (e.conversationId ? [e.conversationId] : [])),
  );
  return excluded.size ? events.filter((e) => !e.conversationId || !excluded.has(e.conversationId)) : events;
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
  const tables = () => learningTables(db);

  function count(report: ProcessReport, applied: Applied): void {
    report.signals += applied.signals;
    report.memories += applied.memories;
    report.answers.push(...applied.answers);
  }

  async function settle(report: ProcessReport, snap: MessageSnapshot): Promise<void> {
    await db.transaction('rw', tables(), async () => {
      const topics = new Set<string>();
      // A chat deleted or kept out of learning since its signals were added gets no record or pattern share now.
      const answers = [...new Set(report.answers)];
      const conversationOf = async (id: string) =>
        snap.message(id)?.conversationId ?? (await db.answers.get(id))?.conversationId;
      const owners = await Promise.all(answers.map(conversationOf));
      const learnable = await learnableNow(
        db,
        owners.filter((c): c is string => !!c),
      );
      for (const [i, id] of answers.entries()) {
        if (!owners[i] || !learnable.has(owners[i])) continue;
        const record = await recomputeOutcome(db, id, now(), snap);
        if (record) topics.add(record.topic);
      }
      for (const topic of topics) if (await inferStylePreference(db, topic, now())) report.memories++;
    });
  }

  return {
    processPending: (onBatch) =>
      withLock(async () => {
        const report: ProcessReport = { events: 0, signals: 0, memories: 0, answers: [] };
        for (;;) {
          await yieldTo();
          const from = await cursor();
          const rows = await db.events.where('seq').above(from).limit(BATCH).toArray();
          if (rows.length === 0) break;
          // A conversation with "Don't learn from this" on is read past: its events count as processed, unlearned.
          const events = await learnable(db, readable(rows));
          // Embedding calls to Ollama: they would compete with a question's own embedding.
          const sims = await similarities(events);
          // The user's corrections teach the detector (corrections.ts); read once per batch.
          detect = options.detectOptions
            ? await options.detectOptions()
            : { adaptation: await loadAdaptation(db, shippedModel()) };
          const snap = await MessageSnapshot.load(db, events);
          await yieldTo();
          await db.transaction('rw', tables(), async () => {
            for (const event of events) {
              try {
                // The handler decides from what was read (pure); the applier writes.
                count(
                  report,
                  await applyWrites(db, writesFor(event, { snap, similarities: sims, detect }), event.at, snap),
                );
              } catch (err) {
                // One bad event must not stop learning from the rest; it is skipped, not retried forever.
                console.warn('Codelumi learning: skipped an event', event.kind, err);
              }
            }
            report.events += rows.length;
            await db.meta.put({ key: CURSOR_KEY, value: rows[rows.length - 1].seq! });
          });
          onBatch?.(rows[rows.length - 1].seq!);
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
          .toArray()
          .then(async (rows) => {
            const excluded = await notLearnedFrom(
              db,
              rows.map((r) => r.conversationId),
            );
            return rows.filter((r) => !excluded.has(r.conversationId));
          });
        const report: ProcessReport = { events: 0, signals: 0, memories: 0, answers: [] };
        if (candidates.length === 0) return 0;
        // Read first (messages and events are not in the write transaction).
        const snap = await MessageSnapshot.load(
          db,
          [],
          candidates.map((c) => c.messageId),
        );
        const verdicts: { answer: Message; signal: ReturnType<typeof dwellSignal> }[] = [];
        for (const record of candidates) {
          const answer = snap.message(record.messageId);
          if (!answer) continue;
          const later = (await db.messages.where('parentId').equals(answer.id).count()) > 0;
          const done = await db.events
            .where('messageId')
            .equals(answer.id)
            .filter((e) => e.kind === 'answer_done')
            .first();
          const doneAt = done?.at ?? record.createdAt;
          const leave = await db.events
            .where('conversationId')
            .equals(answer.conversationId)
            .filter((e) => (e.kind === 'hidden' || e.kind === 'new_chat') && e.at >= doneAt)
            .sortBy('at');
          verdicts.push({ answer, signal: dwellSignal(t, doneAt, leave[0]?.at, later) });
        }
        await yieldTo();
        const applied = await applyWrites(
          db,
          dwellWrites(
            candidates.map((c) => c.messageId),
            verdicts,
          ),
          t,
          snap,
        );
        count(report, applied);
        await settle(report, snap);
        return applied.signals;
      }),
  };
}
