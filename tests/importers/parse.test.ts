/**
 * Each foreign format read from a real-shaped export: the conversations and
 * messages that come in, the branch that is shown, what is left out and said
 * so, and the files that are refused (with a reason, before anything is written).
 */
import { describe, expect, it } from 'vitest';
import { parseExport } from '@/lib/importers/parse';
import type { ImportedConversation, ParsedExport } from '@/lib/importers/types';
import { fixture } from './fixtures';

const byTitle = (parsed: ParsedExport, title: string): ImportedConversation => {
  const c = parsed.conversations.find((x) => x.title === title);
  if (!c) throw new Error(`no conversation “${title}” in ${parsed.conversations.map((x) => x.title).join(', ')}`);
  return c;
};
/** The chain from the leaf up to the root, as role: first words. */
const shown = (c: ImportedConversation): string[] => {
  const byId = new Map(c.messages.map((m) => [m.sourceId, m]));
  const out: string[] = [];
  for (let m = byId.get(c.leafSourceId); m; m = m.parentSourceId ? byId.get(m.parentSourceId) : undefined)
    out.unshift(`${m.role}: ${m.content.slice(0, 24)}`);
  return out;
};

describe('ChatGPT conversations.json', () => {
  it('keeps the branch that was shown, from current_node up to the root, with its times and models', async () => {
    const parsed = await parseExport(fixture('chatgpt-conversations.json'));
    expect(parsed.app).toBe('chatgpt');
    const c = byTitle(parsed, 'Debounce a search input in React');
    expect(c.sourceId).toBe('6632a1b0-7d4e-8005-b1a2-3c4d5e6f7a80');
    // The regenerated answer the user did not keep ("lodash.debounce") is not on the shown branch, and not imported.
    expect(c.messages.map((m) => m.content).join('\n')).not.toContain('lodash.debounce');
    expect(shown(c)).toEqual([
      'user: My search box fires a fe',
      'assistant: Debounce the *value*, no',
      'user: thanks, that worked perf',
      'assistant: Without it a slow respon',
    ]);
    expect(c.messages[0].parentSourceId).toBeNull();
    expect(c.messages[1].model).toBe('gpt-4o');
    expect(c.messages[0].createdAt).toBe(Math.round((1714557600.123 + 1.2) * 1000));
    expect(c.createdAt).toBe(1714557600123);
    // Code fences come through as written.
    expect(c.messages[1].content).toContain('```tsx\nimport { useEffect, useState } from');
  });

  it('leaves out tool calls, tool results and images and says so; merges the answer around them into one', async () => {
    const parsed = await parseExport(fixture('chatgpt-conversations.json'));
    const c = byTitle(parsed, 'Parse a semicolon CSV in Python');
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(c.messages[3].content).toContain('sep=";"');
    expect(c.messages[3].content).not.toContain('/mnt/data');
    expect(parsed.skipped.parts).toEqual({
      images: 1,
      'tool calls': 1,
      'tool results': 1,
    });
    // A conversation with nothing but the hidden system message is skipped whole, by name.
    expect(parsed.skipped.conversations).toEqual([{ title: 'New chat', reason: 'no text messages' }]);
    expect(parsed.conversations).toHaveLength(2);
  });
});

describe('Open WebUI chat export', () => {
  it('brings the whole history tree, regenerated answers as branches, with currentId as the shown leaf', async () => {
    const parsed = await parseExport(fixture('open-webui-chat-export.json'));
    expect(parsed.app).toBe('open-webui');
    const c = byTitle(parsed, 'Postgres backup with pg_dump');
    expect(c.sourceId).toBe('9f1c2d3e-aaaa-4bbb-8ccc-1234567890ab');
    expect(c.messages).toHaveLength(5);
    const answersToFirst = c.messages.filter((m) => m.parentSourceId === '4b7c1e9e-5d1a-4c2f-9a61-0f1e2d3c4b01');
    expect(answersToFirst.map((m) => m.model)).toEqual(['llama3.1:8b', 'qwen2.5-coder:7b']);
    expect(shown(c)).toEqual([
      'user: How do I back up one Pos',
      'assistant: Use the custom format, w',
      'user: perfect, thanks! And wit',
      'assistant: Add `--no-owner` (and `-',
    ]);
    // Seconds in the file, milliseconds in Codelumi.
    expect(c.createdAt).toBe(1719800000 * 1000);
    expect(c.updatedAt).toBe((1719800000 + 210) * 1000);
  });

  it('leaves out the system message and counts the attached file; the question hangs from the root', async () => {
    const parsed = await parseExport(fixture('open-webui-chat-export.json'));
    const c = byTitle(parsed, 'Rust borrow checker and Vec::push');
    expect(c.messages.map((m) => [m.role, m.parentSourceId === null])).toEqual([
      ['user', true],
      ['assistant', false],
    ]);
    expect(c.messages[0].content).toContain('```rust\nlet mut v = vec![1, 2, 3];');
    expect(parsed.skipped.parts).toEqual({ 'system messages': 1, 'attached files and images': 1 });
  });
});

describe('LobeChat export', () => {
  it('makes one conversation per topic and one for the messages outside any topic, in time order', async () => {
    const parsed = await parseExport(fixture('lobechat-export.json'));
    expect(parsed.app).toBe('lobechat');
    expect(parsed.conversations.map((c) => c.title).sort()).toEqual([
      'Cancel a goroutine with context',
      'Quick one: how do I list the ten largest files in a direc…',
      'Wrap errors with %w',
    ]);
    const ctx = byTitle(parsed, 'Cancel a goroutine with context');
    expect(shown(ctx)).toEqual([
      'user: How do I stop a worker g',
      'assistant: Pass a `context.Context`',
      "user: no, that's wrong: proces",
      'assistant: Right: the blocking call',
    ]);
    expect(ctx.messages[1].model).toBe('gpt-4o-mini');
    expect(ctx.createdAt).toBe(1722400000000 + 1000);
  });

  it('leaves out tool messages, the empty tool-calling answer and the failed answer, and says so', async () => {
    const parsed = await parseExport(fixture('lobechat-export.json'));
    expect(parsed.skipped.parts).toEqual({ 'tool and plugin messages': 1, 'failed answers': 1 });
    const err = byTitle(parsed, 'Wrap errors with %w');
    expect(err.messages.map((m) => m.content)).not.toContain('...');
  });
});

describe('files that are not an export Codelumi reads', () => {
  const refused = async (text: string) => {
    try {
      await parseExport(text);
    } catch (err) {
      return err as Error & { code?: string };
    }
    throw new Error('accepted');
  };

  it.each([
    ['plain text', 'hello there', /not JSON/],
    ['a zip archive', 'PK\u0003\u0004…', /zip archive.*conversations\.json/],
    ['another app’s JSON object', '{"name":"codelumi","version":"0.1.0"}', /not an export Codelumi can read/],
    ['a list of something else', '[{"sku":"A-1","price":3}]', /not of ChatGPT conversations or Open WebUI chats/],
    ['an empty list', '[]', /no conversations/],
    ['a cut-short ChatGPT export', fixture('chatgpt-conversations.json').slice(0, 4000), /cut short/],
    ['a damaged entry', '[{"mapping": {}, "title": "a"}, {"mapping": {,}}]', /Entry 2 .* not valid JSON/],
  ])('refuses %s with a reason', async (_what, text, reason) => {
    const err = await refused(text);
    expect(err.code).toBe('invalid:import');
    expect(err.message).toMatch(reason);
  });
});
