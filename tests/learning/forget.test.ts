/** Forgetting a deleted conversation (lib/learning/forget.ts) on a real database: nothing of it stays anywhere. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message, PromptTrace } from '@/lib/core/records';
import { createConversation, deleteConversation, listConversations, restoreConversation } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';
import { loadDraft, saveDraft } from '@/lib/db/drafts';
import { recordEvent } from '@/lib/db/events';
import { editMemory } from '@/lib/memory/memories';
import { rememberCorrection, rememberStated } from '@/lib/memory/learned';
import { extractStatedMemories } from '@/lib/memory/statements';
import { correctSignal, ADAPTATION_KEY } from '@/lib/learning/engine/corrections';
import { recomputeOutcome } from '@/lib/learning/engine/answers';
import { forgetConversations, forgetExpired, UNDO_WINDOW_MS } from '@/lib/learning/forget';
import { FORGOTTEN_LABEL, FORGOTTEN_NOTE } from '@/lib/retrieval/forget-trace';
import {
  PAST_SECTION_HEADING,
  PAST_SECTION_NAME,
  questionKey,
  renderPast,
  type PastCandidate,
} from '@/lib/retrieval/past';
import { renderSection } from '@/lib/prompt/context-sections';
import { estimateTokens } from '@/lib/core/tokens';
import { PAST_QUESTIONS_INDEX } from '@/lib/db/indexes';
import { freshDatabase } from '../support/db';
import { dumpDatabase } from '../support/dump';

const SECRET = 'zanzibarquux';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** A conversation with a question, an answer, a run and a draft. */
async function populated(title: string, at: number, question = `question in ${title}`) {
  const c = await createConversation(db, { title }, at);
  const q = await addUserMessage(db, c.id, null, question, at + 1);
  const a = await startAnswer(db, c.id, q.id, 'm', at + 2);
  await completeAnswer(db, a.id, { content: `Answer in ${title}.` });
  await db.runs.add({
    id: `run-${title}`,
    messageId: a.id,
    conversationId: c.id,
    blockIndex: 0,
    language: 'js',
    code: '1',
    status: 'ok',
    stdout: '1',
    stderr: '',
    durationMs: 3,
    createdAt: at + 3,
  });
  await saveDraft(db, c.id, `draft in ${title}`, at + 4);
  return { c, q, a: (await db.messages.get(a.id))! };
}

/** A past exchange as the retriever puts it in a prompt. */
function pastItem(title: string, q: Message, a: Message) {
  const c = { title, question: q.content, answer: a.content, at: a.createdAt, outcome: 1 } as PastCandidate;
  const text = renderPast(c, 700);
  return {
    id: `qa:${a.id}`,
    source: 'conversation' as const,
    label: `“${q.content}” (1970-01-01)`,
    text,
    tokens: estimateTokens(text),
  };
}

describe('forgetConversations', () => {
  it('removes a deleted conversation and everything derived from it, and scrubs it from other answers’ traces', async () => {
    const secret = await populated(
      'secret chat',
      1_000,
      `My wifi password is ${SECRET}, how do I rotate it? I always use pnpm.`,
    );
    const other = await populated('kept chat', 2_000);
    const { c, q, a } = secret;

    // What learning drew from the secret chat: a stated memory, a correction memory (the user edited one) and its pair,
    // signals, a corrected signal (the detector's adaptation), the answer's record and its pattern, events, an embedding, a log.
    const correction = await addUserMessage(db, c.id, a.id, `No, the ${SECRET} router needs a reset first`, 1_010);
    await rememberStated(db, extractStatedMemories(q.content), q, 1_011);
    const corrected = await rememberCorrection(
      db,
      {
        question: q.content,
        rejected: a.content,
        correction: correction.content,
        answer: a,
        sourceMessageId: correction.id,
      },
      1_012,
    );
    await editMemory(db, corrected.id, 'Reset the router first', 1_013);
    await db.signals.add({
      id: 's1',
      messageId: a.id,
      conversationId: c.id,
      kind: 'thanks',
      polarity: 1,
      confidence: 0.9,
      evidence: `thanks for the ${SECRET} help`,
      createdAt: 1_014,
      source: 'text',
      sourceId: correction.id,
    });
    await recomputeOutcome(db, a.id, 1_015);
    await correctSignal(db, 's1', 'none', 1_016);
    await db.signals.add({
      id: 's2',
      messageId: a.id,
      conversationId: c.id,
      kind: 'code_ran_ok',
      polarity: 1,
      confidence: 0.9,
      evidence: `ran ${SECRET}.sh`,
      createdAt: 1_016,
      source: 'run',
    });
    await recomputeOutcome(db, a.id, 1_016);
    expect(await db.meta.get(ADAPTATION_KEY)).toBeDefined();
    await recordEvent(db, { kind: 'copy', conversationId: c.id, messageId: a.id, at: 1_017 });
    await recordEvent(db, { kind: 'hidden', conversationId: c.id, at: 1_018 });
    await db.embeddings.put({
      id: `e|${questionKey(q.id)}`,
      model: 'e',
      itemKey: questionKey(q.id),
      textHash: 'h',
      vector: new Float32Array([1, 0]),
      updatedAt: 1,
    });
    await db.embeddings.put({
      id: `e|${questionKey(other.q.id)}`,
      model: 'e',
      itemKey: questionKey(other.q.id),
      textHash: 'h',
      vector: new Float32Array([0, 1]),
      updatedAt: 1,
    });
    await db.retrievals.put({ id: 'r-secret', questionId: q.id, createdAt: 1, candidates: [] });
    const patternsBefore = await db.patterns.toArray();
    expect(patternsBefore.some((p) => p.successes + p.failures > 0)).toBe(true);

    // A third chat whose answer's prompt quoted both earlier chats.
    const third = await populated('third chat', 3_000, 'how do I rotate a password?');
    const items = [pastItem('secret chat', q, a), pastItem('kept chat', other.q, other.a)];
    const section = { name: PAST_SECTION_NAME, heading: PAST_SECTION_HEADING, layout: 'blocks' as const, items };
    const trace: PromptTrace = {
      model: 'm',
      contextLength: 8192,
      promptTokens: 500,
      historyIds: [third.q.id],
      omittedIds: [],
      systemPrompt: `You are Codelumi.\n\n${renderSection(section)}`,
      sections: [
        { name: section.name, tokens: 400, items: items.map(({ id, label, tokens }) => ({ id, label, tokens })) },
      ],
    };
    await db.messages.update(third.a.id, { trace });
    await db.retrievals.put({
      id: 'r-third',
      questionId: third.q.id,
      createdAt: 2,
      candidates: [items[0], items[1]].map((i) => ({ itemId: i.id, features: [1], baseline: 1, included: true })),
    });
    // The saved past-questions index holds the conversation's words too.
    await db.indexes.put({
      key: PAST_QUESTIONS_INDEX,
      format: 1,
      covers: 2,
      data: JSON.stringify({ terms: [SECRET] }),
      savedAt: 2,
    });
    expect(await dumpDatabase(db)).toContain(SECRET);

    await deleteConversation(db, c.id, 5_000);
    const result = await forgetConversations(db, [c.id, other.c.id], 40_000);

    // Only the deleted one goes; the edited memory stays, without the link and evidence.
    expect(result).toEqual({ conversations: [c.id], keptMemories: 1 });
    const dump = await dumpDatabase(db);
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain(c.id);
    expect(dump).not.toContain(q.id);
    expect(dump).not.toContain(a.id);
    const memories = await db.memories.toArray();
    expect(memories).toHaveLength(1);
    expect(memories[0]).toMatchObject({ id: corrected.id, text: 'Reset the router first', source: 'user' });
    expect([memories[0].evidence, memories[0].conversationId, memories[0].messageId]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(await db.trainingPairs.count()).toBe(0);
    expect(await db.signalCorrections.count()).toBe(0);
    expect(await db.meta.get(ADAPTATION_KEY)).toBeUndefined();
    expect((await db.patterns.toArray()).every((p) => p.successes === 0 && p.failures === 0)).toBe(true);

    // The other chats are whole; the third answer's trace keeps the kept chat and says one item was deleted.
    for (const kept of [other, third]) {
      expect(await db.conversations.get(kept.c.id)).toBeDefined();
      expect(await db.messages.where('conversationId').equals(kept.c.id).count()).toBe(2);
      expect(await db.runs.where('conversationId').equals(kept.c.id).count()).toBe(1);
      expect(await loadDraft(db, kept.c.id)).toBe(`draft in ${kept.c.title}`);
    }
    const scrubbed = (await db.messages.get(third.a.id))!.trace!;
    expect(scrubbed.sections![0].items).toEqual([
      { id: 'forgotten:0', label: FORGOTTEN_LABEL, tokens: items[0].tokens },
      { id: items[1].id, label: items[1].label, tokens: items[1].tokens },
    ]);
    expect(scrubbed.systemPrompt).toBe(
      `You are Codelumi.\n\n## ${PAST_SECTION_HEADING}\n${FORGOTTEN_NOTE}\n\n${items[1].text}`,
    );
    expect((await db.retrievals.get('r-third'))!.candidates.map((x) => x.itemId)).toEqual([items[1].id]);
    expect(await db.embeddings.count()).toBe(1);
  });

  it('reads and rewrites only the answers whose traces quote it, not every answer', async () => {
    // What forgetting reads (by key) and writes among the messages (counted from here on; the stack is built when the database opens).
    const touched = { read: new Set<string>(), written: new Set<string>() };
    db.use({
      stack: 'dbcore',
      name: 'test:count',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'messages') return table;
          return {
            ...table,
            getMany: async (req) => {
              const values = await table.getMany(req);
              for (const v of values) if (v) touched.read.add((v as Message).id);
              return values;
            },
            mutate: (req) => {
              if (req.type === 'put') for (const v of req.values) touched.written.add((v as Message).id);
              return table.mutate(req);
            },
          };
        },
      }),
    });
    const secret = await populated('secret chat', 1_000, `rotate ${SECRET}`);
    const quoted = await populated('quoting chat', 2_000, 'rotate it again');
    const item = pastItem('secret chat', secret.q, secret.a);
    const section = {
      name: PAST_SECTION_NAME,
      heading: PAST_SECTION_HEADING,
      layout: 'blocks' as const,
      items: [item],
    };
    const traceOf = (items: { id: string; label: string; tokens: number }[], text: string): PromptTrace => ({
      model: 'm',
      contextLength: 8192,
      promptTokens: 100,
      historyIds: [],
      omittedIds: [],
      systemPrompt: `You are Codelumi.\n\n${text}`,
      sections: [{ name: PAST_SECTION_NAME, tokens: 50, items }],
    });
    await db.messages.update(quoted.a.id, {
      trace: traceOf([{ id: item.id, label: item.label, tokens: item.tokens }], renderSection(section)),
    });
    // Forty answers with traces that quote something else.
    const others: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { a } = await populated(`other ${i}`, 10_000 + i * 10);
      await db.messages.update(a.id, { trace: traceOf([{ id: `qa:elsewhere-${i}`, label: 'x', tokens: 1 }], 'x') });
      others.push(a.id);
    }
    const before = await db.messages.bulkGet(others);

    touched.read.clear();
    touched.written.clear();
    await deleteConversation(db, secret.c.id, 5_000);
    await forgetConversations(db, [secret.c.id], 40_000);

    expect([...touched.written]).toEqual([quoted.a.id]);
    expect(others.filter((id) => touched.read.has(id))).toEqual([]);
    expect(await db.messages.bulkGet(others)).toEqual(before);
    expect(JSON.stringify(await db.messages.get(quoted.a.id))).not.toContain(SECRET);
  });

  it('leaves a conversation restored before its time came', async () => {
    const { c } = await populated('x', 1_000);
    await deleteConversation(db, c.id, 2_000);
    await restoreConversation(db, c.id);
    expect(await forgetConversations(db, [c.id])).toEqual({ conversations: [], keptMemories: 0 });
    expect(await db.messages.count()).toBe(2);
  });

  it('leaves one restored and deleted again after its id was read: its new window has only begun', async () => {
    const { c } = await populated('x', 1_000);
    await deleteConversation(db, c.id, 2_000);
    // Read as expired at 2_000 + the window; meanwhile restored and deleted again.
    await restoreConversation(db, c.id);
    await deleteConversation(db, c.id, 2_000 + UNDO_WINDOW_MS - 5);
    expect(await forgetConversations(db, [c.id], 2_000 + UNDO_WINDOW_MS, UNDO_WINDOW_MS)).toEqual({
      conversations: [],
      keptMemories: 0,
    });
    expect(await db.messages.count()).toBe(2);
  });
});

describe('forgetExpired', () => {
  it('forgets what was deleted at least the undo window ago, and nothing younger', async () => {
    const old = await populated('old-deleted', 1_000);
    const recent = await populated('recent-deleted', 2_000);
    const kept = await populated('kept', 3_000);
    await deleteConversation(db, old.c.id, 10_000);
    await deleteConversation(db, recent.c.id, 20_000);

    expect((await forgetExpired(db, 10_000 + UNDO_WINDOW_MS - 1)).conversations).toEqual([]);
    expect((await forgetExpired(db, 10_000 + UNDO_WINDOW_MS)).conversations).toEqual([old.c.id]);

    expect(await db.conversations.get(old.c.id)).toBeUndefined();
    expect(await db.messages.where('conversationId').equals(old.c.id).count()).toBe(0);
    expect(await db.runs.where('conversationId').equals(old.c.id).count()).toBe(0);
    expect(await loadDraft(db, old.c.id)).toBe('');
    // The recent deletion can still be undone.
    expect(await restoreConversation(db, recent.c.id)).toBe(true);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['kept', 'recent-deleted']);
    expect(kept.c.id).toBeTruthy();
  });
});
