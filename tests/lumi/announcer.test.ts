import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { ActiveStreams } from '@/lib/chat/active-streams';
import { announceMilestones, endAnnouncement } from '@/lib/lumi/announcer';
import { freshDatabase } from '../support/db';
import { message } from '../support/records';

let db: CodelumiDB;
let streams: ActiveStreams;
let heard: string[];
let stop: () => void;

beforeEach(() => {
  db = freshDatabase();
  streams = new ActiveStreams();
  heard = [];
  stop = announceMilestones({ streams, db }, (text) => heard.push(text));
});
afterEach(() => {
  stop();
  db.close();
});

/** Streams an answer the way lib/chat/answer does: start, reasoning, `tokens` words, final save, end. */
async function streamed(id: string, opts: { tokens: number; reasoning?: boolean; end: Parameters<typeof message>[0] }) {
  streams.start({
    messageId: id,
    conversationId: 'c',
    content: '',
    thinking: '',
    phase: 'waiting',
    startedAt: 0,
    abort: () => {},
  });
  if (opts.reasoning)
    for (let i = 0; i < 5; i++) streams.update(id, { thinking: 'hmm '.repeat(i + 1), phase: 'thinking' });
  let content = '';
  for (let i = 0; i < opts.tokens; i++) streams.update(id, { content: (content += `w${i} `), phase: 'answering' });
  await db.messages.put(message({ role: 'assistant', conversationId: 'c', ...opts.end, id }));
  streams.end(id);
  await expect
    .poll(() => heard.length > 0 && !heard.at(-1)!.includes('thinking') && !heard.at(-1)!.includes('answering'))
    .toBe(true);
}

describe('announceMilestones', () => {
  it('says thinking, answering and done once each, however many tokens arrive', async () => {
    await streamed('a1', { tokens: 500, reasoning: true, end: { id: 'a1', status: 'complete', content: 'w0 w1' } });
    expect(heard).toEqual(['Codelumi is thinking', 'Codelumi is answering', 'Codelumi is done']);
  });

  it('says when an answer failed before any word, read from the stored answer', async () => {
    await streamed('a1', {
      tokens: 0,
      end: { id: 'a1', status: 'error', content: '', error: { code: 'server:ollama', message: 'boom', details: {} } },
    });
    expect(heard).toEqual(['Codelumi is thinking', 'Codelumi ran into a problem']);
  });

  it('says the user stopped it, and follows each answer of a conversation in turn', async () => {
    await streamed('a1', { tokens: 3, end: { id: 'a1', status: 'interrupted', stopReason: 'user', content: 'w0' } });
    await streamed('a2', { tokens: 3, end: { id: 'a2', status: 'complete', content: 'w0' } });
    expect(heard).toEqual([
      'Codelumi is thinking',
      'Codelumi is answering',
      'Codelumi stopped',
      'Codelumi is thinking',
      'Codelumi is answering',
      'Codelumi is done',
    ]);
  });

  it('stops listening when unsubscribed', () => {
    stop();
    streams.start({
      messageId: 'x',
      conversationId: 'c',
      content: '',
      thinking: '',
      phase: 'waiting',
      startedAt: 0,
      abort: () => {},
    });
    expect(heard).toEqual([]);
  });
});

describe('endAnnouncement', () => {
  it('words the end of an answer from its stored state', () => {
    expect(endAnnouncement({ status: 'complete', content: 'x' })).toBe('Codelumi is done');
    expect(endAnnouncement({ status: 'error', content: '' })).toBe('Codelumi ran into a problem');
    expect(endAnnouncement({ status: 'interrupted', stopReason: 'error', content: 'x' })).toBe(
      'Codelumi ran into a problem',
    );
    expect(endAnnouncement({ status: 'interrupted', stopReason: 'user', content: 'x' })).toBe('Codelumi stopped');
    expect(endAnnouncement(undefined)).toBe('Codelumi is done');
  });
});
