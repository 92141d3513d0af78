/**
 * Malformed lines from Ollama (or whatever answers at its address): each one
 * ends the answer with a clear error, and the text that arrived before it is
 * kept. What the official client does alone is noted per case: a TypeError
 * for null, numbers and strings, a silent drop for invalid JSON, "42" glued
 * into the text for a number as content, and an unbounded buffer for a line
 * that never ends. Real Dexie (fake-indexeddb), the fake Ollama over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { describeError } from '@/lib/core/errors-text';
import { tokenize, type Fault } from '../fake-ollama/index';
import { chatContext, stored, useChatFixture } from '../support/chat';

const t = useChatFixture({ tokensPerSecond: 2000 });

const CONTENT = 'The first words are fine and the rest never comes.';
const KEPT = tokenize(CONTENT).slice(0, 3).join('');

async function answerWith(fault: Fault) {
  t.fake.script([{ reply: { content: CONTENT, fault } }]);
  const started = await sendMessage(chatContext(t.db, t.fake.url, t.facts), {
    parentId: null,
    text: 'Hi',
    draftKey: NEW_CHAT_DRAFT,
  });
  return { outcome: await started.done, answer: await stored(t.db, started.answerId) };
}

const LINES: [string, string][] = [
  ['null', 'null'],
  ['a number', '42'],
  ['a string', '"hello"'],
  ['an array', '[{"message":{"content":"x"}}]'],
  ['an object with no message', '{"model":"qwen2.5-coder:7b","done":false}'],
  ['a message whose content is a number', '{"message":{"role":"assistant","content":42},"done":false}'],
  ['a message whose content is an object', '{"message":{"role":"assistant","content":{"text":"x"}},"done":false}'],
  ['invalid JSON', '{"message": {"content": "half'],
];

describe('malformed Ollama lines', () => {
  it.each(LINES)(
    'a line that is %s fails the answer with a clear error and keeps the text before it',
    async (_what, line) => {
      const { outcome, answer } = await answerWith({ kind: 'raw-lines', afterTokens: 3, lines: [line] });
      expect(outcome.status).toBe('failed');
      expect(answer).toMatchObject({ status: 'error', content: KEPT, error: { code: 'bad_response:ollama' } });
      expect(answer.content).not.toContain('42');
      const text = describeError(answer.error!, true);
      expect(text.title).toBe('Ollama sent something Codelumi cannot read');
      expect(text.body).toContain('The part of the answer that arrived is kept above.');
      expect(text.actions).toContain('continue');
    },
  );

  it('a line with no newline for megabytes fails the answer (the client holds at most its cap) and keeps the text before it', async () => {
    const { outcome, answer } = await answerWith({ kind: 'unterminated-line', afterTokens: 3, bytes: 4 * 1024 * 1024 });
    expect(outcome.status).toBe('failed');
    expect(answer).toMatchObject({ status: 'error', content: KEPT, error: { code: 'bad_response:ollama' } });
    expect(answer.error!.message).toContain('longer than');
  });

  it('an {"error"} line is still Ollama\'s own error, not a malformed line', async () => {
    const { answer } = await answerWith({
      kind: 'raw-lines',
      afterTokens: 3,
      lines: ['{"error":"model runner crashed"}'],
    });
    expect(answer).toMatchObject({
      status: 'error',
      content: KEPT,
      error: { code: 'stream_error:ollama', message: 'model runner crashed' },
    });
  });

  it('a line split across network reads, with a character cut in two, still reads as one', async () => {
    const { outcome, answer } = await answerWith({
      kind: 'raw-lines',
      afterTokens: 3,
      lines: ['', '{"message":{"role":"assistant","content":" ünïcödé ✓"},"done":false}', ''],
    });
    expect(outcome.status).toBe('complete');
    expect(answer.content).toBe(`${KEPT} ünïcödé ✓${tokenize(CONTENT).slice(3).join('')}`);
  });
});
