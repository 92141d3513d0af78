/**
 * The Response Processor's preference check (findViolations): which stated
 * preferences an answer ignored, in plain words, and only clear cases.
 */
import { describe, expect, it } from 'vitest';
import { findViolations, processBlocks } from '@/lib/response/response';

const ts = { id: 'ts', text: 'Prefers TypeScript in code examples' };
const pnpm = { id: 'pnpm', text: 'Uses pnpm' };
const vitest = { id: 'vitest', text: 'Writes tests with Vitest' };
const short = { id: 'short', text: 'Prefers short, concise answers' };

const python = 'Like this:\n\n```python\ndef rev(xs):\n    return xs[::-1]\n```';
const long = `${'This explains every step of the approach in detail. '.repeat(60)}\n\n\`\`\`ts\nexport const x = 1;\n\`\`\``;

describe('findViolations', () => {
  it('flags code in another language than the preferred one, naming both', () => {
    expect(findViolations(python, [ts])).toEqual([
      { memoryId: 'ts', reason: 'Code in python although you prefer TypeScript' },
    ]);
    expect(findViolations('```ts\nconst a: number[] = [];\n```', [ts])).toEqual([]);
  });

  it('detects the language of an untagged block before judging it', () => {
    const untagged = 'Like this:\n\n```\ndef hello():\n    print("hello")\n\nhello()\n```';
    expect(processBlocks(untagged)[0]).toMatchObject({ effectiveLanguage: 'python', detected: true });
    expect(findViolations(untagged, [ts])[0]?.reason).toMatch(/although you prefer TypeScript/);
  });

  it('flags another package manager or test runner, not shell or config blocks', () => {
    expect(findViolations('Run:\n\n```bash\nnpm install zod\n```', [pnpm])).toEqual([
      { memoryId: 'pnpm', reason: 'Used npm although you use pnpm' },
    ]);
    expect(findViolations('Run:\n\n```bash\npnpm add zod\n```', [pnpm])).toEqual([]);
    expect(findViolations("```ts\nimport { jest } from '@jest/globals';\njest.fn();\n```", [vitest])).toEqual([
      { memoryId: 'vitest', reason: 'Wrote Jest tests although you use Vitest' },
    ]);
    expect(findViolations('```json\n{ "a": 1 }\n```', [ts])).toEqual([]);
  });

  it('flags a long answer to someone who prefers short ones', () => {
    expect(findViolations(long, [short])).toEqual([
      { memoryId: 'short', reason: 'A long answer although you prefer short ones' },
    ]);
    expect(findViolations('Use `xs.reverse()`.', [short])).toEqual([]);
  });

  it('ignores negative preferences, and gives one reason per preference', () => {
    expect(findViolations(python, [{ id: 'no', text: 'Never use TypeScript enums' }])).toEqual([]);
    const both = { id: 'both', text: 'Prefers short TypeScript answers' };
    expect(findViolations(`${long}\n\n${python}`, [both])).toHaveLength(1);
  });

  it('has nothing to say without preferences', () => {
    expect(findViolations(python, [])).toEqual([]);
  });
});
