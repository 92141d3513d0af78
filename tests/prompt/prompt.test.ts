import { describe, expect, it } from 'vitest';
import { CODELUMI_PERSONA, constructPrompt, CONTEXT_SHARE, defaultAnswerReserve } from '@/lib/prompt/prompt';
import { renderSection, type ContextItem, type ContextSection } from '@/lib/prompt/context-sections';
import { estimateMessageTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '@/lib/core/tokens';
import { CodelumiError } from '@/lib/core/errors';
import { seededRandom } from '../support/random';

type H = { id: string; role: 'user' | 'assistant' | 'system'; content: string };
/** 4 characters of plain letters are one token: a message of `tokens` tokens plus overhead. */
const text = (tokens: number) => 'abcd'.repeat(tokens);
const turn = (id: string, role: H['role'], tokens: number): H => ({ id, role, content: text(tokens) });
const systemTokens = (extra: string[] = []) =>
  estimateMessageTokens({ content: [CODELUMI_PERSONA, ...extra].join('\n\n') });

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
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
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
    expect(() =>
      constructPrompt({ model: 'm', history: [turn('q', 'user', fitting)], systemPrompts: [], contextLength }),
    ).not.toThrow();
    expect(() =>
      constructPrompt({ model: 'm', history: [turn('q', 'user', fitting + 1)], systemPrompts: [], contextLength }),
    ).toThrow(CodelumiError);
  });

  it('drops an answer left dangling at the start of the kept history, so the thread starts with a question', () => {
    // q1 (104) a1 (104) q2 (104): the budget fits a1 and q2 but not q1.
    const history = [turn('q1', 'user', 100), turn('a1', 'assistant', 100), turn('q2', 'user', 100)];
    const contextLength = systemTokens() + 2 * 104 + 50;
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(trace.historyIds).toEqual(['q2']);
    expect(trace.omittedIds).toEqual(['q1', 'a1']);
    expect(trace.promptTokens).toBe(systemTokens() + 104);
  });

  it('refuses a question too long for the window with overflow:context and the figures', () => {
    const question = turn('q', 'user', 5000);
    let caught: unknown;
    try {
      constructPrompt({
        model: 'llama3.2:3b',
        history: [turn('q0', 'user', 1), question],
        systemPrompts: [],
        contextLength: 4096,
      });
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
    const history = [
      turn('q1', 'user', 100),
      turn('a1', 'assistant', 100),
      turn('q2', 'user', 50),
      turn('partial', 'assistant', 60),
    ];
    const contextLength = systemTokens() + 54 + 64 + 10;
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
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

describe('constructPrompt with context sections', () => {
  /** A context item whose text is `id` plus `tokens` tokens of filler; `tokens` is estimated as the retriever does. */
  const item = (id: string, tokens: number, source: ContextItem['source'] = 'preference'): ContextItem => {
    const body = `${id} ${'abcd'.repeat(tokens)}`;
    return { id, source, label: `label of ${id}`, text: body, tokens: estimateTokens(body) };
  };
  const section = (name: string, items: ContextItem[], layout: ContextSection['layout'] = 'list'): ContextSection => ({
    name,
    heading: `Heading of ${name}`,
    layout,
    items,
  });
  /** The room after the persona and the answer's reserve, as constructPrompt computes it. */
  const roomOf = (contextLength: number, base = CODELUMI_PERSONA) =>
    contextLength - defaultAnswerReserve(contextLength) - estimateMessageTokens({ content: base });
  /** The context part of the system message (everything after the persona). */
  const contextText = (system: string, base = CODELUMI_PERSONA) => system.slice(base.length).replace(/^\n\n/, '');

  it('puts each section after the system prompts, in the given order, under its heading', () => {
    const preferences = section('Preferences', [
      { id: 'memory:m1', source: 'preference', label: 'Prefers TypeScript', text: 'Prefers TypeScript', tokens: 5 },
      { id: 'memory:m2', source: 'preference', label: 'Uses pnpm', text: 'Uses pnpm', tokens: 3 },
    ]);
    const project = section('Project', [
      { id: 'stack:p1', source: 'stack', label: 'Stack', text: 'Next.js 15, React 19, Vitest', tokens: 8 },
    ]);
    const earlier = section(
      'Earlier conversations',
      [
        {
          id: 'qa:a1',
          source: 'conversation',
          label: 'reverse a list',
          text: 'Earlier the user asked:\nreverse a list\nThe answer that worked:\nnums[::-1]',
          tokens: 20,
        },
        {
          id: 'qa:a2',
          source: 'conversation',
          label: 'sort a list',
          text: 'Earlier the user asked:\nsort a list\nThe answer given:\nsorted(nums)',
          tokens: 20,
        },
      ],
      'blocks',
    );
    const { messages, trace } = constructPrompt({
      model: 'm',
      history: [turn('q', 'user', 5)],
      context: [preferences, project, earlier],
      systemPrompts: ['Answer in British English.'],
      contextLength: 8192,
    });
    expect(messages[0].content).toBe(
      [
        CODELUMI_PERSONA,
        'Answer in British English.',
        '## Heading of Preferences\n- Prefers TypeScript\n- Uses pnpm',
        '## Heading of Project\n- Next.js 15, React 19, Vitest',
        '## Heading of Earlier conversations\nEarlier the user asked:\nreverse a list\nThe answer that worked:\nnums[::-1]\n\nEarlier the user asked:\nsort a list\nThe answer given:\nsorted(nums)',
      ].join('\n\n'),
    );
    expect(messages.slice(1)).toEqual([{ role: 'user', content: text(5) }]);
    expect(trace.sections).toEqual([
      {
        name: 'Preferences',
        tokens: estimateTokens(renderSection(preferences)),
        items: [
          { id: 'memory:m1', label: 'Prefers TypeScript', tokens: 5 },
          { id: 'memory:m2', label: 'Uses pnpm', tokens: 3 },
        ],
      },
      {
        name: 'Project',
        tokens: estimateTokens(renderSection(project)),
        items: [{ id: 'stack:p1', label: 'Stack', tokens: 8 }],
      },
      {
        name: 'Earlier conversations',
        tokens: estimateTokens(renderSection(earlier)),
        items: [
          { id: 'qa:a1', label: 'reverse a list', tokens: 20 },
          { id: 'qa:a2', label: 'sort a list', tokens: 20 },
        ],
      },
    ]);
    expect(trace).toMatchObject({ droppedForBudget: undefined, excluded: undefined, summary: undefined });
    expect(trace.promptTokens).toBe(estimateMessageTokens(messages[0]) + estimateMessageTokens(messages[1]));
  });

  it('gives context at most CONTEXT_SHARE of the room left after the question, dropping the last items and listing them', () => {
    expect(CONTEXT_SHARE).toBe(0.5);
    const first = section('Preferences', [item('p1', 40), item('p2', 40)]);
    const second = section('Earlier conversations', [item('e1', 100), item('e2', 100), item('e3', 100)], 'blocks');
    const contextLength = 2048;
    const question = turn('q', 'user', 700);
    const { messages, trace } = constructPrompt({
      model: 'm',
      history: [question],
      context: [first, second],
      systemPrompts: [],
      contextLength,
    });

    const budget = Math.floor((roomOf(contextLength) - estimateMessageTokens(question)) * CONTEXT_SHARE);
    expect(budget).toBeLessThan(5 * 100); // not everything fits
    expect(estimateTokens(contextText(messages[0].content))).toBeLessThanOrEqual(budget);
    const kept = trace.sections!.flatMap((s) => s.items.map((i) => i.id));
    expect(kept).toEqual(['p1', 'p2', 'e1', 'e2']);
    expect(trace.droppedForBudget).toEqual(['e3']);
    expect(messages[0].content).not.toContain('e3 abcd');
    expect(messages.at(-1)).toEqual({ role: 'user', content: question.content });
  });

  it('drops whole sections from the end when only the first fits, and lists their items in order', () => {
    const contextLength = 1024;
    const question = turn('q', 'user', 300);
    const { trace } = constructPrompt({
      model: 'm',
      history: [question],
      context: [
        section('A', [item('a1', 30), item('a2', 30)]),
        section('B', [item('b1', 150), item('b2', 150)]),
        section('C', [item('c1', 150)]),
      ],
      systemPrompts: [],
      contextLength,
    });
    expect(trace.sections!.map((s) => s.name)).toEqual(['A']);
    expect(trace.droppedForBudget).toEqual(['b1', 'b2', 'c1']);
  });

  it('never lets context crowd out the question: random windows, questions and sections stay within the share', () => {
    const random = seededRandom(6);
    const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    for (let run = 0; run < 300; run++) {
      const contextLength = pick(600, 16_384);
      const systemPrompts = random() < 0.5 ? [] : [`Global ${'abcd'.repeat(pick(1, 60))}`];
      const base = [CODELUMI_PERSONA, ...systemPrompts].join('\n\n');
      const room = roomOf(contextLength, base);
      const question = turn('q', 'user', pick(1, Math.max(1, room - 10)));
      if (estimateMessageTokens(question) > room) continue;
      const sections = Array.from({ length: pick(1, 4) }, (_, s) =>
        section(
          `S${s}`,
          Array.from({ length: pick(1, 6) }, (_, i) => item(`s${s}i${i}`, pick(1, 400))),
          random() < 0.5 ? 'list' : 'blocks',
        ),
      );
      const all = sections.flatMap((s) => s.items.map((i) => i.id));
      const exclude = all.filter(() => random() < 0.15);

      const { messages, trace } = constructPrompt({
        model: 'm',
        history: [question],
        context: sections,
        exclude,
        systemPrompts,
        contextLength,
      });

      const budget = Math.floor((room - estimateMessageTokens(question)) * CONTEXT_SHARE);
      expect(estimateTokens(contextText(messages[0].content, base))).toBeLessThanOrEqual(budget);
      expect(trace.promptTokens).toBeLessThanOrEqual(contextLength - defaultAnswerReserve(contextLength));
      expect(messages.at(-1)!.content).toBe(question.content);
      // Every item is accounted for: sent, dropped for the budget, or excluded by the user; never two of these.
      const kept = (trace.sections ?? []).flatMap((s) => s.items.map((i) => i.id));
      const dropped = trace.droppedForBudget ?? [];
      expect([...kept, ...dropped, ...exclude].sort()).toEqual([...all].sort());
      // Dropped items keep the retriever's order.
      expect(dropped).toEqual(all.filter((id) => dropped.includes(id)));
    }
  });

  it('leaves out the items the user dropped, lists them in trace.excluded, and removes a section left empty', () => {
    const { messages, trace } = constructPrompt({
      model: 'm',
      history: [turn('q', 'user', 5)],
      context: [
        section('Preferences', [item('memory:m1', 5), item('memory:m2', 5)]),
        section('Project', [item('stack:p', 5, 'stack')]),
      ],
      exclude: ['memory:m2', 'stack:p'],
      systemPrompts: [],
      contextLength: 8192,
    });
    expect(trace.excluded).toEqual(['memory:m2', 'stack:p']);
    expect(trace.sections).toEqual([
      expect.objectContaining({ name: 'Preferences', items: [expect.objectContaining({ id: 'memory:m1' })] }),
    ]);
    expect(messages[0].content).toContain('memory:m1 abcd');
    expect(messages[0].content).not.toContain('memory:m2');
    expect(messages[0].content).not.toContain('Heading of Project');
    expect(trace.droppedForBudget).toBeUndefined();
  });

  it('uses the given persona instead of the default one', () => {
    const { messages } = constructPrompt({
      model: 'm',
      history: [turn('q', 'user', 3)],
      systemPrompts: ['Be brief.'],
      contextLength: 4096,
      persona: 'You are Lumi, a terse pair programmer.',
    });
    expect(messages[0].content).toBe('You are Lumi, a terse pair programmer.\n\nBe brief.');
    expect(messages[0].content).not.toContain(CODELUMI_PERSONA);
  });

  it('still refuses a question that cannot fit on its own with overflow:context, whatever context and summary are offered', () => {
    const history = [turn('q1', 'user', 100), turn('a1', 'assistant', 100), turn('q2', 'user', 5000)];
    expect(() =>
      constructPrompt({
        model: 'm',
        history,
        context: [section('Preferences', [item('memory:m1', 5)])],
        summary: { text: 'The user asked about lists.', throughMessageId: 'a1' },
        systemPrompts: [],
        contextLength: 4096,
      }),
    ).toThrow(expect.objectContaining({ code: 'overflow:context' }));
  });

  it('drops all context rather than refuse a question that only just fits', () => {
    const contextLength = 2048;
    const question = turn('q', 'user', roomOf(contextLength) - MESSAGE_OVERHEAD_TOKENS);
    const { messages, trace } = constructPrompt({
      model: 'm',
      history: [question],
      context: [section('Preferences', [item('memory:m1', 5)])],
      systemPrompts: [],
      contextLength,
    });
    expect(messages).toEqual([
      { role: 'system', content: CODELUMI_PERSONA },
      { role: 'user', content: question.content },
    ]);
    expect(trace.sections).toBeUndefined();
    expect(trace.droppedForBudget).toEqual(['memory:m1']);
  });
});

describe('constructPrompt with a summary of older turns', () => {
  const SUMMARY = 'The user is building a CLI in Python; they chose argparse and want type hints.';
  const SUMMARY_HEADING = '## Summary of the earlier part of this conversation';
  // q1 … q4 of 104 tokens each (100 + overhead); the window fits four of them plus a little.
  const history = ['q1', 'a1', 'q2', 'a2', 'q3', 'a3', 'q4'].map((id) =>
    turn(id, id.startsWith('q') ? 'user' : 'assistant', 100),
  );
  const contextLength = systemTokens() + 4 * 104 + 40;

  it('stands in for the turns it covers when the thread does not fit, keeping the recent turns verbatim', () => {
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      summary: { text: SUMMARY, throughMessageId: 'a2' },
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
    expect(messages[0].content).toBe(`${CODELUMI_PERSONA}\n\n${SUMMARY_HEADING}\n${SUMMARY}`);
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: text(100) },
      { role: 'assistant', content: text(100) },
      { role: 'user', content: text(100) },
    ]);
    expect(trace.historyIds).toEqual(['q3', 'a3', 'q4']);
    expect(trace.omittedIds).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(trace.summary).toEqual({
      throughMessageId: 'a2',
      tokens: estimateTokens(`${SUMMARY_HEADING}\n${SUMMARY}`) + 2,
    });
    expect(trace.promptTokens).toBeLessThanOrEqual(contextLength);
  });

  it('omits a turn the summary covers even when it would still fit', () => {
    // The window fits five turns, but the summary covers through a2: a2 gives way to it.
    const roomy = systemTokens() + 5 * 104 + 40;
    const { trace } = constructPrompt({
      model: 'm',
      history,
      summary: { text: SUMMARY, throughMessageId: 'a2' },
      systemPrompts: [],
      contextLength: roomy,
      answerReserve: 0,
    });
    expect(trace.historyIds).toEqual(['q3', 'a3', 'q4']);
    expect(trace.summary?.throughMessageId).toBe('a2');
  });

  it('is not used while the whole thread fits', () => {
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      summary: { text: SUMMARY, throughMessageId: 'a2' },
      systemPrompts: [],
      contextLength: 8192,
    });
    expect(trace.historyIds).toEqual(history.map((m) => m.id));
    expect(trace.summary).toBeUndefined();
    expect(messages[0].content).not.toContain(SUMMARY_HEADING);
  });

  it('without a summary, omits the older turns and lists every one of them', () => {
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
    expect(trace.summary).toBeUndefined();
    expect(trace.historyIds).toEqual(['q3', 'a3', 'q4']);
    expect(trace.omittedIds).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect([...trace.omittedIds, ...trace.historyIds].sort()).toEqual(history.map((m) => m.id).sort());
    expect(messages[0].content).toBe(CODELUMI_PERSONA);
  });

  it('ignores a summary of another branch (its last message is not in this thread)', () => {
    const { trace } = constructPrompt({
      model: 'm',
      history,
      summary: { text: SUMMARY, throughMessageId: 'elsewhere' },
      systemPrompts: [],
      contextLength,
      answerReserve: 0,
    });
    expect(trace.summary).toBeUndefined();
    expect(trace.omittedIds).toEqual(['q1', 'a1', 'q2', 'a2']);
  });
});
