import { describe, expect, it } from 'vitest';
import { CODELUMI_PERSONA, constructPrompt, defaultAnswerReserve } from '@/lib/brain/prompt';
import { estimateMessageTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '@/lib/brain/tokens';
import { CodelumiError } from '@/lib/errors';

type H = { id: string; role: 'user' | 'assistant' | 'system'; content: string };
/** 4 characters of plain letters are one token: a message of `tokens` tokens plus overhead. */
const text = (tokens: number) => 'abcd'.repeat(tokens);
const turn = (id: string, role: H['role'], tokens: number): H => ({ id, role, content: text(tokens) });
const systemTokens = (extra: string[] = []) => estimateMessageTokens({ content: [CODELUMI_PERSONA, ...extra].join('\n\n') });

describe('estimateTokens', () => {
  it('is 0 for empty text and at least 1 for any text', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('abcd'.repeat(25))).toBe(25);
  });

  it('counts code (symbols) and non-English text denser than plain prose of the same length', () => {
    const prose = 'the quick brown fox jumps over it';
    const code = '{a:[1,2],b:()=>x?.y??z};/*c*/!==;';
    expect(code.length).toBe(prose.length);
    expect(estimateTokens(code)).toBeGreaterThan(estimateTokens(prose));
    expect(estimateTokens('数据库连接失败了怎么办')).toBeGreaterThan(estimateTokens('database fails'));
  });

  it('adds the chat template overhead per message', () => {
    expect(estimateMessageTokens({ content: text(10) })).toBe(10 + MESSAGE_OVERHEAD_TOKENS);
  });
});

describe('constructPrompt', () => {
  it('puts the persona, the global prompt and the conversation prompt into one system message, in that order', () => {
    const { messages, trace } = constructPrompt({
      model: 'm',
      history: [turn('q', 'user', 3)],
      systemPrompts: ['  Always answer in British English.  ', undefined, '', 'This project uses Vue 3.'],
      contextLength: 8192,
    });
    expect(messages[0]).toEqual({
      role: 'system',
      content: `${CODELUMI_PERSONA}\n\nAlways answer in British English.\n\nThis project uses Vue 3.`,
    });
    expect(trace.systemPrompt).toBe(messages[0].content);
    expect(messages.slice(1)).toEqual([{ role: 'user', content: text(3) }]);
  });

  it('sends the whole thread, oldest first, when it fits, and traces what went in', () => {
    const history = [turn('q1', 'user', 10), turn('a1', 'assistant', 20), turn('q2', 'user', 5)];
    const { messages, trace } = constructPrompt({ model: 'qwen', history, systemPrompts: [], contextLength: 4096 });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(trace).toMatchObject({ model: 'qwen', contextLength: 4096, historyIds: ['q1', 'a1', 'q2'], omittedIds: [] });
    expect(trace.promptTokens).toBe(systemTokens() + 14 + 24 + 9);
  });

  it('drops system messages found in the history (the system prompt is built here)', () => {
    const { messages } = constructPrompt({
      model: 'm',
      history: [turn('s', 'system', 3), turn('q', 'user', 3)],
      systemPrompts: [],
      contextLength: 4096,
    });
    expect(messages.filter((m) => m.role === 'system')).toHaveLength(1);
  });

  it('keeps the newest turns within the budget and lists the older ones as omitted', () => {
    // Each turn costs 104 tokens; the budget fits exactly three of them.
    const history = ['q1', 'a1', 'q2', 'a2', 'q3'].map((id, i) => turn(id, i % 2 ? 'assistant' : 'user', 100));
    const contextLength = systemTokens() + 3 * 104;
    const { messages, trace } = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength, answerReserve: 0 });
    expect(trace.historyIds).toEqual(['q2', 'a2', 'q3']);
    expect(trace.omittedIds).toEqual(['q1', 'a1']);
    expect(messages).toHaveLength(4);
    expect(trace.promptTokens).toBeLessThanOrEqual(contextLength);
  });

  it('does not skip over a turn that does not fit to squeeze in an older, smaller one', () => {
    const history = [turn('q1', 'user', 1), turn('a1', 'assistant', 500), turn('q2', 'user', 10)];
    const contextLength = systemTokens() + 14 + 100;
    const { trace } = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength, answerReserve: 0 });
    expect(trace.historyIds).toEqual(['q2']);
    expect(trace.omittedIds).toEqual(['q1', 'a1']);
  });

  it('leaves room for the answer: by default a quarter of the window, between 256 and 4096 tokens', () => {
    expect(defaultAnswerReserve(512)).toBe(256);
    expect(defaultAnswerReserve(8192)).toBe(2048);
    expect(defaultAnswerReserve(131072)).toBe(4096);
    const contextLength = 2048; // reserve 512
    const fitting = contextLength - 512 - systemTokens() - MESSAGE_OVERHEAD_TOKENS;
    expect(() => constructPrompt({ model: 'm', history: [turn('q', 'user', fitting)], systemPrompts: [], contextLength })).not.toThrow();
    expect(() => constructPrompt({ model: 'm', history: [turn('q', 'user', fitting + 1)], systemPrompts: [], contextLength })).toThrow(CodelumiError);
  });

  it('drops an answer left dangling at the start of the kept history, so the thread starts with a question', () => {
    // q1 (104) a1 (104) q2 (104): the budget fits a1 and q2 but not q1.
    const history = [turn('q1', 'user', 100), turn('a1', 'assistant', 100), turn('q2', 'user', 100)];
    const contextLength = systemTokens() + 2 * 104 + 50;
    const { messages, trace } = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength, answerReserve: 0 });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(trace.historyIds).toEqual(['q2']);
    expect(trace.omittedIds).toEqual(['q1', 'a1']);
    expect(trace.promptTokens).toBe(systemTokens() + 104);
  });

  it('refuses a question too long for the window with overflow:context and the figures', () => {
    const question = turn('q', 'user', 5000);
    let caught: unknown;
    try {
      constructPrompt({ model: 'llama3.2:3b', history: [turn('q0', 'user', 1), question], systemPrompts: [], contextLength: 4096 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CodelumiError);
    const err = caught as CodelumiError;
    expect(err.code).toBe('overflow:context');
    expect(err.details).toMatchObject({ model: 'llama3.2:3b', tokens: 5000, contextLength: 4096 });
    expect(err.message).toContain('5,000');
    expect(err.message).toContain('4,096');
  });

  it('when continuing (last message is a partial answer), keeps both the question and the partial', () => {
    const history = [turn('q1', 'user', 100), turn('a1', 'assistant', 100), turn('q2', 'user', 50), turn('partial', 'assistant', 60)];
    const contextLength = systemTokens() + 54 + 64 + 10;
    const { messages, trace } = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength, answerReserve: 0 });
    expect(trace.historyIds).toEqual(['q2', 'partial']);
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: text(50) },
      { role: 'assistant', content: text(60) },
    ]);
  });

  it('refuses to continue when the question and partial answer together no longer fit', () => {
    const history = [turn('q', 'user', 50), turn('partial', 'assistant', 60)];
    const contextLength = systemTokens() + 64 + 20; // the partial fits, the question does not
    expect(() => constructPrompt({ model: 'm', history, systemPrompts: [], contextLength, answerReserve: 0 })).toThrow(
      expect.objectContaining({ code: 'overflow:context' }),
    );
  });

  it('needs at least one message', () => {
    expect(() => constructPrompt({ model: 'm', history: [], systemPrompts: [], contextLength: 4096 })).toThrow();
  });
});
