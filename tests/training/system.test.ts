/**
 * The system prompt "actually used" (lib/training/system.ts) as exported: it
 * quotes other chats and memories, and loses what the export may not carry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Conversation, Memory, Message } from '@/lib/core/records';
import { selectSftExamples } from '@/lib/training/sft';
import { selectPreferencePairs } from '@/lib/training/pairs';
import { NEUTRAL_SYSTEM_PROMPT } from '@/lib/training/system';
import { PAST_SECTION_HEADING, PAST_SECTION_NAME } from '@/lib/retrieval/past';
import { PREFERENCES_SECTION } from '@/lib/memory/quoted';
import { freshDatabase } from '../support/db';
import { OPEN, seedConversation, seedExchange, seedSignals } from './seed';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const memory = (id: string, text: string, fields: Partial<Memory> = {}): Memory => ({
  id,
  kind: 'preference',
  text,
  source: 'explicit',
  confidence: 0.9,
  enabled: 1,
  createdAt: 1,
  updatedAt: 1,
  ...fields,
});

const past = (title: string, q: string, a: string) =>
  `Earlier (2026-01-02, chat “${title}”) the user asked:\n${q}\nThe answer that worked:\n${a}`;

/**
 * Chat B ("Zephyrine vault") and chat C ("Kept chat") answered earlier; chat
 * A's copied answer was written with both quoted and two memories listed.
 */
async function quotingHistory() {
  const b = await seedConversation(db, { title: 'Zephyrine vault' });
  const bx = await seedExchange(db, b, 'Where is the Zephyrine vault key?', 'In /srv/zephyrine/key.');
  const c = await seedConversation(db, { title: 'Kept chat' });
  const cx = await seedExchange(db, c, 'How do I sort a list?', 'Use sorted(xs).');
  await db.memories.bulkPut([memory('m1', 'Prefers tabs.'), memory('m2', 'Uses pnpm.')]);
  const system = [
    'You are Codelumi.',
    '',
    `## ${PREFERENCES_SECTION.heading}`,
    '- Prefers tabs.',
    '- Uses pnpm.',
    '',
    `## ${PAST_SECTION_HEADING}`,
    past('Zephyrine vault', bx.q.content, bx.a.content),
    '',
    past('Kept chat', cx.q.content, cx.a.content),
  ].join('\n');
  const a = await seedConversation(db, { title: 'Chat A' });
  const ax = await seedExchange(db, a, 'Write a hello world.', 'print("hello")', { system });
  await db.messages.update(ax.a.id, {
    'trace.sections': [
      {
        name: PREFERENCES_SECTION.name,
        tokens: 6,
        items: [
          { id: 'memory:m1', label: 'Prefers tabs.', tokens: 3 },
          { id: 'memory:m2', label: 'Uses pnpm.', tokens: 3 },
        ],
      },
      {
        name: PAST_SECTION_NAME,
        tokens: 40,
        items: [
          { id: `qa:${bx.a.id}`, label: 'Zephyrine vault', tokens: 20 },
          { id: `qa:${cx.a.id}`, label: 'Kept chat', tokens: 20 },
        ],
      },
    ],
  } as Partial<Message>);
  await seedSignals(db, ax.a, 'code_copied');
  return { a, b, c, answer: ax.a };
}

async function exportedSystem(answerId: string): Promise<string> {
  const examples = await selectSftExamples(db, OPEN);
  const example = examples.find((e) => e.id === answerId);
  expect(example).toBeDefined();
  return example!.system;
}

describe('the system prompt actually used, as exported', () => {
  it('keeps what it quoted of chats and memories the export may use', async () => {
    const { answer } = await quotingHistory();
    const system = await exportedSystem(answer.id);
    expect(system).toContain('Zephyrine vault');
    expect(system).toContain('Use sorted(xs).');
    expect(system).toContain('- Prefers tabs.');
  });

  it('leaves out a chat switched to “Don’t learn from this” after it was quoted: its words and title', async () => {
    const { answer, b } = await quotingHistory();
    await db.conversations.update(b.id, { noLearn: true });
    const system = await exportedSystem(answer.id);
    expect(system).not.toContain('Zephyrine');
    expect(system).not.toContain('/srv/zephyrine');
    expect(system).toContain('Use sorted(xs).');
    expect(system).toContain('You are Codelumi.');
  });

  it('leaves out a chat in the bin, and what memories it alone taught', async () => {
    const { answer, b } = await quotingHistory();
    await db.memories.update('m1', { conversationId: b.id, messageId: 'x' });
    await db.conversations.update(b.id, { deletedAt: 5 });
    const system = await exportedSystem(answer.id);
    expect(system).not.toContain('Zephyrine');
    expect(system).not.toContain('Prefers tabs.');
    expect(system).toContain('- Uses pnpm.');
  });

  it('leaves out memories switched off, withdrawn, deleted or since edited', async () => {
    for (const change of [
      () => db.memories.update('m1', { enabled: 0 }),
      () => db.memories.update('m1', { confidence: 0 }),
      () => db.memories.delete('m1'),
      () => db.memories.update('m1', { text: 'Prefers spaces.', source: 'user' }),
    ]) {
      await db.delete();
      db = freshDatabase();
      const { answer } = await quotingHistory();
      await change();
      const system = await exportedSystem(answer.id);
      expect(system).not.toContain('Prefers tabs.');
      expect(system).toContain('- Uses pnpm.');
      expect(system).toContain('Zephyrine vault');
    }
  });

  it('gives the neutral prompt where the quoted items cannot be told apart', async () => {
    const { answer } = await quotingHistory();
    await db.messages.update(answer.id, { 'trace.sections': undefined } as Partial<Message>);
    expect(await exportedSystem(answer.id)).toBe(NEUTRAL_SYSTEM_PROMPT);
  });

  it('cleans the system prompt of preference pairs too', async () => {
    const { answer, b } = await quotingHistory();
    const question = (await db.messages.get(answer.parentId!))!;
    await db.trainingPairs.add({
      id: 'tp',
      conversationId: answer.conversationId,
      messageId: answer.id,
      question: question.content,
      rejected: answer.content,
      chosen: 'print("hello, world")',
      createdAt: answer.createdAt + 1,
    });
    await db.memories.put(
      memory('mc', `When asked about “Write a hello world”: print("hello, world")`, {
        kind: 'correction',
        key: (await import('@/lib/memory/learned')).correctionKey(question.content, 'print("hello, world")'),
      }),
    );
    await db.conversations.update(b.id, { noLearn: true } as Partial<Conversation>);
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs).toHaveLength(1);
    expect(pairs[0].system).not.toContain('Zephyrine');
    expect(pairs[0].system).toContain('Use sorted(xs).');
  });
});
