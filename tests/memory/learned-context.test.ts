/**
 * Closing the loop: what learning puts into the next prompt, and how the
 * prompt constructor renders it into the system prompt and the trace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstInOrder, learningContext, selectLearnedContext } from '@/lib/memory/learned-context';
import type { LearnedContext } from '@/lib/memory/learned-context';
import { styleInstruction, styleLabel } from '@/lib/patterns/classify';
import type { PatternStats } from '@/lib/patterns/patterns';
import type { Memory } from '@/lib/core/records';
import { addUserMemory, setMemoryEnabled } from '@/lib/memory/memories';
import { CODELUMI_PERSONA, constructPrompt } from '@/lib/prompt/prompt';
import { learnedSections } from '@/lib/retrieval/learned';
import { estimateTokens } from '@/lib/core/tokens';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';
import { seededRandom } from '../support/random';

const SHORT = 'short|code-first|no-steps|no-tests';
const ESLINT =
  'When asked about “How do I install eslint as a dev dependency with npm?”: Use `npm i -D eslint` instead, --save adds it to dependencies';
const CENTER = 'When asked about “How do I center a div?”: Use `display: grid; place-items: center` instead';

let n = 0;
function memory(fields: Partial<Memory> & Pick<Memory, 'kind' | 'text'>): Memory {
  n++;
  return { id: `m${n}`, source: 'explicit', confidence: 0.9, enabled: 1, createdAt: n, updatedAt: n, ...fields };
}

/** Not exploring on the first draw (0.5 > explore), then a seeded sequence. */
function noExplore(seed = 1): () => number {
  const rest = seededRandom(seed);
  let first = true;
  return () => {
    if (!first) return rest();
    first = false;
    return 0.5;
  };
}

const pythonPatterns: PatternStats[] = [
  { questionKind: 'python/how_to', answerStyle: SHORT, successes: 6, failures: 0 },
];

describe('selectLearnedContext', () => {
  it('uses enabled preferences, facts and notes, the user’s own first, and leaves out disabled and withdrawn ones', () => {
    const memories = [
      memory({ kind: 'preference', text: 'Prefers short answers', source: 'explicit', updatedAt: 10 }),
      memory({ kind: 'project_note', text: 'Uses pnpm and Vitest', source: 'explicit', updatedAt: 20 }),
      memory({ kind: 'fact', text: 'Works on macOS', source: 'user', updatedAt: 1 }),
      memory({ kind: 'preference', text: 'Never use jQuery', enabled: 0 }),
      memory({
        kind: 'preference',
        text: 'For python questions, long answers work best',
        source: 'inferred',
        key: 'inferred-style:python',
        confidence: 0.9,
      }),
      memory({ kind: 'preference', text: 'Likes emoji', source: 'inferred', confidence: 0 }),
    ];
    const ctx = selectLearnedContext('How do I reverse a list in Python?', '', memories, []);
    expect(ctx.preferences.map((p) => p.text)).toEqual([
      'Works on macOS',
      'Uses pnpm and Vitest',
      'Prefers short answers',
    ]);
    expect(ctx.preferences[0].id).toBe(memories[2].id);
    expect(ctx.questionKind).toBe('python/how_to');
  });

  it('keeps at most twelve preferences', () => {
    const memories = Array.from({ length: 20 }, (_, i) => memory({ kind: 'fact', text: `Fact ${i}` }));
    expect(selectLearnedContext('hello', '', memories, []).preferences).toHaveLength(12);
  });

  it('picks the twelve a full sort would put first, ties in their given order', () => {
    const random = seededRandom(7);
    const sources = ['user', 'explicit', 'inferred'] as const;
    const memories = Array.from({ length: 500 }, (_, i) =>
      memory({
        kind: 'fact',
        text: `Fact ${i}`,
        source: sources[Math.floor(random() * 3)],
        // Few distinct times: many ties.
        updatedAt: Math.floor(random() * 20),
      }),
    );
    const rank = (m: Memory) => (m.source === 'user' ? 3 : m.source === 'explicit' ? 2 : 1);
    const sorted = [...memories].sort((a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt).slice(0, 12);
    expect(selectLearnedContext('hello', '', memories, []).preferences.map((p) => p.id)).toEqual(
      sorted.map((m) => m.id),
    );
    // The selection itself, against a stable sort, for every size including none and more than there are.
    const numbers = Array.from({ length: 200 }, () => Math.floor(random() * 30));
    for (const n of [0, 1, 5, 200, 300])
      expect(firstInOrder(numbers, n, (a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b).slice(0, n));
  });

  it('adds only the corrections relevant to the question, most relevant first', () => {
    const memories = [
      memory({ kind: 'correction', text: ESLINT, topic: 'node' }),
      memory({ kind: 'correction', text: CENTER, topic: 'css' }),
      memory({
        kind: 'correction',
        text: 'When asked about “How do I add a dev dependency?”: Use `-D`',
        topic: 'node',
        enabled: 0,
      }),
    ];
    const related = selectLearnedContext('how do I add prettier as a dev dependency?', '', memories, []);
    expect(related.corrections).toEqual([{ id: memories[0].id, text: ESLINT }]);
    // Corrections are never preferences.
    expect(related.preferences).toEqual([]);
    expect(
      selectLearnedContext('center a div vertically in css', '', memories, []).corrections.map((c) => c.text),
    ).toEqual([CENTER]);
    expect(selectLearnedContext('How do I reverse a list in Python?', '', memories, []).corrections).toEqual([]);
  });

  it('keeps at most three corrections', () => {
    const memories = Array.from({ length: 5 }, (_, i) =>
      memory({ kind: 'correction', text: `${ESLINT} (${i})`, topic: 'node' }),
    );
    expect(
      selectLearnedContext('How do I install eslint as a dev dependency with npm?', '', memories, []).corrections,
    ).toHaveLength(3);
  });

  it('asks for the style that has worked for this kind of question', () => {
    const ctx = selectLearnedContext('How do I reverse a list in Python?', '', [], pythonPatterns, noExplore());
    expect(ctx.style).toMatchObject({
      key: SHORT,
      instruction: styleInstruction(SHORT),
      label: styleLabel(SHORT),
      choice: { reason: 'best', basedOn: 'python/how_to' },
    });
  });

  it('asks for no style without evidence', () => {
    expect(selectLearnedContext('How do I reverse a list in Python?', '', [], [], noExplore()).style).toBeUndefined();
  });

  it('stops steering the style of a topic whose inferred style the user switched off', () => {
    const off = memory({
      kind: 'preference',
      text: 'For python questions, short, code first answers work best',
      source: 'inferred',
      key: 'inferred-style:python',
      topic: 'python',
      enabled: 0,
    });
    expect(
      selectLearnedContext('How do I reverse a list in Python?', '', [off], pythonPatterns, noExplore()).style,
    ).toBeUndefined();
    // Switching off another topic's style changes nothing here.
    const otherTopic = { ...off, key: 'inferred-style:react', topic: 'react' };
    expect(
      selectLearnedContext('How do I reverse a list in Python?', '', [otherTopic], pythonPatterns, noExplore()).style
        ?.key,
    ).toBe(SHORT);
  });
});

describe('learningContext', () => {
  let db: CodelumiDB;
  afterEach(() => db?.close());

  it('reads the memories and patterns from the database', async () => {
    db = freshDatabase();
    const pref = await addUserMemory(db, 'preference', 'Prefers short answers');
    const off = await addUserMemory(db, 'preference', 'Prefers long answers');
    await setMemoryEnabled(db, off.id, false);
    await db.patterns.put({
      id: `python/how_to→${SHORT}`,
      questionKind: 'python/how_to',
      answerStyle: SHORT,
      successes: 5,
      failures: 0,
      updatedAt: 1,
    });
    const ctx = await learningContext(db, 'How do I reverse a list in Python?', '', noExplore());
    expect(ctx.preferences).toEqual([{ id: pref.id, text: 'Prefers short answers' }]);
    expect(ctx.style?.key).toBe(SHORT);
  });
});

describe('constructPrompt with the learned context sections', () => {
  const learned: Pick<LearnedContext, 'preferences' | 'corrections' | 'style'> = {
    preferences: [
      { id: 'p1', text: 'Prefers short answers' },
      { id: 'p2', text: 'Uses pnpm and Vitest' },
    ],
    corrections: [{ id: 'c1', text: ESLINT }],
    style: { key: SHORT, instruction: styleInstruction(SHORT), label: styleLabel(SHORT), choice: { reason: 'best' } },
  };
  const context = learnedSections(learned);
  const history = [{ id: 'q1', role: 'user' as const, content: 'How do I add prettier as a dev dependency?' }];

  it('puts labelled sections into the system prompt after the other system prompts', () => {
    const built = constructPrompt({
      model: 'm',
      history,
      context,
      systemPrompts: ['Prefer TypeScript.', undefined],
      contextLength: 8192,
    });
    expect(built.messages[0]).toEqual({
      role: 'system',
      content: [
        CODELUMI_PERSONA,
        'Prefer TypeScript.',
        '## What you know about this user (follow these)\n- Prefers short answers\n- Uses pnpm and Vitest',
        `## Corrections this user made to earlier answers (do not repeat those mistakes)\n- ${ESLINT}`,
        `## Answer style that works for this user on this kind of question\n- ${styleInstruction(SHORT)}`,
      ].join('\n\n'),
    });
    expect(built.messages.slice(1)).toEqual([{ role: 'user', content: history[0].content }]);
    expect(built.trace.systemPrompt).toBe(built.messages[0].content);
  });

  it('lists each section in the trace with its items, ids and token counts', () => {
    const { trace } = constructPrompt({ model: 'm', history, context, systemPrompts: [], contextLength: 8192 });
    expect(trace.sections).toEqual([
      {
        name: 'Preferences',
        tokens: estimateTokens(
          '## What you know about this user (follow these)\n- Prefers short answers\n- Uses pnpm and Vitest',
        ),
        items: [
          { id: 'memory:p1', label: 'Prefers short answers', tokens: estimateTokens('Prefers short answers') },
          { id: 'memory:p2', label: 'Uses pnpm and Vitest', tokens: estimateTokens('Uses pnpm and Vitest') },
        ],
      },
      {
        name: 'Corrections',
        tokens: estimateTokens(
          `## Corrections this user made to earlier answers (do not repeat those mistakes)\n- ${ESLINT}`,
        ),
        items: [{ id: 'memory:c1', label: ESLINT, tokens: estimateTokens(ESLINT) }],
      },
      {
        name: 'Answer style',
        tokens: estimateTokens(
          `## Answer style that works for this user on this kind of question\n- ${styleInstruction(SHORT)}`,
        ),
        items: [{ id: `style:${SHORT}`, label: styleLabel(SHORT), tokens: estimateTokens(styleInstruction(SHORT)) }],
      },
    ]);
    // The learned sections count against the prompt's budget.
    const plain = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength: 8192 });
    expect(trace.promptTokens).toBeGreaterThan(plain.trace.promptTokens);
  });

  it('leaves out empty sections, and adds none without learning', () => {
    const onlyStyle = constructPrompt({
      model: 'm',
      history,
      context: learnedSections({ preferences: [], corrections: [], style: learned.style }),
      systemPrompts: [],
      contextLength: 8192,
    });
    expect(onlyStyle.trace.sections?.map((s) => s.name)).toEqual(['Answer style']);
    expect(onlyStyle.messages[0].content).not.toContain('## What you know');
    const none = constructPrompt({
      model: 'm',
      history,
      context: learnedSections({ preferences: [], corrections: [] }),
      systemPrompts: [],
      contextLength: 8192,
    });
    expect(none.trace.sections).toBeUndefined();
    expect(none.messages[0].content).toBe(CODELUMI_PERSONA);
  });
});
