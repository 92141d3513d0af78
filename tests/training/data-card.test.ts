/** What the data card (lib/training/data-card.ts) says of the system prompts and earlier turns, by the user's choice. */
import { describe, expect, it } from 'vitest';
import { buildDataCard, dataCardMarkdown } from '@/lib/training/data-card';
import { FORGOTTEN_NOTE } from '@/lib/retrieval/forget-trace';
import { OPEN } from './seed';

const card = (systemPrompt: 'used' | 'neutral') =>
  buildDataCard({ examples: [], pairs: [], filters: { ...OPEN, systemPrompt }, format: 'openai', now: 0 });

describe('the data card', () => {
  it('with the system prompt used, says the summary of older turns is in it, what it carries and that deletions leave notes', () => {
    const c = card('used');
    const limits = c.limits.join('\n');
    expect(limits).toMatch(/summary is part of the system prompt/);
    expect(limits).not.toMatch(/summary that stood in for older turns is not included/);
    expect(limits).toMatch(/project’s files/);
    expect(limits).toMatch(/memories/);
    expect(limits).toMatch(/earlier chats/);
    expect(limits).toContain(FORGOTTEN_NOTE);
    expect(c.selection.systemPrompt).not.toMatch(/actually sent/);
    expect(dataCardMarkdown(c)).toContain('earlier chats');
  });

  it('with the neutral system prompt, says the summary of older turns is not included', () => {
    const limits = card('neutral').limits.join('\n');
    expect(limits).toMatch(/summary that stood in for older turns is not included/);
    expect(limits).not.toMatch(/earlier chats/);
  });
});
