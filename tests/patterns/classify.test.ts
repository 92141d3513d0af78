/** Question kinds (topic, intent) and answer styles, and the keys patterns are stored under. */
import { describe, expect, it } from 'vitest';
import {
  ALL_STYLE_KEYS,
  classifyQuestion,
  describeAnswer,
  kindKey,
  parseKindKey,
  parseStyleKey,
  styleInstruction,
  styleKey,
  styleLabel,
} from '@/lib/patterns/classify';

describe('classifyQuestion: topics', () => {
  it.each([
    ['why does my useEffect run twice?', 'react'],
    ['my next.js app router page renders blank', 'nextjs'],
    ['How do I center a div with flexbox?', 'css'],
    ['difference between git merge and git rebase', 'git'],
    ['can you review my SQL query for any issues', 'sql'],
    ['write a bash script that backs up a directory', 'shell'],
    ['I get TypeError: x is not a function in my express app', 'node'],
    ['explain closures in javascript', 'javascript'],
    ['hello there', 'general'],
  ])('reads the topic of %j from its words as %s', (question, topic) => {
    expect(classifyQuestion(question).topic).toBe(topic);
  });

  it('reads the topic from the language of a code fence', () => {
    expect(classifyQuestion('```python\nx = [1,2]\nprint(x[5])\n```\nwhat happens here').topic).toBe('python');
    expect(classifyQuestion('```rust\nfn main() { let v = vec![1]; }\n```').topic).toBe('rust');
    expect(classifyQuestion('```tsx\nconst A = () => <div/>;\n```\nwhat is off here').topic).toBe('react');
  });

  it('prefers a framework to the language it is written in', () => {
    expect(classifyQuestion('how do I pass props to a React component in JavaScript?').topic).toBe('react');
  });

  it('uses the conversation so far for a follow-up that names no topic', () => {
    expect(classifyQuestion('what is the difference then?').topic).toBe('general');
    expect(classifyQuestion('what is the difference then?', 'How do I type props in React?').topic).toBe('react');
  });
});

describe('classifyQuestion: intents', () => {
  it.each([
    ['I get TypeError: x is not a function', 'fix_error'],
    ['why does my useEffect run twice?', 'debug'],
    ['refactor this function to be more readable', 'refactor'],
    ['can you review my SQL query for any issues', 'review'],
    ['difference between git merge and git rebase', 'compare'],
    ['explain closures in javascript', 'explain'],
    ['write a bash script that backs up a directory', 'write'],
    ['how do I undo the last commit in git', 'how_to'],
    ['hello there', 'other'],
  ])('reads %j as %s', (question, intent) => {
    expect(classifyQuestion(question).intent).toBe(intent);
  });
});

describe('kind keys', () => {
  it('round-trips topic/intent', () => {
    const kind = classifyQuestion('why does my useEffect run twice?');
    expect(kindKey(kind)).toBe('react/debug');
    expect(parseKindKey(kindKey(kind))).toEqual(kind);
  });

  it('falls back to general/other for keys it does not know', () => {
    expect(parseKindKey('cobol/poetry')).toEqual({ topic: 'general', intent: 'other' });
    expect(parseKindKey('')).toEqual({ topic: 'general', intent: 'other' });
  });
});

describe('describeAnswer', () => {
  it('describes a short code-first answer', () => {
    expect(describeAnswer('```python\nrev = nums[::-1]\n```\n\nThat returns a copy.')).toEqual({
      length: 'short',
      lead: 'code',
      steps: false,
      examples: false,
      tests: false,
      language: 'python',
      tone: 'terse',
    });
  });

  it('counts a short lead-in before the code as code first', () => {
    expect(describeAnswer('Use slicing:\n\n```python\nrev = nums[::-1]\n```').lead).toBe('code');
  });

  it('describes a friendly prose-first answer with numbered steps, examples and tests', () => {
    const answer =
      `Sure! Happy to help. ${'Here is some context about the approach and why it works. '.repeat(12)}\n\n` +
      '1. Install it\n2. Configure it\n3. Run it\n\n' +
      '```ts\nimport { describe, it, expect } from "vitest";\ndescribe("sum", () => { it("adds", () => expect(sum(1, 2)).toBe(3)); });\n```\n\n' +
      '```ts\nexport const sum = (a: number, b: number) => a + b;\n```\n';
    expect(describeAnswer(answer)).toEqual({
      length: 'medium',
      lead: 'prose',
      steps: true,
      examples: true,
      tests: true,
      language: 'ts',
      tone: 'friendly',
    });
  });

  it('names the language with the most code', () => {
    const answer =
      'Run:\n\n```bash\nnpm i zod\n```\n\nThen:\n\n```ts\nimport { z } from "zod";\nconst schema = z.object({ name: z.string(), age: z.number().int() });\n```';
    expect(describeAnswer(answer).language).toBe('ts');
  });

  it('calls a long answer without code long, prose first, with no language', () => {
    expect(describeAnswer('word '.repeat(400))).toMatchObject({
      length: 'long',
      lead: 'prose',
      language: '',
      tone: 'neutral',
    });
  });

  it('does not take a single numbered line for steps', () => {
    expect(describeAnswer('1. Only one point here.\n\nAnd some prose.').steps).toBe(false);
  });
});

describe('style keys', () => {
  it('has 24 distinct style keys, each of which round-trips', () => {
    expect(ALL_STYLE_KEYS).toHaveLength(24);
    expect(new Set(ALL_STYLE_KEYS).size).toBe(24);
    for (const key of ALL_STYLE_KEYS) expect(styleKey(parseStyleKey(key))).toBe(key);
  });

  it('keys a described answer by length, lead, steps and tests', () => {
    expect(styleKey(describeAnswer('```python\nrev = nums[::-1]\n```'))).toBe('short|code-first|no-steps|no-tests');
  });

  it('turns a key into an instruction for the model and words for the user', () => {
    expect(styleInstruction('short|code-first|no-steps|tests')).toBe(
      'Keep the answer short (about 150 words of prose at most); lead with the code, then explain briefly; avoid long step-by-step lists; include small tests for the code.',
    );
    expect(styleInstruction('long|prose-first|steps|no-tests')).toMatch(
      /^Give a thorough, detailed answer; explain the idea first, then show the code; lay the solution out as numbered steps\.$/,
    );
    expect(styleLabel('short|code-first|no-steps|tests')).toBe('short, code first, with tests');
    expect(styleLabel('medium|prose-first|steps|no-tests')).toBe('medium, explanation first, step by step');
  });
});
