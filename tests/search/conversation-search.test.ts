import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import {
  createConversation,
  deleteConversation,
  renameConversation,
  restoreConversation,
} from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, saveAnswerProgress, startAnswer } from '@/lib/db/messages';
import { ConversationSearch, makeSnippet } from '@/lib/search/conversation-search';
import { forgetExpired } from '@/lib/learning/forget';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
let search: ConversationSearch;
beforeEach(() => {
  db = freshDatabase();
  search = new ConversationSearch(db);
});
afterEach(() => db.close());

async function chat(title: string, question: string, answer: string, at = 1_000) {
  const c = await createConversation(db, { title }, at);
  const q = await addUserMessage(db, c.id, null, question, at + 1);
  const a = await startAnswer(db, c.id, q.id, 'm', at + 2);
  await completeAnswer(db, a.id, { content: answer });
  return { c, q, a: (await db.messages.get(a.id))! };
}

describe('ConversationSearch', () => {
  it('finds words in titles and in messages, naming the conversation and message', async () => {
    const react = await chat(
      'React hooks',
      'How does useEffect cleanup work?',
      'The cleanup function runs before the next effect.',
    );
    await chat('SQL joins', 'LEFT JOIN versus INNER JOIN', 'A LEFT JOIN keeps unmatched rows.');

    const byTitle = await search.search('hooks');
    expect(byTitle).toHaveLength(1);
    expect(byTitle[0]).toMatchObject({
      conversationId: react.c.id,
      conversationTitle: 'React hooks',
      snippet: 'React hooks',
    });
    expect(byTitle[0].messageId).toBeUndefined();

    const byAnswer = await search.search('unmatched');
    expect(byAnswer).toHaveLength(1);
    expect(byAnswer[0]).toMatchObject({ conversationTitle: 'SQL joins', role: 'assistant', terms: ['unmatched'] });

    const byQuestion = await search.search('useEffect');
    expect(byQuestion.map((h) => h.messageId)).toEqual([react.q.id]);
    expect(byQuestion[0].role).toBe('user');
  });

  it('matches word prefixes (search as you type) and needs every word', async () => {
    const { a } = await chat('Build tooling', 'Why is webpack slow?', 'Try caching with esbuild-loader.');
    expect((await search.search('webp')).map((h) => h.messageId)).toHaveLength(1);
    expect((await search.search('cach')).map((h) => h.messageId)).toEqual([a.id]);
    expect(await search.search('caching kubernetes')).toEqual([]);
    expect(await search.search('   ')).toEqual([]);
  });

  it('ranks a title match above a message match for the same word', async () => {
    await chat('Docker networking', 'question', 'answer');
    await chat('Other', 'How does docker compose work?', 'It reads a YAML file.');
    const hits = await search.search('docker');
    expect(hits[0]).toMatchObject({ conversationTitle: 'Docker networking' });
    expect(hits[0].messageId).toBeUndefined();
  });

  it('is incremental: a message added after the first search is found by the next one', async () => {
    const { c, a } = await chat('Go', 'goroutines?', 'Lightweight threads.', Date.now());
    expect(await search.search('channels')).toEqual([]);

    const q2 = await addUserMessage(db, c.id, a.id, 'And what are channels?');
    const hits = await search.search('channels');
    expect(hits.map((h) => h.messageId)).toEqual([q2.id]);
  });

  it('finds a message stamped a moment before the newest one indexed (another tab’s write landing late)', async () => {
    const now = Date.now();
    const c = await createConversation(db, { title: 'Tabs' }, now);
    await addUserMessage(db, c.id, null, 'indexed first', now);
    expect(await search.search('indexed')).toHaveLength(1);
    const late = await addUserMessage(db, c.id, null, 'stamped earlier, committed later', now - 1_000);
    expect((await search.search('committed')).map((h) => h.messageId)).toEqual([late.id]);
  });

  it('finds a message written in the same millisecond as the last one it indexed', async () => {
    const c = await createConversation(db, { title: 'Same time' }, 1_000);
    const first = await addUserMessage(db, c.id, null, 'alpha question', 7_000);
    expect((await search.search('alpha')).map((h) => h.messageId)).toEqual([first.id]);
    // Another tab (or the same action) writes a message with the very same timestamp.
    const second = await addUserMessage(db, c.id, first.id, 'bravo question', 7_000);
    expect((await search.search('bravo')).map((h) => h.messageId)).toEqual([second.id]);
  });

  it('finds the new words of a changed message (a streaming answer growing) and forgets its old ones', async () => {
    const c = await createConversation(db, { title: 'Streaming' });
    const q = await addUserMessage(db, c.id, null, 'explain monads');
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'A monad is a burrito' });
    expect((await search.search('burrito')).map((h) => h.messageId)).toEqual([a.id]);

    await completeAnswer(db, a.id, { content: 'A monad wraps values with bind and unit.' });
    expect((await search.search('bind')).map((h) => h.messageId)).toEqual([a.id]);
    expect(await search.search('burrito')).toEqual([]);
  });

  it('finds a renamed conversation by its new title only', async () => {
    const { c } = await chat('Untitled thing', 'q', 'a');
    expect(await search.search('untitled')).toHaveLength(1);
    await renameConversation(db, c.id, 'Kubernetes ingress');
    expect((await search.search('ingress')).map((h) => h.conversationId)).toEqual([c.id]);
    expect(await search.search('untitled')).toEqual([]);
  });

  it('leaves deleted conversations out, finds them again when restored, and forgets purged ones', async () => {
    const gone = await chat('Rust lifetimes', 'What is a lifetime?', 'Borrow checker stuff.');
    const kept = await chat('Rust traits', 'What is a trait?', 'Like an interface, says the borrow checker fan.');
    await deleteConversation(db, gone.c.id, 10_000);
    expect((await search.search('borrow')).map((h) => h.conversationId)).toEqual([kept.c.id]);
    expect(await search.search('lifetimes')).toEqual([]);

    await restoreConversation(db, gone.c.id);
    expect((await search.search('borrow')).map((h) => h.conversationId).sort()).toEqual([gone.c.id, kept.c.id].sort());

    await deleteConversation(db, gone.c.id, 10_000);
    await forgetExpired(db, 10_000 + 30_000);
    expect((await search.search('borrow')).map((h) => h.conversationId)).toEqual([kept.c.id]);
  });

  it('takes a forgotten conversation’s title and messages, with their words, out of memory', async () => {
    const kept = await chat('Rust traits', 'What is a trait?', 'Like an interface.');
    expect(await search.search('trait')).not.toEqual([]);
    const before = search.held;

    const gone = await chat('Zebrafish fins', 'Why do zebrafish regenerate?', 'Blastema cells rebuild them.', 2_000);
    expect((await search.search('zebrafish')).map((h) => h.conversationId)).toContain(gone.c.id);
    expect(search.held.documents).toBe(before.documents + 3);
    expect(search.held.terms).toBeGreaterThan(before.terms);

    await deleteConversation(db, gone.c.id, 10_000);
    expect((await forgetExpired(db, 10_000 + 30_000)).conversations).toEqual([gone.c.id]);
    await search.forget([gone.c.id]);
    // Exactly what it held before the conversation came: none of its title, messages or words.
    expect(search.held).toEqual(before);
    expect(await search.search('blastema')).toEqual([]);
    expect((await search.search('trait')).map((h) => h.conversationId)).toContain(kept.c.id);
    expect(search.held).toEqual(before);
  });

  it('shows a snippet around the match', async () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(10)}The needle is here. ${'Trailing words go on and on. '.repeat(10)}`;
    await chat('Long', 'q', long);
    const [hit] = await search.search('needle');
    expect(hit.snippet).toContain('The needle is here.');
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(hit.snippet.endsWith('…')).toBe(true);
    expect(hit.snippet.length).toBeLessThan(long.length);
  });

  it('respects the limit', async () => {
    for (let i = 0; i < 5; i++) await chat(`Chat ${i}`, `common question ${i}`, 'answer', 1_000 + i * 10);
    expect(await search.search('common', 3)).toHaveLength(3);
  });

  it('concurrent searches share one catch-up and agree', async () => {
    await chat('Parallel', 'concurrency question', 'answer');
    const [a, b] = await Promise.all([search.search('concurrency'), search.search('concurrency')]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(1);
  });
});

describe('makeSnippet', () => {
  it('cuts around the first matched term with ellipses, case-insensitively', () => {
    const text = `${'a '.repeat(100)}Target word${' b'.repeat(100)}`;
    const snippet = makeSnippet(text, ['target'], 10);
    expect(snippet).toBe(`…${text.replace(/\s+/g, ' ').slice(190, 210)}…`);
    expect(snippet).toContain('Target');
  });

  it('has no ellipsis where the text is not cut, and collapses whitespace', () => {
    expect(makeSnippet('short\n\ntext  here', ['text'])).toBe('short text here');
  });

  it('starts the snippet at the beginning when no term is found', () => {
    expect(makeSnippet('x'.repeat(300), ['zzz'], 10)).toBe(`${'x'.repeat(20)}…`);
  });
});
