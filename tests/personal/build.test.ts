/** The personal model's request (lib/personal/build.ts), its names (naming.ts) and the user's voice (voice.ts): pure. */
import { describe, expect, it } from 'vitest';
import { buildPersonalModel, numCtxFor } from '@/lib/personal/build';
import { familyOf, nextVersion, sameModelName, slugOf, versionName } from '@/lib/personal/naming';
import { estimateTokens } from '@/lib/core/tokens';
import type { ModelInfo } from '@/lib/ollama/models';
import { baseChoices, chooseBase } from '@/lib/personal/bases';
import { plural } from '@/lib/personal/plural';
import { privateDataIn, withPlaceholders } from '@/lib/personal/private-data';
import { inUserVoice } from '@/lib/personal/voice';
import type { PersonalExample } from '@/lib/personal/examples';
import { memory } from './support';

const example = (id: string, question: string, answer: string): PersonalExample => ({
  id,
  conversationId: `c-${id}`,
  question,
  answer,
  from: 'answer',
});

describe('naming', () => {
  it('makes a safe slug of what the user typed and names versions codelumi-<slug>:v<N>', () => {
    expect(slugOf("Ada's Model")).toBe('ada-s-model');
    expect(slugOf('  Ünïcode & spaces!! ')).toBe('unicode-spaces');
    expect(slugOf('!!!')).toBe('me');
    expect(slugOf('x'.repeat(100))).toHaveLength(40);
    expect(versionName(familyOf('Ada'), 3)).toBe('codelumi-ada:v3');
  });

  it('counts versions up per family, past failed and deleted rows and past versions Ollama already has', () => {
    const rows = [
      { family: 'codelumi-ada', version: 1 },
      { family: 'codelumi-ada', version: 2 },
      { family: 'codelumi-bob', version: 7 },
    ];
    expect(nextVersion('codelumi-ada', rows)).toBe(3);
    expect(nextVersion('codelumi-new', rows)).toBe(1);
    expect(nextVersion('codelumi-ada', rows, ['codelumi-ada:v5', 'codelumi-adam:v9', 'codelumi-ada:latest'])).toBe(6);
  });

  it('counts a version the user made in other letter case as taken, as Ollama matches names case-insensitively', () => {
    expect(nextVersion('codelumi-ada', [], ['Codelumi-Ada:V3'])).toBe(4);
    expect(nextVersion('codelumi-ada', [{ family: 'CODELUMI-ADA', version: 4 }])).toBe(5);
    expect(sameModelName('Codelumi-Ada:V3', 'codelumi-ada:v3')).toBe(true);
    expect(sameModelName('codelumi-ada', 'codelumi-ada:latest')).toBe(true);
    expect(sameModelName('codelumi-ada:v3', 'codelumi-ada:v30')).toBe(false);
  });
});

describe('plural', () => {
  it('says one memory, two memories, no examples', () => {
    expect([plural(1, 'memory'), plural(2, 'memory'), plural(0, 'example'), plural(3, 'child', 'children')]).toEqual([
      '1 memory',
      '2 memories',
      '0 examples',
      '3 children',
    ]);
  });
});

describe('bases', () => {
  const model = (name: string, capabilities = ['completion']) => ({ name, capabilities, family: 'qwen2' }) as ModelInfo;
  const models = [
    model('nomic-embed-text:latest', ['embedding']),
    model('qwen2.5-coder:7b'),
    model('llama3.2:3b'),
    model('codelumi-ada:v1'),
  ];

  it('offers chat models that are not personal ones, and starts on the pick, else the default unless it is personal, else the first', () => {
    const choices = baseChoices(models);
    expect(choices.map((m) => m.name)).toEqual(['qwen2.5-coder:7b', 'llama3.2:3b']);
    expect(chooseBase('llama3.2:3b', 'qwen2.5-coder:7b', choices)).toBe('llama3.2:3b');
    expect(chooseBase('', 'llama3.2:3b', choices)).toBe('llama3.2:3b');
    expect(chooseBase('gone:1b', 'Codelumi-Ada:V1', choices)).toBe('qwen2.5-coder:7b');
    expect(chooseBase('', undefined, [])).toBe('');
  });
});

describe('private data in the request', () => {
  const request = {
    system: 'I prefer tabs. My deploy key is AKIAIOSFODNN7EXAMPLE.',
    messages: [
      { role: 'user' as const, content: 'Reverse a list?' },
      { role: 'assistant' as const, content: 'Mail me at ada@example.org: reversed(items)' },
    ],
  };

  it('finds secrets and personal data in the system text and in each message, saying where', () => {
    const spots = privateDataIn(request);
    expect(spots.map((s) => [s.field, s.index, s.findings.map((f) => f.kind)])).toEqual([
      ['system', undefined, ['aws_key']],
      ['messages', 1, ['email']],
    ]);
    expect(privateDataIn({ system: 'I prefer tabs.', messages: [] })).toEqual([]);
  });

  it('replaces them with placeholders and leaves everything else as it was', () => {
    const replaced = withPlaceholders({ ...request, model: 'codelumi-ada:v1' });
    expect(replaced.model).toBe('codelumi-ada:v1');
    expect(replaced.system).toBe('I prefer tabs. My deploy key is <AWS_KEY>.');
    expect(replaced.messages[0]).toEqual(request.messages[0]);
    expect(replaced.messages[1].content).toContain('<EMAIL>');
    expect(privateDataIn(replaced)).toEqual([]);
  });
});

describe('the user’s voice', () => {
  it('turns learned third-person texts into what the user would say', () => {
    expect(inUserVoice(memory('a', 'Prefers TypeScript with strict types'))).toBe(
      'I prefer TypeScript with strict types',
    );
    expect(inUserVoice(memory('b', 'Uses pnpm and Vitest'))).toBe('I use pnpm and Vitest');
    expect(inUserVoice(memory('c', 'Wants to be called Ada', { kind: 'fact' }))).toBe('Call me Ada');
    expect(inUserVoice(memory('d', 'Stack: Next.js and Postgres', { kind: 'project_note' }))).toBe(
      'Our stack is Next.js and Postgres',
    );
    expect(
      inUserVoice(memory('e', 'When asked about “reverse a list”: Use reversed() instead', { kind: 'correction' })),
    ).toBe('When I asked about “reverse a list”, I corrected you: Use reversed() instead');
    expect(inUserVoice(memory('f', 'Always add tests'))).toBe('Always add tests');
  });
});

describe('buildPersonalModel', () => {
  const memories = [
    memory('p1', 'Prefers TypeScript with strict types'),
    memory('c1', 'When asked about “reverse a list”: Use reversed() instead', { kind: 'correction' }),
    memory('f1', 'Wants to be called Ada', { kind: 'fact' }),
  ];

  it('writes preferences, corrections and facts into system in the user’s voice, each line naming its memory', () => {
    const built = buildPersonalModel({
      family: 'codelumi-ada',
      version: 2,
      base: 'qwen2.5-coder:7b',
      memories,
      examples: [],
    });
    expect(built.request.model).toBe('codelumi-ada:v2');
    expect(built.request.from).toBe('qwen2.5-coder:7b');
    expect(built.request.system).toMatch(/^I am the developer you are working with/);
    expect(built.request.system).toContain('## How I want you to answer\n- I prefer TypeScript with strict types');
    expect(built.request.system).toContain('I corrected you: Use reversed() instead');
    expect(built.request.system).toContain('## About me\n- Call me Ada');
    expect(built.inputs.memoryIds.sort()).toEqual(['c1', 'f1', 'p1']);
  });

  it('sends nothing in system when nothing was learned', () => {
    const built = buildPersonalModel({ family: 'codelumi-me', version: 1, base: 'b', memories: [], examples: [] });
    expect(built.request.system).toBe('');
    expect(built.request.messages).toEqual([]);
    expect(built.inputs).toEqual({ memoryIds: [], exampleIds: [], conversationIds: [] });
  });

  it('puts examples, best first, as user/assistant turns and records them with their conversations', () => {
    const built = buildPersonalModel({
      family: 'codelumi-ada',
      version: 1,
      base: 'b',
      memories: [],
      examples: [
        example('a1', 'Reverse a list?', 'reversed(items)'),
        example('a2', 'Sort a dict?', 'sorted(d.items())'),
      ],
    });
    expect(built.request.messages).toEqual([
      { role: 'user', content: 'Reverse a list?' },
      { role: 'assistant', content: 'reversed(items)' },
      { role: 'user', content: 'Sort a dict?' },
      { role: 'assistant', content: 'sorted(d.items())' },
    ]);
    expect(built.inputs.exampleIds).toEqual(['a1', 'a2']);
    expect(built.inputs.conversationIds).toEqual(['c-a1', 'c-a2']);
  });

  it('keeps examples within a quarter of the context window and leaves out those that do not fit', () => {
    const long = 'x'.repeat(1700);
    const examples = Array.from({ length: 5 }, (_, i) => example(`e${i}`, `Question ${i}?`, long));
    const built = buildPersonalModel({
      family: 'f',
      version: 1,
      base: 'b',
      memories: [],
      examples,
      baseContextLength: 4096,
    });
    expect(built.request.parameters.num_ctx).toBe(4096);
    const cost = (m: { content: string }[]) =>
      m.reduce((n, x, i) => n + estimateTokens(x.content) + (i % 2 === 1 ? 8 : 0), 0);
    const spent = estimateTokens(built.request.system) + cost(built.request.messages);
    expect(spent).toBeLessThanOrEqual(4096 / 4);
    // One more example would not have fit: the quarter is the limit, not a looser one.
    expect(spent + estimateTokens('Question 9?') + estimateTokens(long) + 8).toBeGreaterThan(4096 / 4);
    expect(built.request.messages.length).toBeGreaterThan(0);
    expect(built.inputs.exampleIds).toHaveLength(built.request.messages.length / 2);
  });

  it('cuts a system text longer than the quarter by whole lines, the least weighty first, and lists only the memories kept', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      memory(`p${i}`, `Prefers ${'very detailed explanations of every single step '.repeat(3)}${i}`, {
        updatedAt: 100 - i,
      }),
    );
    const notes = Array.from({ length: 12 }, (_, i) =>
      memory(`n${i}`, `Project ${i} uses ${'a monorepo with many packages and tools '.repeat(3)}`, {
        kind: 'project_note',
      }),
    );
    const built = buildPersonalModel({
      family: 'f',
      version: 1,
      base: 'b',
      memories: [...many, ...notes],
      examples: [example('a1', 'Reverse a list?', 'reversed(items)')],
      baseContextLength: 2048,
    });
    const system = built.request.system;
    expect(estimateTokens(system)).toBeLessThanOrEqual(2048 / 4);
    expect(system).toContain('very detailed explanations of every single step');
    expect(system).not.toContain('## My projects');
    // The newest preferences are kept; the lines dropped are the oldest.
    expect(built.inputs.memoryIds[0]).toBe('p0');
    expect(built.inputs.memoryIds.length).toBeLessThan(12);
    expect(built.sections.flatMap((s) => s.lines.map((l) => l.memoryId))).toEqual(built.inputs.memoryIds);
  });

  it('asks for the base’s context length capped at 8192, or the one set in Settings, never below 2048', () => {
    expect(numCtxFor(32_768)).toBe(8192);
    expect(numCtxFor(4096)).toBe(4096);
    expect(numCtxFor(undefined)).toBe(8192);
    expect(numCtxFor(32_768, 16_384)).toBe(16_384);
    expect(numCtxFor(8192, 65_536)).toBe(8192);
    expect(numCtxFor(32_768, 512)).toBe(2048);
    expect(numCtxFor(1024)).toBe(1024);
  });
});
