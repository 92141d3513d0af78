/**
 * What a contribution may be built from, read from the database: the signals
 * of a period and the answer records behind them, only from conversations
 * learning may use. A conversation in the bin, forgotten, or with "Don't
 * learn from this" on gives nothing; a temporary chat never reaches this
 * database at all (lib/services/temporary.ts). The Planner's outcomes
 * (ids `plan:…`, lib/planner/learn.ts) are not answers to a kind of question
 * the hub knows, so they are never shared.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord, Signal } from '../core/records';
import { PLAN_PREFIX } from '../patterns/plan-kinds';

export interface ContributionSources {
  /** Signals created in (from, to], of shareable conversations. */
  signals: Pick<Signal, 'kind' | 'messageId' | 'conversationId' | 'createdAt'>[];
  /** Every answer record of a shareable conversation (the evidence behind patterns, and each signal's question kind). */
  answers: Pick<
    AnswerRecord,
    'messageId' | 'conversationId' | 'questionKind' | 'answerStyle' | 'contribution' | 'createdAt'
  >[];
}

/** Reads the sources for the period (from, to] in one read transaction. */
export async function readContributionSources(db: CodelumiDB, from: number, to: number): Promise<ContributionSources> {
  return db.transaction('r', [db.conversations, db.signals, db.answers], async () => {
    const shareable = new Set(
      (await db.conversations.toArray()).filter((c) => !c.deletedAt && !c.noLearn).map((c) => c.id),
    );
    const signals = await db.signals
      .where('createdAt')
      .between(from, to, false, true)
      .filter((s) => shareable.has(s.conversationId) && !s.messageId.startsWith(PLAN_PREFIX))
      .toArray();
    const answers = await db.answers
      .filter((a) => shareable.has(a.conversationId) && !a.messageId.startsWith(PLAN_PREFIX))
      .toArray();
    return { signals, answers };
  });
}

/**
 * Whether any of `conversationIds` can no longer be shared from: forgotten,
 * in the bin, or kept out of learning since a batch was built from it.
 */
export async function anyUnshareable(db: CodelumiDB, conversationIds: readonly string[]): Promise<boolean> {
  if (!conversationIds.length) return false;
  const rows = await db.conversations.bulkGet([...conversationIds]);
  return rows.some((c) => !c || !!c.deletedAt || !!c.noLearn);
}
