/**
 * Rows for the training-export tests, written as the app stores them
 * (conversations, messages with their prompt trace, signals with the plan's
 * confidences, runs, kept corrections), on a real fake-indexeddb database.
 */
import type { CodelumiDB } from '@/lib/db/db';
import type { Conversation, Memory, Message, Run, SignalKind, TrainingPair } from '@/lib/core/records';
import { correctionKey, correctionText, questionGist } from '@/lib/memory/learned';
import { SIGNAL_SPECS } from '@/lib/signals/kinds';
import { fixPrompt } from '@/lib/runner/follow-ups';

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

/** A conversation (learning on, not in the bin unless said). */
export async function seedConversation(db: CodelumiDB, fields: Partial<Conversation> = {}): Promise<Conversation> {
  const c: Conversation = {
    id: nextId('c'),
    title: 'Chat',
    titleSource: 'user',
    pinned: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    messageCount: 0,
    ...fields,
  };
  await db.conversations.put(c);
  return c;
}

/** A message; an assistant answer gets a prompt trace with `system` and `historyIds`. */
export async function seedMessage(
  db: CodelumiDB,
  conversation: Conversation,
  fields: Partial<Message> & Pick<Message, 'role' | 'content'> & { system?: string; historyIds?: string[] },
): Promise<Message> {
  const { system, historyIds, ...rest } = fields;
  const at = fields.createdAt ?? 2_000 + seq;
  const m: Message = {
    id: nextId(fields.role === 'user' ? 'q' : 'a'),
    conversationId: conversation.id,
    parentId: null,
    status: 'complete',
    createdAt: at,
    updatedAt: at,
    ...(fields.role === 'assistant'
      ? {
          model: 'qwen2.5-coder:7b',
          trace: {
            model: 'qwen2.5-coder:7b',
            contextLength: 8192,
            promptTokens: 100,
            historyIds: historyIds ?? [],
            omittedIds: [],
            systemPrompt: system ?? 'You are Codelumi. The user prefers TypeScript.',
          },
        }
      : {}),
    ...rest,
  };
  await db.messages.put(m);
  return m;
}

/** A question and its answer; the answer's trace lists the question as sent. */
export async function seedExchange(
  db: CodelumiDB,
  conversation: Conversation,
  question: string,
  answer: string,
  options: { parentId?: string | null; at?: number; system?: string; history?: string[]; model?: string } = {},
): Promise<{ q: Message; a: Message }> {
  const at = options.at ?? 10_000 + seq * 10;
  const q = await seedMessage(db, conversation, {
    role: 'user',
    content: question,
    parentId: options.parentId ?? null,
    createdAt: at,
  });
  const a = await seedMessage(db, conversation, {
    role: 'assistant',
    content: answer,
    parentId: q.id,
    createdAt: at + 1,
    system: options.system,
    historyIds: [...(options.history ?? []), q.id],
    ...(options.model ? { model: options.model } : {}),
  });
  await db.conversations.update(conversation.id, { leafId: a.id });
  return { q, a };
}

/** Stores signals of `kinds` on answer `a`, with the plan's polarity and confidence. */
export async function seedSignals(db: CodelumiDB, a: Message, ...kinds: SignalKind[]): Promise<void> {
  await db.signals.bulkPut(
    kinds.map((kind) => ({
      id: nextId('s'),
      messageId: a.id,
      conversationId: a.conversationId,
      kind,
      polarity: SIGNAL_SPECS[kind].polarity,
      confidence: SIGNAL_SPECS[kind].confidence,
      evidence: kind,
      createdAt: a.createdAt + 5,
    })),
  );
}

/** A run of answer `a`'s first block. */
export async function seedRun(db: CodelumiDB, a: Message, fields: Pick<Run, 'status'> & Partial<Run>): Promise<Run> {
  const run: Run = {
    id: nextId('r'),
    messageId: a.id,
    conversationId: a.conversationId,
    blockIndex: 0,
    language: 'python',
    code: 'print(1)',
    stdout: '',
    stderr: fields.status === 'ok' ? '' : 'Traceback: NameError',
    durationMs: 5,
    createdAt: a.createdAt + 3,
    ...fields,
  };
  await db.runs.put(run);
  return run;
}

/** A fenced block of `language`, so the answer has a main code language. */
export const fenced = (language: string, code: string) => `Here you go:\n\n\`\`\`${language}\n${code}\n\`\`\``;

/** The filters with everything open, the system prompt used, no anonymization. */
export const OPEN = { minConfidence: 0, anonymize: false, systemPrompt: 'used' } as const;

/**
 * A kept correction of answer `a` (to `question`) as the learning engine
 * stores it: the training pair, and the correction memory it belongs to
 * (same key), switched on unless `memory` says otherwise.
 */
export async function seedCorrection(
  db: CodelumiDB,
  a: Message,
  question: string,
  said: string,
  fields: { id?: string; createdAt?: number; memory?: Partial<Memory> } = {},
): Promise<{ pair: TrainingPair; memory: Memory }> {
  const pair: TrainingPair = {
    id: fields.id ?? nextId('tp'),
    conversationId: a.conversationId,
    messageId: a.id,
    question,
    rejected: a.content,
    chosen: said,
    createdAt: fields.createdAt ?? a.createdAt + 10,
  };
  const memory: Memory = {
    id: nextId('m'),
    kind: 'correction',
    text: `When asked about “${questionGist(question) || 'this'}”: ${correctionText(said)}`,
    source: 'explicit',
    confidence: 0.95,
    enabled: 1,
    messageId: a.id,
    conversationId: a.conversationId,
    key: correctionKey(question, said),
    createdAt: pair.createdAt,
    updatedAt: pair.createdAt,
    ...fields.memory,
  };
  await db.trainingPairs.put(pair);
  await db.memories.put(memory);
  return { pair, memory };
}

/** The "Fix it" follow-up the runner sends for `code` that failed (lib/runner/follow-ups.ts). */
export const fixAsk = (code: string) =>
  fixPrompt({
    language: 'python',
    code,
    outcome: {
      status: 'error',
      error: { kind: 'syntax', message: 'SyntaxError' },
      stderr: 'Traceback',
      stdout: '',
      failed: 0,
    },
  });
