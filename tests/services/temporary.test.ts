/**
 * A temporary chat's services (lib/services/temporary.ts): the ordinary chat
 * actions run on them against the fake Ollama, and the tab's database is
 * left exactly as it was: no conversation, message, draft, event or log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '@/lib/services/services';
import { createTemporaryServices } from '@/lib/services/temporary';
import { sendMessage } from '@/lib/chat/actions';
import { saveDraft } from '@/lib/db/drafts';
import { listConversations } from '@/lib/db/conversations';
import type { ModelFacts } from '@/lib/chat/turn';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { chatContext, modelFactsFrom } from '../support/chat';
import { dumpDatabase } from '../support/dump';
import { conversation } from '../support/records';
import { fakePlatform } from './fake-platform';

let fake: FakeOllama;
let facts: Map<string, ModelFacts>;
const cleanup: (() => unknown)[] = [];
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  facts = await modelFactsFrom(fake.url);
});
afterAll(() => fake.close());
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('createTemporaryServices', () => {
  it('runs a whole chat turn in memory and leaves the stored database unchanged', async () => {
    const platform = fakePlatform();
    cleanup.push(() => platform.db.close());
    const services = createServices(platform.platform);
    await platform.db.conversations.add(conversation({ id: 'kept', title: 'A stored chat' }));
    const before = await dumpDatabase(platform.db);

    const temporary = createTemporaryServices(services);
    cleanup.push(() => temporary.drop());
    expect(temporary.temporary).toBe(true);
    expect(temporary.db).not.toBe(services.db);
    const ctx = chatContext(
      temporary.db,
      fake.url,
      facts,
      {},
      {
        report: temporary.report,
        retrieve: (input) => temporary.analysis.retrieve(input),
      },
    );
    const started = await sendMessage(ctx, {
      parentId: null,
      text: 'I prefer tabs. What is a closure?',
      draftKey: 'new',
    });
    expect((await started.done).status).toBe('complete');
    await saveDraft(temporary.db, started.conversationId, 'a draft of the temporary chat');

    // The chat is whole in memory …
    expect(await temporary.db.messages.where('conversationId').equals(started.conversationId).count()).toBe(2);
    expect(await temporary.db.memories.count()).toBe(1);
    // … and the stored database did not move, nor did the fake Ollama get any context for it.
    expect(await dumpDatabase(platform.db)).toBe(before);
    expect((await listConversations(platform.db)).map((c) => c.id)).toEqual(['kept']);
    expect(fake.chatRequests().at(-1)!.messages[0].content).not.toContain('Earlier conversations');
  });

  it('gives each temporary chat its own empty memory', async () => {
    const platform = fakePlatform();
    cleanup.push(() => platform.db.close());
    const services = createServices(platform.platform);
    const first = createTemporaryServices(services);
    const second = createTemporaryServices(services);
    cleanup.push(
      () => first.drop(),
      () => second.drop(),
    );
    await first.db.conversations.add(conversation({ id: 't1' }));
    expect(await first.db.conversations.count()).toBe(1);
    expect(await second.db.conversations.count()).toBe(0);
  });
});
