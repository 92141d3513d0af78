/**
 * Memories inside other answers' prompt traces (lib/memory/quoted.ts) on a real
 * database: a memory's words stay in a trace only while the memory holds them.
 * Deleting it on the Memory page, editing it to other words, or forgetting the
 * conversation it was learned from takes them out of every trace that listed them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Memory, PromptTrace } from '@/lib/core/records';
import { createConversation, deleteConversation } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';
import { addUserMemory, deleteMemory, editMemory, restoreMemory } from '@/lib/memory/memories';
import { rememberStated } from '@/lib/memory/learned';
import { extractStatedMemories } from '@/lib/memory/statements';
import { MEMORY_LABEL, MEMORY_NOTE, scrubMemoryTrace } from '@/lib/memory/quoted';
import { learnedSections } from '@/lib/retrieval/learned';
import { constructPrompt } from '@/lib/prompt/prompt';
import { forgetConversations } from '@/lib/learning/forget';
import { freshDatabase } from '../support/db';
import { dumpDatabase } from '../support/dump';

const SECRET = 'zanzibarquux';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** A chat whose answer's prompt listed `memories`, as the retriever and the prompt constructor put them; returns the answer's id. */
async function answerListing(memories: Memory[], title = 'later chat', at = 50_000): Promise<string> {
  const c = await createConversation(db, { title }, at);
  const q = await addUserMessage(db, c.id, null, 'How do I sort a list?', at + 1);
  const a = await startAnswer(db, c.id, q.id, 'm', at + 2);
  const { trace } = constructPrompt({
    model: 'm',
    context: learnedSections({
      preferences: memories.filter((m) => m.kind !== 'correction').map(({ id, text }) => ({ id, text })),
      corrections: memories.filter((m) => m.kind === 'correction').map(({ id, text }) => ({ id, text })),
    }),
    history: [q],
    systemPrompts: [],
    contextLength: 8192,
  });
  await completeAnswer(db, a.id, { content: 'Use sorted(xs).', trace });
  return a.id;
}

const traceOf = async (id: string) => (await db.messages.get(id))!.trace!;
const labels = (trace: PromptTrace) => (trace.sections ?? []).flatMap((s) => s.items.map((i) => i.label));

describe('deleting a memory on the Memory page', () => {
  it('takes its words out of every trace that listed it, and keeps the other memories there', async () => {
    const secret = await addUserMemory(db, 'preference', `Deploy with ${SECRET} scripts`, 1);
    const kept = await addUserMemory(db, 'preference', 'Prefer short answers', 2);
    const correction = await addUserMemory(db, 'correction', 'Use pathlib, not os.path', 3);
    const first = await answerListing([kept, secret, correction], 'first');
    const second = await answerListing([secret], 'second', 60_000);
    const untouched = await answerListing([kept], 'third', 70_000);
    const before = await db.messages.get(untouched);
    expect(JSON.stringify(await traceOf(first))).toContain(SECRET);

    await deleteMemory(db, secret.id);

    expect(await dumpDatabase(db)).not.toContain(SECRET);
    const trace = await traceOf(first);
    expect(trace.systemPrompt).toContain(
      `- Prefer short answers\n- ${MEMORY_NOTE.deleted}\n\n## Corrections this user made to earlier answers`,
    );
    expect(trace.systemPrompt).toContain('- Use pathlib, not os.path');
    expect(labels(trace)).toEqual(['Prefer short answers', MEMORY_LABEL.deleted, 'Use pathlib, not os.path']);
    // The placeholder keeps what the item cost.
    expect(trace.sections![0].items[1].tokens).toBeGreaterThan(0);
    expect((await traceOf(second)).systemPrompt).toContain(MEMORY_NOTE.deleted);
    // An answer that never listed it is not rewritten.
    expect(await db.messages.get(untouched)).toEqual(before);
  });

  it('undo brings the memory back, but not its words into the traces', async () => {
    const secret = await addUserMemory(db, 'preference', `Deploy with ${SECRET} scripts`, 1);
    const answer = await answerListing([secret]);
    const removed = (await deleteMemory(db, secret.id))!;
    await restoreMemory(db, removed);
    expect((await db.memories.get(secret.id))?.text).toContain(SECRET);
    expect(JSON.stringify(await traceOf(answer))).not.toContain(SECRET);
  });
});

describe('editing a memory', () => {
  it('takes the wording it had out of the traces (the user may have edited it to remove it)', async () => {
    const memory = await addUserMemory(db, 'fact', `My server is ${SECRET}.example.com`, 1);
    const answer = await answerListing([memory]);
    await editMemory(db, memory.id, 'My server is private', 2);
    expect(await dumpDatabase(db)).not.toContain(SECRET);
    const trace = await traceOf(answer);
    expect(trace.systemPrompt).toContain(`- ${MEMORY_NOTE.edited}`);
    expect(labels(trace)).toEqual([MEMORY_LABEL.edited]);
  });

  it('leaves the traces alone when the text does not change', async () => {
    const memory = await addUserMemory(db, 'fact', 'Uses Postgres 16', 1);
    const answer = await answerListing([memory]);
    const before = await db.messages.get(answer);
    await editMemory(db, memory.id, '  Uses   Postgres 16 ', 2);
    expect(await db.messages.get(answer)).toEqual(before);
  });
});

describe('forgetting the conversation a memory was learned from', () => {
  it('takes the memory out of another conversation’s trace too', async () => {
    const c = await createConversation(db, { title: 'the deploy chat' }, 1_000);
    const q = await addUserMessage(db, c.id, null, `I always use ${SECRET} for deploys.`, 1_001);
    const [learned] = await rememberStated(db, extractStatedMemories(q.content), q, 1_002);
    expect(learned.text).toContain(SECRET);
    const other = await addUserMemory(db, 'preference', 'Prefer short answers', 1_003);
    const answer = await answerListing([other, learned]);

    await deleteConversation(db, c.id, 2_000);
    await forgetConversations(db, [c.id], 40_000);

    expect(await dumpDatabase(db)).not.toContain(SECRET);
    const trace = await traceOf(answer);
    expect(trace.systemPrompt).toContain(`- Prefer short answers\n- ${MEMORY_NOTE.deleted}`);
    expect(labels(trace)).toEqual(['Prefer short answers', MEMORY_LABEL.deleted]);
  });
});

describe('scrubMemoryTrace', () => {
  const trace = (systemPrompt: string): PromptTrace => ({
    model: 'm',
    contextLength: 8192,
    promptTokens: 10,
    historyIds: [],
    omittedIds: [],
    systemPrompt,
    sections: [{ name: 'Preferences', tokens: 9, items: [{ id: 'memory:a', label: 'A', tokens: 3 }] }],
  });

  it('errs on removing too much: the whole system prompt goes when the section cannot be matched line by line', () => {
    const odd = trace(`You are Codelumi.\n\n## What you know about this user (follow these)\n- ${SECRET}\n- extra`);
    expect(scrubMemoryTrace(odd, new Set(['memory:a']), 'deleted')?.systemPrompt).toBe(MEMORY_NOTE.deleted);
    const missing = trace(`You are Codelumi. ${SECRET}`);
    expect(scrubMemoryTrace(missing, new Set(['memory:a']), 'deleted')?.systemPrompt).toBe(MEMORY_NOTE.deleted);
  });

  it('returns undefined for a trace that lists none of them', () => {
    expect(scrubMemoryTrace(trace('x'), new Set(['memory:b']), 'deleted')).toBeUndefined();
  });
});
