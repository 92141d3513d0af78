/**
 * The prompt inspector's drop-and-regenerate, end to end: a real database
 * (fake-indexeddb), the chat actions, and the fake Ollama's recorded requests.
 * The retriever is a stand-in that always offers the same sections, so what
 * leaves the request is the constructor's doing.
 */
import { describe, expect, it } from 'vitest';
import type { ContextSection } from '@/lib/prompt/context-sections';
import { regenerate, sendMessage } from '@/lib/chat/actions';
import type { RetrieveRequest } from '@/lib/retrieval/retriever';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { loadThread } from '@/lib/db/messages';
import { chatContext, stored, useChatFixture } from '../support/chat';

const t = useChatFixture({ tokensPerSecond: 5000 });

const SECTIONS: ContextSection[] = [
  {
    name: 'Preferences',
    heading: 'What you know about this user (follow these)',
    layout: 'list',
    items: [
      { id: 'memory:ts', source: 'preference', label: 'Prefers TypeScript', text: 'Prefers TypeScript', tokens: 5 },
      { id: 'memory:pnpm', source: 'preference', label: 'Uses pnpm', text: 'Uses pnpm for every project', tokens: 7 },
    ],
  },
  {
    name: 'Earlier conversations',
    heading: 'Related earlier conversations with this user (build on what worked)',
    layout: 'blocks',
    items: [
      {
        id: 'qa:old',
        source: 'conversation',
        label: '“debounce a search input”',
        text: 'Earlier the user asked:\ndebounce a search input\nThe answer that worked:\nUse lodash.debounce.',
        tokens: 25,
      },
    ],
  },
];

describe('regenerate with { exclude }', () => {
  it('sends the request without the dropped item, traces it as excluded, and keeps the earlier answer as a branch', async () => {
    const asked: RetrieveRequest[] = [];
    const ctx = chatContext(
      t.db,
      t.fake.url,
      t.facts,
      {},
      {
        retrieve: async (input) => {
          asked.push(input);
          return SECTIONS;
        },
      },
    );
    const first = await sendMessage(ctx, {
      parentId: null,
      text: 'How do I debounce an input in React?',
      draftKey: NEW_CHAT_DRAFT,
    });
    expect((await first.done).status).toBe('complete');
    const firstAnswer = await stored(t.db, first.answerId);
    expect(t.fake.chatRequests()[0].messages[0].content).toContain('- Uses pnpm for every project');
    expect(firstAnswer.trace?.sections?.flatMap((s) => s.items.map((i) => i.id))).toEqual([
      'memory:ts',
      'memory:pnpm',
      'qa:old',
    ]);

    const again = await regenerate(ctx, firstAnswer, { exclude: ['memory:pnpm'] });
    expect((await again.done).status).toBe('complete');

    // What left for Ollama: the other items, not the dropped one.
    const requests = t.fake.chatRequests();
    expect(requests).toHaveLength(2);
    const system = requests[1].messages[0].content;
    expect(system).not.toContain('Uses pnpm');
    expect(system).toContain('- Prefers TypeScript');
    expect(system).toContain('Use lodash.debounce.');
    expect(requests[1].messages.slice(1)).toEqual([{ role: 'user', content: 'How do I debounce an input in React?' }]);
    // The retriever was told too, for the same question.
    expect(asked.at(-1)).toMatchObject({
      exclude: ['memory:pnpm'],
      questionId: firstAnswer.parentId,
      question: 'How do I debounce an input in React?',
    });

    const second = await stored(t.db, again.answerId);
    expect(second.trace?.excluded).toEqual(['memory:pnpm']);
    expect(second.trace?.sections?.flatMap((s) => s.items.map((i) => i.id))).toEqual(['memory:ts', 'qa:old']);
    expect(second.trace?.droppedForBudget).toBeUndefined();

    // The earlier answer stays, unchanged, as a sibling branch; the new one is on screen.
    expect(second.parentId).toBe(firstAnswer.parentId);
    expect(await stored(t.db, first.answerId)).toEqual(firstAnswer);
    const siblings = await t.db.messages.where('parentId').equals(firstAnswer.parentId!).toArray();
    expect(siblings.map((m) => m.id).sort()).toEqual([first.answerId, again.answerId].sort());
    const thread = await loadThread(t.db, first.conversationId);
    expect(thread.map((e) => e.message.id)).toEqual([firstAnswer.parentId, again.answerId]);
  });

  it('drops several items at once, and a whole section when all its items go', async () => {
    const ctx = chatContext(t.db, t.fake.url, t.facts, {}, { retrieve: async () => SECTIONS });
    const first = await sendMessage(ctx, { parentId: null, text: 'Debounce in Vue?', draftKey: NEW_CHAT_DRAFT });
    await first.done;
    const again = await regenerate(ctx, await stored(t.db, first.answerId), { exclude: ['qa:old', 'memory:ts'] });
    await again.done;
    const system = t.fake.chatRequests()[1].messages[0].content;
    expect(system).not.toContain('Related earlier conversations');
    expect(system).not.toContain('Prefers TypeScript');
    expect(system).toContain('- Uses pnpm for every project');
    const trace = (await stored(t.db, again.answerId)).trace!;
    expect(trace.sections?.map((s) => s.name)).toEqual(['Preferences']);
    expect(trace.excluded).toEqual(['qa:old', 'memory:ts']);
  });

  it('regenerates with all context when nothing is excluded', async () => {
    const ctx = chatContext(t.db, t.fake.url, t.facts, {}, { retrieve: async () => SECTIONS });
    const first = await sendMessage(ctx, { parentId: null, text: 'Debounce in Svelte?', draftKey: NEW_CHAT_DRAFT });
    await first.done;
    const again = await regenerate(ctx, await stored(t.db, first.answerId));
    await again.done;
    expect(t.fake.chatRequests()[1].messages[0].content).toBe(t.fake.chatRequests()[0].messages[0].content);
    expect((await stored(t.db, again.answerId)).trace?.excluded).toBeUndefined();
  });
});
