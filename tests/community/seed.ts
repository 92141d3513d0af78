/** Learning data for contribution tests: conversations, answer records and signals written straight to the tables. */
import type { AnswerRecord, Conversation, Signal, SignalKind } from '@/lib/core/records';
import type { CodelumiDB } from '@/lib/db/db';
import { conversation } from '../support/records';

export const DAY = 86_400_000;
/** Thursday 2026-12-03 12:00 UTC (ISO week 2026-W49). */
export const NOW = Date.UTC(2026, 11, 3, 12);

let n = 0;

/** A conversation (with a message holding `text`, the user's words no batch may carry). */
export async function addConversation(db: CodelumiDB, fields: Partial<Conversation> = {}, text = ''): Promise<string> {
  const id = fields.id ?? `c${++n}`;
  await db.conversations.put(conversation({ id, ...fields }));
  if (text)
    await db.messages.put({
      id: `${id}-q`,
      conversationId: id,
      parentId: null,
      role: 'user',
      content: text,
      status: 'complete',
      createdAt: NOW - DAY,
      updatedAt: NOW - DAY,
    });
  return id;
}

/** One answer of `kind` → `style` with a positive (or negative) outcome, and `signals` on it. */
export async function addAnswer(
  db: CodelumiDB,
  conversationId: string,
  options: {
    kind?: string;
    style?: string;
    outcome?: 'positive' | 'negative';
    at?: number;
    signals?: SignalKind[];
    evidence?: string;
  } = {},
): Promise<string> {
  const messageId = `a${++n}`;
  const kind = options.kind ?? 'react/debug';
  const [topic, intent] = kind.split('/');
  const at = options.at ?? NOW - DAY;
  const positive = options.outcome !== 'negative';
  const record: AnswerRecord = {
    messageId,
    conversationId,
    questionKind: kind,
    topic,
    intent,
    answerStyle: options.style ?? 'short|code-first|no-steps|no-tests',
    language: 'tsx',
    outcome: positive ? 'positive' : 'negative',
    score: positive ? 0.8 : -0.9,
    contribution: positive
      ? { outcome: 'positive', positive: 0.8, negative: 0 }
      : { outcome: 'negative', positive: 0, negative: 0.9 },
    signalCount: options.signals?.length ?? 0,
    usedMemoryIds: [],
    createdAt: at,
    updatedAt: at,
  };
  await db.answers.put(record);
  for (const kindOfSignal of options.signals ?? []) {
    const signal: Signal = {
      id: `s${++n}`,
      messageId,
      conversationId,
      kind: kindOfSignal,
      polarity: 1,
      confidence: 0.8,
      evidence: options.evidence ?? 'You copied it',
      createdAt: at,
    };
    await db.signals.put(signal);
  }
  return messageId;
}
